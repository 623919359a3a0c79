/**
 * A workstation that dies in the middle of a sync resumes without loss or duplicates:
 *  - injected: the disk stops accepting writes after the n-th write of a sync (every position of a
 *    sampled range), the app restarts on what was written;
 *  - for real: a child process syncing a data folder (encrypted, durable files) is killed with
 *    SIGKILL at random moments, again and again, while the server keeps changing.
 * After the restart and one more sync, the workstation equals the server (partition hashes), every
 * pending document was applied exactly once, and no entity appears twice.
 * SYNC_KILLS (default 8) sets the number of kills; SYNC_KILL_SEED replays the timing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Adapter } from 'lowdb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMarks } from '../../../central/demo.js';
import { writeEntitiesTx, type EntityChange } from '../../../central/entities.js';
import type { CentralServer } from '../../../central/server.js';
import { issueCode } from '../../../central/schools.js';
import { MemoryAuditSink } from '../../../electron/core/audit/auditLog.js';
import { createApp } from '../../../electron/core/app.js';
import { MemoryBackend, type StoreBackend } from '../../../electron/core/store/backend.js';
import { openDataFolder } from '../../../electron/core/store/openDataFolder.js';
import { partitionHash } from '../../../electron/core/sync/apply.js';
import { configureSync } from '../../../electron/core/sync/engine.js';
import { classPartition, journalPartition } from '../../../electron/contract/sync/kinds.js';
import { fetchTransport } from '../../../electron/core/sync/transport.js';
import { FAST_SCRYPT, fixtureSchool } from '../helpers/fixtureSchool.js';
import { openFilesUnder } from '../helpers/openFiles.js';
import { prng } from '../../../electron/contract/random/prng.js';
import { checkExactlyOnce, openTestDb, pendingOf, registerConsent, seedFixtureSchool, startCentral, trySync, workstation, type TestDb, type Workstation } from './helpers.js';
import { listEntities } from '../../../central/entities.js';

let t: TestDb;
let central: CentralServer;

beforeAll(async () => {
  t = await openTestDb('pglite');
  central = await startCentral(t.db);
});
afterAll(async () => {
  await central?.close();
  await t?.close();
});

/** More journal on the server: lessons and marks for both classes. */
async function growJournal(schoolId: string, lessons: number): Promise<void> {
  const changes: EntityChange[] = [];
  for (const [classId, students] of [['c5a', ['s1', 's2', 's3']], ['c9b', ['s10']]] as const) {
    const part = journalPartition('y2026', classId);
    for (let i = 1; i <= lessons; i++) {
      const id = `y2026.${classId}.gl${i}`;
      changes.push({ part, kind: 'lesson', id, data: { id, subjectId: 'math', teacherId: 't1', date: '2026-10-01', lessonNo: 1 + (i % 6), topic: `Урок ${i}`, type: 'урок' } });
      for (const s of students) changes.push({ part, kind: 'mark', id: `${id}.${s}`, data: { id: `${id}.${s}`, lessonId: id, studentId: s, value: 2 + (i % 4), weight: 1 } });
    }
  }
  await writeEntitiesTx(t.db, schoolId, changes);
}

async function expectEqualToServer(schoolId: string, read: { journal(y: string, c: string): Promise<import('../../../electron/core/store/schema.js').JournalData>; classData(c: string): Promise<import('../../../electron/core/store/schema.js').ClassData> }): Promise<void> {
  const parts = await t.db.query<{ part: string; hash: string }>(`SELECT part, hash FROM parts WHERE school_id = $1`, [schoolId]);
  const server = new Map(parts.rows.map((p) => [p.part, p.hash]));
  for (const classId of ['c5a', 'c9b']) {
    const j = await read.journal('y2026', classId);
    expect(new Set(j.marks.map((m) => m.id)).size).toBe(j.marks.length);
    expect(new Set(j.lessons.map((m) => m.id)).size).toBe(j.lessons.length);
    expect(partitionHash(j, 'journal').hash).toBe(server.get(journalPartition('y2026', classId)));
    const c = await read.classData(classId);
    expect(new Set(c.documents.map((d) => d.id)).size).toBe(c.documents.length);
    expect(partitionHash(c, 'class').hash).toBe(server.get(classPartition(classId)));
  }
}

