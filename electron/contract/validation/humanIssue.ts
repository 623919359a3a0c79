/**
 * Validation messages in the app's own Russian: a zod issue becomes «Поле «Причина» слишком
 * длинное: не больше 5000 знаков», never the schema's text («ожидалось, что string …») nor a key.
 * Installed as zod's locale (see `install.ts`), so a message written in a schema still wins.
 */
import { fieldLabel } from './fieldLabels.js';

/** The parts of a zod issue the wording needs (zod's raw issue has them all). */
export interface IssueLike {
  code: string;
  path?: readonly PropertyKey[] | undefined;
  input?: unknown;
  origin?: string | undefined;
  minimum?: number | bigint | Date | undefined;
  maximum?: number | bigint | Date | undefined;
  inclusive?: boolean | undefined;
  format?: string | undefined;
  expected?: string | undefined;
}

/** «знака» after 1, 21, 31…; «знаков» after the rest (genitive after «не больше»). */
function signs(n: number): string {
  return n % 10 === 1 && n % 100 !== 11 ? 'знака' : 'знаков';
}

function num(v: IssueLike['minimum']): number {
  return v instanceof Date ? v.getTime() : Number(v);
}

const FORMAT_HINTS: Record<string, string> = {
  datetime: 'дата и время записаны неверно',
  date: 'дата записана неверно, нужна ДД.ММ.ГГГГ',
  time: 'время записано неверно, нужно ЧЧ:ММ',
  email: 'адрес электронной почты записан неверно',
  url: 'адрес записан неверно, нужен вида https://…',
  uuid: 'неверный идентификатор',
  base64: 'файл повреждён',
  starts_with: 'значение записано неверно',
  ends_with: 'значение записано неверно',
  includes: 'значение записано неверно',
  regex: 'значение записано неверно',
};

/** The Russian message for one issue. */
export function humanIssue(issue: IssueLike): string {
  const label = fieldLabel(issue.path ?? []);
  const field = label ? `Поле «${label}»` : 'Поле';
  const missing = issue.input === undefined || issue.input === null;
  switch (issue.code) {
    case 'invalid_type':
      if (missing) return label ? `Заполните поле «${label}»` : 'Заполните обязательное поле';
      return `${field} заполнено неверно`;
    case 'too_big': {
      const n = num(issue.maximum);
      if (issue.origin === 'string') return `${field} слишком длинное: не больше ${n} ${signs(n)}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${field}: слишком много — не больше ${n}`;
      if (issue.origin === 'date') return `${field}: слишком поздняя дата`;
      return `${field}: не больше ${n}`;
    }
    case 'too_small': {
      const n = num(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? (label ? `Заполните поле «${label}»` : 'Заполните обязательное поле') : `${field} слишком короткое: не меньше ${n} ${signs(n)}`;
      if (issue.origin === 'array' || issue.origin === 'set') return n <= 1 ? `${field}: выберите хотя бы одно значение` : `${field}: нужно не меньше ${n}`;
      if (issue.origin === 'date') return `${field}: слишком ранняя дата`;
      return `${field}: не меньше ${n}`;
    }
    case 'invalid_format':
      return `${field}: ${FORMAT_HINTS[issue.format ?? ''] ?? 'значение записано неверно'}`;
    case 'invalid_value':
      return missing && label ? `Заполните поле «${label}»` : `${field}: выберите одно из предложенных значений`;
    case 'not_multiple_of':
      return `${field}: недопустимое число`;
    case 'unrecognized_keys':
      return label ? `${field}: лишние данные. Обновите программу.` : 'В запросе лишние данные. Обновите программу.';
    default:
      // invalid_union, invalid_key, invalid_element, custom without a message of its own
      return missing && label ? `Заполните поле «${label}»` : label ? `${field} заполнено неверно` : 'Данные заполнены неверно';
  }
}
