/**
 * The pull page check (issue 15): a page is applied only when every partition of its rows carries
 * its checksum, the last page carries the school's partition hashes, and every entity is exactly
 * what its kind's schema accepts. One table of pages and the problem each must be refused for.
 */
import { describe, expect, it } from 'vitest';
import { sumsOf } from './pageSums.js';
import { canonicalJson, entityHashOfText, hashHex } from '../../../electron/contract/sync/hash.js';
import { ENTITY_SCHEMAS } from '../../../electron/contract/sync/entitySchemas.js';
import { ENTITY_KINDS } from '../../../electron/contract/sync/kinds.js';
import { checkPage, describePageProblem, sameJson, schemaDifference, type PageProblem, type PageToCheck } from '../../../electron/core/sync/pageCheck.js';
import type { PartitionHash, PullRow } from '../../../electron/contract/sync/protocol.js';

const J = 'journal/y2026/c5a';
const C = 'class/c5a';
const mark = (id: string, over: Record<string, unknown> = {}) => ({ id, lessonId: 'l1', studentId: 's1', value: 4, weight: 1, ...over });
const guardian = (over: Record<string, unknown> = {}) => ({ id: 'g1', lastName: 'Ёлкина', firstName: 'Анна', relation: 'мать', studentIds: ['s1'], ...over });


const page = (rows: PullRow[], over: Partial<PageToCheck> = {}): PageToCheck => ({ more: true, rows, sums: sumsOf(rows), ...over });

const good: PullRow[] = [
  ['mark', 'm1', J, 1, mark('m1')],
  ['mark', 'm2', J, 2, null],
  ['guardian', 'g1', C, 3, guardian()],
  ['lesson', 'l1', J, 4, { id: 'l1', subjectId: 'math', teacherId: 't1', date: '2026-09-01', lessonNo: 1, topic: 'Дроби', type: 'урок' }],
];

