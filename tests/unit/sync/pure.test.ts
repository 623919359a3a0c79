/**
 * The pure parts of sync: canonical JSON, hash arithmetic, backoff, applying rows to a draft.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRows, partitionHash, replaceWithSnapshot, type PartRow } from '../../../electron/core/sync/apply.js';
import { backoffDelay, intervalDelay } from '../../../electron/core/sync/backoff.js';
import { addHash, canonicalJson, cyrb53, entityHash, entityHashOfSlice, entityHashOfText, hashHex, parseHashHex, subHash } from '../../../electron/contract/sync/hash.js';
import { parsePartition, partitionKey } from '../../../electron/contract/sync/kinds.js';
import { mutationTargets, targetKey } from '../../../electron/core/sync/targets.js';
import { emptyClassData, emptyJournal } from '../../../electron/core/store/schema.js';

function shuffleKeys(v: unknown, r: () => number): unknown {
  if (Array.isArray(v)) return v.map((x) => shuffleKeys(x, r));
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort(() => r() - 0.5);
    return Object.fromEntries(keys.map((k) => [k, shuffleKeys((v as Record<string, unknown>)[k], r)]));
  }
  return v;
}

describe('canonical JSON', () => {
  it('sorts keys, drops undefined, keeps arrays in order', () => {
    expect(canonicalJson({ b: 1, a: [3, { d: undefined, c: 'ё' }], e: null })).toBe('{"a":[3,{"c":"ё"}],"b":1,"e":null}');
  });

  it('is the same whatever the key order, and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer(), (v, seed) => {
        let s = seed;
        const r = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
        const c = canonicalJson(v);
        expect(canonicalJson(shuffleKeys(v, r))).toBe(c);
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hash arithmetic', () => {
  const MOD = 2n ** 52n;
  it('sums and differences are exact modulo 2^52', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: MOD - 1n }), { maxLength: 200 }), (xs) => {
        let sum = 0;
        let big = 0n;
        for (const x of xs) {
          sum = addHash(sum, Number(x));
          big = (big + x) % MOD;
        }
        expect(BigInt(sum)).toBe(big);
        let back = sum;
        for (const x of xs) back = subHash(back, Number(x));
        expect(back).toBe(0);
        expect(parseHashHex(hashHex(sum))).toBe(sum);
      }),
    );
  });

  it('cyrb53 matches its published reference values and h stays below 2^52', () => {
    expect(cyrb53('a')).toBe(7929297801672961);
    expect(cyrb53('revenge')).toBe(4051478007546757);
    expect(entityHash('mark', 'm1', { id: 'm1', value: 5 })).toBeLessThan(2 ** 52);
  });

  it('h of an entity is cyrb53 of kind, id and text joined by line feeds, modulo 2^52 (computed without joining them)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ unit: 'binary' }), (kind, id, text) => {
        expect(entityHashOfText(kind, id, text)).toBe(cyrb53(`${kind}\n${id}\n${text}`) % 2 ** 52);
      }),
    );
    expect(entityHashOfText('mark', 'm1', '{"value":5}')).toBe(cyrb53('mark\nm1\n{"value":5}') % 2 ** 52);
  });

  it('h of a text found inside a longer string (the data of a pulled row in its line) is h of that text cut out', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (kind, id, before, text, after) => {
        const line = `${before}${text}${after}`;
        expect(entityHashOfSlice(kind, id, line, before.length, before.length + text.length)).toBe(entityHashOfText(kind, id, text));
      }),
    );
    const line = '["mark","m1","journal/y/c5a",7,{"value":5}]';
    expect(entityHashOfSlice('mark', 'm1', line, line.indexOf('{'), line.length - 1)).toBe(entityHashOfText('mark', 'm1', '{"value":5}'));
  });

  it('a partition hash does not depend on the order of its entities', () => {
    const j = emptyJournal('y', 'c');
    j.marks = [1, 2, 3].map((i) => ({ id: `m${i}`, lessonId: 'l', studentId: 's', value: i + 2, weight: 1 }));
    const k = emptyJournal('y', 'c');
    k.marks = [...j.marks].reverse();
    expect(partitionHash(j, 'journal')).toEqual(partitionHash(k, 'journal'));
    k.marks[0] = { ...k.marks[0]!, value: 2 };
    expect(partitionHash(j, 'journal')).not.toEqual(partitionHash(k, 'journal'));
  });
});

describe('backoff', () => {
  it('grows, is capped, and is jittered between half and all of the step', () => {
    const o = { baseMs: 1000, maxMs: 60_000 };
    expect(backoffDelay(1, () => 0, o)).toBe(500);
    expect(backoffDelay(1, () => 1, o)).toBe(1000);
    expect(backoffDelay(4, () => 0.5, o)).toBe(6000);
    expect(backoffDelay(40, () => 1, o)).toBe(60_000);
    fc.assert(fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, r) => {
      const d = backoffDelay(n, () => r, o);
      expect(d).toBeGreaterThanOrEqual(250);
      expect(d).toBeLessThanOrEqual(60_000);
    }));
    expect(intervalDelay(60_000, () => 0)).toBe(54_000);
    expect(intervalDelay(60_000, () => 1)).toBe(66_000);
  });
});

describe('partitions and mutations', () => {
  it('partition keys round-trip', () => {
    for (const k of ['school', 'class/c5a', 'journal/y2026/c5a']) expect(partitionKey(parsePartition(k)!)).toBe(k);
    expect(parsePartition('journal/x')).toBeNull();
    expect(parsePartition('../etc')).toBeNull();
  });

  it('names the entities a mutation touches', () => {
    expect(mutationTargets({ kind: 'registry.document', payload: { id: 'd1' } })).toEqual([{ kind: 'document', id: 'd1' }]);
    expect(mutationTargets({ kind: 'final_mark_published', payload: { entryIds: ['a', 'b'] } })).toHaveLength(2);
    expect(mutationTargets({ kind: 'nope', payload: null })).toEqual([]);
  });
});

describe('applying rows', () => {
  const mark = (id: string, value: number) => ({ id, lessonId: 'l1', studentId: 's1', value, weight: 1 });

  it('upserts, deletes, keeps the hash up to date, and skips what it has applied', () => {
    const j = emptyJournal('y', 'c');
    const o = { gen: 1, protectedKeys: new Set<string>(), trackHash: true };
    const r1 = applyRows(j, 'journal', [
      { kind: 'mark', id: 'm1', seq: 1, data: mark('m1', 4) },
      { kind: 'mark', id: 'm2', seq: 2, data: mark('m2', 5) },
      { kind: 'lesson', id: 'l1', seq: 3, data: { id: 'l1' } },
    ], 3, undefined, o);
    expect(r1.meta).toEqual({ gen: 1, seq: 3, ...partitionHash(j, 'journal') });
    const r2 = applyRows(j, 'journal', [
      { kind: 'mark', id: 'm1', seq: 4, data: mark('m1', 3) },
      { kind: 'mark', id: 'm2', seq: 5, data: null },
      { kind: 'mark', id: 'm9', seq: 6, data: null },
    ], 6, r1.meta, o);
    expect(j.marks).toEqual([mark('m1', 3)]);
    expect(r2.meta.hash).toBe(partitionHash(j, 'journal').hash);
    expect(r2.meta.count).toBe(2);
    // The same rows again (a crash before the cursor moved): nothing changes.
    const again = applyRows(j, 'journal', [{ kind: 'mark', id: 'm2', seq: 2, data: mark('m2', 5) }], 6, r2.meta, o);
    expect(again.skipped).toBe(1);
    expect(j.marks).toEqual([mark('m1', 3)]);
    // Another generation (after a reset): the old meta does not guard any more.
    const reset = applyRows(j, 'journal', [{ kind: 'mark', id: 'm2', seq: 2, data: mark('m2', 5) }], 2, r2.meta, { ...o, gen: 2 });
    expect(reset.applied).toBe(1);
    expect(reset.meta.hash).toBe(partitionHash(j, 'journal').hash);
  });

  // Into an empty journal (a first pull), an id that comes twice in one batch (the entity changed
  // between two of its pages) ends as one entity, its last version, and the tracked hash agrees.
  const twice: Array<[string, PartRow[], ReturnType<typeof mark>[]]> = [
    ['one id twice', [r('m1', 1, 4), r('m2', 2, 5), r('m1', 3, 2)], [mark('m1', 2), mark('m2', 5)]],
    ['twice, then a third time', [r('m1', 1, 4), r('m1', 2, 5), r('m2', 3, 3), r('m1', 4, 2)], [mark('m1', 2), mark('m2', 3)]],
    ['added, deleted, added again', [r('m1', 1, 4), r('m2', 2, 5), r('m1', 3, null), r('m1', 4, 3)], [mark('m2', 5), mark('m1', 3)]],
    ['deleted before it came', [r('m1', 1, null), r('m1', 2, 4), r('m2', 3, 5)], [mark('m1', 4), mark('m2', 5)]],
    ['a duplicate after a deletion of another', [r('m1', 1, 4), r('m2', 2, 5), r('m3', 3, 1), r('m2', 4, null), r('m3', 5, 2)], [mark('m1', 4), mark('m3', 2)]],
  ];
  function r(id: string, seq: number, value: number | null): PartRow {
    return { kind: 'mark', id, seq, data: value === null ? null : mark(id, value) };
  }
  it.each(twice)('into an empty journal: %s', (_, rows, marks) => {
    const j = emptyJournal('y', 'c');
    const o = { gen: 1, protectedKeys: new Set<string>(), trackHash: true };
    const res = applyRows(j, 'journal', rows, 9, undefined, o);
    expect(j.marks).toEqual(marks);
    expect(res.meta).toEqual({ gen: 1, seq: 9, ...partitionHash(j, 'journal') });
    // Into a journal that has them already, the same rows give the same journal.
    const k = emptyJournal('y', 'c');
    k.marks = [mark('m2', 1), mark('m1', 1)];
    applyRows(k, 'journal', rows, 9, undefined, o);
    expect([...k.marks].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...marks].sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('leaves entities of unanswered local mutations alone, and keeps them through a repair', () => {
    const c = emptyClassData('c5a');
    const local = { id: 'd1', local: true };
    c.documents.push(local as never);
    const prot = new Set([targetKey('document', 'd1')]);
    applyRows(c, 'class', [{ kind: 'document', id: 'd1', seq: 5, data: { id: 'd1', server: true } }], 5, undefined, { gen: 1, protectedKeys: prot, trackHash: false });
    expect(c.documents).toEqual([local]);
    replaceWithSnapshot(c, 'class', [['document', 'd2', 'class/c5a', 7, { id: 'd2' }]], 7, undefined, { gen: 1, protectedKeys: prot, trackHash: false });
    expect(c.documents.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    expect(partitionHash(c, 'class', prot)).toEqual(partitionHash({ ...c, documents: [{ id: 'd2' } as never] }, 'class'));
  });
});
