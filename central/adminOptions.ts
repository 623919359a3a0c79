/**
 * The options of an admin command checked against its schema, and told in Russian when wrong:
 * «issue-code: --hours: нужно число не больше 2160», never zod's English («Too big: expected number
 * to be <=2160»). A message written in the schema itself wins (the school id's, the path's).
 */
import type { z } from 'zod';
import { AdminError } from './adminError.js';

/** The parts of a zod issue the wording needs. */
export interface OptionIssue {
  code: string;
  input?: unknown;
  expected?: string | undefined;
  origin?: string | undefined;
  minimum?: number | bigint | Date | undefined;
  maximum?: number | bigint | Date | undefined;
}

const n = (v: OptionIssue['minimum']) => (v instanceof Date ? v.getTime() : Number(v));

/** The Russian words for what is wrong with an option's value. */
export function optionIssueText(issue: OptionIssue): string {
  const number = issue.origin === 'number' || issue.expected === 'number' || issue.expected === 'int';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'укажите значение';
      if (issue.expected === 'int') return 'нужно целое число';
      if (issue.expected === 'number') return 'нужно число';
      return 'значение записано неверно';
    case 'too_small':
      if (issue.origin === 'string') return n(issue.minimum) <= 1 ? 'укажите значение' : `не короче ${n(issue.minimum)} знаков`;
      return number ? `нужно число не меньше ${n(issue.minimum)}` : 'значение записано неверно';
    case 'too_big':
      if (issue.origin === 'string') return `не длиннее ${n(issue.maximum)} знаков`;
      return number ? `нужно число не больше ${n(issue.maximum)}` : 'значение записано неверно';
    default:
      // invalid_format, invalid_value, invalid_union and the rest
      return 'значение записано неверно';
  }
}

/** The command's options as its schema reads them; AdminError «<command>: --<option>: <what>» when one is wrong. */
export function parseOptions<T extends z.ZodType>(command: string, schema: T, raw: Record<string, unknown>, positional: readonly string[] = []): z.output<T> {
  // Worded from the value as given (a number option's missing value reaches zod as NaN).
  const given = (issue: OptionIssue & { path?: PropertyKey[] | undefined }) => (issue.path?.length === 1 ? { ...issue, input: raw[String(issue.path[0])] } : issue);
  const r = schema.safeParse(raw, { error: (issue) => optionIssueText(given(issue as OptionIssue)) });
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = issue.path.map(String).join('.');
  // An option given without its name (the path of import/export) is not named.
  const name = key === '' || positional.includes(key) ? '' : `--${key}: `;
  throw new AdminError(`${command}: ${name}${issue.message}`);
}
