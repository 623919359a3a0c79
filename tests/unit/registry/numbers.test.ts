import { describe, expect, it } from 'vitest';
import type { RegNumber } from '../../../electron/contract/entities/documents.js';
import { formatRegNumber, nextRegNumber, numberDocuments, schoolYearOf, seriesOf, type NumberedDoc } from '../../../electron/core/registry/numbers.js';

const day = (at: string) => at.slice(0, 10);
const doc = (id: string, ws: string, at: string, regNo?: RegNumber): NumberedDoc => ({
  id,
  workstationId: ws,
  registeredAt: at,
  hlc: `${at}-0000-${ws}`,
  ...(regNo ? { regNo } : {}),
});

describe('a registration number is «series-number/school year»', () => {
  it.each([
    ['the first of the year', { series: 'К7М2', seq: 1, year: 2026 }, 'К7М2-1/2026-27'],
    ['the 17th', { series: 'К7М2', seq: 17, year: 2026 }, 'К7М2-17/2026-27'],
    ['the year across a century', { series: 'К7М2', seq: 5, year: 2099 }, 'К7М2-5/2099-00'],
  ])('%s', (_what, n, expected) => {
    expect(formatRegNumber(n)).toBe(expected);
  });
});

describe('the school year runs from 1 September to 31 August', () => {
  it.each([
    ['2026-09-01', 2026],
    ['2026-12-31', 2026],
    ['2027-05-31', 2026],
    ['2027-08-31', 2026],
    ['2027-09-01', 2027],
  ])('%s belongs to the year starting in %i', (d, y) => {
    expect(schoolYearOf(d)).toBe(y);
  });
});

describe("a workstation's series", () => {
  it('is four characters, digits and Cyrillic capitals that look like no digit, the same every time', () => {
    for (const ws of ['ws-test', 'ws_Q2x9abcdEFGH', 'demo-workstation']) {
      expect(seriesOf(ws)).toMatch(/^[2-9АВГДЕЖИКЛМНПРСТУФХЦШЭЮЯ]{4}$/);
      expect(seriesOf(ws)).toBe(seriesOf(ws));
    }
  });
  it('differs between workstations (no two of 200 coincide; about one pair in a million does)', () => {
    const all = new Set(Array.from({ length: 200 }, (_, i) => seriesOf(`ws_${i.toString(36)}x`)));
    expect(all.size).toBe(200);
  });
});

describe('the next number', () => {
  const A = seriesOf('wsA');
  const B = seriesOf('wsB');
  it.each<[string, RegNumber[], string, number, number]>([
    ['the first in a year is 1', [], A, 2026, 1],
    ['one more than the largest of the series in the year', [{ series: A, seq: 1, year: 2026 }, { series: A, seq: 7, year: 2026 }], A, 2026, 8],
    ["another workstation's numbers do not count: both number from 1 offline", [{ series: B, seq: 40, year: 2026 }], A, 2026, 1],
    ['a new school year starts again from 1', [{ series: A, seq: 90, year: 2025 }], A, 2026, 1],
    ['a gap stays a gap (a failed registration takes no number)', [{ series: A, seq: 3, year: 2026 }], A, 2026, 4],
  ])('%s', (_what, given, series, year, seq) => {
    expect(nextRegNumber(given, series, year)).toEqual({ series, seq, year });
  });
});

describe('documents registered before numbers existed are numbered at read, stably', () => {
  const old = [
    doc('d3', 'wsA', '2026-09-05T10:00:00.000Z'),
    doc('d1', 'wsA', '2026-09-01T10:00:00.000Z'),
    doc('d2', 'wsB', '2026-09-02T10:00:00.000Z'),
    doc('d0', 'wsA', '2026-05-20T10:00:00.000Z'),
  ];
  const A = seriesOf('wsA');
  const B = seriesOf('wsB');

  it("in their workstation's series and school year, in the order that workstation registered them", () => {
    const n = numberDocuments(old, day);
    expect(formatRegNumber(n.get('d1')!)).toBe(`${A}-1/2026-27`);
    expect(formatRegNumber(n.get('d3')!)).toBe(`${A}-2/2026-27`);
    expect(formatRegNumber(n.get('d2')!)).toBe(`${B}-1/2026-27`);
    expect(formatRegNumber(n.get('d0')!)).toBe(`${A}-1/2025-26`);
  });

  it('a stored number is kept as it is', () => {
    const n = numberDocuments([...old, doc('d9', 'wsA', '2026-10-01T10:00:00.000Z', { series: A, seq: 3, year: 2026 })], day);
    expect(n.get('d9')).toEqual({ series: A, seq: 3, year: 2026 });
  });

  it('adding documents (new or old, in any order of arrival) never changes an older number', () => {
    const before = numberDocuments(old, day);
    const later = [doc('d4', 'wsA', '2026-10-01T10:00:00.000Z'), doc('d5', 'wsB', '2026-10-02T10:00:00.000Z', { series: B, seq: 2, year: 2026 })];
    const after = numberDocuments([...later, ...old].reverse(), day);
    for (const [id, n] of before) expect(after.get(id)).toEqual(n);
    expect(formatRegNumber(after.get('d4')!)).toBe(`${A}-3/2026-27`);
  });

  it('new numbers continue after the derived ones', () => {
    const n = numberDocuments(old, day);
    expect(nextRegNumber(n.values(), A, 2026).seq).toBe(3);
  });

  it('a document seen twice (pulled again) is numbered once', () => {
    const n = numberDocuments([...old, ...old], day);
    expect(n.get('d3')!.seq).toBe(2);
  });
});
