/**
 * A pull page's row hashes computed from its UTF-8 bytes (electron/core/sync/lineHashes.ts) equal
 * what the reader computes from the text it decoded (`entityHashOfSlice` over the row's data, as
 * client.ts does); where the bytes alone cannot tell, NaN (the reader then hashes the row itself).
 * And the worker that opens pages (lineHashWorker.ts) gives back the page's bytes and those hashes,
 * or null when it cannot decompress.
 */
import fc from 'fast-check';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, entityHashOfSlice } from '../../../electron/contract/sync/hash.js';
import { lineHashes, pageRowsSpan } from '../../../electron/core/sync/lineHashes.js';
import { openPageOffThread, stopPageWorker } from '../../../electron/core/sync/lineHashWorker.js';

/** The reader's hash of a row line (client.ts: after the fourth comma, up to the closing bracket). */
function readerHash(line: string): number {
  const row = JSON.parse(line) as [string, string];
  let at = -1;
  for (let k = 0; k < 4; k++) at = line.indexOf(',', at + 1);
  return entityHashOfSlice(row[0], row[1], line, at + 1, line.length - 1);
}

const lineOf = (kind: string, id: string, part: string, seq: number, data: unknown) => `[${JSON.stringify(kind)},${JSON.stringify(id)},${JSON.stringify(part)},${seq},${canonicalJson(data)}]`;
const pageOf = (lines: string[]) => Buffer.from(`{"v":1,"cursor":"e.9","to":9,"head":9,"more":true,"rows":[\n${lines.join(',\n')}\n],"sums":{}}`, 'utf8');

function hashesOf(page: Buffer): Float64Array | null {
  const span = pageRowsSpan(page);
  return span ? lineHashes(page, span.start, span.close) : null;
}

describe('row hashes from the page bytes', () => {
  it.each([
    ['a mark (ASCII)', lineOf('mark', 'm1', 'journal/y2026/c5a', 5, { id: 'm1', lessonId: 'l1', studentId: 's1', value: 5, weight: 1 })],
    ['a student with Cyrillic and ё', lineOf('student', 's1', 'class/c5a', 6, { id: 's1', lastName: 'Ёлкина', firstName: 'Алёна' })],
    ['a topic with a character beyond the BMP (a surrogate pair)', lineOf('lesson', 'l1', 'journal/y2026/c5a', 7, { id: 'l1', topic: 'Ноты 𝄞 и эмодзи 🙂' })],
    ['a text with escapes: quote, backslash, line break, control character', lineOf('lesson', 'l2', 'journal/y2026/c5a', 8, { id: 'l2', topic: 'a "b" \\ c\nd\u0001' })],
    ['a tombstone (data null)', lineOf('mark', 'm2', 'journal/y2026/c5a', 9, null)],
    ['commas and brackets inside the data', lineOf('lesson', 'l3', 'journal/y2026/c5a', 10, { id: 'l3', topic: '[1,2],[3]', homework: ',,,' })],
  ])('%s: the same hash as the reader', (_name, line) => {
    const h = hashesOf(pageOf([line]));
    expect(h).not.toBeNull();
    expect(h![0]).toBe(readerHash(line));
  });

  it('several rows: one hash each, in order', () => {
    const lines = [lineOf('mark', 'a', 'p', 1, { v: 1 }), lineOf('student', 'b', 'q', 2, { n: 'Щука' }), lineOf('mark', 'c', 'p', 3, null)];
    expect([...hashesOf(pageOf(lines))!]).toEqual(lines.map(readerHash));
  });

  it.each([
    ['a kind written with an escape', '["m\\u0061rk","m1","p",1,{"a":1}]'],
    ['an id that is not ASCII', '["mark","м1","p",1,{"a":1}]'],
    ['invalid UTF-8 in the data (a lone continuation byte)', Buffer.concat([Buffer.from('["mark","m1","p",1,{"a":"'), Buffer.from([0x80]), Buffer.from('"}]')])],
    ['an overlong encoding', Buffer.concat([Buffer.from('["mark","m1","p",1,{"a":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}]')])],
    ['an encoded surrogate', Buffer.concat([Buffer.from('["mark","m1","p",1,{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}]')])],
    ['a sequence cut by the end of the data', Buffer.concat([Buffer.from('["mark","m1","p",1,{"a":"x'), Buffer.from([0xe2, 0x82]), Buffer.from(']')])],
    ['not a row of that shape', '{"kind":"mark"}'],
    ['trailing space after the row', '["mark","m1","p",1,{"a":1}] '],
  ])('%s: NaN, the reader hashes it itself', (_name, line) => {
    const page = Buffer.concat([Buffer.from('{"rows":[\n'), Buffer.from(line), Buffer.from('\n]}')]);
    const h = hashesOf(page);
    expect(h).toHaveLength(1);
    expect(Number.isNaN(h![0])).toBe(true);
  });

  it('another layout: no span, or null when a line does not end with a comma', () => {
    expect(pageRowsSpan(Buffer.from('{"rows":[["mark","m1","p",1,{}]]}'))).toBeNull();
    expect(pageRowsSpan(Buffer.from('{"rows":[\n["mark","m1","p",1,{}]]}'))).toBeNull();
    const page = Buffer.from('{"rows":[\n["mark","a","p",1,{}]\n["mark","b","p",2,{}]\n]}');
    const span = pageRowsSpan(page)!;
    expect(lineHashes(page, span.start, span.close)).toBeNull();
  });

  it('an empty page: no rows', () => {
    const page = Buffer.from('{"v":1,"rows":[\n\n],"sums":{}}');
    const span = pageRowsSpan(page)!;
    expect(lineHashes(page, span.start, span.close)).toHaveLength(0);
  });

  it('any data, any text: the bytes give the reader’s hash (property)', () => {
    // Any code points (lone surrogates too), and the characters that matter here, often.
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: fc.constantFrom('а', 'ё', 'Ё', 'я', '"', '\\', '\n', ',', ']', '€', '𝄞', '🙂', 'x'), maxLength: 40 }));
    const json = fc.oneof(fc.constant(null), fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(text, fc.integer(), fc.boolean(), fc.array(text, { maxLength: 3 })), { maxKeys: 4 }));
    const row = fc.tuple(fc.stringMatching(/^[A-Za-z]{1,12}$/), fc.stringMatching(/^[A-Za-z0-9_.:-]{1,20}$/), fc.integer({ min: 1, max: 1e9 }), json);
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 8 }), (rows) => {
        const lines = rows.map(([k, id, seq, data]) => lineOf(k, id, 'journal/y/c', seq, data));
        expect([...hashesOf(pageOf(lines))!]).toEqual(lines.map(readerHash));
      }),
      { numRuns: 500 },
    );
  });
});