describe('checkPage', () => {
  it('accepts an honest page and gives each row its entity hash (0 for a tombstone)', () => {
    const r = checkPage(page(good));
    expect('ok' in r).toBe(true);
    if (!('ok' in r)) return;
    // By partition, in the order they first appear; rows in page order.
    expect([...r.ok].map(([part, rows]) => [part, rows.map((x) => x.id)])).toEqual([
      [J, ['m1', 'm2', 'l1']],
      [C, ['g1']],
    ]);
    const rows = r.ok.get(J)!;
    expect(rows[0]!.h).toBe(entityHashOfText('mark', 'm1', canonicalJson(mark('m1'))));
    expect(rows[1]!.h).toBe(0);
    expect(rows.map((x) => x.seq)).toEqual([1, 2, 4]);
    // An empty last page with the school's hashes, and an unknown kind of a later version, pass.
    expect('ok' in checkPage({ more: false, rows: [], hashes: {} })).toBe(true);
    const future: PullRow[] = [['newKind', 'x1', J, 5, { anything: 1 }]];
    expect('ok' in checkPage(page(future))).toBe(true);
  });

  it('leaves every checked entity as it came (repeated ids shared, not changed) and keeps the row under its own id and kind', () => {
    const rows: PullRow[] = [1, 2, 3].map((i) => ['mark', `m${i}`, J, i, JSON.parse(JSON.stringify(mark(`m${i}`, { lessonId: 'l7', studentId: 's3' })))]);
    const before = JSON.parse(JSON.stringify(rows)) as PullRow[];
    const r = checkPage(page(rows));
    expect('ok' in r).toBe(true);
    if (!('ok' in r)) return;
    expect(r.ok.get(J)!.map((x) => [x.kind, x.id, x.seq, x.data])).toEqual(before.map(([kind, id, , seq, data]) => [kind, id, seq, data]));
    expect(rows).toEqual(before);
  });

  const cases: Array<[string, PageToCheck, PageProblem]> = [
    ['a page with rows and no checksums', { more: true, rows: good }, { code: 'no_sums' }],
    ['the last page without the school’s hashes', page(good, { more: false }), { code: 'no_hashes' }],
    ['a partition without its checksum', page(good, { sums: { [J]: sumsOf(good)[J]! } }), { code: 'sum_missing', part: C }],
    ['a checksum of a partition the page does not touch', page(good, { sums: { ...sumsOf(good), 'class/c9b': { hash: hashHex(0), count: 0 } } }), { code: 'sum_extra', part: 'class/c9b' }],
    ['a checksum that does not add up (a changed value)', page([['mark', 'm1', J, 1, mark('m1', { value: 5 })]], { sums: sumsOf([['mark', 'm1', J, 1, mark('m1')]]) }), { code: 'sum_mismatch', part: J }],
    ['a checksum that does not add up (a row left out)', page([good[0]!], { sums: sumsOf(good.slice(0, 2)) }), { code: 'sum_mismatch', part: J }],
    ['a mark out of the scale', page([['mark', 'm1', J, 1, mark('m1', { value: 9 })]]), { code: 'schema', kind: 'mark', field: 'value' }],
    ['a mark without its lesson', page([['mark', 'm1', J, 1, { id: 'm1', studentId: 's1', value: 4, weight: 1 }]]), { code: 'schema', kind: 'mark', field: 'lessonId' }],
    ['a date that is not in the calendar', page([['lesson', 'l1', J, 1, { ...(good[3]![4] as object), date: '2026-02-30' }]]), { code: 'schema', kind: 'lesson', field: 'date' }],
    ['an extra field', page([['mark', 'm1', J, 1, mark('m1', { note: 'x' })]]), { code: 'extra_field', kind: 'mark', field: 'note' }],
    ['an extra field in a nested object', page([['guardian', 'g1', C, 1, guardian({ passport: { series: '4510', number: '123456', issuedBy: 'ОВД', issuedOn: '2010-01-01', extra: true } })]]), { code: 'extra_field', kind: 'guardian', field: 'passport.extra' }],
    ['an extra field whose name is not a field name (never shown)', page([['mark', 'm1', J, 1, mark('m1', { 'Ёлкина Анна': 1 })]]), { code: 'extra_field', kind: 'mark' }],
    ['a value the schema would change (untrimmed name)', page([['guardian', 'g1', C, 1, guardian({ firstName: ' Анна' })]]), { code: 'schema', kind: 'guardian', field: 'firstName' }],
    ['an id that is not the entity’s', page([['mark', 'm9', J, 1, mark('m1')]]), { code: 'wrong_id', kind: 'mark' }],
    ['a mark in a class partition', page([['mark', 'm1', C, 1, mark('m1')]]), { code: 'wrong_partition', kind: 'mark' }],
  ];
  it.each(cases)('refuses %s', (_name, p, problem) => {
    expect(checkPage(p)).toEqual({ problem });
  });

  it('says why in Russian, with the kind and the field but never an id or a value', () => {
    const texts = cases.map(([, p]) => {
      const r = checkPage(p);
      return 'problem' in r ? describePageProblem(r.problem) : '';
    });
    for (const t of texts) {
      expect(t).toMatch(/^Данные от центральной системы не приняты: .+ Из них ничего не записано/);
      expect(t).not.toMatch(/Ёлкин|Анна|m1|m9|g1|\b9\b/);
    }
    expect(texts[0]).toContain('без контрольных сумм');
    expect(texts[6]).toContain('запись вида «отметки» не соответствует схеме данных (поле «value»)');
    expect(texts[9]).toContain('лишнее поле «note»');
  });
});

describe('schema comparison', () => {
  it('sameJson: equal JSON whatever the key order; undefined keys do not count', () => {
    expect(sameJson({ a: 1, b: [1, { c: 'x' }] }, { b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: 2 }, { a: 1 })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJson({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameJson(JSON.parse('{"__proto__":{"x":1}}'), {})).toBe(false);
  });

  it('schemaDifference names the first extra or changed field', () => {
    expect(schemaDifference({ a: 1, b: { c: 1, d: 2 } }, { a: 1, b: { c: 1 } })).toEqual({ extra: true, path: ['b', 'd'] });
    expect(schemaDifference({ a: ' x' }, { a: 'x' })).toEqual({ extra: false, path: ['a'] });
    expect(schemaDifference({ a: [1, 2] }, { a: [1, 2] })).toBeNull();
  });

  it('every entity kind of the protocol has its schema', () => {
    expect(Object.keys(ENTITY_SCHEMAS).sort()).toEqual([...ENTITY_KINDS].sort());
  });
});
