/**
 * A pull page's rows as the client reads them (client.ts): one row per line, each line decoded and
 * parsed on its own and its data text hashed where it lies. Whatever the mix of Cyrillic, ASCII and
 * characters outside the BMP, each row is what its line says and its hash is h(entity) of its data
 * text; a page in another layout is read whole; a line that is not one row refuses the page.
 */
import { describe, expect, it } from 'vitest';
import { CentralClient, CentralHttpError } from '../../../electron/core/sync/client.js';
import type { SyncTransport } from '../../../electron/core/sync/transport.js';
import { canonicalJson, entityHashOfText } from '../../../electron/contract/sync/hash.js';

const J = 'journal/y2026/c5a';
type Row = [string, string, string, number, Record<string, unknown>];

const transportOf = (body: string): SyncTransport => ({
  request: () => {
    const bytes = Buffer.from(body, 'utf8');
    return Promise.resolve({ status: 200, headers: {}, body: new Uint8Array(bytes), wireBytes: bytes.length });
  },
});

const pageOf = (lines: string[]) => `{"v":1,"cursor":"ab.${lines.length}","to":${lines.length},"head":${lines.length},"more":true,"rows":[\n${lines.join(',\n')}\n],"sums":{}}`;
const lineOf = (r: Row) => `[${JSON.stringify(r[0])},${JSON.stringify(r[1])},${JSON.stringify(r[2])},${r[3]},${canonicalJson(r[4])}]`;

async function read(body: string) {
  const answer = await new CentralClient(transportOf(body), 'http://central', 't').pull('s', '0', 100);
  if (answer.reset) throw new Error('reset');
  return answer.read();
}

/** Rows 1..n: marks, with a topic in Cyrillic (or with an emoji) on the rows `odd` picks. */
function rowsOf(n: number, odd: (i: number) => string | null): Row[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    const topic = odd(i);
    return topic === null ? ['mark', `m${i}`, J, i, { id: `m${i}`, lessonId: 'l1', studentId: 's1', value: 4, weight: 1 }] : ['lesson', `l${i}`, J, i, { id: `l${i}`, topic }];
  });
}

describe('CentralClient.pull, the rows of a page', () => {
  const mixes: Array<[string, (i: number) => string | null]> = [
    ['all ASCII', () => null],
    ['all Cyrillic', (i) => `Тема ${i}`],
    ['one Cyrillic row among ASCII ones', (i) => (i === 100 ? 'Дроби' : null)],
    ['Cyrillic rows at regular places', (i) => (i % 64 === 0 || i % 64 === 1 ? 'Ёлка' : null)],
    ['a character outside the BMP now and then', (i) => (i % 37 === 0 ? 'план 📘' : null)],
    ['every other row', (i) => (i % 2 ? 'Сложение' : null)],
  ];
  it.each(mixes)('%s: each row as its line says, hashed from its data text', async (_, odd) => {
    for (const n of [1, 63, 64, 65, 300]) {
      const rows = rowsOf(n, odd);
      const out = await read(pageOf(rows.map(lineOf)));
      expect(out.page.rows).toEqual(rows);
      expect([...out.hashes!]).toEqual(rows.map((r) => entityHashOfText(r[0], r[1], canonicalJson(r[4]))));
    }
  });

  it('reads a page in another layout whole (a row over several lines after many in one line each)', async () => {
    const rows = rowsOf(150, (i) => (i === 120 ? 'Тема' : null));
    const lines = rows.map(lineOf);
    lines[130] = JSON.stringify(rows[130], null, 1);
    const out = await read(pageOf(lines));
    expect(out.page.rows).toEqual(rows);
    expect(out.hashes).toBeUndefined();
  });

  it('refuses a page with a line that is not one row, on a page all in ASCII or not', async () => {
    for (const odd of [() => null, (i: number) => (i === 99 ? 'Тема' : null)]) {
      const lines = rowsOf(150, odd).map(lineOf);
      // Two rows on one line: it ends with a comma as a row's line does, but is not one row.
      lines[100] = `${lines[100]},${lines[101]}`;
      const e = await read(pageOf(lines)).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CentralHttpError);
      expect((e as CentralHttpError).code).toBe('bad_answer');
      // A line with too few commas for a row's data to be found.
      const short = rowsOf(150, odd).map(lineOf);
      short[70] = '["mark","m71"]';
      const f = await read(pageOf(short)).catch((x: unknown) => x);
      expect(f).toBeInstanceOf(CentralHttpError);
    }
  });
});
