/**
 * Test bench for sync: a central server on PGlite (or on PostgreSQL when EZHD_TEST_PG_URL is set),
 * workstations as in-memory apps with the fixture school, documents registered the way the
 * registry does it (document and pending mutation in one class write).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll } from 'vitest';
import { openPg, openPglite, type Db } from '../../../central/db.js';
import { classChanges, journalChanges, schoolChanges } from '../../../central/demo.js';
import { writeEntitiesTx } from '../../../central/entities.js';
import { migrate } from '../../../central/schema.js';
import { createSchool, issueCode } from '../../../central/schools.js';
import { startCentralServer, type CentralServer } from '../../../central/server.js';
import type { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { Lesson, Mark } from '../../../electron/contract/entities/journal.js';
import { configureSync, type SyncEngine, type SyncEngineOptions } from '../../../electron/core/sync/engine.js';
import { MUTATION_KINDS } from '../../../electron/contract/sync/kinds.js';
import { addMutation, reserveStamp } from '../../../electron/core/sync/mutations.js';
import { fetchTransport } from '../../../electron/core/sync/transport.js';
import { emptyJournal, type JournalData } from '../../../electron/core/store/schema.js';
import { fixtureSchool } from '../helpers/fixtureSchool.js';
import { pgliteTemplate } from '../helpers/pgliteTemplate.js';
import { testApp, type TestApp } from '../helpers/testApp.js';

export { pgliteFolder, pgliteTemplate } from '../helpers/pgliteTemplate.js';

export const PG_URL = process.env.EZHD_TEST_PG_URL;

/** The databases the protocol tests run on: PGlite always, PostgreSQL when EZHD_TEST_PG_URL is set (skipped, and said so, otherwise). */
export const DB_KINDS: Array<'pglite' | 'pg'> = ['pglite', 'pg'];
export const skipDb = (kind: 'pglite' | 'pg') => kind === 'pg' && !PG_URL;
export const PG_SKIP_NOTE = 'PostgreSQL: set EZHD_TEST_PG_URL (e.g. postgres://user:pass@127.0.0.1:5432/db) to run';

export interface TestDb {
  db: Db;
  close(): Promise<void>;
}

/**
 * A fresh database: PGlite in memory started from the empty dump, or a schema of its own on the
 * PostgreSQL server. Migrated as the server migrates it.
 */
export async function openTestDb(kind: 'pglite' | 'pg'): Promise<TestDb> {
  if (kind === 'pglite') {
    const db = await openPglite(undefined, { loadDataDir: await pgliteTemplate() });
    await migrate(db, { partitions: 4 });
    return { db, close: () => db.close() };
  }
  const schema = `sync_t_${randomBytes(5).toString('hex')}`;
  const db = await openPg(PG_URL!, { schema, max: 8 });
  await migrate(db, { partitions: 4 });
  return {
    db,
    close: async () => {
      await db.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
      await db.close();
    },
  };
}

export const uniqueSchoolId = (prefix = 'sch') => `${prefix}_${randomBytes(4).toString('hex')}`;

/** The fixture journal of 5А: a few lessons with marks. */
export function fixtureJournal(lessons = 6): JournalData {
  const j = emptyJournal('y2026', 'c5a');
  const students = ['s1', 's2', 's3'];
  for (let i = 1; i <= lessons; i++) {
    const l: Lesson = { id: `y2026.c5a.l${i}`, subjectId: i % 2 ? 'math' : 'rus', teacherId: 't1', date: `2026-09-${String(i + 1).padStart(2, '0')}`, lessonNo: 1, topic: `Тема ${i}`, type: 'урок' };
    j.lessons.push(l);
    for (const s of students) {
      const m: Mark = { id: `y2026.c5a.m${i}.${s}`, lessonId: l.id, studentId: s, value: 2 + ((i + s.length) % 4), weight: 1 };
      j.marks.push(m);
    }
  }
  j.attendance.push({ id: 'y2026.c5a.a1', lessonId: 'y2026.c5a.l1', studentId: 's3', kind: 'б' });
  return j;
}

/** Loads the fixture school (the same one the test workstations have) into the central database. */
export async function seedFixtureSchool(db: Db, schoolId = uniqueSchoolId()): Promise<string> {
  const { school, classes } = await fixtureSchool();
  await createSchool(db, schoolId, school.school.name);
  const { users: _u, workstation: _w, ...rest } = school;
  await writeEntitiesTx(db, schoolId, [...schoolChanges(rest), ...classes.flatMap((c) => classChanges(c)), ...journalChanges(fixtureJournal())]);
  return schoolId;
}

export async function startCentral(db: Db, opts: Partial<Parameters<typeof startCentralServer>[0]> = {}): Promise<CentralServer> {
  return startCentralServer({ db, port: 0, ...opts });
}

/** The server's hash of every partition of a school. */
export async function serverHashes(db: Db, schoolId: string): Promise<Record<string, string>> {
  const r = await db.query<{ part: string; hash: string }>(`SELECT part, hash FROM parts WHERE school_id = $1`, [schoolId]);
  return Object.fromEntries(r.rows.map((x) => [x.part, x.hash]));
}

export interface Workstation {
  t: TestApp;
  engine: SyncEngine;
  id: string;
}

/**
 * A workstation: an in-memory app with the fixture school (or an empty school file), its own
 * workstation id, the engine with a transport (direct by default), enrolled with a fresh code.
 */
