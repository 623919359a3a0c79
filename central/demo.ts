/**
 * The demo school on the central server: the same generator as the app's demo, so a workstation
 * that opened the demo school locally and this server agree on every id. And journal changes
 * (new, changed and deleted marks) so that a demo and the tests can watch new marks arrive.
 *
 * The central server imports only the contract, never the workstation's code: the generator is
 * given to it (`provideDemoGenerator`) by the launcher that runs it for a demo or a test
 * (scripts/central.ts, `npm run central`; scripts/workstationDemo.ts adapts the workstation's
 * generator). A server started without one refuses to load a demo school.
 */
import { prng } from '../electron/contract/random/prng.js';
import { classPartition, entitiesOf, journalPartition, SCHOOL_PARTITION } from '../electron/contract/sync/kinds.js';
import { AdminError } from './adminError.js';
import type { Db } from './db.js';
import { listEntities, writeEntitiesTx, type EntityChange } from './entities.js';
import { createSchool, getSchool } from './schools.js';

export interface DemoOptions {
  seed: number;
  students: number;
  /** YYYY-MM-DD. */
  asOf: string;
  markDensity?: number;
}

/** A demo school partition by partition, in the replica's file shapes (contract/sync/kinds.ts reads the entities). */
export interface DemoSchoolStream {
  school: { school: { id: string; name: string }; classes: readonly unknown[] };
  classes(): Iterable<{ classData: { classId: string }; journal: { yearId: string; classId: string } }>;
}

/** A generator of demo schools and its defaults (those of the workstation's own demo school). */
export interface DemoGenerator {
  seed: number;
  students: number;
  stream(o: DemoOptions): DemoSchoolStream;
}

let provided: DemoGenerator | null = null;

/** The generator `loadDemo` uses when none is passed (set once by the launcher). */
export function provideDemoGenerator(g: DemoGenerator): void {
  provided = g;
}

export interface LoadDemoOptions {
  schoolId?: string;
  seed?: number;
  students?: number;
  /** YYYY-MM-DD; default today. */
  asOf?: string;
  markDensity?: number;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Default: the one the launcher provided. */
  generator?: DemoGenerator;
}

export function schoolChanges(school: object): EntityChange[] {
  return entitiesOf(school, 'school').map((e) => ({ part: SCHOOL_PARTITION, kind: e.kind, id: e.id, data: e.data }));
}

export function classChanges(c: { classId: string }): EntityChange[] {
  const part = classPartition(c.classId);
  return entitiesOf(c, 'class').map((e) => ({ part, kind: e.kind, id: e.id, data: e.data }));
}

export function journalChanges(j: { yearId: string; classId: string }): EntityChange[] {
  const part = journalPartition(j.yearId, j.classId);
  return entitiesOf(j, 'journal').map((e) => ({ part, kind: e.kind, id: e.id, data: e.data }));
}

/** Loads (or reloads: only differences become changes) the demo school. Returns its id and size. */
export async function loadDemo(db: Db, o: LoadDemoOptions = {}): Promise<{ schoolId: string; entities: number; changed: number; head: number }> {
  const generator = o.generator ?? provided;
  if (!generator) throw new AdminError('демонстрационная школа недоступна: запустите сервер командой npm run central');
  const opts: DemoOptions = {
    seed: o.seed ?? generator.seed,
    students: o.students ?? generator.students,
    asOf: o.asOf ?? new Date().toISOString().slice(0, 10),
    ...(o.markDensity !== undefined ? { markDensity: o.markDensity } : {}),
  };
  const stream = generator.stream(opts);
  const schoolId = o.schoolId ?? stream.school.school.id;
  if (!(await getSchool(db, schoolId))) await createSchool(db, schoolId, stream.school.school.name);
  let entities = 0;
  let changed = 0;
  let head = 0;
  const total = stream.school.classes.length + 1;
  let done = 0;
  const write = async (changes: EntityChange[]) => {
    entities += changes.length;
    // A partition in one transaction: a new one then needs no look-up of what it holds.
    const r = await writeEntitiesTx(db, schoolId, changes, Infinity);
    changed += r.changed;
    if (r.head) head = r.head;
  };
  await write(schoolChanges(stream.school));
  o.onProgress?.(++done, total, 'школа');
  for (const part of stream.classes()) {
    await write([...classChanges(part.classData), ...journalChanges(part.journal)]);
    o.onProgress?.(++done, total, part.classData.classId);
  }
  return { schoolId, entities, changed, head: head || ((await getSchool(db, schoolId))?.seq ?? 0) };
}

