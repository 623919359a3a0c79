/**
 * The row-by-row reading of a CSV file (`openCsv`, what the import reads its data files with)
 * against the reading of the whole file (`parseCsv`): for any bytes — UTF-8 with or without a BOM,
 * Windows-1251, UTF-16, quoted cells with delimiters, quotes and line breaks, blank rows, broken
 * quoting, bytes of no encoding — the same encoding, delimiter, header and rows (with their
 * numbers), and the same problem where `parseCsv` has one.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openCsv, parseCsv, type CsvTable } from '../../../central/exchange/read.js';
import type { Problem } from '../../../central/exchange/problems.js';

type Reading = { problem: Problem } | { encoding: string; delimiter: string; header: string[]; rows: CsvTable['rows'] };

function whole(bytes: Buffer): Reading {
  const t = parseCsv('f.csv', bytes);
  return 'rows' in t ? { encoding: t.encoding, delimiter: t.delimiter, header: t.header, rows: t.rows } : { problem: t };
}

function byRow(bytes: Buffer): Reading {
  const t = openCsv('f.csv', bytes);
  if (!('header' in t)) return { problem: t };
  const rows: CsvTable['rows'] = [];
  const problem = t.forEachRow((no, cells) => rows.push({ no, cells }));
  return problem ? { problem } : { encoding: t.encoding, delimiter: t.delimiter, header: t.header, rows };
}

/** `byRow` through `forEachRowAsync`, the file given to csv-parse in slices of `slice` bytes (a cell, a UTF-8 letter or a line end cut in two). */
async function bySlices(bytes: Buffer, slice: number): Promise<Reading & { betweens?: number }> {
  const t = openCsv('f.csv', bytes);
  if (!('header' in t)) return { problem: t };
  const rows: CsvTable['rows'] = [];
  let betweens = 0;
  const problem = await t.forEachRowAsync(
    (no, cells) => rows.push({ no, cells }),
    () => {
      betweens++;
    },
    slice,
  );
  return problem ? { problem } : { encoding: t.encoding, delimiter: t.delimiter, header: t.header, rows, betweens };
}

const cell = fc.oneof(
  fc.constantFrom('', 'a', ' a ', 'Ёлкин', 'Пётр Иванович', '5', '4,5', '"', 'a;b', 'a,b', 'a\tb', 'a\nb', 'a\r\nb', '№ 8, 10', '«ёлка»', '—', ' ', '\u00a0x'),
  fc.string({ maxLength: 5 }),
  fc.string({ unit: fc.constantFrom('а', 'Ё', ';', ',', '"', ' ', '\n', 'z', '\t'), maxLength: 6 }),
);

/** A table written as Excel and others write it: a delimiter, cells quoted when they need it (or always), some blank lines. */
const csvText = fc
  .record({
    delimiter: fc.constantFrom(';', ',', '\t'),
    quoteAll: fc.boolean(),
    eol: fc.constantFrom('\r\n', '\n'),
    rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 8 }),
    blankAt: fc.array(fc.nat(9), { maxLength: 2 }),
    finalEol: fc.boolean(),
  })
  .map(({ delimiter, quoteAll, eol, rows, blankAt, finalEol }) => {
    const lines = rows.map((r) => r.map((c) => (quoteAll || /[";,\t\r\n]/.test(c) || c !== c.trim() ? `"${c.replace(/"/g, '""')}"` : c)).join(delimiter));
    for (const b of blankAt) lines.splice(Math.min(b, lines.length), 0, '');
    return lines.join(eol) + (finalEol ? eol : '');
  });

/** Damage: a stray quote somewhere, a cut at some point. */
const damaged = fc.tuple(csvText, fc.nat(), fc.constantFrom('quote', 'cut', 'none')).map(([text, at, how]) => {
  const i = text.length ? at % text.length : 0;
  if (how === 'quote') return text.slice(0, i) + '"' + text.slice(i);
  if (how === 'cut') return text.slice(0, i);
  return text;
});

const encoded = fc.tuple(damaged, fc.constantFrom('utf8', 'utf8-bom', 'win1251', 'utf16-bom')).map(([text, enc]) => {
  if (enc === 'utf8') return Buffer.from(text, 'utf8');
  if (enc === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  if (enc === 'win1251') return iconv.encode(text, 'win1251');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
});

describe('openCsv reads what parseCsv reads', () => {
  it('the same encoding, delimiter, header, rows and problems for CSV files of every kind', () => {
    fc.assert(
      fc.property(encoded, (bytes) => {
        expect(byRow(bytes)).toEqual(whole(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('the same for bytes of any kind (no encoding, NUL bytes, invalid UTF-8)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 60 }), fc.constantFrom('', 'id;a\r\n', '\ufeffid;a\r\n'), (raw, prefix) => {
        const bytes = Buffer.concat([Buffer.from(prefix, 'utf8'), Buffer.from(raw)]);
        expect(byRow(bytes)).toEqual(whole(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('read in slices of any size, the same rows and problems, with a pause after every slice', async () => {
    await fc.assert(
      fc.asyncProperty(encoded, fc.integer({ min: 1, max: 40 }), async (bytes, slice) => {
        const { betweens, ...reading } = await bySlices(bytes, slice);
        expect(reading).toEqual(byRow(bytes));
        // UTF-8 goes to csv-parse as it is (other encodings as their UTF-8 text): a pause per slice of it.
        if (betweens !== undefined && 'encoding' in reading && reading.encoding === 'utf-8') expect(betweens).toBe(Math.max(1, Math.ceil((bytes.length - (bytes[0] === 0xef ? 3 : 0)) / slice)));
      }),
      { numRuns: 1500 },
    );
  });

  it('a header line longer than the part read for the delimiter', () => {
    // Nothing but one cell in the first 64 KB: the commas after them decide.
    const header = `${'x'.repeat(70_000)};a,b,c`;
    const bytes = Buffer.from(`${header}\r\n1;2,3,4\r\n`, 'utf8');
    expect(byRow(bytes)).toEqual(whole(bytes));
    expect((byRow(bytes) as { delimiter: string }).delimiter).toBe(',');
  });

  it('what the row function throws is thrown, not reported as a CSV problem', () => {
    const t = openCsv('f.csv', Buffer.from('id;a\r\n1;2\r\n', 'utf8'));
    if (!('header' in t)) throw new Error('not read');
    expect(() =>
      t.forEachRow(() => {
        throw new RangeError('boom');
      }),
    ).toThrow(RangeError);
    const rejected = t.forEachRowAsync(
      () => {
        throw new RangeError('boom');
      },
      () => undefined,
      3,
    );
    return expect(rejected).rejects.toThrow(RangeError);
  });
});