describe('pages opened in the worker', () => {
  afterAll(() => stopPageWorker());
  const lines = [lineOf('mark', 'm1', 'journal/y2026/c5a', 1, { value: 5 }), lineOf('student', 's1', 'class/c5a', 2, { lastName: 'Ёлкина' })];
  const page = pageOf(lines);

  it.each([
    ['br', brotliCompressSync(page)],
    ['gzip', gzipSync(page)],
    ['deflate', deflateSync(page)],
  ] as const)('%s: the page back, and its rows’ hashes', async (encoding, raw) => {
    const opened = await openPageOffThread(raw, encoding, 1024 * 1024);
    expect(opened).not.toBeNull();
    expect(opened!.body.equals(page)).toBe(true);
    expect([...opened!.hashes!]).toEqual(lines.map(readerHash));
  });

  it('many pages at once come back each to its own request', async () => {
    const pages = Array.from({ length: 12 }, (_, i) => pageOf([lineOf('mark', `m${i}`, 'p', i + 1, { value: i })]));
    const opened = await Promise.all(pages.map((p) => openPageOffThread(gzipSync(p), 'gzip', 1 << 20)));
    opened.forEach((o, i) => expect(o!.body.equals(pages[i]!)).toBe(true));
  });

  it('bytes that do not decompress, or a page over the limit: null (the reader decompresses and fails as the transport would)', async () => {
    expect(await openPageOffThread(Buffer.from('not brotli at all'), 'br', 1 << 20)).toBeNull();
    expect(await openPageOffThread(gzipSync(Buffer.alloc(100_000, 32)), 'gzip', 1000)).toBeNull();
    // The worker is still there for the next page.
    expect((await openPageOffThread(gzipSync(page), 'gzip', 1 << 20))!.body.equals(page)).toBe(true);
  });

  it('the caller keeps its compressed bytes', async () => {
    const raw = gzipSync(page);
    const before = Buffer.from(raw);
    await openPageOffThread(raw, 'gzip', 1 << 20);
    expect(raw.byteLength).toBe(before.byteLength);
    expect(raw.equals(before)).toBe(true);
  });
});