/** A disk that dies after `budget` more writes: every later write fails, as if the process had. */
class DyingBackend implements StoreBackend {
  writes = 0;
  constructor(
    readonly inner: MemoryBackend,
    private budget: number,
  ) {}
  adapter<T>(relPath: string): Adapter<T> {
    const a = this.inner.adapter<T>(relPath);
    return {
      read: () => a.read(),
      write: async (data: T) => {
        this.writes++;
        if (this.budget-- <= 0) throw new Error('crash: the process died here');
        await a.write(data);
      },
    };
  }
  list = (d: string) => this.inner.list(d);
  exists = (p: string) => this.inner.exists(p);
  revision = (p: string) => this.inner.revision(p);
  readAllPlain = () => this.inner.readAllPlain();
  replaceAll: StoreBackend['replaceAll'] = (s) => this.inner.replaceAll(s);
}

describe('a workstation killed while it syncs', () => {
  it('resumes after a crash at any write of a sync: nothing lost, nothing twice', async () => {
    const engineOpts = { pullLimit: 40, batchRows: 80, pushBatch: 2 };
    // A clean run first, to count its writes.
    async function prepare(): Promise<{ schoolId: string; w: Workstation; docs: string[] }> {
      const schoolId = await seedFixtureSchool(t.db);
      await growJournal(schoolId, 40);
      const w = await workstation(t.db, schoolId, central.url, { engine: engineOpts });
      const docs = [(await registerConsent(w)).id, (await registerConsent(w, { studentId: 's2', guardianId: 'g2' })).id, (await registerConsent(w, { classId: 'c9b', studentId: 's10', guardianId: 'g10' })).id];
      return { schoolId, w, docs };
    }
    const probe = await prepare();
    const counting = new DyingBackend(probe.w.t.backend, Number.MAX_SAFE_INTEGER);
    const probeApp = createApp({ backend: counting, auditSink: new MemoryAuditSink(), passwordCost: FAST_SCRYPT });
    await configureSync(probeApp.core, { ...probe.w.engine.options }).syncNow();
    const total = counting.writes;
    expect(total).toBeGreaterThan(15);

    const random = prng(Number(process.env.SYNC_KILL_SEED ?? 7));
    const points = new Set<number>([0, 1, 2, 3, total - 2, total - 1]);
    while (points.size < Math.min(total, 18)) points.add(Math.floor(random() * total));
    for (const crashAt of [...points].sort((a, b) => a - b)) {
      const { schoolId, w, docs } = await prepare();
      // The server moves on meanwhile: more marks, some deleted.
      await addMarks(t.db, schoolId, { count: 20, changed: 3, deleted: 2, seed: crashAt });
      const dying = new DyingBackend(w.t.backend, crashAt);
      const app = createApp({ backend: dying, auditSink: w.t.sink, passwordCost: FAST_SCRYPT });
      const engine = configureSync(app.core, { ...w.engine.options });
      await expect(engine.syncNow()).rejects.toThrow();

      // Restart on what reached the disk.
      const again = createApp({ backend: w.t.backend, auditSink: w.t.sink, passwordCost: FAST_SCRYPT });
      const e2 = configureSync(again.core, { ...w.engine.options });
      await e2.syncNow();
      const restarted: Workstation = { ...w, t: { ...w.t, app: again }, engine: e2 };
      expect(await pendingOf(restarted), `crash at write ${crashAt}`).toBe(0);
      expect((await checkExactlyOnce(t.db, schoolId)).accepted).toBe(docs.length);
      const onServer = [...(await listEntities(t.db, schoolId, classPartition('c5a'), 'document')), ...(await listEntities(t.db, schoolId, classPartition('c9b'), 'document'))];
      expect(onServer.map((d) => d.id).sort()).toEqual([...docs].sort());
      await expectEqualToServer(schoolId, again.core.store);
    }
  });

  it('resumes after SIGKILL at random moments, with the server changing meanwhile', async () => {
    const kills = Number(process.env.SYNC_KILLS ?? 8);
    const seed = Number(process.env.SYNC_KILL_SEED ?? Date.now() % 2 ** 31);
    // Told first, so that a failure's output says how to replay its timing.
    console.log(`kill test: seed ${seed} (SYNC_KILL_SEED=${seed} replays it)`);
    const random = prng(seed);
    const work = await mkdtemp(join(tmpdir(), 'ezhd-sync-kill-'));
    try {
      const child = join(work, 'syncChild.mjs');
      await build({
        entryPoints: [fileURLToPath(new URL('./fixtures/syncChild.ts', import.meta.url))],
        outfile: child,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
        logLevel: 'silent',
      });
      const schoolId = await seedFixtureSchool(t.db);
      await growJournal(schoolId, 400);
      const dataDir = join(work, 'data');
      const key = Buffer.alloc(32, 7);
      // The workstation: the fixture school in a real data folder, enrolled, with documents to push.
      {
        const folder = await openDataFolder({ dataDir, key });
        const app = createApp({ ...folder, passwordCost: FAST_SCRYPT });
        const { school, classes } = await fixtureSchool();
        for (const c of classes) await app.core.store.updateClass(c.classId, (d) => Object.assign(d, c));
        await app.core.store.initSchool({ ...school, workstation: { id: 'ws-kill', lastHlc: '', nextMutationSeq: 1 } });
        const engine = configureSync(app.core, { transport: fetchTransport(), background: false });
        await engine.enroll(central.url, (await issueCode(t.db, schoolId)).code);
        const w = { t: { app } as Workstation['t'], engine, id: 'ws-kill' } as Workstation;
        for (let i = 0; i < 6; i++) await registerConsent(w, { studentId: ['s1', 's2', 's3'][i % 3]!, guardianId: ['g1', 'g2', 'g3'][i % 3]! });
        // Stopped as a host stops it before the child takes the folder: no file of it left open here.
        await app.stop();
        expect(openFilesUnder(dataDir)).toEqual([]);
      }
      // The child syncs again and again while the server keeps changing: a kill lands in a sync.
      const env = { ...process.env, SYNC_DIR: dataDir, SYNC_KEY: key.toString('base64'), SYNC_LOOPS: '100000' };
      let syncs = 0;
      for (let k = 0; k < kills; k++) {
        const proc = spawn(process.execPath, [child], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: fileURLToPath(new URL('../../../', import.meta.url)) });
        let out = '';
        let err = '';
        proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
        proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
        const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
        const started = new Promise<void>((r) => proc.stdout.on('data', () => out.includes('started') && r()));
        await Promise.race([started, exited]);
        const until = Date.now() + 100 + Math.floor(random() * 1400);
        let n = 0;
        while (Date.now() < until) {
          await addMarks(t.db, schoolId, { count: 30, changed: 3, deleted: 2, seed: k * 1000 + n++ });
          // The pace of the server's changes (not a wait for anything): the child syncs in between.
          await new Promise((r) => setTimeout(r, 40));
        }
        proc.kill('SIGKILL');
        const code = await exited;
        expect(code, `the child died by itself: ${err}`).toBeNull();
        syncs += out.split('\n').filter((l) => l.startsWith('synced')).length;
      }
      console.log(`kill test: ${kills} kills, ${syncs} syncs completed between them`);
      // A last, undisturbed run in this process: it must finish and agree with the server.
      const folder = await openDataFolder({ dataDir, key });
      const app = createApp({ ...folder, passwordCost: FAST_SCRYPT });
      const engine = configureSync(app.core, { transport: fetchTransport(), background: false });
      await engine.syncNow();
      const w = { t: { app } as Workstation['t'], engine, id: 'ws-kill' } as Workstation;
      expect(await pendingOf(w)).toBe(0);
      expect((await checkExactlyOnce(t.db, schoolId)).accepted).toBe(6);
      await expectEqualToServer(schoolId, app.core.store);
      expect(await trySync(w)).toBe(true);
      await app.stop();
      expect(openFilesUnder(dataDir)).toEqual([]);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
