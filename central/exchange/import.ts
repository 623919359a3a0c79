/**
 * Import of an export (docs/exchange-format.md) into a school of the central server.
 *
 *  1. every file is read, decoded and checked, row by row and column by column, and every row
 *     against the contract's schema and the entities it names (in the export or on the server);
 *  2. the entities are compared with the school's (the hash of each is kept by the server): what
 *     is new, what changed, what moved to another partition, and — only for the kinds and periods
 *     the manifest declares complete — what the source no longer has;
 *  3. only when nothing is wrong, the differences are written in ONE transaction under the
 *     school's lock (`writeEntities`): all or nothing. Unchanged rows are not written at all, so a
 *     re-import changes nothing and workstations pull only what changed.
 *
 * `dryRun` does 1 and 2 and reports what would be added, changed and removed.
 *
 * A school's first load on PostgreSQL (the school has no entity and no partition when its lock is
 * taken) is written WHILE its files are read: the rows read so far go to the database by one COPY
 * after every slice of a file, so the database stores them on its own core while the next rows are
 * read and checked. The rule that keeps «nothing is written unless everything is right»:
 *  - those rows are written in the import's transaction, under the school's lock, and nothing else
 *    (the partitions' hashes and counts, the school's sequence number, the record of the import)
 *    before every file has been read and checked; no other session sees an uncommitted row;
 *  - any problem found — in the last row of the last file, or after it (references to later rows,
 *    guardians) — stops the writing and refuses the import, and the transaction is rolled back:
 *    the COPY is abandoned and every row it wrote is gone; so is anything thrown on the way;
 *  - only rows whose write does not depend on the comparison are written early: in an empty school
 *    every row read is new, in a new partition, and each entity comes once (repeats are refused),
 *    in the order of the files, as the ordinary write would have numbered them. They leave the
 *    comparison as they are written, counted as added: of an empty school nothing is the same,
 *    elsewhere or to remove, and the database, which would give them back, is not asked for them
 *    (big kinds are looked up only for rows not written yet, removals only in the partitions the
 *    school had).
 * A dry run, an import into a school that has data, and PGlite (in this process: nothing to
 * overlap with) read everything first and write at the end.
 */
import { addHash, canonicalJson, entityHashOfText, hashHex } from '../../electron/contract/sync/hash.js';
import { classPartition, journalPartition, KINDS, SCHOOL_PARTITION, type EntityKind } from '../../electron/contract/sync/kinds.js';
import { AdminError } from '../adminError.js';
import type { Db, Queryable } from '../db.js';
import { num } from '../db.js';
import { dataOfLine, EntityWriter, lockSchool, type EntityChange } from '../entities.js';
import { getSchool } from '../schools.js';
import { CLASS_OF, FILES, FORMAT_VERSION, MANIFEST_FILE, Row, fileSpecOf, type Entity, type FileSpec, type Ref, type RowContext } from './format.js';
import { fromSource, internalId, OWN_SOURCE, SOURCE_RE } from './ids.js';
import { ImportRefused, type Problem } from './problems.js';
import { LIMITS, openCsv, parseCsv, readExport, ReadError, type CsvSource, type CsvTable, type RawFile } from './read.js';
import { parseDate, parseMoment } from './values.js';
import { fastReaderOf } from './fastRows.js';
import { IdPlaces } from './idPlaces.js';
import { exportDigest, keepLastImport, unchangedSinceLast, type LastImport } from './lastImport.js';
import { ENTITY_KIND_LABELS } from '../../electron/contract/text/entityKinds.js';
import { humanIssue, type IssueLike } from '../../electron/contract/validation/humanIssue.js';

/** The kind of the record of the last import from a source (school partition; see kinds.ts). */
export const IMPORT_INFO_KIND = 'importInfo';

export const KIND_LABELS = ENTITY_KIND_LABELS;

/** «нет ученика …»: the genitive of the kinds a row refers to. */
const REF_LABELS: Record<string, string> = { student: 'ученика', lesson: 'урока', class: 'класса', subject: 'предмета', teacher: 'учителя', year: 'учебного года', period: 'периода', guardian: 'представителя', document: 'документа' };

export interface Manifest {
  source: string;
  sourceName?: string;
  exportedAt: string;
  tz: string;
  complete: Array<{ spec: FileSpec; from?: string; to?: string; row: number }>;
}

export interface KindCounts {
  added: number;
  changed: number;
  removed: number;
  unchanged: number;
}

export interface ImportReport {
  schoolId: string;
  source: string;
  sourceName?: string;
  exportedAt: string;
  dryRun: boolean;
  /** Rows read per file. */
  files: Record<string, number>;
  byKind: Record<string, KindCounts>;
  added: number;
  changed: number;
  removed: number;
  /** Changes written (0 for a dry run or when nothing differs). */
  written: number;
  /** Special marks and late arrivals that the journal does not keep, by label. */
  skipped: Record<string, number>;
  /** A few examples of each kind of difference: kinds and ids only, never names. */
  examples: string[];
  head: number;
  ms: number;
  /**
   * Where the time went, ms: reading the files (decoding, headers, the manifest), reading and
   * checking the rows (the data files are parsed row by row here), comparing, writing.
   */
  phases: { read: number; rows: number; diff: number; write: number };
  /** The CPU time of this process in each phase, ms (a figure a busy machine does not inflate; PostgreSQL's own work is not in it). */
  cpu: { read: number; rows: number; diff: number; write: number };
  /**
   * The same files as the school's last import, and nothing written in the school since: nothing
   * was read row by row or compared, nothing can differ (lastImport.ts gives the rule).
   */
  sameAsLast?: boolean;
}

export interface ImportOptions {
  path: string;
  dryRun?: boolean;
  now?: Date;
  limits?: typeof LIMITS;
  /** Read and compare every row even when the files are those of the last import (lastImport.ts). */
  compareAll?: boolean;
}

// ---------------------------------------------------------------- manifest

