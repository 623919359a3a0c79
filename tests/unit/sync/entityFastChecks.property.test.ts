/**
 * The hand-written checks of the pull's most numerous kinds (electron/contract/sync/entityFastChecks.ts)
 * against their zod schemas: on valid entities and on entities with a field changed, removed or
 * added, the fast check accepts exactly what the schema accepts and gives back unchanged (the page
 * check's own condition: `safeParse` succeeds and `sameJson(raw, parsed)`). Above all it never
 * accepts what the schema refuses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITY_SCHEMAS } from '../../../electron/contract/sync/entitySchemas.js';
import { FAST_CHECKS, isIsoDate, isUtcTimestamp, isWireId } from '../../../electron/contract/sync/entityFastChecks.js';
import { ATTENDANCE_KINDS, Id, IsoDate, LESSON_TYPES, Timestamp } from '../../../electron/contract/entities/common.js';
import { FINAL_VALUES } from '../../../electron/contract/entities/journal.js';
import { sameJson } from '../../../electron/core/sync/pageCheck.js';

type Data = Record<string, unknown>;

/** What the page check asks of the schema. */
function schemaAccepts(kind: keyof typeof ENTITY_SCHEMAS, data: unknown): boolean {
  const r = ENTITY_SCHEMAS[kind].safeParse(data);
  return r.success && sameJson(data, r.data);
}

const idChars = 'abcXYZ019_.:-';
const id = fc.string({ unit: fc.constantFrom(...idChars.split('')), minLength: 1, maxLength: 64 });
const date = fc
  .record({ y: fc.integer({ min: 1990, max: 2099 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const text = (max: number) => fc.string({ maxLength: max });
const moment = fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2099, 11, 31) }).map((ms) => new Date(ms).toISOString());

const validOf = {
  mark: fc.record(
    { id, lessonId: id, studentId: id, value: fc.integer({ min: 1, max: 5 }), weight: fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 10, noNaN: true })), work: text(100) },
    { requiredKeys: ['id', 'lessonId', 'studentId', 'value', 'weight'], noNullPrototype: true },
  ),
  attendance: fc.record({ id, lessonId: id, studentId: id, kind: fc.constantFrom(...ATTENDANCE_KINDS) }, { noNullPrototype: true }),
  lesson: fc.record(
    {
      id,
      subjectId: id,
      teacherId: id,
      date,
      lessonNo: fc.integer({ min: 1, max: 10 }),
      topic: text(500),
      type: fc.constantFrom(...LESSON_TYPES),
      homework: text(2000),
      homeworkDue: date,
      group: text(60),
    },
    { requiredKeys: ['id', 'subjectId', 'teacherId', 'date', 'lessonNo', 'topic', 'type'], noNullPrototype: true },
  ),
  diaryView: fc.record({ guardianId: id, studentId: id, at: fc.string() }, { noNullPrototype: true }),
  finalMark: fc.record(
    {
      id,
      studentId: id,
      subjectId: id,
      periodId: fc.string({ minLength: 1, maxLength: 80 }),
      value: fc.constantFrom(...FINAL_VALUES, null),
      deferral: fc.record({ reason: fc.string({ minLength: 3, maxLength: 300 }), dueOn: date }, { noNullPrototype: true }),
      knownOn: date,
      publishedAt: moment,
      enteredBy: id,
      enteredAt: moment,
      hlc: fc.string(),
      reason: fc.string({ minLength: 3, maxLength: 500 }),
      confirmedBy: id,
      confirmedAt: moment,
    },
    { requiredKeys: ['id', 'studentId', 'subjectId', 'periodId', 'value', 'knownOn', 'enteredBy', 'enteredAt', 'hlc'], noNullPrototype: true },
  ),
} as const;

/**
 * Kinds whose fast check is the schema exactly; the others' (final marks: a moment with an offset
 * like +03:00 is left to the schema) accept a part of what it accepts.
 */
const EXACT = new Set(['mark', 'attendance', 'lesson', 'diaryView']);

/** The fast check agrees with the schema: never accepts what it refuses; for an exact one, the same answer. */
function expectAgrees(kind: string, fast: boolean, schema: boolean, what: unknown): void {
  if (EXACT.has(kind)) expect([what, fast]).toEqual([what, schema]);
  else if (fast) expect([what, schema]).toEqual([what, true]);
}

