/**
 * Whatever bytes lie at the path an administrator names — a workbook or an export's ZIP with bytes
 * changed, cut short or of any kind — the readers either read them or refuse them with their own
 * Russian problems (ReadError, ClassListReadError): never a RangeError of a short file, never
 * yauzl's or exceljs's English error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassListReadError, readClassList } from '../../../central/exchange/classList/sheet.js';
import { readExport, ReadError } from '../../../central/exchange/read.js';

let dir: string;
let book: Buffer;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ezhd-bad-bytes-'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('5А');
  ws.addRow(['ФИО', 'Дата рождения', 'Класс']);
  for (let i = 0; i < 5; i++) ws.addRow([`Ёлкин Пётр ${i}`, '02.03.2015', '5А']);
  book = Buffer.from(await wb.xlsx.writeBuffer());
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A workbook (a ZIP of a dozen entries) with some bytes changed and maybe cut; or bytes of any kind. */
const damaged = fc.oneof(
  fc
    .tuple(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }), fc.option(fc.nat(), { nil: undefined }))
    .map(([changes, cut]) => {
      const b = Buffer.from(book);
      for (const [at, byte] of changes) b[at % b.length] = byte;
      return cut === undefined ? b : b.subarray(0, cut % b.length);
    }),
  fc.uint8Array({ maxLength: 40 }).map((a) => Buffer.from(a)),
);

let n = 0;
async function outcome(read: () => Promise<unknown>): Promise<'read' | 'refused'> {
  try {
    await read();
    return 'read';
  } catch (e) {
    if (e instanceof ReadError || e instanceof ClassListReadError) {
      for (const p of e.problems) expect(p.message.replace(/\b(ZIP|CSV|Excel|xlsx|xls|csv|UTF-8|UTF-16|Windows-1251|KOI8-R|E[A-Z]+|0x[0-9A-F]+)\b/g, '')).not.toMatch(/[A-Za-z]/);
      return 'refused';
    }
    throw e;
  }
}

describe('damaged files are read or refused in Russian, never fail otherwise', () => {
  it('a class list (.xlsx or .csv)', async () => {
    await fc.assert(
      fc.asyncProperty(damaged, fc.constantFrom('list.xlsx', 'list.csv'), async (bytes, name) => {
        const path = join(dir, `${n++}-${name}`);
        await writeFile(path, bytes);
        await outcome(() => readClassList(path));
      }),
      { numRuns: 150 },
    );
  });

  it('an export in a ZIP', async () => {
    await fc.assert(
      fc.asyncProperty(damaged, async (bytes) => {
        const path = join(dir, `${n++}-export.zip`);
        await writeFile(path, bytes);
        await outcome(() => readExport(path, () => true));
      }),
      { numRuns: 150 },
    );
  });
});
