import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codecFor, sectionedCodec } from '../../../electron/core/store/codec/index.js';
import { decodeIds, encodeIds } from '../../../electron/core/store/codec/journalColumns.js';
import { generateDemoSchool } from '../../../electron/core/demo/index.js';
import type { JournalData } from '../../../electron/core/store/schema.js';

const roundTrip = <T>(path: string, data: T): T => {
  const codec = codecFor<T>(path);
  const bytes = codec.encode(data);
  return codecFor<T>(path).decode(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes as string));
};

const idArb = fc.oneof(
  fc.uuid().map((u) => u.toLowerCase()),
  fc.nat({ max: 100_000 }).map((n) => `y2026.c5a.m${n}`),
  fc.nat({ max: 9999 }).map((n) => `l${String(n).padStart(4, '0')}`),
  fc.constantFrom('0', '00', '007', 'x', 'x0', 'x01', 'x1', '', '__proto__'),
  fc.string({ minLength: 0, maxLength: 12 }),
);

const dateArb = fc.oneof(
  fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-02-30', '0999-01-01', 'вчера', ''),
);
const num = fc.oneof(fc.integer({ min: -5, max: 10 }), fc.double({ min: 0, max: 10, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)));

const lessonArb = fc.record(
  {
    id: idArb,
    subjectId: fc.constantFrom('math', 'rus', 'pe', 'hist'),
    teacherId: fc.constantFrom('t1', 't2', 't3'),
    date: dateArb,
    lessonNo: fc.integer({ min: 1, max: 10 }),
    topic: fc.string({ maxLength: 20 }),
    type: fc.constantFrom('урок', 'контрольная', 'лабораторная'),
    homework: fc.string({ maxLength: 20 }),
    homeworkDue: dateArb,
    room: fc.string({ maxLength: 3 }),
  },
  { requiredKeys: ['id', 'subjectId', 'teacherId', 'date', 'lessonNo', 'topic', 'type'] },
);

function journalArb(): fc.Arbitrary<JournalData> {
  return fc.array(lessonArb, { maxLength: 30 }).chain((lessons) => {
    const lessonId = lessons.length > 0 ? fc.oneof(fc.constantFrom(...lessons.map((l) => l.id)), idArb) : idArb;
    const student = fc.constantFrom('s1', 's2', 's3', 'a0b1');
    return fc.record({
      schemaVersion: fc.constant(1),
      yearId: fc.constant('y2026'),
      classId: fc.constant('c5a'),
      lessons: fc.constant(lessons),
      marks: fc.array(
        fc.record(
          { id: idArb, lessonId, studentId: student, value: num, weight: num, comment: fc.string({ maxLength: 5 }) },
          { requiredKeys: ['id', 'lessonId', 'studentId', 'value', 'weight'] },
        ),
        { maxLength: 60 },
      ),
      attendance: fc.array(fc.record({ id: idArb, lessonId, studentId: student, kind: fc.constantFrom('н', 'б', 'у') }), { maxLength: 30 }),
    }) as fc.Arbitrary<JournalData>;
  });
}

describe('journal codec', () => {
  it('ids: every column encoding gives the same strings back', () => {
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 50 }), (ids) => {
        expect(decodeIds(JSON.parse(JSON.stringify(encodeIds(ids))), ids.length)).toEqual(ids);
      }),
      { numRuns: 500 },
    );
  });

  it('round trip of random journals (columnar where it fits, JSON where it does not)', () => {
    fc.assert(
      fc.property(journalArb(), (j) => {
        expect(roundTrip('journal/y2026/c5a.json', j)).toEqual(j);
      }),
      { numRuns: 300 },
    );
  });

  it('round trip of odd shapes: wrong field types, nulls, extra top-level keys', () => {
    const odd = [
      { schemaVersion: 1, yearId: 'y', classId: 'c', lessons: [{ id: 1 }], marks: [null], attendance: 'x' },
      { schemaVersion: 1, yearId: 'y', classId: 'c', lessons: [], marks: [], attendance: [], extra: { a: [1, 2] } },
      { schemaVersion: 0, lessons: [{ id: 'l1', subjectId: 's', teacherId: 't', date: '2026-09-01', lessonNo: 1, topic: '', type: 'урок', homework: 5 }] },
    ];
    for (const o of odd) expect(roundTrip('journal/y/c.json', o)).toEqual(o);
  });

  it('any JSON object survives the sectioned codec', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })), (o) => {
        expect(roundTrip('classes/c5a.json', o)).toEqual(JSON.parse(JSON.stringify(o)));
      }),
      { numRuns: 300 },
    );
  });

  it('reads plain JSON written before the sectioned format', () => {
    const j = { schemaVersion: 1, yearId: 'y', classId: 'c', lessons: [], marks: [], attendance: [] };
    expect(codecFor('journal/y/c.json').decode(Buffer.from(JSON.stringify(j)))).toEqual(j);
  });

  it('refuses a newer container version or an unknown section encoding as unsupported_format', () => {
    const bytes = Buffer.from(sectionedCodec().encode({ a: 1 }) as Buffer);
    const newer = Buffer.from(bytes);
    const hlen = newer.readUInt32BE(4);
    const header = JSON.parse(newer.subarray(8, 8 + hlen).toString()) as { v: number };
    header.v = 9;
    const h2 = Buffer.from(JSON.stringify(header));
    const patched = Buffer.concat([newer.subarray(0, 4), Buffer.from([0, 0, 0, h2.length]), h2, newer.subarray(8 + hlen)]);
    expect(() => codecFor('classes/c.json').decode(patched)).toThrow(expect.objectContaining({ reason: 'unsupported_format' }));
  });

  it('a demo journal: exact round trip, and much smaller than JSON', () => {
    const demo = generateDemoSchool({ seed: 7, students: 60, asOf: '2026-12-20' });
    const j = demo.journals.reduce((a, b) => (b.marks.length > a.marks.length ? b : a));
    const codec = codecFor<JournalData>('journal/y/c.json');
    const bytes = codec.encode(j) as Buffer;
    expect(codecFor<JournalData>('journal/y/c.json').decode(bytes)).toEqual(j);
    const json = Buffer.byteLength(JSON.stringify(j));
    expect(bytes.length).toBeLessThan(json / 8);
  });

  it('reuses the encoding of unchanged sections (by identity) and notices a changed length', () => {
    const codec = sectionedCodec<Record<string, unknown>>();
    const big = Array.from({ length: 2000 }, (_, i) => ({ i, s: `value ${i}` }));
    const first = codec.encode({ a: big, b: [1] }) as Buffer;
    big.push({ i: -1, s: 'pushed in place' });
    const second = codec.encode({ a: big, b: [1] }) as Buffer;
    expect(codec.decode(second)).toEqual({ a: big, b: [1] });
    expect(second.equals(first)).toBe(false);
  });
});
