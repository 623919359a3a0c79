/**
 * An answer compressed from its parts: the body decompresses to the parts joined, in order, for
 * brotli and gzip, with empty parts, a part of megabytes of Cyrillic text, and no parts at all.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressParts, type AnswerEncoding } from './compressParts.js';

const decompress: Record<AnswerEncoding, (b: Buffer) => Buffer> = { br: brotliDecompressSync, gzip: gunzipSync };
const bytes = (s: string) => Buffer.from(s, 'utf8');
const options = { brotliQuality: 1, gzipLevel: 4 };

describe('compressParts', () => {
  const rows = Array.from({ length: 30_000 }, (_, i) => `["mark","m${i}","journal/2026/5а",${i},{"comment":"Молодец, ${'ё'.repeat(i % 9)}","value":${2 + (i % 4)}}]`).join(',\n');
  const cases: Array<[string, Uint8Array[]]> = [
    ['a page: head, megabytes of rows, tail', [bytes('{"v":2,"rows":[\n'), bytes(rows), bytes('\n],"sums":{}}')]],
    ['with empty parts', [bytes(''), bytes('{"a":'), new Uint8Array(0), bytes('"б"}')]],
    ['a view into a larger buffer', [bytes('xx{"в":1}yy').subarray(2, 9)]],
    ['no parts', []],
  ];
  for (const enc of ['br', 'gzip'] as const) {
    it.each(cases)(`${enc}: %s decompresses to the parts joined`, async (_name, parts) => {
      const body = await compressParts(parts, enc, options);
      expect(decompress[enc](body).equals(Buffer.concat(parts))).toBe(true);
    });
  }

  it('compresses a page of rows many times over (the wire format is the same as one buffer’s)', async () => {
    const parts = cases[0]![1];
    const total = parts.reduce((n, p) => n + p.length, 0);
    const br = await compressParts(parts, 'br', options);
    expect(total).toBeGreaterThan(2_000_000);
    expect(br.length).toBeLessThan(total / 8);
  });
});
