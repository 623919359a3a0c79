/**
 * Sync benchmark (issue «Sync with the central system»). Over loopback, with the 1,000-student
 * demo school and a full year of journal (BENCH_OPTIONS, ≈1.5 M marks) on the central server:
 *
 * - `sync.initial_pull_ms`: a freshly enrolled workstation with an empty school (real data folder:
 *   encrypted, durable files) syncs: the whole school pulled, applied, and its partition hashes
 *   checked against the server's (goal ≤ 30 s);
 * - `sync.initial_pull_mb`: the bytes of that pull as sent (compressed), MB (goal ≤ 40);
 * - `sync.pull10k_ms`: 10,000 journal changes on the server (4,000 new marks, 5,000 changed, 1,000
 *   deleted) pulled and applied (goal ≤ 5 s);
 * - `sync.push100_ms`: 100 documents registered on the workstation, pushed and confirmed (one sync
 *   run: push, the pull that brings them back, the hash check) (goal ≤ 1 s);
 * - `central.pull_records_per_s_pglite`, `central.pull_records_per_s_pg`: rows the server delivers
 *   per second while 50 workstations pull the school's change log at once (the clients run in a
 *   worker thread and only read the bodies); the PostgreSQL figure only when EZHD_TEST_PG_URL is set.
 *
 * Side figures: `sync.initial_pull_rows`, `sync.initial_pull_cpu_ms`, `central.load_demo_ms`.
 * Run directly: `npx tsx bench/sync.bench.ts` (SYNC_BENCH_STUDENTS=200 for a quick look).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openPg, openPglite, type Db } from '../central/db.js';
import { addMarks, loadDemo } from '../central/demo.js';
import { migrate } from '../central/schema.js';
import { enroll, getSchool, issueCode } from '../central/schools.js';
import { startCentralServer } from '../central/server.js';
import { createApp, type App } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/password.js';
import { BENCH_OPTIONS } from '../electron/core/demo/index.js';
import { emptySchool } from '../electron/core/setup/emptySchool.js';
import { generateDataKey } from '../electron/core/store/durable/index.js';
import { openDataFolder } from '../electron/core/store/openDataFolder.js';
import { configureSync } from '../electron/core/sync/engine.js';
import { MUTATION_KINDS } from '../electron/core/sync/kinds.js';
import { addMutation, reserveStamp } from '../electron/core/sync/mutations.js';
import { fetchTransport } from '../electron/core/sync/transport.js';

type Figures = Record<string, { value: number; unit: string }>;

const PULLERS = 50;
const THROUGHPUT_SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 15);
const started = performance.now();
const log = (s: string) => console.log(`[sync ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

async function newWorkstation(dir: string): Promise<App> {
  const folder = await openDataFolder({ dataDir: dir, key: generateDataKey() });
  const app = createApp({ ...folder, passwordCost: { N: 1 << 10, r: 8, p: 1 }, log: (l) => log(`workstation: ${l}`) });
  const admin = {
    id: 'u_admin',
    login: 'admin',
    name: { lastName: 'Админ', firstName: 'Админ' },
    role: 'admin' as const,
    classIds: [],
    passwordHash: await hashPassword('bench-password', { N: 1 << 10, r: 8, p: 1 }),
    failedAttempts: 0,
    mustChangePassword: false,
    disabled: false,
    createdAt: new Date().toISOString(),
  };
  await app.core.store.initSchool(emptySchool('Школа', admin, new Date(`${BENCH_OPTIONS.asOf}T12:00:00Z`)));
  return app;
}

/** 50 pullers in a worker thread, each walking the change log page by page, for `seconds`. */
function runPullers(url: string, tokens: string[], schoolId: string, seconds: number): Promise<{ requests: number; bytes: number; errors: number }> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const http = require('node:http');
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const { url, tokens, schoolId, seconds } = workerData;
    const u = new URL(url);
    const end = Date.now() + seconds * 1000;
    let requests = 0, bytes = 0, errors = 0;
    function get(path, token) {
      return new Promise((resolve) => {
        const req = http.request({ host: u.hostname, port: u.port, path, agent, headers: { Authorization: 'Bearer ' + token, 'Accept-Encoding': 'br, gzip' } }, (res) => {
          let n = 0; const chunks = [];
          res.on('data', (c) => { n += c.length; chunks.push(c); });
          res.on('end', () => resolve({ status: res.statusCode, n, body: Buffer.concat(chunks), enc: res.headers['content-encoding'] }));
        });
        req.on('error', () => resolve({ status: 0, n: 0 }));
        req.end();
      });
    }
    const zlib = require('node:zlib');
    async function one(token, k) {
      // Each puller starts at a different place of the log, as workstations at different points would.
      let since = '0';
      while (Date.now() < end) {
        const r = await get('/v1/pull?school=' + schoolId + '&limit=20000&since=' + encodeURIComponent(since), token);
        requests++; bytes += r.n;
        if (r.status !== 200) { errors++; continue; }
        // The cursor is near the start of the body: decompress just enough to read it.
        const text = (r.enc === 'br' ? zlib.brotliDecompressSync(r.body) : r.enc === 'gzip' ? zlib.gunzipSync(r.body) : r.body).subarray(0, 200).toString();
        const m = /"cursor":"([^"]+)".*"more":(true|false)/.exec(text);
        since = m && m[2] === 'true' ? m[1] : '0';
      }
    }
    Promise.all(tokens.map((t, k) => one(t, k))).then(() => parentPort.postMessage({ requests, bytes, errors }));
  `;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { url, tokens, schoolId, seconds } });
    w.once('message', (m: { requests: number; bytes: number; errors: number }) => {
      void w.terminate();
      resolve(m);
    });
    w.once('error', reject);
  });
}

async function throughput(db: Db, schoolId: string, label: string): Promise<number> {
  const server = await startCentralServer({ db, port: 0 });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < PULLERS; i++) tokens.push((await enroll(db, { code: (await issueCode(db, schoolId)).code, workstationId: `bench-${label}-${i}` })).token);
    const rows0 = server.stats.rowsOut;
    const t0 = performance.now();
    const r = await runPullers(server.url, tokens, schoolId, THROUGHPUT_SECONDS);
    const secs = (performance.now() - t0) / 1000;
    const rows = server.stats.rowsOut - rows0;
    log(`${label}: ${PULLERS} pullers, ${r.requests} pages, ${(r.bytes / 1e6).toFixed(0)} MB, ${rows.toLocaleString('en-US')} rows in ${secs.toFixed(1)} s, ${r.errors} errors`);
    return Math.round(rows / secs);
  } finally {
    await server.close();
  }
}

export async function runSyncBench(): Promise<Figures> {
  const figures: Figures = {};
  const students = Number(process.env.SYNC_BENCH_STUDENTS ?? BENCH_OPTIONS.students);
  const opts = { ...BENCH_OPTIONS, students };
  const work = await mkdtemp(join(tmpdir(), 'ezhd-sync-bench-'));
  // A PGlite data folder, as `npm run central` uses (in memory, PGlite's file system grows by
  // copying itself and loading 1.7 million rows takes several times longer).
  // SYNC_BENCH_DB=<folder> keeps the loaded central database between runs (for working on the bench).
  const keep = process.env.SYNC_BENCH_DB;
  const db = await openPglite(keep ?? join(work, 'central'));
  try {
    await migrate(db);
    let t0 = performance.now();
    if (keep && (await getSchool(db, 'bench'))) {
      log(`reusing the central database in ${keep}`);
    } else {
    log(`loading the demo school (${students} students, full year, density ${opts.markDensity}) into PGlite`);
    const loaded = await loadDemo(db, {
      schoolId: 'bench',
      seed: opts.seed,
      students,
      asOf: opts.asOf,
      markDensity: opts.markDensity!,
      onProgress: (done, total) => {
        if (done % 10 === 0) log(`  ${done}/${total} partitions loaded`);
      },
    });
    figures['central.load_demo_ms'] = { value: Math.round(performance.now() - t0), unit: 'ms' };
    log(`loaded ${loaded.entities.toLocaleString('en-US')} entities in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await db.query('ANALYZE');
    }

    const server = await startCentralServer({ db, port: 0 });
    try {
      // ---- first pull
      const app = await newWorkstation(join(work, 'ws'));
      const engine = configureSync(app.core, { transport: fetchTransport(), background: false });
      await engine.enroll(server.url, (await issueCode(db, 'bench')).code);
      const bytes0 = server.stats.bytesOut;
      const cpu0 = process.cpuUsage();
      t0 = performance.now();
      const first = await engine.syncNow();
      const ms = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      figures['sync.initial_pull_ms'] = { value: Math.round(ms), unit: 'ms' };
      figures['sync.initial_pull_mb'] = { value: Math.round(((server.stats.bytesOut - bytes0) / 1e6) * 10) / 10, unit: 'MB' };
      figures['sync.initial_pull_rows'] = { value: first.pulled, unit: 'rows' };
      figures['sync.initial_pull_cpu_ms'] = { value: Math.round((cpu.user + cpu.system) / 1000), unit: 'ms' };
      log(`first pull: ${first.pulled.toLocaleString('en-US')} rows, ${figures['sync.initial_pull_mb'].value} MB, ${(ms / 1000).toFixed(1)} s, repaired ${first.repaired.length}`);

      // ---- 10,000 changed marks
      await addMarks(db, 'bench', { count: 4000, changed: 5000, deleted: 1000, seed: 1 });
      t0 = performance.now();
      const ten = await engine.syncNow();
      figures['sync.pull10k_ms'] = { value: Math.round(performance.now() - t0), unit: 'ms' };
      log(`10k changes: ${ten.pulled} rows in ${figures['sync.pull10k_ms'].value} ms`);

      // ---- 100 documents pushed
      const school = await app.core.store.school();
      const byClass = new Map<string, Array<{ id: string; guardians: Array<{ id: string; studentIds: string[] }> }>>();
      for (const c of school.classes.slice(0, 10)) {
        const data = await app.core.store.classData(c.id);
        byClass.set(c.id, data.students.slice(0, 10).map((s) => ({ id: s.id, guardians: data.guardians.filter((g) => g.studentIds.includes(s.id)) })));
      }
      let made = 0;
      for (const [classId, list] of byClass) {
        for (const s of list) {
          const g = s.guardians[0];
          if (!g || made >= 100) continue;
          const now = new Date();
          const stamp = await reserveStamp(app.core.store, now);
          const doc = { id: `bench-${randomBytes(6).toString('hex')}`, studentId: s.id, signerKind: 'guardian', signerId: g.id, signedOn: BENCH_OPTIONS.asOf, registeredAt: now.toISOString(), registeredBy: 'u_admin', hlc: stamp.hlc, workstationId: school.workstation.id, kind: 'pd_consent' };
          await app.core.store.updateClass(classId, (d) => {
            d.documents.push(doc as never);
            addMutation(d, stamp, { kind: MUTATION_KINDS.document, payload: doc, author: 'u_admin', now });
          });
          made++;
        }
      }
      t0 = performance.now();
      const pushed = await engine.syncNow();
      figures['sync.push100_ms'] = { value: Math.round(performance.now() - t0), unit: 'ms' };
      log(`push: ${made} documents, ${pushed.accepted} accepted, in ${figures['sync.push100_ms'].value} ms`);
      if (pushed.accepted !== made) throw new Error(`push: ${pushed.accepted} of ${made} accepted`);
    } finally {
      await server.close();
    }

    // ---- throughput, PGlite
    figures['central.pull_records_per_s_pglite'] = { value: await throughput(db, 'bench', 'pglite'), unit: 'records/s' };

    // ---- throughput, PostgreSQL
    const pgUrl = process.env.EZHD_TEST_PG_URL;
    if (pgUrl) {
      const schema = `sync_bench_${randomBytes(4).toString('hex')}`;
      const pg = await openPg(pgUrl, { schema, max: 16 });
      try {
        await migrate(pg);
        t0 = performance.now();
        await loadDemo(pg, { schoolId: 'bench', seed: opts.seed, students, asOf: opts.asOf, markDensity: opts.markDensity! });
        await pg.query('ANALYZE');
        log(`PostgreSQL: loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        figures['central.pull_records_per_s_pg'] = { value: await throughput(pg, 'bench', 'pg'), unit: 'records/s' };
      } finally {
        await pg.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
        await pg.close();
      }
    } else {
      log('central.pull_records_per_s_pg: EZHD_TEST_PG_URL is not set, skipped');
    }
    return figures;
  } finally {
    await db.close();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runSyncBench().then(
    (f) => {
      for (const [k, v] of Object.entries(f)) console.log(`${k.padEnd(36)} ${String(v.value).padStart(12)} ${v.unit}`);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
