/** What a write logs (store/delta.ts): replaying the operations on the previous version gives the new one exactly. */
import { describe, expect, it } from 'vitest';
import { applyOps, diffFields, jsonEqual } from '../../../electron/core/store/delta.js';

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('delta', () => {
  it('replays 2,000 random edits of arrays and fields exactly, sharing what did not change', () => {
    const r = prng(15);
    const item = (n: number) => ({ id: `x${n}`, v: Math.floor(r() * 5), tags: r() < 0.3 ? ['a', 'b'] : [] });
    for (let round = 0; round < 2000; round++) {
      const prev: Record<string, unknown> = { list: Array.from({ length: Math.floor(r() * 12) }, (_, i) => item(i)), obj: { a: 1, b: [1, 2] }, n: 3 };
      const list = [...(prev.list as unknown[])];
      const next: Record<string, unknown> = { ...prev, list };
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) {
        const k = r();
        if (k < 0.3) list.push(item(100 + e));
        else if (k < 0.5 && list.length > 0) list.splice(Math.floor(r() * list.length), 1);
        else if (k < 0.7 && list.length > 0) list[Math.floor(r() * list.length)] = item(200 + e);
        else if (k < 0.8) list.splice(Math.floor(r() * (list.length + 1)), 0, item(300 + e));
        else if (k < 0.9) next.obj = { a: 2, b: [1, 2] };
        else if (k < 0.95) delete next.n;
        else next.extra = 'new';
      }
      const ops = diffFields(prev, next, new Set([...Object.keys(prev), ...Object.keys(next)]));
      const replayed = applyOps(prev, JSON.parse(JSON.stringify(ops)));
      expect(jsonEqual(replayed, next), JSON.stringify({ prev, next, ops })).toBe(true);
      expect(Object.keys(replayed).sort()).toEqual(Object.keys(next).sort());
    }
  });

  it('one element added to a 60,000-element array logs that element only, compared by identity', () => {
    const prev = { marks: Array.from({ length: 60_000 }, (_, i) => ({ id: `m${i}`, value: 4 })) };
    const next = { marks: [...prev.marks, { id: 'new', value: 5 }] };
    const ops = diffFields(prev, next, ['marks']);
    expect(ops).toEqual([{ k: 'marks', s: [60_000, 0, [{ id: 'new', value: 5 }]] }]);
    expect(JSON.stringify(ops).length).toBeLessThan(100);
    const replayed = applyOps(prev, ops);
    expect(replayed.marks[59_999]).toBe(prev.marks[59_999]);
    expect(replayed.marks.at(-1)).toEqual({ id: 'new', value: 5 });
  });

  it('a field read but not changed logs nothing', () => {
    const prev = { docs: [{ id: 'a' }], school: { name: 'Ш' } };
    const next = { docs: [{ id: 'a' }], school: { name: 'Ш' } };
    expect(diffFields(prev, next, ['docs', 'school'])).toEqual([]);
  });
});
