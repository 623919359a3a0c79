/** What a write logs (store/delta.ts): replaying the operations on the previous version gives the new one exactly. */
import { describe, expect, it } from 'vitest';
import { applyOps, diffFields, jsonEqual } from '../../../electron/core/store/delta.js';
import { prng } from '../../../electron/contract/random/prng.js';

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

  it('changes all over a 45,000-mark journal (a pull) log the changed ranges only, and replay exactly', () => {
    const r = prng(17);
    const prev = { marks: Array.from({ length: 45_000 }, (_, i) => ({ id: `m${i}`, value: 4 })) };
    const marks: Array<{ id: string; value: number }> = [...prev.marks];
    // 130 replaced, 30 removed (anywhere), 100 appended: what a pull of 10,000 changes does to one class.
    for (let n = 0; n < 130; n++) marks[Math.floor(r() * marks.length)] = { id: `c${n}`, value: 5 };
    for (let n = 0; n < 30; n++) marks.splice(Math.floor(r() * marks.length), 1);
    for (let n = 0; n < 100; n++) marks.push({ id: `a${n}`, value: 3 });
    const next = { marks };
    const ops = diffFields(prev, next, ['marks']);
    expect(ops).toHaveLength(1);
    expect('e' in ops[0]!).toBe(true);
    expect(JSON.stringify(ops).length).toBeLessThan(20_000);
    const replayed = applyOps(prev, JSON.parse(JSON.stringify(ops)) as typeof ops);
    expect(jsonEqual(replayed, next)).toBe(true);
    // Random edits of big arrays: the edits (or the splice, when shorter) replay exactly.
    for (let round = 0; round < 200; round++) {
      const base = Array.from({ length: 100 + Math.floor(r() * 400) }, (_, i) => ({ id: `x${i}` }));
      const list: unknown[] = [...base];
      const n = 1 + Math.floor(r() * 80);
      for (let e = 0; e < n; e++) {
        const k = r();
        if (k < 0.3) list.push({ id: `p${e}` });
        else if (k < 0.55 && list.length > 0) list.splice(Math.floor(r() * list.length), 1);
        else if (k < 0.8 && list.length > 0) list[Math.floor(r() * list.length)] = { id: `r${e}` };
        else if (k < 0.9) list.splice(Math.floor(r() * (list.length + 1)), 0, `s${e}`);
        else list.unshift({ id: `u${e}` });
      }
      const o = diffFields({ list: base }, { list }, ['list']);
      expect(jsonEqual(applyOps({ list: base }, JSON.parse(JSON.stringify(o)) as typeof o), { list })).toBe(true);
    }
  });

  it('an edit that does not fit the array is refused on replay', () => {
    expect(() => applyOps({ a: [1, 2] }, [{ k: 'a', e: [[1, 5, []]] }])).toThrow(/does not fit/);
    expect(() => applyOps({ a: [1, 2] }, [{ k: 'a', e: [[1, 0, []], [0, 1, []]] }])).toThrow(/does not fit/);
  });

  it('a field read but not changed logs nothing', () => {
    const prev = { docs: [{ id: 'a' }], school: { name: 'Ш' } };
    const next = { docs: [{ id: 'a' }], school: { name: 'Ш' } };
    expect(diffFields(prev, next, ['docs', 'school'])).toEqual([]);
  });
});