export function readManifest(table: CsvTable | undefined, problems: Problem[]): Manifest | null {
  const file = MANIFEST_FILE;
  if (!table) {
    problems.push({ file, message: 'нет файла manifest.csv: он говорит, откуда выгрузка, когда она сделана и за какие виды и периоды она полная (см. docs/exchange-format.md)' });
    return null;
  }
  const col = (name: string) => table.header.indexOf(name);
  for (const c of ['key', 'value']) if (col(c) < 0) problems.push({ file, row: 1, column: c, message: `нет столбца «${c}»: заголовок manifest.csv — key;value;from;to` });
  if (problems.length) return null;
  const m: Partial<Manifest> & { complete: Manifest['complete'] } = { complete: [], tz: '+03:00' };
  let format: string | undefined;
  const at = (r: { cells: string[] }, c: string) => (col(c) >= 0 ? (r.cells[col(c)] ?? '').trim() : '');
  for (const r of table.rows) {
    const key = at(r, 'key').toLowerCase();
    const value = at(r, 'value');
    const p = (column: string, message: string) => problems.push({ file, row: r.no, column, message });
    switch (key) {
      case 'format':
        format = value;
        if (value !== FORMAT_VERSION) p('value', `версия формата «${value}»: эта программа читает версию ${FORMAT_VERSION}`);
        break;
      case 'source':
        if (!SOURCE_RE.test(value)) p('value', `код источника «${value}»: 2–8 латинских строчных букв и цифр, с буквы (например, sgo, dnevnik, eljur; ${OWN_SOURCE} — выгрузка этой системы)`);
        else m.source = value;
        break;
      case 'source_name':
        m.sourceName = value.slice(0, 200);
        break;
      case 'school':
        break;
      case 'timezone':
        if (!/^[+-]\d{2}:\d{2}$/.test(value)) p('value', `часовой пояс «${value}»: напишите смещение от UTC, например +03:00`);
        else m.tz = value;
        break;
      case 'exported_at': {
        const t = parseMoment(value, m.tz);
        if (!t.ok) p('value', t.message);
        else m.exportedAt = t.value;
        break;
      }
      case 'complete': {
        const spec = fileSpecOf(value);
        if (!spec) {
          p('value', `«${value}» — нет такого файла формата; полными объявляют файлы: ${FILES.map((f) => f.file.replace('.csv', '')).join(', ')}`);
          break;
        }
        const from = at(r, 'from');
        const to = at(r, 'to');
        const entry: Manifest['complete'][number] = { spec, row: r.no };
        if (from || to) {
          if (!spec.dateOf) {
            p('from', `у файла ${spec.file} нет дат: он бывает полным только целиком — оставьте from и to пустыми`);
            break;
          }
          const f = parseDate(from);
          const t = parseDate(to);
          if (!f.ok) p('from', f.message);
          if (!t.ok) p('to', t.message);
          if (!f.ok || !t.ok) break;
          if (f.value > t.value) {
            p('to', 'конец периода раньше начала');
            break;
          }
          entry.from = f.value;
          entry.to = t.value;
        }
        m.complete.push(entry);
        break;
      }
      case '':
        break;
      default:
        p('key', `неизвестный ключ «${key}»: ключи — format, source, source_name, school, exported_at, timezone, complete`);
    }
  }
  if (format === undefined) problems.push({ file, message: `нет строки format: добавьте строку «format;${FORMAT_VERSION}»` });
  if (!m.source && !problems.some((p) => p.column === 'value' && p.file === file)) problems.push({ file, message: 'нет строки source: добавьте строку «source;<код источника>», например «source;sgo»' });
  if (!m.exportedAt && !problems.some((p) => p.file === file && p.row !== undefined)) problems.push({ file, message: 'нет строки exported_at: добавьте момент выгрузки, например «exported_at;2026-11-20T09:00:00Z»' });
  return m.source && m.exportedAt ? (m as Manifest) : null;
}

// ---------------------------------------------------------------- the server's side

/** The live entities of a school: kind+id → the partitions holding it and each one's hash. */
class ServerIndex {
  private slot = new Map<string, number>();
  parts: string[] = [];
  private partCode = new Map<string, number>();
  private slotPart: number[] = [];
  private slotH: number[] = [];
  private slotNext: number[] = [];
  /** Data of the few kinds the import needs to read (years, periods, classes). */
  data = new Map<string, Entity>();

  static key = (kind: string, id: string) => `${kind}\u0000${id}`;

  add(kind: string, id: string, part: string, h: number): void {
    let pc = this.partCode.get(part);
    if (pc === undefined) {
      pc = this.parts.length;
      this.parts.push(part);
      this.partCode.set(part, pc);
    }
    const k = ServerIndex.key(kind, id);
    const s = this.slotPart.length;
    this.slotPart.push(pc);
    this.slotH.push(h);
    this.slotNext.push(this.slot.get(k) ?? -1);
    this.slot.set(k, s);
  }

  /** Every partition holding kind+id, with the entity's hash there. */
  get(kind: string, id: string): Array<{ part: string; h: number }> {
    const out: Array<{ part: string; h: number }> = [];
    for (let s = this.slot.get(ServerIndex.key(kind, id)) ?? -1; s >= 0; s = this.slotNext[s]!) out.push({ part: this.parts[this.slotPart[s]!]!, h: this.slotH[s]! });
    return out;
  }

  has(kind: string, id: string): boolean {
    return this.slot.has(ServerIndex.key(kind, id));
  }

  *entries(): Generator<{ kind: string; id: string; part: string }> {
    for (const [k, first] of this.slot) {
      const i = k.indexOf('\u0000');
      const kind = k.slice(0, i);
      const id = k.slice(i + 1);
      for (let s = first; s >= 0; s = this.slotNext[s]!) yield { kind, id, part: this.parts[this.slotPart[s]!]! };
    }
  }
}

/**
 * The kinds with most entities (a school's year: 1.5 million marks). Nothing refers to them, so the
 * index does not hold them: the entities an import brings are looked up by key, and the whole kind
 * is read only when the manifest declares it complete.
 */
const BIG_KINDS: readonly string[] = ['mark', 'attendance', 'diaryView'];

