/**
 * Import of a class list (a school's XLSX or CSV) into a school of the central server: the list is
 * read and converted (sheet.ts, convert.ts) — every problem named by file, sheet, row and column —
 * then written as an export of the exchange format into a temporary folder and imported by
 * `importExport` (import.ts): the same validate-then-write in one transaction, the same idempotent
 * comparison by hash, the same pull to the workstations.
 *
 * The rows carry the ids the list derives (convert.ts: `spisok.` namespace, or the ids of the
 * school's existing year and classes), so the export is written as this system's own (`ezhd`):
 * ids taken as they are. Nothing is declared complete: a class list never removes anything.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminError } from '../../adminError.js';
import type { Db } from '../../db.js';
import { dataOfLine } from '../../entities.js';
import { getSchool } from '../../schools.js';
import { csvLine } from '../export.js';
import { FORMAT_VERSION, MANIFEST_FILE } from '../format.js';
import { OWN_SOURCE } from '../ids.js';
import { importExport, type ImportReport } from '../import.js';
import { formatProblem, ImportRefused, type Problem } from '../problems.js';
import { contactsIdOf, convertClassList, type Conversion, type Origin, type ServerSchool } from './convert.js';
import { CLASS_LIST_LIMITS, ClassListReadError, readClassList } from './sheet.js';

export interface ClassListOptions {
  path: string;
  dryRun?: boolean;
  now?: Date;
  limits?: typeof CLASS_LIST_LIMITS;
}

export interface ClassListReport {
  conversion: Conversion;
  import: ImportReport;
  ms: number;
}

/** A class list refused: nothing written; the problems name file, sheet, row and column. */
export class ClassListRefused extends ImportRefused {
  constructor(problems: Problem[]) {
    super(problems);
    this.message = this.message.replace('Выгрузка не загружена', 'Список классов не загружен');
    this.name = 'ClassListRefused';
  }
}

/** The school's years and classes (a class list adds students to the classes the school has). */
export async function serverSchool(db: Db, schoolId: string): Promise<ServerSchool> {
  const r = await db.query<{ kind: string; line: string }>(`SELECT kind, line FROM entities WHERE school_id = $1 AND live AND kind IN ('year', 'class', 'school')`, [schoolId]);
  const out: ServerSchool = { school: null, years: [], classes: [] };
  for (const row of r.rows) {
    const d = dataOfLine(row.line) as Record<string, string>;
    if (row.kind === 'school') out.school = { id: d.id!, name: d.name! };
    else if (row.kind === 'year') out.years.push({ id: d.id!, name: d.name!, start: d.start!, end: d.end! });
    else out.classes.push({ id: d.id!, yearId: d.yearId!, name: d.name! });
  }
  return out;
}

const ru = (iso: string) => iso.split('-').reverse().join('.');