/** Values a damaged or hostile page could carry in a field: near the limits, of other types, nested. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -3, max: 13 }),
  fc.double(),
  fc.constantFrom(0, -0, 1.5, 4.0000001, 10.0001, Number.MAX_SAFE_INTEGER + 2, Infinity, -Infinity, NaN),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('', ' ', 'н', 'Н', 'урок ', 'урок', 'зачёт', 'зачет', 'a b', 'a/b', 'é', '2026-02-29', '2024-02-29', '2026-13-01', '2026-1-01', '２０２６-01-01', '0099-01-01', '0100-01-01', '2026-04-31', 'x'.repeat(64), 'x'.repeat(65)),
  fc.string({ maxLength: 70 }),
  fc.string({ minLength: 95, maxLength: 105 }),
  fc.string({ minLength: 495, maxLength: 505 }),
  fc.string({ minLength: 1995, maxLength: 2005 }),
  date,
  id,
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** A valid entity with one thing changed: a field's value, a field removed, a field added. */
function mutated(valid: fc.Arbitrary<Data>): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.tuple(valid, fc.nat(), anyValue).map(([e, k, v]) => {
      const keys = Object.keys(e);
      return { ...e, [keys[k % keys.length]!]: v };
    }),
    fc.tuple(valid, fc.nat()).map(([e, k]) => {
      const keys = Object.keys(e);
      const copy: Data = { ...e };
      delete copy[keys[k % keys.length]!];
      return copy;
    }),
    fc.tuple(valid, fc.constantFrom('note', 'work', 'homework', 'group', 'extra', '__proto__', 'Id', 'ID'), anyValue).map(([e, k, v]) => {
      const copy: Data = { ...e };
      Object.defineProperty(copy, k, { value: v, enumerable: true, writable: true, configurable: true });
      return copy;
    }),
    // Not an entity at all.
    anyValue,
  );
}

/** Every value near a limit of the schemas (numbers around their bounds, strings around their lengths) and of another type. */
const BOUNDARY: unknown[] = [
  ...Array.from({ length: 15 }, (_, i) => i - 2).flatMap((n) => [n, n + 0.5, n - 1e-9, n + 1e-9]),
  -0,
  NaN,
  Infinity,
  -Infinity,
  Number.MAX_SAFE_INTEGER + 2,
  ...[0, 1, 59, 60, 61, 63, 64, 65, 99, 100, 101, 499, 500, 501, 1999, 2000, 2001].flatMap((n) => ['a'.repeat(n), 'я'.repeat(n)]),
  ...ATTENDANCE_KINDS,
  ...LESSON_TYPES,
  'Н',
  'урок ',
  'зачет',
  'a b',
  ' a',
  'a/b',
  '2026-02-28',
  '2026-02-29',
  '2024-02-29',
  '2026-04-31',
  '2026-13-01',
  '2026-1-01',
  '0099-01-01',
  '2026-09-01T10:00:00.000Z',
  '2026-09-01T10:00:00Z',
  '2026-09-01T10:00:00.000+03:00',
  '2026-09-01T24:00:00.000Z',
  '2026-02-29T10:00:00.000Z',
  '2026-09-01T10:00:00.Z',
  '2026-09-01 10:00:00.000Z',
  ...FINAL_VALUES,
  '6',
  { reason: 'болел', dueOn: '2026-12-25' },
  { reason: 'бо', dueOn: '2026-12-25' },
  { reason: 'болел', dueOn: '2026-12-25', extra: 1 },
  null,
  true,
  false,
  [],
  ['a'],
  {},
  { a: 1 },
];