/**
 * Rows of entities as one text from the database (fields by tab, rows by newline: ids and kinds
 * never hold either): a single value crosses from the database instead of a JS object per row,
 * several times faster for the hundreds of thousands of rows of a school.
 */
async function aggregated(q: Queryable, fields: string[], where: string, params: unknown[]): Promise<string[][]> {
  const expr = fields.map((f) => (f === 'h' ? 'h::text' : f)).join(` || chr(9) || `);
  const r = await q.query<{ s: string | null }>(`SELECT string_agg(${expr}, chr(10)) AS s FROM entities WHERE ${where}`, params);
  const text = r.rows[0]?.s;
  return text ? text.split('\n').map((l) => l.split('\t')) : [];
}

async function loadIndex(q: Queryable, schoolId: string): Promise<ServerIndex> {
  const idx = new ServerIndex();
  for (const [kind, id, part, h] of await aggregated(q, ['kind', 'id', 'part', 'h'], `school_id = $1 AND live AND kind <> ALL($2::text[])`, [schoolId, BIG_KINDS])) idx.add(kind!, id!, part!, Number(h));
  const r = await q.query<{ kind: string; id: string; line: string }>(`SELECT kind, id, line FROM entities WHERE school_id = $1 AND live AND kind IN ('year', 'period', 'class')`, [schoolId]);
  for (const row of r.rows) idx.data.set(ServerIndex.key(row.kind, row.id), dataOfLine(row.line)!);
  return idx;
}

/**
 * Adds to the index the entities of the big kinds that the import brings: a few thousand (a week)
 * by their primary key, one at a time in the index (the planner, without statistics of a freshly
 * loaded school, would otherwise scan them all); many (a whole year) by reading the kinds whole.
 */
async function lookUpBig(q: Queryable, schoolId: string, idx: ServerIndex, keys: Array<{ part: string; kind: string; id: string }>, others: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  if (keys.length > 100_000) {
    // Read whole, but only the partitions that do not hold exactly what the export brings (`others`).
    const kinds = [...new Set(keys.map((k) => k.kind))];
    if (others.length) for (const [kind, id, part, h] of await aggregated(q, ['kind', 'id', 'part', 'h'], `school_id = $1 AND part = ANY($3::text[]) AND kind = ANY($2::text[]) AND live`, [schoolId, kinds, others])) idx.add(kind!, id!, part!, Number(h));
    return new Set(kinds);
  }
  await q.query(`SET LOCAL enable_hashjoin = off`);
  await q.query(`SET LOCAL enable_mergejoin = off`);
  try {
    for (let i = 0; i < keys.length; i += 20_000) {
      const list = keys.slice(i, i + 20_000);
      const r = await q.query<{ kind: string; id: string; part: string; h: unknown }>(
        `SELECT e.kind, e.id, e.part, e.h FROM unnest($2::text[], $3::text[], $4::text[]) AS k(part, kind, id)
           JOIN entities e ON e.school_id = $1 AND e.part = k.part AND e.kind = k.kind AND e.id = k.id
          WHERE e.live`,
        [schoolId, list.map((k) => k.part), list.map((k) => k.kind), list.map((k) => k.id)],
      );
      for (const row of r.rows) idx.add(row.kind, row.id, row.part, num(row.h));
    }
  } finally {
    await q.query(`SET LOCAL enable_hashjoin = on`);
    await q.query(`SET LOCAL enable_mergejoin = on`);
  }
  return new Set();
}

/** A text field of the stored canonical JSON, read by the database without a regular expression. */
const fieldSql = (field: string) => `split_part(split_part(line, '"${field}":"', 2), '"', 1)`;

/**
 * The entities of a big kind within a complete period: marks and attendance on the lessons of the
 * period (of the export and of the server), diary views of its days.
 */
async function bigInPeriod(q: Queryable, schoolId: string, kind: string, from: string, to: string, fileLessons: Map<string, string>, others: string[]): Promise<Array<{ id: string; part: string }>> {
  // Every partition the school had holds exactly what the export brings (or there is none): nothing can go.
  if (others.length === 0) return [];
  if (kind === 'diaryView') {
    const r = await q.query<{ id: string; part: string }>(
      `SELECT id, part FROM entities WHERE school_id = $1 AND kind = 'diaryView' AND live AND left(${fieldSql('at')}, 10) BETWEEN $2 AND $3`,
      [schoolId, from, to],
    );
    return r.rows;
  }
  const lessons = await q.query<{ id: string }>(`SELECT id FROM entities WHERE school_id = $1 AND kind = 'lesson' AND live AND ${fieldSql('date')} BETWEEN $2 AND $3`, [schoolId, from, to]);
  const ids = new Set(lessons.rows.map((l) => l.id));
  for (const [id, date] of fileLessons) if (date >= from && date <= to) ids.add(id);
  if (ids.size === 0) return [];
  const r = await q.query<{ id: string; part: string }>(`SELECT id, part FROM entities WHERE school_id = $1 AND kind = $2 AND live AND ${fieldSql('lessonId')} = ANY($3::text[])`, [schoolId, kind, [...ids]]);
  return r.rows;
}

/** Every live entity of a big kind (a complete file of it) in the partitions `others`: id and partition. */
async function allOfKind(q: Queryable, schoolId: string, kind: string, others: string[]): Promise<Array<{ id: string; part: string }>> {
  if (others.length === 0) return [];
  return (await aggregated(q, ['id', 'part'], `school_id = $1 AND part = ANY($3::text[]) AND kind = $2 AND live`, [schoolId, kind, others])).map(([id, part]) => ({ id: id!, part: part! }));
}

/**
 * The partitions whose stored entities are exactly the export's (the same count and the same sum
 * of entity hashes — the partition hash the workstations check their copies with): nothing in them
 * is new, changed or gone, so their marks, attendance and diary views are neither looked up nor
 * read. A re-import of the same files then reads next to nothing of the server's journal.
 */