export interface AddMarksOptions {
  /** New marks. */
  count: number;
  /** Existing marks whose value changes. */
  changed?: number;
  /** Existing marks deleted (tombstones). */
  deleted?: number;
  seed?: number;
  /** Only this class (all classes by default). */
  classId?: string;
}

/**
 * Journal changes as teachers make them: new marks on existing lessons for students of the class,
 * corrected values, deleted marks. Spread over the school's journal partitions.
 */
export async function addMarks(db: Db, schoolId: string, o: AddMarksOptions): Promise<{ added: number; changed: number; deleted: number; head: number }> {
  const school = await getSchool(db, schoolId);
  if (!school) throw new AdminError(`школа ${schoolId} не найдена: проверьте идентификатор (list-schools)`);
  const random = prng(o.seed ?? Date.now());
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const classes = (await listEntities(db, schoolId, SCHOOL_PARTITION, 'class')).filter((c) => !o.classId || c.id === o.classId);
  if (classes.length === 0) throw new AdminError(`в школе ${schoolId} нет классов: отметки добавляют в школу с классами (load-demo, import)`);
  // Per class: its lessons and students (enough to make plausible marks), loaded once.
  const ctx = new Map<string, { part: string; lessons: string[]; students: string[]; marks: Array<Record<string, unknown>> | null }>();
  const load = async (c: Record<string, unknown>) => {
    const key = String(c.id);
    let x = ctx.get(key);
    if (!x) {
      const part = journalPartition(String(c.yearId), key);
      const lessons = (await listEntities(db, schoolId, part, 'lesson')).map((l) => String(l.id));
      const students = (await listEntities(db, schoolId, classPartition(key), 'student')).map((s) => String(s.id));
      x = { part, lessons, students, marks: null };
      ctx.set(key, x);
    }
    return x;
  };
  const changes: EntityChange[] = [];
  const stamp = `${Date.now().toString(36)}${Math.floor(random() * 1e6).toString(36)}`;
  let added = 0;
  for (let i = 0; i < o.count; i++) {
    const c = await load(pick(classes));
    if (c.lessons.length === 0 || c.students.length === 0) continue;
    const id = `${c.part.slice('journal/'.length).replace('/', '.')}.mx${stamp}.${i}`;
    const value = pick([2, 3, 3, 4, 4, 4, 5, 5]);
    changes.push({ part: c.part, kind: 'mark', id, data: { id, lessonId: pick(c.lessons), studentId: pick(c.students), value, weight: 1 } });
    added++;
  }
  let changed = 0;
  let deleted = 0;
  const edits = (o.changed ?? 0) + (o.deleted ?? 0);
  for (let i = 0; i < edits; i++) {
    const c = await load(pick(classes));
    c.marks ??= await listEntities(db, schoolId, c.part, 'mark');
    if (c.marks.length === 0) continue;
    const m = c.marks.splice(Math.floor(random() * c.marks.length), 1)[0]!;
    if (i < (o.changed ?? 0)) {
      changes.push({ part: c.part, kind: 'mark', id: String(m.id), data: { ...m, value: pick([2, 3, 4, 5].filter((v) => v !== m.value)) } });
      changed++;
    } else {
      changes.push({ part: c.part, kind: 'mark', id: String(m.id), data: null });
      deleted++;
    }
  }
  const r = await writeEntitiesTx(db, schoolId, changes);
  return { added, changed, deleted, head: r.head || school.seq };
}

/** Removes tombstones older than `olderThanDays`; older cursors will be answered with a reset. */
export async function purgeTombstones(db: Db, schoolId: string, olderThanDays: number): Promise<{ purged: number; purgedSeq: number }> {
  return db.tx(async (q) => {
    await q.query(`SELECT seq FROM schools WHERE id = $1 FOR UPDATE`, [schoolId]);
    const r = await q.query<{ seq: unknown }>(
      `DELETE FROM entities WHERE school_id = $1 AND NOT live AND changed_at < now() - ($2::int * interval '1 day') RETURNING seq`,
      [schoolId, olderThanDays],
    );
    const max = r.rows.reduce((m, x) => Math.max(m, Number(x.seq)), 0);
    if (max > 0) await q.query(`UPDATE schools SET purged_seq = GREATEST(purged_seq, $2) WHERE id = $1`, [schoolId, String(max)]);
    const s = await q.query<{ purged_seq: unknown }>(`SELECT purged_seq FROM schools WHERE id = $1`, [schoolId]);
    return { purged: r.rows.length, purgedSeq: Number(s.rows[0]?.purged_seq ?? 0) };
  });
}
