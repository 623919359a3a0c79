/**
 * IdPlaces (the import's table of where each id was met) against a Map: any sequence of sets and
 * look-ups gives the same answers, through every growth of the table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdPlaces } from '../../../central/exchange/idPlaces.js';

const id = fc.oneof(fc.constantFrom('m1', 'm2', 'M1', 'm1 ', '', 'y2026.c10a.m27', 'ё', '\u0000'), fc.string({ maxLength: 8 }), fc.nat(5000).map((n) => `y2026.c9v.m${n}`));
const op = fc.oneof(
  fc.record({ set: id, place: fc.oneof(fc.nat(), fc.constant(17 * 2 ** 32 + 1_500_000)) }),
  fc.record({ get: id }),
);

describe('IdPlaces', () => {
  it('answers as a Map does', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), fc.constantFrom(1, 16, 1000), (ops, capacity) => {
        const model = new Map<string, number>();
        const t = new IdPlaces(capacity);
        for (const o of ops) {
          if ('set' in o) {
            model.set(o.set, o.place);
            t.set(o.set, o.place);
          } else {
            expect(t.get(o.get)).toBe(model.get(o.get));
            expect(t.has(o.get)).toBe(model.has(o.get));
          }
        }
        expect(t.size).toBe(model.size);
        for (const [k, v] of model) expect(t.get(k)).toBe(v);
      }),
      { numRuns: 500 },
    );
  });

  it('a hundred thousand ids: each found with its place, none that was not set', () => {
    const t = new IdPlaces();
    for (let i = 0; i < 100_000; i++) t.set(`y2026.c10a.m${i}`, i * 3);
    expect(t.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 7) expect(t.get(`y2026.c10a.m${i}`)).toBe(i * 3);
    expect(t.get('y2026.c10a.m100000')).toBeUndefined();
    expect(t.has('y2026.c10a.m-1')).toBe(false);
  });
});