async function samePartitions(q: Queryable, schoolId: string, incoming: Incoming[]): Promise<{ same: Set<string>; others: string[] }> {
  const sums = new Map<string, { h: number; count: number }>();
  for (const e of incoming) {
    const s = sums.get(e.part);
    if (s) {
      s.h = addHash(s.h, e.h);
      s.count++;
    } else sums.set(e.part, { h: e.h, count: 1 });
  }
  const r = await q.query<{ part: string; hash: string; count: unknown }>(`SELECT part, hash, count FROM parts WHERE school_id = $1`, [schoolId]);
  const same = new Set<string>();
  const others: string[] = [];
  for (const p of r.rows) {
    const s = sums.get(p.part);
    if (s && num(p.count) === s.count && p.hash === hashHex(s.h)) same.add(p.part);
    else others.push(p.part);
  }
  // `others`: the school's other partitions, the only ones where an entity can be found that the export does not bring.
  return { same, others };
}

// ---------------------------------------------------------------- the import

interface Incoming extends EntityChange {
  kind: EntityKind;
  /** The canonical JSON of the entity, and its hash. */
  text: string;
  h: number;
  /** Written from `text` (`WRITTEN_AS_TEXT`), and new where it goes when it is written early (see the header). */
  data: Entity;
  prev: null;
}

/**
 * The `data` of an import's change that is written from its canonical text (`EntityChange.text`):
 * `writeEntities` reads `data` only to tell a write from a removal, and a year's import parses no
 * million and a half JSON texts back into objects.
 */
const WRITTEN_AS_TEXT: Entity = Object.freeze({});

const incomingOf = (part: string, kind: EntityKind, id: string, text: string): Incoming => ({ part, kind, id, data: WRITTEN_AS_TEXT, text, h: entityHashOfText(kind, id, text), prev: null });

/** Nothing of the school is stored yet: no entity, no partition (its rows can be written as they are read; see the header). */
async function isEmpty(q: Queryable, schoolId: string): Promise<boolean> {
  const r = await q.query<{ empty: boolean }>(
    `SELECT NOT EXISTS (SELECT 1 FROM entities WHERE school_id = $1) AND NOT EXISTS (SELECT 1 FROM parts WHERE school_id = $1) AS empty`,
    [schoolId],
  );
  return r.rows[0]?.empty === true;
}

/** Where a row was met, as one number (a million marks keep no object each): the file's index in FILES and the row. */
const placeOf = (fileNo: number, row: number) => fileNo * 2 ** 32 + row;
const fileOfPlace = (place: number) => Math.floor(place / 2 ** 32);
const rowOfPlace = (place: number) => place % 2 ** 32;

const kindTitle = (kind: string) => KIND_LABELS[kind] ?? kind;

/**
 * Zod's issue path → the column of the file, the message in the app's own Russian (humanIssue):
 * asked for in the parse itself, as zod's global locale is set only where the contract's index or
 * the server was loaded (an admin command run against the database loads neither, and showed
 * «Invalid input: expected string, received number»).
 */
export function schemaProblems(spec: FileSpec, schema: FileSpec['schema'], fields: Record<string, string>, data: Entity, file: string, row: number): Problem[] {
  const r = schema.safeParse(data, { error: (issue) => humanIssue(issue as IssueLike) });
  if (r.success) return [];
  return r.error.issues.map((i) => {
    const path = i.path.filter((p) => typeof p === 'string').join('.');
    return { file, row, column: fields[path] ?? fields[path.split('.')[0]!] ?? path, message: `${i.message}: исправьте значение` };
  });
}

