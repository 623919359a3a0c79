/**
 * Reading a class list: an XLSX workbook (exceljs; every sheet) or a CSV file (UTF-8 or
 * Windows-1251, `;` or `,`: the decoding and the delimiter of the exchange format's reader, then
 * csv-parse). The size is checked before anything is read, an XLSX's uncompressed size from its
 * ZIP directory before it is inflated; an XLSX that is not a ZIP, an old .xls, an empty sheet are
 * refused with a Russian message naming the file.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import type { Problem } from '../problems.js';
import { fileProblemText, systemErrorCode } from '../fileProblem.js';
import { csvProblem, decodeText, detectDelimiter } from '../read.js';
import { cellText, type CellValue } from './cells.js';

export const CLASS_LIST_LIMITS = {
  /** A class list of a big school (3,000 students with their guardians) is well under 5 MB. */
  maxFileBytes: 30 * 1024 * 1024,
  /** The XLSX unpacked (its XML): a few times its packed size. */
  maxUnpackedBytes: 150 * 1024 * 1024,
};

export interface SheetRow {
  /** The row's number as the spreadsheet shows it (1 is the first). */
  no: number;
  cells: CellValue[];
}

export interface Sheet {
  /** The sheet's name (a CSV file: null). */
  name: string | null;
  rows: SheetRow[];
}

export interface ReadList {
  file: string;
  kind: 'xlsx' | 'csv';
  /** CSV: the encoding and delimiter found. */
  encoding?: string;
  delimiter?: string;
  sheets: Sheet[];
}

export class ClassListReadError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'ClassListReadError';
  }
}

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} МБ`;
const fail = (file: string, message: string): never => {
  throw new ClassListReadError([{ file, message }]);
};

/** A file that the system would not read, told in Russian (any other error is thrown as it is). */
const unreadable =
  (file: string) =>
  (e: unknown): never => {
    const code = systemErrorCode(e);
    if (code === undefined) throw e;
    return fail(file, code === 'ENOENT' || code === 'ENOTDIR' ? NO_FILE : fileProblemText(code, 'read'));
  };

const NO_FILE = 'нет такого файла: укажите файл списка классов (.xlsx или .csv)';

/** Whether a path names a class list (a spreadsheet) rather than an export folder or ZIP. */
export const isClassListPath = (path: string) => ['.xlsx', '.xlsm', '.csv', '.xls'].includes(extname(path).toLowerCase());

async function head(path: string, n: number): Promise<Buffer> {
  const f = await open(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const { bytesRead } = await f.read(b, 0, n, 0);
    return b.subarray(0, bytesRead);
  } finally {
    await f.close();
  }
}

/** The unpacked size of a ZIP's entries, from its central directory (nothing is inflated). */
async function unpackedSize(path: string): Promise<number | null> {
  return new Promise((res) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true }, (e, zip) => {
      if (e || !zip) return res(null);
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        zip.readEntry();
      });
      zip.on('end', () => res(total));
      zip.on('error', () => res(null));
      zip.readEntry();
    });
  });
}

/** An exceljs cell's value as text, number or date (formulas: their result; links: their text). */
function valueOf(v: ExcelJS.CellValue): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || v instanceof Date) return v;
  if (typeof v === 'boolean') return v ? 'да' : 'нет';
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('text' in v && v.text !== undefined) return typeof v.text === 'string' ? v.text : valueOf(v.text as ExcelJS.CellValue);
    if ('result' in v) return valueOf((v.result ?? null) as ExcelJS.CellValue);
    if ('error' in v) return null;
  }
  return String(v as unknown);
}

async function readXlsx(path: string, file: string, limits: typeof CLASS_LIST_LIMITS): Promise<ReadList> {
  const unpacked = await unpackedSize(path);
  if (unpacked === null) fail(file, 'файл не читается как книга Excel (.xlsx — это ZIP-архив, а этот файл им не является или повреждён): откройте его в Excel и сохраните заново как «Книга Excel (*.xlsx)»');
  if (unpacked! > limits.maxUnpackedBytes) fail(file, `книга в распакованном виде ${mb(unpacked!)} — больше предела ${mb(limits.maxUnpackedBytes)}: оставьте в ней только список классов`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch {
    fail(file, 'книга Excel повреждена и не читается: откройте её в Excel и сохраните заново как «Книга Excel (*.xlsx)»');
  }
  const sheets: Sheet[] = [];
  wb.eachSheet((ws) => {
    if (ws.state !== 'visible') return;
    const rows: SheetRow[] = [];
    ws.eachRow({ includeEmpty: false }, (row, no) => {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        cells[col - 1] = valueOf(cell.value);
      });
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      if (cells.some((c) => cellText(c) !== '')) rows.push({ no, cells });
    });
    sheets.push({ name: ws.name, rows });
  });
  return { file, kind: 'xlsx', sheets };
}

function readCsv(bytes: Buffer, file: string): ReadList {
  const decoded = decodeText(file, bytes);
  if (!('text' in decoded)) throw new ClassListReadError([decoded]);
  const delimiter = detectDelimiter(decoded.text);
  let records: string[][];
  try {
    records = parse(decoded.text, { delimiter, relax_column_count: true, trim: true, bom: true, skip_empty_lines: false }) as string[][];
  } catch (e) {
    throw new ClassListReadError([csvProblem(file, e)]);
  }
  const rows: SheetRow[] = [];
  records.forEach((cells, i) => {
    if (cells.some((c) => c.trim() !== '')) rows.push({ no: i + 1, cells });
  });
  return { file, kind: 'csv', encoding: decoded.encoding, delimiter, sheets: [{ name: null, rows }] };
}

/** The sheets of a class list at `path` (XLSX or CSV). */
export async function readClassList(path: string, limits: typeof CLASS_LIST_LIMITS = CLASS_LIST_LIMITS): Promise<ReadList> {
  const file = basename(path);
  const s = await stat(path).catch(unreadable(file));
  if (s.isDirectory()) fail(file, 'это папка, а нужен файл: укажите файл списка классов (.xlsx или .csv)');
  if (!s.isFile()) fail(file, 'это не файл: укажите файл списка классов (.xlsx или .csv)');
  if (s.size > limits.maxFileBytes) fail(file, `файл ${mb(s.size)} — больше предела ${mb(limits.maxFileBytes)} для списка классов: в нём, похоже, не только список (сохраните в отдельный файл только листы со списком)`);
  if (s.size === 0) fail(file, 'файл пустой: в нём нет ни одной строки');
  const ext = extname(path).toLowerCase();
  const magic = await head(path, 8).catch(unreadable(file));
  // A file of fewer than four bytes is no ZIP (and is read as CSV text).
  const isZip = magic.length >= 4 && magic.readUInt32LE(0) === 0x04034b50;
  const isOle = magic.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
  if (isOle || ext === '.xls') fail(file, 'это книга старого формата Excel 97–2003 (.xls): откройте её в Excel и сохраните как «Книга Excel (*.xlsx)» или «CSV (разделители — точка с запятой)»');
  if (ext === '.xlsx' || ext === '.xlsm') {
    if (!isZip) fail(file, 'файл назван .xlsx, но это не книга Excel (книга .xlsx — ZIP-архив, а этот файл им не является): откройте его в Excel и сохраните как «Книга Excel (*.xlsx)»');
    return readXlsx(path, file, limits);
  }
  if (isZip) return readXlsx(path, file, limits);
  return readCsv(await readFile(path).catch(unreadable(file)), file);
}
