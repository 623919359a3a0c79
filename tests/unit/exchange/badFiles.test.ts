/**
 * What the administrator reads when the export or class list named in a command is not what it
 * should be (a missing path, a folder for a file, a file of a few bytes, a ZIP or XLSX that is not one
 * or is damaged, a link that leads nowhere or in a circle): the file's name and a Russian message
 * that says what to do — never Node's, yauzl's or exceljs's English text, never a RangeError.
 */
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClassListReadError, readClassList } from '../../../central/exchange/classList/sheet.js';
import { fileProblemText, systemErrorCode } from '../../../central/exchange/fileProblem.js';
import { readExport, ReadError } from '../../../central/exchange/read.js';
import type { Problem } from '../../../central/exchange/problems.js';

let dir: string;

/** Words of Latin letters a message may hold: the names of formats and encodings, and a system error's code. */
const ALLOWED = /\b(CSV|ZIP|Excel|xlsx|xls|csv|UTF-8|UTF-16|Windows-1251|KOI8-R|E[A-Z]+)\b/g;
const onlyRussian = (message: string) => expect(message.replace(ALLOWED, '')).not.toMatch(/[A-Za-z]/);

/** An XLSX workbook's bytes (a ZIP of many entries). */
async function workbook(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('5А');
  ws.addRow(['ФИО', 'Дата рождения', 'Класс']);
  for (let i = 0; i < 50; i++) ws.addRow([`Ёлкин Пётр ${i}`, '02.03.2015', '5А']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A ZIP whose central directory is damaged after its first entry (yauzl reads one entry, then fails). */
function damagedDirectory(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const headers: number[] = [];
  for (let i = 0; i + 4 <= out.length; i++) if (out.readUInt32LE(i) === 0x02014b50) headers.push(i);
  expect(headers.length).toBeGreaterThan(2);
  out.writeUInt32LE(0x12345678, headers[1]!);
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ezhd-bad-files-'));
  const book = await workbook();
  await writeFile(join(dir, 'quote.csv'), '"');
  await writeFile(join(dir, 'nul.csv'), Buffer.from([0, 1, 2]));
  await writeFile(join(dir, 'empty.csv'), '');
  await writeFile(join(dir, 'text.txt'), 'это не архив');
  await writeFile(join(dir, 'fake.zip'), 'это не архив');
  await writeFile(join(dir, 'fake.xlsx'), 'это не книга');
  await writeFile(join(dir, 'old.xls'), Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
  await writeFile(join(dir, 'cut.zip'), book.subarray(0, Math.floor(book.length * 0.6)));
  await writeFile(join(dir, 'cut.xlsx'), book.subarray(0, Math.floor(book.length * 0.6)));
  await writeFile(join(dir, 'directory.zip'), damagedDirectory(book));
  await writeFile(join(dir, 'directory.xlsx'), damagedDirectory(book));
  await mkdir(join(dir, 'folder.xlsx'));
  await mkdir(join(dir, 'dangling'));
  await symlink(join(dir, 'nothing-here.csv'), join(dir, 'dangling', 'students.csv'));
  await mkdir(join(dir, 'circle'));
  await symlink(join(dir, 'circle', 'marks.csv'), join(dir, 'circle', 'marks.csv'));
  await symlink(join(dir, 'loop.csv'), join(dir, 'loop.csv'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function problemsOf(read: Promise<unknown>): Promise<Problem[]> {
  const e = await read.then(
    () => null,
    (x: unknown) => x,
  );
  if (!(e instanceof ReadError) && !(e instanceof ClassListReadError)) throw new Error(`expected a refusal with problems, got ${String(e)}`);
  return e.problems;
}

describe('an export that is not one', () => {
  /** The problem names the path as given (nothing of it could be found). */
  const FULL = '(the full path)';
  it.each([
    ['no such path', 'nowhere', FULL, 'нет такой папки или файла: укажите папку выгрузки или ZIP-архив'],
    ['a path through a file', 'text.txt/export', FULL, 'нет такой папки или файла: укажите папку выгрузки или ZIP-архив'],
    ['a text file', 'text.txt', 'text.txt', 'это не папка и не ZIP-архив: укажите папку выгрузки или ZIP-архив с CSV-файлами'],
    ['a file named .zip that is not one', 'fake.zip', 'fake.zip', 'файл не читается как ZIP-архив: проверьте, что это архив ZIP, или распакуйте его и укажите папку'],
    ['a ZIP cut short', 'cut.zip', 'cut.zip', 'файл не читается как ZIP-архив: проверьте, что это архив ZIP, или распакуйте его и укажите папку'],
    ['a ZIP damaged after its first entry', 'directory.zip', 'directory.zip', 'файл не читается как ZIP-архив: проверьте, что это архив ZIP, или распакуйте его и укажите папку'],
    ['a folder with a link to no file', 'dangling', 'students.csv', 'нет такого файла или папки: проверьте путь'],
    ['a folder with a link to itself', 'circle', 'marks.csv', 'путь ведёт по кругу через ссылки: укажите сам файл или саму папку'],
  ])('%s', async (_, path, file, message) => {
    const problems = await problemsOf(readExport(join(dir, path), () => true));
    expect(problems).toEqual([{ file: file === FULL ? join(dir, path) : file, message }]);
    for (const p of problems) onlyRussian(p.message);
  });
});

describe('a class list that is not one', () => {
  const QUOTES = 'Проверьте кавычки в этой строке — текст с разделителем или кавычкой берут в кавычки, а кавычку внутри удваивают';
  it.each([
    ['no such file', 'nowhere.xlsx', { message: 'нет такого файла: укажите файл списка классов (.xlsx или .csv)' }],
    ['a folder', 'folder.xlsx', { message: 'это папка, а нужен файл: укажите файл списка классов (.xlsx или .csv)' }],
    ['a link to itself', 'loop.csv', { message: 'путь ведёт по кругу через ссылки: укажите сам файл или саму папку' }],
    ['an empty file', 'empty.csv', { message: 'файл пустой: в нём нет ни одной строки' }],
    // fewer than four bytes: once a RangeError («Attempt to access memory outside buffer bounds»)
    ['a CSV of one quote', 'quote.csv', { row: 1, message: `файл не читается как CSV: кавычка открыта в этой строке или выше и не закрыта до конца файла. ${QUOTES}` }],
    ['three bytes with a NUL', 'nul.csv', { row: 1, message: expect.stringMatching(/^в файле есть нулевые байты/) }],
    ['a file named .xlsx that is not one', 'fake.xlsx', { message: expect.stringMatching(/^файл назван \.xlsx, но это не книга Excel/) }],
    ['an XLSX cut short', 'cut.xlsx', { message: expect.stringMatching(/^файл не читается как книга Excel/) }],
    ['an XLSX damaged after its first entry', 'directory.xlsx', { message: expect.stringMatching(/^файл не читается как книга Excel/) }],
    ['an old .xls', 'old.xls', { message: expect.stringMatching(/^это книга старого формата Excel 97–2003/) }],
  ])('%s', async (_, name, problem) => {
    const problems = await problemsOf(readClassList(join(dir, name)));
    expect(problems).toEqual([{ file: name, ...problem }]);
    for (const p of problems) onlyRussian(p.message);
  });
});

describe('fileProblemText', () => {
  it.each([
    ['ENOENT', 'read', 'нет такого файла или папки: проверьте путь'],
    ['ENOENT', 'write', 'нет папки, в которую нужно записать: проверьте путь'],
    ['ENOTDIR', 'read', 'в пути файл стоит на месте папки: проверьте путь'],
    ['EISDIR', 'read', 'это папка, а нужен файл: укажите файл'],
    ['EEXIST', 'write', 'на этом месте уже есть файл, а нужна папка: укажите другую папку'],
    ['EACCES', 'read', 'нет прав на чтение: скопируйте файл в папку, доступную центральной системе, или дайте ей право читать его'],
    ['EPERM', 'write', 'нет прав на запись в эту папку: укажите другую папку или дайте центральной системе право записи в неё'],
    ['ENOSPC', 'write', 'на диске не осталось места: освободите место и повторите'],
    ['EROFS', 'write', 'диск доступен только для чтения: укажите папку на другом диске'],
    ['EBUSY', 'read', 'файл занят другой программой: закройте её (например, Excel) и повторите'],
    ['ELOOP', 'read', 'путь ведёт по кругу через ссылки: укажите сам файл или саму папку'],
    ['EMFILE', 'read', 'открыто слишком много файлов: повторите немного позже'],
    ['EIO', 'read', 'диск не читается: проверьте диск или скопируйте файл на другой'],
    ['EXDEV', 'read', 'файл не читается (ошибка системы EXDEV): проверьте путь и права на файл'],
    [undefined, 'write', 'не удалось записать (ошибка системы): проверьте путь, права на папку и место на диске'],
  ] as const)('%s (%s)', (code, intent, text) => {
    expect(fileProblemText(code, intent)).toBe(text);
    onlyRussian(text);
  });

  it('a system error has a code E…; other errors have none', () => {
    expect(systemErrorCode(Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' }))).toBe('EACCES');
    expect(systemErrorCode(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBeUndefined();
    expect(systemErrorCode(Object.assign(new Error('csv'), { code: 'CSV_QUOTE_NOT_CLOSED' }))).toBeUndefined();
    expect(systemErrorCode(new RangeError('x'))).toBeUndefined();
    expect(systemErrorCode(null)).toBeUndefined();
    expect(systemErrorCode('ENOENT')).toBeUndefined();
  });
});