export async function workstation(
  db: Db,
  schoolId: string,
  centralUrl: string,
  opts: { id?: string; engine?: Partial<SyncEngineOptions>; now?: string; bare?: boolean } = {},
): Promise<Workstation> {
  const t = await testApp(opts.now ? { now: opts.now } : {});
  const id = opts.id ?? `ws-${randomBytes(3).toString('hex')}`;
  await t.app.core.store.updateSchool((d) => {
    d.workstation = { id, lastHlc: '', nextMutationSeq: 1 };
    if (opts.bare) {
      // A workstation set up empty: everything of the school comes from the central system.
      d.classes = [];
      d.subjects = [];
      d.teachers = [];
      d.years = [];
      d.periods = [];
    }
  });
  if (opts.bare) {
    for (const c of ['c5a', 'c9b']) await t.app.core.store.updateClass(c, (d) => Object.assign(d, { students: [], guardians: [] }));
  }
  const engine = configureSync(t.app.core, {
    transport: fetchTransport(),
    background: false,
    random: () => 0.5,
    backoff: { baseMs: 5, maxMs: 50 },
    timeoutMs: 10_000,
    ...opts.engine,
  });
  const { code } = await issueCode(db, schoolId);
  await engine.enroll(centralUrl, code, `Рабочее место ${id}`);
  return { t, engine, id };
}

let docCounter = 0;

/** Registers a consent the way the registry does: the document and its pending mutation in one write. */
export async function registerConsent(
  w: Workstation,
  o: { classId?: string; studentId?: string; guardianId?: string; signedOn?: string; author?: string; kind?: 'pd_consent' | 'pd_nonconsent' } = {},
): Promise<RegistryDocument> {
  const core = w.t.app.core;
  const now = core.now();
  const stamp = await reserveStamp(core.store, now);
  const doc = {
    id: `doc-${w.id}-${++docCounter}-${randomBytes(2).toString('hex')}`,
    studentId: o.studentId ?? 's1',
    signerKind: 'guardian',
    signerId: o.guardianId ?? 'g1',
    signedOn: o.signedOn ?? '2026-11-19',
    registeredAt: now.toISOString(),
    registeredBy: o.author ?? 'u_teacher_5a',
    hlc: stamp.hlc,
    workstationId: w.id,
    kind: o.kind ?? 'pd_consent',
  } as RegistryDocument;
  await core.store.updateClass(o.classId ?? 'c5a', (d) => {
    d.documents.push(doc);
    addMutation(d, stamp, { kind: MUTATION_KINDS.document, payload: doc, author: o.author ?? 'u_teacher_5a', now });
  });
  return doc;
}

export async function pendingOf(w: Workstation): Promise<number> {
  let n = 0;
  for (const c of ['c5a', 'c9b']) n += (await w.t.app.core.store.classData(c)).mutations.filter((m) => !m.rejected && !m.invalid).length;
  return n;
}

/** Enters a final mark the way the journal does: the entry and its pending mutation in one write. */
export async function enterFinalMark(w: Workstation, o: { classId?: string; studentId?: string; subjectId?: string; value?: '5' | '4' | '3' | '2' } = {}): Promise<string> {
  const core = w.t.app.core;
  const now = core.now();
  const stamp = await reserveStamp(core.store, now);
  const entry = {
    id: `fm-${w.id}-${++docCounter}`,
    studentId: o.studentId ?? 's2',
    subjectId: o.subjectId ?? 'math',
    periodId: 'y2026-q1',
    value: o.value ?? '4',
    knownOn: '2026-10-24',
    enteredBy: 'u_office',
    enteredAt: now.toISOString(),
    hlc: stamp.hlc,
  };
  await core.store.updateClass(o.classId ?? 'c5a', (d) => {
    d.finalMarks.push(entry);
    addMutation(d, stamp, { kind: MUTATION_KINDS.finalMark, payload: entry, author: 'u_office', now });
  });
  return entry.id;
}

/** Routes a workstation's sync through another address (a fault proxy). */
export async function routeVia(w: Workstation, url: string): Promise<void> {
  await w.t.app.core.store.updateSchool((d) => {
    d.settings.centralUrl = url;
  });
}

/** Syncs, swallowing the failures a faulty network causes. */
export async function trySync(w: Workstation): Promise<boolean> {
  try {
    await w.engine.syncNow();
    return true;
  } catch {
    return false;
  }
}

/**
 * The invariants of exactly-once: every accepted mutation is recorded once, and the entity it
 * created carries the change of its first application (a second application would have moved it).
 */
export async function checkExactlyOnce(db: Db, schoolId: string): Promise<{ accepted: number }> {
  const r = await db.query<{ workstation_id: string; seq: unknown; status: string; change_seq: unknown }>(
    `SELECT workstation_id, seq, status, change_seq FROM mutations WHERE school_id = $1`,
    [schoolId],
  );
  const e = await db.query<{ id: string; seq: unknown }>(`SELECT id, seq FROM entities WHERE school_id = $1 AND kind IN ('document', 'finalMark')`, [schoolId]);
  const entitySeq = new Set(e.rows.map((x) => Number(x.seq)));
  let accepted = 0;
  for (const m of r.rows) {
    if (m.status !== 'accepted') continue;
    accepted++;
    if (!entitySeq.has(Number(m.change_seq))) throw new Error(`mutation ${m.workstation_id}:${String(m.seq)} was applied again (its change ${String(m.change_seq)} is gone)`);
  }
  return { accepted };
}

/**
 * A central server on a fresh database of the kind for the tests of one describe block: started
 * before them, stopped (and its database dropped) after. Read `t` and `central` inside the tests.
 */
export function useCentral(kind: 'pglite' | 'pg'): { t: TestDb; central: CentralServer } {
  const env = {} as { t: TestDb; central: CentralServer };
  beforeAll(async () => {
    env.t = await openTestDb(kind);
    env.central = await startCentral(env.t.db);
  });
  afterAll(async () => {
    await env.central?.close();
    await env.t?.close();
  });
  return env;
}
