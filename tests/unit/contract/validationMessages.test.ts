import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contract } from '../../../electron/contract/index';
import { FIELD_LABELS, fieldLabel } from '../../../electron/contract/validation/fieldLabels';
import { humanIssue } from '../../../electron/contract/validation/humanIssue';

/** Words of zod's own wording, in English or in its Russian locale, and of the schema's shapes. */
const SCHEMA_WORDS = /expected|string|number|boolean|object|array|undefined|invalid|received|regex|enum|ожидалось|получено|NaN/i;

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
  valueType?: z.ZodType;
  getter?: () => z.ZodType;
  checks?: { _zod: { def: { check: string; maximum?: number } } }[];
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

interface Leaf {
  path: (string | number)[];
  type: string;
  maxLength?: number;
}

/** Every leaf of a schema, with its path (arrays at index 0) and, for strings, the longest length. */
function leaves(s: z.ZodType, path: (string | number)[] = [], out: Leaf[] = [], depth = 0): Leaf[] {
  if (depth > 12) return out;
  const def = defOf(s);
  switch (def.type) {
    case 'object':
      for (const [k, v] of Object.entries(def.shape!)) leaves(v, [...path, k], out, depth + 1);
      break;
    case 'array':
      leaves(def.element!, [...path, 0], out, depth + 1);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
    case 'prefault':
      leaves(def.innerType!, path, out, depth + 1);
      break;
    case 'pipe':
      leaves(def.in!, path, out, depth + 1);
      break;
    case 'union':
      for (const o of def.options!) leaves(o, path, out, depth + 1);
      break;
    case 'intersection':
      leaves(def.left!, path, out, depth + 1);
      leaves(def.right!, path, out, depth + 1);
      break;
    case 'lazy':
      leaves(def.getter!(), path, out, depth + 1);
      break;
    default: {
      const max = def.checks?.map((c) => c._zod.def).find((c) => c.check === 'max_length')?.maximum;
      out.push({ path, type: def.type, ...(max !== undefined ? { maxLength: max } : {}) });
    }
  }
  return out;
}

/** An input with one value at a path, the rest absent. */
function inputWith(path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [inputWith(rest, value)] : { [head!]: inputWith(rest, value) };
}

const methods = Object.entries(contract).flatMap(([g, ms]) => Object.entries(ms as Record<string, { input: z.ZodType }>).map(([m, d]) => [`${g}.${m}`, d.input] as const));

function messagesOf(schema: z.ZodType, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.message);
}

describe('validation messages are the app’s own Russian, never zod’s wording', () => {
  it('knows the contract', () => {
    expect(methods.length).toBeGreaterThan(50);
  });

  it.each(methods)('%s: missing, too long and wrongly shaped fields are said in human Russian', (_name, schema) => {
    const said: string[] = [...messagesOf(schema, {}), ...messagesOf(schema, undefined), ...messagesOf(schema, 'x')];
    for (const leaf of leaves(schema)) {
      if (leaf.maxLength !== undefined) said.push(...messagesOf(schema, inputWith(leaf.path, 'я'.repeat(leaf.maxLength + 1))));
      said.push(...messagesOf(schema, inputWith(leaf.path, leaf.type === 'string' ? '\u0000 <неверно> \u0000' : 'неверно')));
      said.push(...messagesOf(schema, inputWith(leaf.path, { nested: true })));
      said.push(...messagesOf(schema, inputWith(leaf.path, -1.5)));
    }
    for (const m of said) {
      expect(m, m).not.toMatch(SCHEMA_WORDS);
      expect(m, m).toMatch(/[А-ЯЁа-яё]/);
    }
  });

  it('names every field of every method’s input', () => {
    const unnamed = new Set<string>();
    for (const [, schema] of methods) for (const leaf of leaves(schema)) for (const k of leaf.path) if (typeof k === 'string' && !Object.hasOwn(FIELD_LABELS, k)) unnamed.add(k);
    // Record keys (lesson types of the forecast's weights) are values, not fields.
    expect([...unnamed].filter((k) => !/^[а-яё ]+$/i.test(k))).toEqual([]);
  });

  it.each([
    [{ code: 'too_big', origin: 'string', maximum: 5000, path: ['reason'], input: 'x' }, 'Поле «Причина» слишком длинное: не больше 5000 знаков'],
    [{ code: 'too_big', origin: 'string', maximum: 21, path: ['deferral', 'reason'], input: 'x' }, 'Поле «Причина отсрочки» слишком длинное: не больше 21 знака'],
    [{ code: 'too_small', origin: 'string', minimum: 1, path: ['body', 'text'], input: '' }, 'Заполните поле «Текст заявления»'],
    [{ code: 'too_small', origin: 'string', minimum: 10, path: ['next'], input: 'x' }, 'Поле «Новый пароль» слишком короткое: не меньше 10 знаков'],
    [{ code: 'invalid_type', expected: 'string', path: ['signedOn'], input: undefined }, 'Заполните поле «Дата документа»'],
    [{ code: 'invalid_type', expected: 'number', path: ['limit'], input: 'много' }, 'Поле «Число записей» заполнено неверно'],
    [{ code: 'invalid_format', format: 'datetime', path: ['from'], input: 'x' }, 'Поле «Дата начала»: дата и время записаны неверно'],
    [{ code: 'invalid_format', format: 'regex', path: ['items', 3, 'guardianId'], input: 'x' }, 'Поле «Законный представитель»: значение записано неверно'],
    [{ code: 'invalid_value', path: ['role'], input: 'boss' }, 'Поле «Роль»: выберите одно из предложенных значений'],
    [{ code: 'too_small', origin: 'array', minimum: 1, path: ['items'], input: [] }, 'Поле «Список»: выберите хотя бы одно значение'],
    [{ code: 'unrecognized_keys', path: [], input: {} }, 'В запросе лишние данные. Обновите программу.'],
    [{ code: 'invalid_type', expected: 'object', path: [], input: undefined }, 'Заполните обязательное поле'],
    [{ code: 'custom', path: ['forecast', 'typeWeights', 'урок'], input: 7 }, 'Поле «Веса видов работ» заполнено неверно'],
  ])('%j → %s', (issue, message) => {
    expect(humanIssue(issue)).toBe(message);
  });

  it('a message written in a schema wins over the app’s wording', () => {
    const text = (contract.registry.register.input.safeParse({ kind: 'pd_consent', studentId: 's', signedOn: '2026-02-30' }).error?.issues ?? []).map((i) => i.message);
    expect(text).toContain('Такой даты нет в календаре');
  });

  it('labels by the longest suffix of the path', () => {
    expect(fieldLabel(['deferral', 'reason'])).toBe('Причина отсрочки');
    expect(fieldLabel(['reason'])).toBe('Причина');
    expect(fieldLabel([0, 'ничего'])).toBeNull();
  });
});