describe('fast entity checks agree with the schemas', () => {
  const base = {
    mark: { id: 'm1', lessonId: 'l1', studentId: 's1', value: 4, weight: 1, work: 'Ответ на уроке' },
    attendance: { id: 'a1', lessonId: 'l1', studentId: 's1', kind: 'н' },
    lesson: { id: 'l1', subjectId: 'math', teacherId: 't1', date: '2026-09-01', lessonNo: 1, topic: 'Дроби', type: 'урок', homework: '№ 5', homeworkDue: '2026-09-03', group: '1 группа' },
    diaryView: { guardianId: 'g1', studentId: 's1', at: '2026-09-01T10:00:00.000Z' },
    finalMark: {
      id: 'f1',
      studentId: 's1',
      subjectId: 'math',
      periodId: 'q1',
      value: '5',
      deferral: { reason: 'болел', dueOn: '2026-12-25' },
      knownOn: '2026-10-30',
      publishedAt: '2026-10-31T09:00:00.000Z',
      enteredBy: 'u1',
      enteredAt: '2026-10-30T09:00:00.000Z',
      hlc: '0001',
      reason: 'исправление',
      confirmedBy: 'u2',
      confirmedAt: '2026-10-30T10:00:00.000Z',
    },
  } as const;
  it.each(Object.keys(base) as Array<keyof typeof base>)('%s: every field set to every value near a limit (and removed) is judged as the schema judges it', (kind) => {
    const fast = FAST_CHECKS[kind]!;
    expect(fast(base[kind])).toBe(true);
    let refused = 0;
    for (const key of [...Object.keys(base[kind]), 'extra']) {
      for (const v of [...BOUNDARY, undefined]) {
        const e: Data = { ...base[kind], [key]: v };
        if (v === undefined) delete e[key];
        const schema = schemaAccepts(kind, e);
        if (!schema) refused++;
        expectAgrees(kind, fast(e), schema, [key, v]);
      }
    }
    expect(refused).toBeGreaterThan(100);
  });

  for (const kind of Object.keys(validOf) as Array<keyof typeof validOf>) {
    const fast = FAST_CHECKS[kind]!;
    it(`${kind}: every valid entity passes both`, () => {
      fc.assert(
        fc.property(validOf[kind] as fc.Arbitrary<Data>, (e) => {
          expect(schemaAccepts(kind, e)).toBe(true);
          expect(fast(e)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
    it(`${kind}: a changed entity passes the fast check only if the schema accepts it as it is`, () => {
      let refused = 0;
      fc.assert(
        fc.property(mutated(validOf[kind] as fc.Arbitrary<Data>), (e) => {
          const schema = schemaAccepts(kind, e);
          if (!schema) refused++;
          expectAgrees(kind, fast(e), schema, e);
        }),
        { numRuns: 2000 },
      );
      // The mutations do reach the refusals (the property is not proven on valid entities only).
      expect(refused).toBeGreaterThan(500);
    });
  }

  it('every kind with a fast check has its schema', () => {
    for (const kind of Object.keys(FAST_CHECKS)) expect(ENTITY_SCHEMAS).toHaveProperty(kind);
  });
});

describe('fast field checks', () => {
  it('isWireId is the contract’s Id', () => {
    fc.assert(
      fc.property(fc.oneof(id, fc.string({ maxLength: 70 }), anyValue), (v) => {
        expect(isWireId(v)).toBe(Id.safeParse(v).success);
      }),
      { numRuns: 2000 },
    );
  });

  it('isUtcTimestamp accepts only moments Timestamp accepts, and every one Date.toISOString writes', () => {
    const near = fc
      .record({ date: fc.oneof(date, fc.constantFrom('2026-02-29', '2024-02-29', '0000-01-01', '0099-12-31', '2026-13-01')), h: fc.integer({ min: 0, max: 25 }), m: fc.integer({ min: 0, max: 61 }), s: fc.integer({ min: 0, max: 61 }), frac: fc.constantFrom('', '.', '.1', '.000', '.123456', '.x'), end: fc.constantFrom('Z', 'z', '+03:00', '') })
      .map(({ date: d, h, m, s: sec, frac, end }) => `${d}T${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}${frac}${end}`);
    fc.assert(
      fc.property(fc.oneof(near, moment, anyValue), (v) => {
        if (isUtcTimestamp(v)) expect(Timestamp.safeParse(v).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(moment, (v) => {
        expect(isUtcTimestamp(v)).toBe(true);
      }),
      { numRuns: 300 },
    );
    expect(isUtcTimestamp('2026-02-29T10:00:00.000Z')).toBe(false);
    expect(isUtcTimestamp('2026-09-01T23:59:59Z')).toBe(true);
  });

  it('isIsoDate is the contract’s IsoDate (years before 100 included: Date.UTC reads them as 19xx, so both refuse them)', () => {
    const anyDate = fc
      .record({ y: fc.integer({ min: 0, max: 9999 }), m: fc.integer({ min: 0, max: 13 }), d: fc.integer({ min: 0, max: 32 }) })
      .map(({ y, m, d }) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(fc.oneof(anyDate, anyValue), (v) => {
        expect(isIsoDate(v)).toBe(IsoDate.safeParse(v).success);
      }),
      { numRuns: 3000 },
    );
    for (const [v, ok] of [
      ['2024-02-29', true],
      ['2100-02-29', false],
      ['2000-02-29', true],
      ['2026-04-31', false],
      ['2026-12-31', true],
      ['2026-00-10', false],
    ] as const) {
      expect(isIsoDate(v)).toBe(ok);
      expect(IsoDate.safeParse(v).success).toBe(ok);
    }
  });
});
