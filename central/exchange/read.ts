/**
 * Reading an export: a folder or a ZIP of CSV files. Sizes are checked before anything is read or
 * inflated (the ZIP's central directory declares them, and yauzl holds every entry to its declared
 * size); paths of a ZIP are checked before an entry is opened. The text of a file is UTF-8 (with or
 * without a BOM) or Windows-1251, the delimiter `;`, `,` or a tab, found from the header line; the
 * CSV itself is parsed by csv-parse.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Parser, type Options as CsvOptions } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import yauzl from 'yauzl';
import { fileProblemText, systemErrorCode } from './fileProblem.js';
import type { Problem } from './problems.js';

export const LIMITS = {
  /** One CSV file (the marks of a 1,000-student school for a whole year are about 70 MB). */
  maxFileBytes: 150 * 1024 * 1024,
  /** All files together. */
  maxTotalBytes: 600 * 1024 * 1024,
  /** Entries of a ZIP. */
  maxZipEntries: 200,
};

export interface RawFile {
  /** The file's name in the export (`marks.csv`). */
  name: string;
  bytes: Buffer;
}

export class ReadError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => p.message).join('\n'));
    this.name = 'ReadError';
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} МБ`;

function sizeProblem(file: string, size: number, limits: typeof LIMITS): Problem | null {
  return size > limits.maxFileBytes
    ? { file, message: `файл ${mb(size)} — больше предела ${mb(limits.maxFileBytes)}: разделите выгрузку по периодам (например, отметки по четвертям) и загрузите по частям` }
    : null;
}

/** A file or folder that the system would not read, told in Russian (any other error is thrown as it is). */
const unreadable =
  (file: string) =>
  (e: unknown): never => {
    const code = systemErrorCode(e);
    if (code === undefined) throw e;
    throw new ReadError([{ file, message: fileProblemText(code, 'read') }]);
  };

/** The CSV files of an export folder (other files are left alone). */
async function readFolder(dir: string, limits: typeof LIMITS, wanted: (name: string) => boolean): Promise<RawFile[]> {
  const names = (await readdir(dir).catch(unreadable(basename(dir)))).filter((n) => n.toLowerCase().endsWith('.csv')).sort();
  const problems: Problem[] = [];
  let total = 0;
  const sizes = new Map<string, number>();
  for (const n of names) {
    const s = await stat(join(dir, n)).catch(unreadable(n));
    if (!s.isFile()) continue;
    sizes.set(n, s.size);
    total += s.size;
    const p = sizeProblem(n, s.size, limits);
    if (p) problems.push(p);
  }
  if (total > limits.maxTotalBytes) problems.push({ file: basename(dir), message: `выгрузка ${mb(total)} — больше предела ${mb(limits.maxTotalBytes)}: загрузите её по частям` });
  if (problems.length) throw new ReadError(problems);
  const out: RawFile[] = [];
  for (const n of sizes.keys()) if (wanted(n.toLowerCase())) out.push({ name: n.toLowerCase(), bytes: await readFile(join(dir, n)).catch(unreadable(n)) });
  return out;
}

/**
 * The problem of a ZIP entry's path, or null: an absolute path, a drive, `..`, a backslash — a
 * path that could land outside the folder it is unpacked into.
 */
export function zipPathProblem(path: string): string | null {
  if (path.includes('\\')) return 'путь с обратной косой чертой';
  if (path.startsWith('/')) return 'абсолютный путь';
  if (/^[A-Za-z]:/.test(path)) return 'путь с именем диска';
  if (path.split('/').some((p) => p === '..')) return 'путь выходит за пределы папки архива («..»)';
  if (/[\u0000-\u001f]/.test(path)) return 'управляющие символы в имени';
  return null;
}

/** The CSV files of a ZIP: at its top level or in one folder at its top level. */
async function readZip(file: string, limits: typeof LIMITS, wanted: (name: string) => boolean): Promise<RawFile[]> {
  const s = await stat(file).catch(unreadable(basename(file)));
  if (s.size > limits.maxTotalBytes) throw new ReadError([{ file: basename(file), message: `архив ${mb(s.size)} — больше предела ${mb(limits.maxTotalBytes)}: загрузите выгрузку по частям` }]);
  const notZip = new ReadError([{ file: basename(file), message: 'файл не читается как ZIP-архив: проверьте, что это архив ZIP, или распакуйте его и укажите папку' }]);
  const zip = await new Promise<yauzl.ZipFile>((res, rej) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true, autoClose: false }, (e, z) => (e || !z ? rej(e ?? new Error('zip')) : res(z))),
  ).catch((e: unknown) => {
    if (systemErrorCode(e) !== undefined) unreadable(basename(file))(e);
    throw notZip;
  });
  try {
    const entries: Array<{ entry: yauzl.Entry; path: string }> = [];
    const problems: Problem[] = [];
    await new Promise<void>((res, rej) => {
      zip.on('entry', (entry: yauzl.Entry) => {
        // Names are UTF-8 when the archiver says so (bit 11), otherwise the DOS code page of a
        // Russian Windows (cp866).
        const raw = entry.fileName as unknown as Buffer;
        const path = (entry.generalPurposeBitFlag & 0x800 ? raw.toString('utf8') : iconv.decode(raw, 'cp866'));
        const p = zipPathProblem(path);
        if (p) problems.push({ file: `${basename(file)}: ${path}`, message: `${p}: такой архив не загружается; упакуйте файлы выгрузки заново, без папок выше выгрузки` });
        else entries.push({ entry, path });
        if (entries.length + problems.length > limits.maxZipEntries) {
          problems.push({ file: basename(file), message: `в архиве больше ${limits.maxZipEntries} файлов: в выгрузке их не больше двух десятков` });
          return res();
        }
        zip.readEntry();
      });
      zip.on('end', () => res());
      // A damaged directory entry after good ones (yauzl's English text is not shown).
      zip.on('error', (e: unknown) => rej(systemErrorCode(e) !== undefined ? e : notZip));
      zip.readEntry();
    }).catch(unreadable(basename(file)));
    const csvs = entries.filter((e) => !e.path.endsWith('/') && e.path.toLowerCase().endsWith('.csv') && !e.path.split('/').some((p) => p.startsWith('__MACOSX')));
    const tops = new Set(csvs.map((e) => (e.path.includes('/') ? e.path.slice(0, e.path.lastIndexOf('/')) : '')));
    if (tops.size > 1) problems.push({ file: basename(file), message: `файлы выгрузки лежат в разных папках архива (${[...tops].map((t) => t || 'корень').join(', ')}): положите все файлы в одну папку` });
    let total = 0;
    for (const e of csvs) {
      total += e.entry.uncompressedSize;
      const p = sizeProblem(`${basename(file)}: ${e.path}`, e.entry.uncompressedSize, limits);
      if (p) problems.push(p);
    }
    if (total > limits.maxTotalBytes) problems.push({ file: basename(file), message: `распакованная выгрузка ${mb(total)} — больше предела ${mb(limits.maxTotalBytes)}: загрузите её по частям` });
    if (problems.length) throw new ReadError(problems);
    const out: RawFile[] = [];
    for (const e of csvs) {
      const name = e.path.slice(e.path.lastIndexOf('/') + 1).toLowerCase();
      if (!wanted(name)) continue;
      const bytes = await new Promise<Buffer>((res, rej) => {
        zip.openReadStream(e.entry, (err, stream) => {
          if (err || !stream) return rej(err ?? new Error('zip entry'));
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => res(Buffer.concat(chunks)));
          stream.on('error', rej);
        });
      }).catch(() => {
        throw new ReadError([{ file: `${basename(file)}: ${e.path}`, message: 'файл архива повреждён (не распаковывается или его размер не совпадает с заявленным): упакуйте выгрузку заново' }]);
      });
      out.push({ name, bytes });
    }
    return out;
  } finally {
    zip.close();
  }
}

/** The files of an export at `path` (a folder or a .zip). `wanted`: which file names to read. */
export async function readExport(path: string, wanted: (name: string) => boolean, limits: typeof LIMITS = LIMITS): Promise<RawFile[]> {
  const s = await stat(path).catch((e: unknown) => {
    if (systemErrorCode(e) === 'ENOENT' || systemErrorCode(e) === 'ENOTDIR') throw new ReadError([{ file: path, message: 'нет такой папки или файла: укажите папку выгрузки или ZIP-архив' }]);
    return unreadable(path)(e);
  });
  if (s.isDirectory()) return readFolder(path, limits, wanted);
  const head = Buffer.alloc(4);
  await new Promise<void>((res) => {
    const st = createReadStream(path, { start: 0, end: 3 });
    st.on('data', (c) => (c as Buffer).copy(head));
    st.on('close', () => res());
    st.on('error', () => res());
  });
  if (head.readUInt32LE(0) === 0x04034b50 || path.toLowerCase().endsWith('.zip')) return readZip(path, limits, wanted);
  throw new ReadError([{ file: basename(path), message: 'это не папка и не ZIP-архив: укажите папку выгрузки или ZIP-архив с CSV-файлами' }]);
}

// ---------------------------------------------------------------- text

/** Bytes 0x80–0xBF that Windows-1251 text of a Russian office holds (Ё ё № « » – — “ ” „ … and NBSP). */
const CP1251_PUNCT = new Set([0xa8, 0xb8, 0xb9, 0xab, 0xbb, 0x96, 0x97, 0x93, 0x94, 0x84, 0x85, 0xa0, 0x91, 0x92, 0xb0, 0xa7, 0xb1, 0xb7, 0x95, 0x99, 0xa9, 0xae, 0xb5, 0xb6]);

const lineOf = (bytes: Buffer, at: number) => {
  let n = 1;
  for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) n++;
  return n;
};

/**
 * The text of a CSV file: UTF-8 with a BOM; UTF-16 with a BOM (Excel's «Текст Юникод»); UTF-8
 * without one when every byte sequence is valid UTF-8; otherwise Windows-1251 — unless the bytes
 * cannot be Russian text in it (NUL bytes of UTF-16, bytes Windows-1251 does not use, letters
 * almost all capitals as KOI8-R text reads in Windows-1251).
 */
export function decodeText(file: string, bytes: Buffer): { text: string; encoding: 'utf-8' | 'windows-1251' | 'utf-16le' } | Problem {
  const what = 'сохраните файл в кодировке UTF-8 или Windows-1251 (в Excel: «Сохранить как» → «CSV UTF-8 (разделители — запятые)» или «CSV (разделители — точка с запятой)»)';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: bytes.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { file, row: lineOf(bytes, nul), message: `в файле есть нулевые байты — похоже на UTF-16 без метки или на двоичный файл: ${what}` };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    /* not UTF-8: Windows-1251? */
  }
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    if (b >= 0xc0 && b <= 0xdf) upper++;
    else if (b >= 0xe0) lower++;
    else if (!CP1251_PUNCT.has(b)) {
      return { file, row: lineOf(bytes, i), message: `байт 0x${b.toString(16).toUpperCase()} не встречается в русском тексте ни в UTF-8, ни в Windows-1251 — кодировка файла другая: ${what}` };
    }
  }
  // Russian text has 1 capital for 5–10 small letters; KOI8-R read as Windows-1251 is the other way round.
  if (upper + lower >= 20 && upper > lower * 2) {
    return { file, message: `текст файла не похож на Windows-1251 (почти все буквы — заглавные; так выглядит KOI8-R): ${what}` };
  }
  return { text: iconv.decode(bytes, 'win1251'), encoding: 'windows-1251' };
}

/** The delimiter of the header line: the most frequent of `;`, `,`, tab outside quotes (`;` on a tie, as Russian Excel writes). */
export function detectDelimiter(text: string): ';' | ',' | '\t' {
  return headerDelimiter(text).delimiter;
}

/** `detectDelimiter`, and whether the header line ended within `text` (a newline outside quotes). */
function headerDelimiter(text: string): { delimiter: ';' | ',' | '\t'; ended: boolean } {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  let ended = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      ended = true;
      break;
    } else if (!quoted && c in counts) counts[c as keyof typeof counts]++;
  }
  if (counts['\t'] > counts[';'] && counts['\t'] > counts[',']) return { delimiter: '\t', ended };
  return { delimiter: counts[','] > counts[';'] ? ',' : ';', ended };
}

export interface CsvTable {
  file: string;
  encoding: string;
  delimiter: string;
  header: string[];
  /** Rows without the header and blank rows; `no` is the row's number as a spreadsheet shows it (the header is 1). */
  rows: Array<{ no: number; cells: string[] }>;
}

const QUOTES_HINT = 'текст с разделителем или кавычкой берут в кавычки, а кавычку внутри удваивают';

/**
 * What a user is told of a CSV file csv-parse cannot read: in Russian, from the error's code and
 * line (csv-parse's own English text, with the bytes it quotes, is never shown).
 */
export function csvProblem(file: string, e: unknown): Problem {
  const { code, lines } = (e ?? {}) as { code?: unknown; lines?: unknown };
  const row = typeof lines === 'number' && lines > 0 ? { row: lines } : {};
  const what =
    code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'кавычка открыта в этой строке или выше и не закрыта до конца файла'
      : code === 'CSV_INVALID_CLOSING_QUOTE' || code === 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE'
        ? 'после закрывающей кавычки идёт текст, а не разделитель или конец строки'
        : code === 'CSV_MAX_RECORD_SIZE'
          ? 'строка слишком длинная'
          : 'кавычки расставлены неверно';
  return { file, ...row, message: `файл не читается как CSV: ${what}. Проверьте кавычки в этой строке — ${QUOTES_HINT}` };
}

/** A CSV file's rows (every cell a string, trimmed of surrounding spaces). */
export function parseCsv(file: string, bytes: Buffer): CsvTable | Problem {
  const decoded = decodeText(file, bytes);
  if (!('text' in decoded)) return decoded;
  const delimiter = detectDelimiter(decoded.text);
  let records: string[][];
  try {
    records = parse(decoded.text, { delimiter, relax_column_count: true, trim: true, bom: true }) as string[][];
  } catch (e) {
    return csvProblem(file, e);
  }
  const [header = [], ...rows] = records;
  const out: CsvTable['rows'] = [];
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i]!;
    if (cells.length > 1 || cells[0] !== '') out.push({ no: i + 2, cells });
  }
  return { file, encoding: decoded.encoding, delimiter, header: header.map((h) => h.trim().toLowerCase()), rows: out };
}

/**
 * A CSV file read row by row (`parseCsv` without keeping every row: a year's marks are a million
 * and a half arrays of cells, which the garbage collector would otherwise copy again and again
 * while the rest is read). The same decoding, delimiter, header, rows and problems as `parseCsv`.
 */
export interface CsvSource {
  file: string;
  encoding: string;
  delimiter: string;
  /** The header (lower case). */
  header: string[];
  /**
   * Calls `row` for every row after the header that is not blank, in order, with its number as
   * `CsvTable.rows` gives it; returns the problem of a file that stops being CSV somewhere (the
   * rows before that place were given). What `row` throws is thrown.
   */
  forEachRow(row: (no: number, cells: string[]) => void): Problem | null;
  /**
   * `forEachRow`, the file read in slices of `sliceBytes`, with `between()` awaited after each
   * slice's rows (an import sends the rows made so far to the database meanwhile).
   */
  forEachRowAsync(row: (no: number, cells: string[]) => void, between: () => Promise<void> | void, sliceBytes?: number): Promise<Problem | null>;
}

/** `parseCsv`'s reading, row by row (see `CsvSource`). */
export function openCsv(file: string, bytes: Buffer): CsvSource | Problem {
  let data: Buffer;
  let encoding: string;
  let delimiter: ';' | ',' | '\t';
  // UTF-8 (what `decodeText` finds first) goes to csv-parse as it is: it reads bytes, and a text would be encoded back.
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom || (bytes.indexOf(0) < 0 && isUtf8(bytes))) {
    data = bom ? bytes.subarray(3) : bytes;
    encoding = 'utf-8';
    const head = headerDelimiter(data.subarray(0, 64 * 1024).toString('utf8'));
    delimiter = head.ended || data.length <= 64 * 1024 ? head.delimiter : detectDelimiter(data.toString('utf8'));
  } else {
    const decoded = decodeText(file, bytes);
    if (!('text' in decoded)) return decoded;
    data = Buffer.from(decoded.text, 'utf8');
    encoding = decoded.encoding;
    delimiter = detectDelimiter(decoded.text);
  }
  const options = { delimiter, relax_column_count: true, trim: true, bom: true };
  let header: string[];
  try {
    header = ((parse(data, { ...options, to: 1 }) as string[][])[0] ?? []).map((h) => h.trim().toLowerCase());
  } catch (e) {
    return csvProblem(file, e);
  }
  /** The records as `row` wants them: numbered, the header and blank rows left out; what `row` throws kept in `thrown`. */
  const numbered = (row: (no: number, cells: string[]) => void, thrown: { error?: unknown; is?: boolean }) => {
    let record = 0;
    return (cells: string[]) => {
      const no = ++record;
      if (no > 1 && (cells.length > 1 || cells[0] !== '')) {
        try {
          row(no, cells);
        } catch (error) {
          // Kept to be thrown as it is (csv-parse could report it as its own error).
          thrown.error = error;
          thrown.is = true;
          throw error;
        }
      }
    };
  };
  const forEachRow: CsvSource['forEachRow'] = (row) => {
    const thrown: { error?: unknown; is?: boolean } = {};
    try {
      eachRecord(data, options, numbered(row, thrown));
    } catch (e) {
      if (thrown.is) throw thrown.error;
      return csvProblem(file, e);
    }
    return null;
  };
  return {
    file,
    encoding,
    delimiter,
    header,
    forEachRow,
    async forEachRowAsync(row, between, sliceBytes = 512 * 1024) {
      const thrown: { error?: unknown; is?: boolean } = {};
      const api = (new Parser(options) as unknown as { api?: ParserApi }).api;
      if (typeof api?.parse !== 'function') {
        const problem = forEachRow(row);
        await between();
        return problem;
      }
      const push = numbered(row, thrown);
      for (let at = 0; ; at += sliceBytes) {
        const end = at + sliceBytes >= data.length;
        let error: Error | undefined;
        try {
          error = api.parse(end ? data.subarray(at) : data.subarray(at, at + sliceBytes), end, push, () => undefined);
        } catch (e) {
          if (thrown.is) throw thrown.error;
          error = e as Error;
        }
        if (error !== undefined) return csvProblem(file, error);
        await between();
        if (end) return null;
      }
    },
  };
}

/** The part of csv-parse's parser that its own `csv-parse/sync` drives (`Parser#api`). */
interface ParserApi {
  parse(data: Buffer, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
}

/**
 * csv-parse's reading of `data`, each record given to `push` as it is parsed (what
 * `csv-parse/sync` does, without collecting the records; its `on_record` option would cost a
 * description object per record). Throws what csv-parse reports.
 */
function eachRecord(data: Buffer, options: CsvOptions, push: (record: string[]) => void): void {
  const api = (new Parser(options) as unknown as { api?: ParserApi }).api;
  if (typeof api?.parse !== 'function') {
    // A csv-parse without it: the public option.
    parse(data, { ...options, on_record: (cells: string[]) => (push(cells), null) });
    return;
  }
  const error = api.parse(data, true, push, () => undefined);
  if (error !== undefined) throw error;
}