/** The exchange files of a conversion, and where each of their rows came from. */
export function exchangeFilesOf(c: Conversion, now: Date, school?: { id: string; name: string; exists: boolean }): { files: Record<string, string>; origins: Map<string, Origin[]> } {
  const files: Record<string, string> = {};
  const origins = new Map<string, Origin[]>();
  const table = (name: string, header: string[], rows: Array<{ cells: string[]; origin?: Origin }>) => {
    if (rows.length === 0) return;
    files[name] = csvLine(header) + rows.map((r) => csvLine(r.cells)).join('');
    // Row 1 is the header: the origin of row n is at n - 2.
    origins.set(name, rows.map((r) => r.origin ?? { where: c.file, row: 0 }));
  };
  files[MANIFEST_FILE] = [
    ['key', 'value'],
    ['format', FORMAT_VERSION],
    ['source', OWN_SOURCE],
    ['source_name', `Список классов (${c.file})`.slice(0, 200)],
    ['exported_at', now.toISOString()],
  ]
    .map(csvLine)
    .join('');
  // The school's record: from the list's sheet «Школа»; a school that starts from a list without
  // it gets its name as the central server knows it, and the director «не указан» (as a
  // workstation's own new school does).
  const header = ['id', 'name', 'short_name', 'address', 'phone', 'director_last_name', 'director_first_name', 'director_middle_name'];
  if (c.school && school) {
    const s = c.school;
    table('school.csv', header, [{ cells: [school.id, s.name, s.shortName, s.address, s.phone, s.director.lastName, s.director.firstName, s.director.middleName ?? ''] }]);
  } else if (school && !school.exists) {
    table('school.csv', header, [{ cells: [school.id, school.name, school.name.slice(0, 120), '', '', 'Не указан', 'Не указан', ''] }]);
  }
  if (c.year.isNew) table('years.csv', ['id', 'name', 'start', 'end'], [{ cells: [c.year.id, c.year.name, ru(c.year.start), ru(c.year.end)] }]);
  const newClasses = c.classes.filter((k) => k.isNew);
  table(
    'classes.csv',
    ['id', 'year_id', 'grade', 'letter', 'name', 'period_scheme'],
    newClasses.map((k) => ({ cells: [k.id, c.year.id, String(k.grade), k.letter, k.name, k.grade >= 10 ? 'полугодия' : 'четверти'] })),
  );
  const classId = new Map(c.classes.map((k) => [k.name, k.id]));
  table(
    'students.csv',
    ['id', 'class_id', 'last_name', 'first_name', 'middle_name', 'birth_date', 'gender', 'enrolled_on'],
    c.students.map((s) => ({ cells: [s.id, classId.get(s.className)!, s.lastName, s.firstName, s.middleName ?? '', ru(s.birthDate), s.gender === 'f' ? 'ж' : 'м', s.enrolledOn ? ru(s.enrolledOn) : ''], origin: s.origin })),
  );
  const guardians = c.students.flatMap((s) => s.guardians.map((g) => ({ s, g })));
  table(
    'guardians.csv',
    ['id', 'student_id', 'relation', 'last_name', 'first_name', 'middle_name', 'address'],
    guardians.map(({ s, g }) => ({ cells: [g.id, s.id, g.relation, g.lastName, g.firstName, g.middleName ?? '', g.address ?? ''], origin: g.origin })),
  );
  // A guardian's phone and e-mail: one contacts statement, dated the first day of the school year
  // (a fixed date: a re-import of the same list changes nothing).
  const signedOn = c.year.start;
  table(
    'contacts.csv',
    ['id', 'student_id', 'signer_id', 'signed_on', 'registered_at', 'registered_by', 'workstation_id', 'note', 'phone', 'email', 'channels', 'source'],
    guardians
      .filter(({ g }) => g.phone || g.email)
      .map(({ s, g }) => {
        const channels = g.channels ?? [...(g.phone ? ['sms'] : []), ...(g.email ? ['email'] : [])];
        return { cells: [contactsIdOf(g.id), s.id, g.id, ru(signedOn), `${signedOn}T06:00:00.000Z`, 'spisok', 'spisok', 'из списка класса', g.phone ?? '', g.email ?? '', channels.join(' '), 'written'], origin: g.origin };
      }),
  );
  return { files, origins };
}

/** A problem of the converted files, told at the row of the class list it came from. */
function backToList(p: Problem, origins: Map<string, Origin[]>): Problem {
  const o = p.row !== undefined ? origins.get(p.file)?.[p.row - 2] : undefined;
  if (!o || o.row === 0) return { ...p, message: `${p.column ? `поле ${p.column}: ` : ''}${p.message}` };
  return { file: o.where, row: o.row, message: `${p.column ? `(${p.file}, ${p.column}) ` : ''}${p.message}` };
}

/** Reads, checks and imports a class list; throws ClassListRefused (nothing written) on any problem. */
export async function importClassList(db: Db, schoolId: string, o: ClassListOptions): Promise<ClassListReport> {
  const started = performance.now();
  const now = o.now ?? new Date();
  const row = await getSchool(db, schoolId);
  if (!row) throw new AdminError(`школа ${schoolId} не найдена: создайте её (create-school) или проверьте идентификатор (list-schools)`);
  let conversion: Conversion;
  let server: ServerSchool;
  try {
    const list = await readClassList(o.path, o.limits);
    server = await serverSchool(db, schoolId);
    conversion = convertClassList(list, server, now);
  } catch (e) {
    if (e instanceof ClassListReadError) throw new ClassListRefused(e.problems);
    throw e;
  }
  if (conversion.problems.length) throw new ClassListRefused(conversion.problems);
  const { files, origins } = exchangeFilesOf(conversion, now, { id: server.school?.id ?? schoolId, name: row.name, exists: Boolean(server.school) });
  const dir = await mkdtemp(join(tmpdir(), 'ezhd-class-list-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, { mode: 0o600 });
    const report = await importExport(db, schoolId, { path: dir, ...(o.dryRun ? { dryRun: true } : {}), now }).catch((e: unknown) => {
      if (e instanceof ImportRefused) throw new ClassListRefused(e.problems.map((p) => backToList(p, origins)));
      throw e;
    });
    return { conversion, import: report, ms: Math.round(performance.now() - started) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export { formatProblem };