export async function importExport(db: Db, schoolId: string, o: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  const school = await getSchool(db, schoolId);
  if (!school) throw new AdminError(`школа ${schoolId} не найдена: создайте её (create-school) или проверьте идентификатор (list-schools)`);
  let raw: RawFile[];
  try {
    raw = await readExport(o.path, (n) => n === MANIFEST_FILE || FILES.some((f) => f.file === n), o.limits ?? LIMITS);
  } catch (e) {
    if (e instanceof ReadError) throw new ImportRefused(e.problems);
    throw e;
  }
  const problems: Problem[] = [];
  const phases = { read: 0, rows: 0, diff: 0, write: 0 };
  const cpu = { read: 0, rows: 0, diff: 0, write: 0 };
  let mark = performance.now();
  let cpuMark = process.cpuUsage();
  const phase = (name: keyof typeof phases) => {
    const now = performance.now();
    phases[name] += Math.round(now - mark);
    mark = now;
    const used = process.cpuUsage(cpuMark);
    cpu[name] += Math.round((used.user + used.system) / 1000);
    cpuMark = process.cpuUsage();
  };
  const digest = exportDigest(raw);
  if (!o.compareAll) {
    const last = await db.tx((q) => unchangedSinceLast(q, schoolId, digest));
    if (last) {
      phase('read');
      return sameAsLastReport(schoolId, last, Boolean(o.dryRun), phases, cpu, started);
    }
  }
  // The data files are decoded and their headers read here; their rows are read one by one below (`CsvSource`).
  const tables = new Map<string, CsvSource>();
  let manifestTable: CsvTable | undefined;
  for (const f of raw) {
    const t = f.name === MANIFEST_FILE ? parseCsv(f.name, f.bytes) : openCsv(f.name, f.bytes);
    if (!('header' in t)) problems.push(t);
    else if ('rows' in t) manifestTable = t;
    else tables.set(f.name, t);
  }
  raw.length = 0;
  const manifest = readManifest(manifestTable, problems);
  if (!manifest) throw new ImportRefused(problems);
  if (tables.size === 0 && manifest.complete.length === 0) {
    problems.push({ file: o.path, message: 'в выгрузке нет ни одного файла данных (students.csv, marks.csv, …): проверьте папку' });
  }
  // Columns: the required ones present, none unknown (a misspelt column would lose its data).
  for (const spec of FILES) {
    const t = tables.get(spec.file);
    if (!t) continue;
    const known = new Set(spec.columns.map((c) => c.name));
    for (const c of spec.columns) if (c.required && !t.header.includes(c.name)) problems.push({ file: spec.file, row: 1, column: c.name, message: `нет столбца «${c.name}» (${c.doc}): добавьте его в первую строку` });
    t.header.forEach((h) => {
      if (h && !known.has(h)) problems.push({ file: spec.file, row: 1, column: h, message: `неизвестный столбец: столбцы этого файла — ${spec.columns.map((c) => c.name).join(', ')}` });
    });
  }
  if (problems.length) throw new ImportRefused(problems);

  const ctx: RowContext = { source: manifest.source, tz: manifest.tz, exportedAt: manifest.exportedAt, id: (r) => internalId(manifest.source, r) };

  phase('read');
  // Unbounded: the files are read and checked inside the transaction (a first load's COPY open all
  // that time), and a server's statement or idle-in-transaction time limit would cut a big import short.
  return db.tx(async (q) => {
    const head = await lockSchool(q, schoolId);
    if (head === null) throw new AdminError(`школа ${schoolId} не найдена: её удалили, пока шла загрузка`);
    const idx = await loadIndex(q, schoolId);
    // A first load on PostgreSQL is written as it is read (see the header): `streamed` rows so far.
    const writer = o.dryRun ? null : q.copyFrom && (await isEmpty(q, schoolId)) ? new EntityWriter(q, schoolId, head, { eachOnce: true, keepSeqs: false }) : null;
    let streamed = 0;

    // What the import does, by kind, and a few examples (kinds and ids only, never names).
    const byKind: Record<string, KindCounts> = {};
    const counts = (kind: string) => (byKind[kind] ??= { added: 0, changed: 0, removed: 0, unchanged: 0 });
    const examples = new Map<string, string[]>();
    const example = (what: string, kind: string, id: string, part: string) => {
      const key = `${what}\u0000${kind}`;
      let list = examples.get(key);
      if (!list) examples.set(key, (list = []));
      if (list.length < 3) list.push(`${what}: ${kind} ${id}${part === SCHOOL_PARTITION ? '' : ` (${part})`}`);
    };

    // What the export defines, for references and placement (the server's entities fill the rest).
    const fileData = new Map<string, Entity>(); // years, periods, classes, students: kind+id → data
    const filePart = new Map<string, string>(); // lessons, students: kind+id → partition
    const fileIds = new Set<string>(); // every other kind+id of the export
    const known = (kind: string, id: string) => fileData.has(ServerIndex.key(kind, id)) || filePart.has(ServerIndex.key(kind, id)) || fileIds.has(ServerIndex.key(kind, id)) || idx.has(kind, id);
    const dataOf = (kind: string, id: string) => fileData.get(ServerIndex.key(kind, id)) ?? idx.data.get(ServerIndex.key(kind, id));
    const partOf = (kind: string, id: string) => filePart.get(ServerIndex.key(kind, id)) ?? idx.get(kind, id)[0]?.part;
    const classOfStudent = (id: string) => {
      const p = partOf('student', id);
      return p?.startsWith('class/') ? p.slice('class/'.length) : undefined;
    };

    const incoming: Incoming[] = [];
    // Ids met so far, by kind (a guardian: id and student), each with where it was met (`placeOf`).
    const seen = new Map<string, IdPlaces>();
    const seenOf = (kind: string) => {
      let m = seen.get(kind);
      if (!m) seen.set(kind, (m = new IdPlaces()));
      return m;
    };
    const deferred: Array<{ ref: Ref; file: string; row: number }> = [];
    const guardians = new Map<string, { data: Entity; part: string; file: string; row: number }>();
    const skipped: Record<string, number> = {};
    const files: Record<string, number> = {};
    const lessonDates = new Map<string, string>();

    /** The rows read since the last call to the early write, unless something is wrong already (the import will be refused). */
    const writeRead = async () => {
      if (!writer || problems.length > 0 || incoming.length === 0) return;
      // They leave `incoming`: the comparison of an empty school needs nothing of them but their counts
      // (nothing of the server is the same, elsewhere or to remove), and a year's rows are not kept.
      const rows = incoming.splice(0);
      streamed += rows.length;
      for (const e of rows) {
        counts(e.kind).added++;
        example('добавлено', e.kind, e.id, e.part);
      }
      await writer.write(rows);
      // A turn of the event loop: the connection sends what the COPY holds while the next slice is read.
      await new Promise<void>((resolve) => setImmediate(resolve));
    };

    const refProblem = (ref: Ref, file: string, row: number): Problem => ({
      file,
      row,
      column: ref.column,
      message: `нет ${REF_LABELS[ref.kind] ?? ref.kind} «${ref.raw}» ни в выгрузке, ни в центральной системе: добавьте строку в ${FILES.find((f) => f.kind === ref.kind)?.file ?? 'выгрузку'} или исправьте идентификатор`,
    });

    for (const spec of FILES) {
      const t = tables.get(spec.file);
      if (!t) continue;
      let rows = 0;
      const index = new Map(t.header.map((h, i) => [h, i]));
      const fast = fastReaderOf(spec.file, t.header, ctx);
      // What the fast rows look up again and again (a lesson has some 40 marks): once per file
      // (`lessonParts`: the partition of a lesson, or of a student for a diary view).
      const lessonParts = new Map<string, string>();
      const knownStudents = new Set<string>();
      const knownGuardians = new Set<string>();
      const fileNo = FILES.indexOf(spec);
      const unreadable = await t.forEachRowAsync((no, cells) => {
        rows++;
        if (fast) {
          // A plainly valid row of the biggest files; anything else is read below, which reports it.
          const f = fast(cells);
          if (f?.kind === 'skipped') {
            skipped[f.label] = (skipped[f.label] ?? 0) + 1;
            return;
          }
          if (f) {
            let part: string | undefined;
            let refsKnown: boolean;
            if (f.kind === 'finalMark') {
              part = lessonParts.get(f.studentId);
              if (part === undefined) {
                const cls = known('student', f.studentId) ? classOfStudent(f.studentId) : undefined;
                if (cls !== undefined) lessonParts.set(f.studentId, (part = classPartition(cls)));
              }
              refsKnown = known('subject', f.subjectId) && known(f.periodRef.kind, f.periodRef.id);
            } else if (f.kind === 'diaryView') {
              // A student's class partition (known students only: the ordinary reading checks the reference first), as for a final mark.
              part = lessonParts.get(f.studentId);
              if (part === undefined) {
                const cls = known('student', f.studentId) ? classOfStudent(f.studentId) : undefined;
                if (cls !== undefined) lessonParts.set(f.studentId, (part = classPartition(cls)));
              }
              refsKnown = knownGuardians.has(f.guardianId);
              if (!refsKnown && (refsKnown = known('guardian', f.guardianId))) knownGuardians.add(f.guardianId);
            } else {
              part = lessonParts.get(f.lessonId);
              if (part === undefined && (part = partOf('lesson', f.lessonId)) !== undefined) lessonParts.set(f.lessonId, part);
              refsKnown = knownStudents.has(f.studentId);
              if (!refsKnown && (refsKnown = known('student', f.studentId))) knownStudents.add(f.studentId);
            }
            const dups = seenOf(f.kind);
            if (part !== undefined && refsKnown && !dups.has(f.id)) {
              dups.set(f.id, placeOf(fileNo, no));
              incoming.push(incomingOf(part, f.kind, f.id, f.text));
              return;
            }
          }
        }
        const row = new Row(spec.file, no, cells, index, ctx);
        const res = spec.read(row);
        if (row.problems.length || !res) {
          problems.push(...row.problems);
          return;
        }
        if (res.skipped) {
          skipped[res.skipped] = (skipped[res.skipped] ?? 0) + 1;
          return;
        }
        const { [CLASS_OF]: lessonClass, ...data } = res.data as Entity & { [CLASS_OF]?: string };
        // References: to the export (earlier files, or earlier rows of this one) or the server.
        let refsOk = true;
        for (const ref of res.refs) {
          if (known(ref.kind, ref.id)) continue;
          if (ref.kind === spec.kind) deferred.push({ ref, file: spec.file, row: no });
          else {
            problems.push(refProblem(ref, spec.file, no));
            refsOk = false;
          }
        }
        if (!refsOk) return;
        // Defaults that come from other entities.
        if (res.kind === 'student' && data.enrolledOn === undefined) {
          const cls = dataOf('class', String(data.classId));
          const year = cls ? dataOf('year', String(cls.yearId)) : undefined;
          if (year) data.enrolledOn = year.start;
        }
        if (res.kind === 'finalMark' && data.knownOn === undefined) {
          const pid = String(data.periodId);
          const m = /^(year|exam|final):(.+)$/.exec(pid);
          const end = (m ? dataOf('year', m[2]!) : dataOf('period', pid))?.end;
          if (end) data.knownOn = end;
        }
        const schemaSpec = res.kind === spec.kind ? spec : FILES.find((f) => f.kind === res.kind)!;
        const sp = schemaProblems(spec, schemaSpec.schema, schemaSpec.fields, data, spec.file, no);
        if (sp.length) {
          problems.push(...sp);
          return;
        }
        // Placement.
        let part: string | undefined;
        if (spec.placement === 'school') part = SCHOOL_PARTITION;
        else if (res.kind === 'student') part = classPartition(String(data.classId));
        else if (res.kind === 'lesson') {
          const cls = dataOf('class', String(lessonClass));
          part = cls ? journalPartition(String(cls.yearId), String(lessonClass)) : undefined;
        } else if (spec.placement === 'student-class') {
          const c = classOfStudent(String(data.studentId ?? (data.studentIds as string[] | undefined)?.[0]));
          part = c ? classPartition(c) : undefined;
        } else if (spec.placement === 'lesson') {
          part = partOf('lesson', String(data.lessonId));
        }
        if (!part) {
          problems.push({ file: spec.file, row: no, message: 'не удалось определить, в чей журнал или класс записать строку: проверьте ссылки на класс, ученика или урок' });
          return;
        }
        const id = KINDS[res.kind].key(data);
        if (id.length > 64) {
          problems.push({ file: spec.file, row: no, message: `составной идентификатор длиннее 64 знаков: сократите идентификаторы источника` });
          return;
        }
        // Duplicates: the same entity twice in the export (a guardian: the same student twice).
        const dupKey = res.kind === 'guardian' ? `${id}\u0000${String((data.studentIds as string[])[0])}` : id;
        const dups = seenOf(res.kind);
        const first = dups.get(dupKey);
        if (first !== undefined) {
          const idCol = spec.columns[0]!.name;
          problems.push({ file: spec.file, row: no, column: idCol, message: `повтор: та же запись уже есть в ${FILES[fileOfPlace(first)]!.file}, строка ${rowOfPlace(first)}; у каждой записи свой идентификатор — удалите повтор или исправьте идентификатор` });
          return;
        }
        dups.set(dupKey, placeOf(fileNo, no));
        if (res.kind === 'year' || res.kind === 'period' || res.kind === 'class') fileData.set(ServerIndex.key(res.kind, id), data);
        else if (res.kind === 'student' || res.kind === 'lesson') filePart.set(ServerIndex.key(res.kind, id), part);
        // Nothing refers to the big kinds: their ids are only checked for repeats.
        else if (!BIG_KINDS.includes(res.kind)) fileIds.add(ServerIndex.key(res.kind, id));
        if (res.kind === 'lesson') lessonDates.set(id, String(data.date));
        if (res.kind === 'guardian') {
          // One row per student of a guardian: one guardian entity per class of his students.
          const g = guardians.get(`${part}\u0000${id}`);
          if (!g) guardians.set(`${part}\u0000${id}`, { data, part, file: spec.file, row: no });
          else {
            const same = ['lastName', 'firstName', 'middleName', 'relation'].every((k) => g.data[k] === data[k]);
            if (!same) problems.push({ file: spec.file, row: no, message: `у представителя в строке ${g.row} другие ФИО или «кем приходится»: у одного представителя они одинаковы во всех строках` });
            else (g.data.studentIds as string[]).push(...(data.studentIds as string[]));
          }
          return;
        }
        const text = canonicalJson(data);
        incoming.push(incomingOf(part, res.kind, id, text));
      }, writeRead);
      if (unreadable) problems.push(unreadable);
      files[spec.file] = rows;
      tables.delete(spec.file);
    }
    for (const d of deferred) if (!known(d.ref.kind, d.ref.id)) problems.push(refProblem(d.ref, d.file, d.row));
    for (const g of guardians.values()) {
      const text = canonicalJson(g.data);
      const id = String(g.data.id);
      incoming.push(incomingOf(g.part, 'guardian', id, text));
    }
    if (problems.length) {
      await writer?.abort();
      throw new ImportRefused(problems);
    }
    phase('rows');
    if (writer) {
      // Everything is checked: the rest of the rows read, and the end of the COPY (the database stores what it still holds).
      await writeRead();
      await writer.pause();
      phase('write');
    }

    // ------------------------------------------------ the differences
    const changes: EntityChange[] = [];
    // The ids the export brings, by kind: gathered for a kind when a removal first asks (a re-import asks next to never).
    const incomingIds = new Map<string, Set<string>>();
    const brings = (kind: string, id: string) => {
      let ids = incomingIds.get(kind);
      if (!ids) {
        incomingIds.set(kind, (ids = new Set()));
        for (const e of incoming) if (e.kind === kind) ids.add(e.id);
      }
      return ids.has(id);
    };
    const { same, others } = await samePartitions(q, schoolId, incoming);
    const bigUnchanged = (e: Incoming) => same.has(e.part) && BIG_KINDS.includes(e.kind);
    // Rows written already (a first load, see the header) have left `incoming`: never looked up (the database would give them back).
    const loadedWhole = await lookUpBig(q, schoolId, idx, incoming.filter((e) => BIG_KINDS.includes(e.kind) && !same.has(e.part)), others);
    // Copies the server has in another partition than the export's (a student moved to another class).
    const elsewhere: Array<{ part: string; kind: EntityKind; id: string; h: number }> = [];
    for (const e of incoming) {
      if (bigUnchanged(e)) {
        counts(e.kind).unchanged++;
        continue;
      }
      const olds = idx.get(e.kind, e.id);
      const here = olds.find((x) => x.part === e.part);
      if (here && here.h === e.h) {
        counts(e.kind).unchanged++;
        continue;
      }
      // The state the write would look up again is known here (the school is locked); it writes the text.
      changes.push({ part: e.part, kind: e.kind, id: e.id, data: WRITTEN_AS_TEXT, text: e.text, h: e.h, prev: here ? here.h : null });
      if (here || olds.length) {
        counts(e.kind).changed++;
        example('изменено', e.kind, e.id, e.part);
      } else {
        counts(e.kind).added++;
        example('добавлено', e.kind, e.id, e.part);
      }
      for (const old of olds) if (old.part !== e.part) elsewhere.push({ part: old.part, kind: e.kind, id: e.id, h: old.h });
    }
    if (elsewhere.length) {
      // The old copy goes, unless the export brings the entity there too (a guardian of students of two classes).
      const ofKind = new Map<string, Set<string>>();
      for (const o of elsewhere) ofKind.set(o.kind, (ofKind.get(o.kind) ?? new Set()).add(o.id));
      const brought = new Set<string>();
      for (const e of incoming) if (ofKind.get(e.kind)?.has(e.id)) brought.add(`${e.part}\u0000${e.kind}\u0000${e.id}`);
      for (const o of elsewhere) if (!brought.has(`${o.part}\u0000${o.kind}\u0000${o.id}`)) changes.push({ part: o.part, kind: o.kind, id: o.id, data: null, prev: o.h });
    }

    // Removals: only what a complete file (and period) no longer has, of this source.
    const removedKeys = new Set<string>();
    // The server's entities of the complete kinds, by kind (one pass over the index).
    const completeKinds = new Set(manifest.complete.map((c) => c.spec.kind));
    const ofKind = new Map<string, Array<{ id: string; part: string }>>();
    if (completeKinds.size) {
      for (const e of idx.entries()) {
        if (!completeKinds.has(e.kind as EntityKind) || brings(e.kind, e.id) || !fromSource(manifest.source, e.id)) continue;
        let list = ofKind.get(e.kind);
        if (!list) ofKind.set(e.kind, (list = []));
        list.push({ id: e.id, part: e.part });
      }
    }
    const mine = (kind: string) => (e: { id: string }) => !brings(kind, e.id) && fromSource(manifest.source, e.id);
    for (const c of manifest.complete) {
      if (BIG_KINDS.includes(c.spec.kind) && !c.from && !loadedWhole.has(c.spec.kind)) ofKind.set(c.spec.kind, (await allOfKind(q, schoolId, c.spec.kind, others)).filter(mine(c.spec.kind)));
    }
    for (const c of manifest.complete) {
      const big = BIG_KINDS.includes(c.spec.kind);
      const needData = Boolean(c.spec.owns || c.from) && !big;
      const candidates = big && c.from && c.to ? (await bigInPeriod(q, schoolId, c.spec.kind, c.from, c.to, lessonDates, others)).filter(mine(c.spec.kind)) : (ofKind.get(c.spec.kind) ?? []);
      let selected = candidates;
      if (needData && candidates.length) {
        const dateOfLesson = (id: string) => lessonDates.get(id);
        const lines = await linesOf(q, schoolId, c.spec.kind, candidates);
        selected = candidates.filter((x) => {
          const d = lines.get(`${x.part}\u0000${x.id}`);
          if (!d) return false;
          if (c.spec.owns && !c.spec.owns(d)) return false;
          if (c.from && c.to) {
            const date = c.spec.dateOf!(d, dateOfLesson);
            if (!date || date < c.from || date > c.to) return false;
          }
          return true;
        });
      }
      for (const x of selected) {
        const k = `${x.part}\u0000${c.spec.kind}\u0000${x.id}`;
        if (removedKeys.has(k)) continue;
        removedKeys.add(k);
        changes.push({ part: x.part, kind: c.spec.kind, id: x.id, data: null });
        counts(c.spec.kind).removed++;
        example('удалено', c.spec.kind, x.id, x.part);
      }
    }

    incoming.length = 0;
    incomingIds.clear();

    const total = (f: keyof KindCounts) => Object.values(byKind).reduce((n, k) => n + k[f], 0);
    const report: ImportReport = {
      schoolId,
      source: manifest.source,
      ...(manifest.sourceName ? { sourceName: manifest.sourceName } : {}),
      exportedAt: manifest.exportedAt,
      dryRun: Boolean(o.dryRun),
      files,
      byKind,
      added: total('added'),
      changed: total('changed'),
      removed: total('removed'),
      written: 0,
      skipped,
      examples: [...examples.values()].flat(),
      head,
      ms: 0,
      phases,
      cpu,
    };
    phase('diff');
    if (!o.dryRun && (changes.length > 0 || streamed > 0)) {
      // The record of this import, for the workstations (source, moment, counts by kind; no names).
      const now = (o.now ?? new Date()).toISOString();
      const kinds: Record<string, number> = {};
      for (const [k, c] of Object.entries(byKind)) kinds[k] = c.added + c.changed + c.unchanged;
      changes.push({
        part: SCHOOL_PARTITION,
        kind: IMPORT_INFO_KIND,
        id: manifest.source,
        data: compactInfo({ id: manifest.source, sourceName: manifest.sourceName, exportedAt: manifest.exportedAt, importedAt: now, kinds, added: report.added, changed: report.changed, removed: report.removed }),
      });
      const w = writer ?? new EntityWriter(q, schoolId, head);
      await w.write(changes);
      const written = await w.finish();
      report.written = written.changed;
      report.head = written.head;
      phase('write');
    }
    if (!o.dryRun) {
      const kinds: Record<string, number> = {};
      for (const [k, c] of Object.entries(byKind)) if (c.added + c.changed + c.unchanged > 0) kinds[k] = c.added + c.changed + c.unchanged;
      await keepLastImport(q, schoolId, { digest, seq: report.head, source: report.source, ...(report.sourceName ? { sourceName: report.sourceName } : {}), exportedAt: report.exportedAt, files, kinds, skipped });
    }
    report.ms = Math.round(performance.now() - started);
    return report;
  }, { unbounded: true });
}

/** The report of an import whose files are those of the last one, with nothing written since: every entity unchanged. */
function sameAsLastReport(schoolId: string, last: LastImport, dryRun: boolean, phases: ImportReport['phases'], cpu: ImportReport['cpu'], started: number): ImportReport {
  const byKind: Record<string, KindCounts> = {};
  for (const [k, n] of Object.entries(last.kinds)) byKind[k] = { added: 0, changed: 0, removed: 0, unchanged: n };
  return {
    schoolId,
    source: last.source,
    ...(last.sourceName ? { sourceName: last.sourceName } : {}),
    exportedAt: last.exportedAt,
    dryRun,
    files: last.files,
    byKind,
    added: 0,
    changed: 0,
    removed: 0,
    written: 0,
    skipped: last.skipped,
    examples: [],
    head: last.seq,
    ms: Math.round(performance.now() - started),
    phases,
    cpu,
    sameAsLast: true,
  };
}

const compactInfo = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** The data of some entities of a kind, by part+id (marks and attendance: only the lesson they are on). */
async function linesOf(q: Queryable, schoolId: string, kind: string, which: Array<{ id: string; part: string }>): Promise<Map<string, Entity>> {
  const out = new Map<string, Entity>();
  const journal = kind === 'mark' || kind === 'attendance';
  const parts = [...new Set(which.map((w) => w.part))];
  const r = await q.query<{ id: string; part: string; line: string | null; lesson: string | null }>(
    journal
      ? `SELECT id, part, NULL AS line, substring(line from '"lessonId":"([A-Za-z0-9_.:-]+)"') AS lesson FROM entities WHERE school_id = $1 AND kind = $2 AND live AND part = ANY($3::text[])`
      : `SELECT id, part, line, NULL AS lesson FROM entities WHERE school_id = $1 AND kind = $2 AND live AND part = ANY($3::text[])`,
    [schoolId, kind, parts],
  );
  for (const row of r.rows) out.set(`${row.part}\u0000${row.id}`, journal ? { id: row.id, lessonId: row.lesson } : dataOfLine(row.line!)!);
  return out;
}

/** The report in Russian, for the console. */
export function formatReport(r: ImportReport): string {
  const lines: string[] = [];
  lines.push(`${r.dryRun ? 'Проверка без записи (--dry-run)' : 'Загружено'}: школа ${r.schoolId}, источник ${r.source}${r.sourceName ? ` («${r.sourceName}»)` : ''}, выгрузка от ${r.exportedAt}`);
  lines.push(`${r.dryRun ? 'Будет добавлено' : 'Добавлено'}: ${r.added}, ${r.dryRun ? 'изменено' : 'изменено'}: ${r.changed}, ${r.dryRun ? 'удалено' : 'удалено'}: ${r.removed}${r.dryRun ? '' : `; записано изменений: ${r.written}`}`);
  for (const [k, c] of Object.entries(r.byKind)) lines.push(`  ${kindTitle(k)}: +${c.added} ~${c.changed} −${c.removed} (без изменений ${c.unchanged})`);
  for (const [label, n] of Object.entries(r.skipped)) lines.push(`  не перенесено («${label}» — в журнале такой отметки нет): ${n}`);
  if (r.sameAsLast) lines.push('Файлы те же, что при прошлой загрузке, и с тех пор в школе ничего не менялось: сравнивать нечего.');
  if (r.examples.length) lines.push('Примеры:', ...r.examples.map((e) => `  ${e}`));
  lines.push(`Время: ${(r.ms / 1000).toFixed(1)} с (чтение ${(r.phases.read / 1000).toFixed(1)}, проверка строк ${(r.phases.rows / 1000).toFixed(1)}, сравнение ${(r.phases.diff / 1000).toFixed(1)}, запись ${(r.phases.write / 1000).toFixed(1)})`);
  return lines.join('\n');
}
