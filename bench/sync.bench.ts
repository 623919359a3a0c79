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
 * The first pull is answered from the pages the central server prepared after the school was loaded
 * (central/firstPull.ts), as after a load or an import. Side figures: `sync.initial_pull_live_ms` and
 * `sync.initial_pull_live_cpu_ms` (a fresh workstation's first pull with no prepared pages, after
 * the 10k changes), `central.first_pull_prepare_ms` (preparing them again),
 * `central.pull_records_per_s_pglite_prepared` (50 new workstations at once, from the prepared
 * pages; the figure without suffix reads the log live, as before there were any), `sync.initial_pull_rows`, `sync.initial_pull_cpu_ms` and `sync.pull10k_cpu_ms` (CPU of
 * the whole process: the workstation, the server's worker thread, GC and zlib threads),
 * `central.load_demo_ms` (only when the central database was loaded in this run). With
 * SYNC_BENCH_PULL_ONLY the log tells the time and CPU of what the pulls left to the background.
 *
 * The central server runs in a worker thread (bench/centralWorker.ts): server and workstation work
 * side by side, as two machines or processes would, not in turns on one event loop.
 * Loading 1.7 million entities into PGlite takes minutes, so the loaded database is kept in
 * node_modules/.cache/ezhd-sync-bench/<key> (the key: school options and the source of the
 * generator, the central tables and the wire format) and copied for each run, which then starts
 * from the same state. PostgreSQL (scripts/test-postgres.sh as root, or EZHD_TEST_PG_URL) keeps
 * its loaded copy in a schema named by the same key.
 * Run directly: `npx tsx bench/sync.bench.ts` (SYNC_BENCH_STUDENTS=200 for a quick look;
 * SYNC_BENCH_PULL_ONLY=1: the two pulls only, e.g. under `node --cpu-prof --import tsx`).
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DB_SCHEMA_VERSION, DEFAULT_TABLE_PARTITIONS } from '../central/schema.js';
import type { PrepareResult } from '../central/firstPull.js';
import type { App } from '../electron/core/app.js';
import { BENCH_OPTIONS } from '../electron/core/demo/index.js';
import { configureSync, type SyncEngine, type SyncRunSummary } from '../electron/core/sync/engine.js';
import { MUTATION_KINDS } from '../electron/contract/sync/kinds.js';
import { addMutation, reserveStamp } from '../electron/core/sync/mutations.js';
import { fetchTransport } from '../electron/core/sync/transport.js';
import type { CentralWorkerCall, CentralWorkerData } from './centralWorker.js';
import { newWorkstation } from './newWorkstation.js';
import { recordingTransport } from './pullReplay.js';

type Figures = Record<string, { value: number; unit: string }>;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PULLERS = 50;
const THROUGHPUT_SECONDS = Number(process.env.SYNC_BENCH_SECONDS ?? 15);
const started = performance.now();
const log = (s: string) => console.log(`[sync ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

/** The central server in its worker thread, called by messages. */
class Central {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor(data: CentralWorkerData) {
    // A worker does not inherit tsx's loader on Node 20: it registers it, then loads the TypeScript.
    const boot = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(new URL('./centralWorker.ts', import.meta.url).href)}); })`;
    this.worker = new Worker(boot, { eval: true, workerData: data });
    this.worker.on('message', (m: { id?: number; ok?: boolean; value?: unknown; error?: string; progress?: string }) => {
      if (m.progress) return log(m.progress);
      const w = this.waiting.get(m.id!);
      this.waiting.delete(m.id!);
      if (m.ok) w?.resolve(m.value);
      else w?.reject(new Error(m.error));
    });
    const fail = (e: Error) => {
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the central server's worker stopped (exit ${code})`)));
  }

  call<T>(call: CentralWorkerCall): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, call });
    });
  }

  async close(): Promise<void> {
    await this.call({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Names the loaded central database: the school's options and every source that shapes its rows. */
function cacheKey(opts: { students: number; seed: number; asOf: string; markDensity?: number }): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([opts, DB_SCHEMA_VERSION, DEFAULT_TABLE_PARTITIONS]));
  const files = [
    ...readdirSync(join(root, 'electron/core/demo')).map((f) => `electron/core/demo/${f}`),
    'central/compressParts.ts',
    'central/demo.ts',
    'central/entities.ts',
    'central/firstPull.ts',
    'central/pull.ts',
    'central/schema.ts',
    'electron/contract/sync/kinds.ts',
    'electron/contract/sync/hash.ts',
    'electron/core/store/schema.ts',
  ].sort();
  for (const f of files) h.update(f).update(readFileSync(join(root, f)));
  return h.digest('hex').slice(0, 16);
}

/** PostgreSQL for the bench: EZHD_TEST_PG_URL, or Debian's started by scripts/test-postgres.sh (as root). */
function postgresUrl(): string | null {
  if (process.env.EZHD_TEST_PG_URL) return process.env.EZHD_TEST_PG_URL;
  if (!existsSync(join(root, 'scripts/test-postgres.sh'))) return null;
  const r = spawnSync('bash', [join(root, 'scripts/test-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const url = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
  return url?.startsWith('postgres://') ? url : null;
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

async function throughput(central: Central, schoolId: string, label: string): Promise<number> {
  const url = await central.call<string>({ op: 'start' });
  try {
    const tokens: string[] = [];
    for (let i = 0; i < PULLERS; i++) tokens.push(await central.call<string>({ op: 'enroll', schoolId, workstationId: `bench-${label}-${randomBytes(4).toString('hex')}-${i}` }));
    const rows0 = (await central.call<{ rowsOut: number }>({ op: 'stats' })).rowsOut;
    const t0 = performance.now();
    const r = await runPullers(url, tokens, schoolId, THROUGHPUT_SECONDS);
    const secs = (performance.now() - t0) / 1000;
    const rows = (await central.call<{ rowsOut: number }>({ op: 'stats' })).rowsOut - rows0;
    log(`${label}: ${PULLERS} pullers, ${r.requests} pages, ${(r.bytes / 1e6).toFixed(0)} MB, ${rows.toLocaleString('en-US')} rows in ${secs.toFixed(1)} s, ${r.errors} errors`);
    return Math.round(rows / secs);
  } finally {
    await central.call({ op: 'stop' });
  }
}

/**
 * The checkpoints and derived files a pull puts off until it ends (store.holdBackgroundWork), made
 * now and told: their CPU is not part of the pull's wait, but it is not hidden either. Only at the
 * end of a run: `settled()` also brings every file up to date with the log (as before a backup),
 * which keeps every journal it opens in memory, so between the pulls it would change the second.
 */
async function settle(app: App, after: string): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await app.core.store.settled();
  const cpu = process.cpuUsage(cpu0);
  log(`after ${after}: checkpoints and derived files in ${Math.round(performance.now() - t0)} ms (CPU ${Math.round((cpu.user + cpu.system) / 1000)} ms), heap ${Math.round(process.memoryUsage().heapUsed / 1e6)} MB`);
}

/** One sync run, timed: its summary, its wall time and the process's CPU (workstation, server, collector and zlib threads), ms. */
async function timedSync(engine: SyncEngine): Promise<{ run: SyncRunSummary; ms: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const run = await engine.syncNow();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { run, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

type SchoolOptions = typeof BENCH_OPTIONS & { students: number };

/**
 * A PGlite folder with the bench school loaded, copied from the cache (loaded into it first when
 * missing). Returns the folder and the load time when this run loaded it.
 */
async function centralPglite(opts: SchoolOptions, work: string, figures: Figures): Promise<string> {
  const cacheRoot = join(root, 'node_modules/.cache/ezhd-sync-bench');
  const cached = join(cacheRoot, cacheKey(opts));
  if (!existsSync(cached)) {
    await rm(cacheRoot, { recursive: true, force: true }); // older keys: another school or code
    const loading = `${cached}.loading`;
    await mkdir(loading, { recursive: true });
    const central = new Central({ pglite: loading });
    try {
      log(`loading the demo school (${opts.students} students, full year, density ${opts.markDensity}) into PGlite (kept in ${cached})`);
      const t0 = performance.now();
      const loaded = await central.call<{ entities: number }>({ op: 'loadDemo', options: { schoolId: 'bench', seed: opts.seed, students: opts.students, asOf: opts.asOf, markDensity: opts.markDensity! } });
      await central.call({ op: 'analyze' });
      figures['central.load_demo_ms'] = { value: Math.round(performance.now() - t0), unit: 'ms' };
      log(`loaded ${loaded.entities.toLocaleString('en-US')} entities in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      // As `load-demo` and an import do: a new workstation's first pull is prepared (central/firstPull.ts).
      const prepared = await central.call<PrepareResult>({ op: 'prepareFirstPull', schoolId: 'bench' });
      log(`first pull prepared: ${prepared.pages} pages, ${prepared.rows.toLocaleString('en-US')} rows, ${(prepared.bytes / 1e6).toFixed(1)} MB in ${(prepared.ms / 1000).toFixed(1)} s`);
    } finally {
      await central.close();
    }
    await rename(loading, cached);
  } else {
    log(`the loaded central database is in the cache: ${cached}`);
  }
  const dir = join(work, 'central');
  await cp(cached, dir, { recursive: true });
  // The copy (1.6 GB) and what the benches before it wrote are written back to the disk now, not
  // by the kernel during the pulls measured next: that writeback took CPU and the disk from them
  // (a first pull began 1–2 s slower right after a copy than a minute later).
  const t0 = performance.now();
  spawnSync('sync', [], { stdio: 'ignore' });
  log(`the copy written back to the disk in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return dir;
}

export async function runSyncBench(): Promise<Figures> {
  const figures: Figures = {};
  const students = Number(process.env.SYNC_BENCH_STUDENTS ?? BENCH_OPTIONS.students);
  const opts: SchoolOptions = { ...BENCH_OPTIONS, students };
  const work = await mkdtemp(join(tmpdir(), 'ezhd-sync-bench-'));
  try {
    const central = new Central({ pglite: await centralPglite(opts, work, figures) });
    try {
      const url = await central.call<string>({ op: 'start' });
      // ---- first pull
      const app = await newWorkstation(join(work, 'ws'), (l) => log(`workstation: ${l}`));
      // SYNC_BENCH_RECORD=<dir>: the enrolment and the first pull's answers are kept for bench/pullReplay.ts.
      const recording = process.env.SYNC_BENCH_RECORD ? recordingTransport(fetchTransport()) : null;
      const engine = configureSync(app.core, { transport: recording ?? fetchTransport(), background: false });
      await engine.enroll(url, await central.call<string>({ op: 'issueCode', schoolId: 'bench' }));
      const bytes0 = (await central.call<{ bytesOut: number }>({ op: 'stats' })).bytesOut;
      const mono0 = process.hrtime.bigint() / 1000n;
      const { run: first, ms, cpuMs } = await timedSync(engine);
      // The pull's time window on the monotonic clock a --cpu-prof profile's timestamps use (µs).
      if (process.env.SYNC_BENCH_PULL_ONLY === '1') log(`first pull window (monotonic µs): ${mono0},${process.hrtime.bigint() / 1000n}`);
      const bytes = (await central.call<{ bytesOut: number }>({ op: 'stats' })).bytesOut - bytes0;
      figures['sync.initial_pull_ms'] = { value: Math.round(ms), unit: 'ms' };
      figures['sync.initial_pull_mb'] = { value: Math.round((bytes / 1e6) * 10) / 10, unit: 'MB' };
      figures['sync.initial_pull_rows'] = { value: first.pulled, unit: 'rows' };
      figures['sync.initial_pull_cpu_ms'] = { value: Math.round(cpuMs), unit: 'ms' };
      if (recording) {
        await recording.save(process.env.SYNC_BENCH_RECORD!);
        engine.configure({ transport: fetchTransport() });
      }
      log(`first pull: ${first.pulled.toLocaleString('en-US')} rows, ${figures['sync.initial_pull_mb'].value} MB, ${(ms / 1000).toFixed(1)} s (CPU of workstation and server ${(figures['sync.initial_pull_cpu_ms'].value / 1000).toFixed(1)} s), repaired ${first.repaired.length}`);

      // ---- 10,000 changed marks
      await central.call({ op: 'addMarks', schoolId: 'bench', options: { count: 4000, changed: 5000, deleted: 1000, seed: 1 } });
      const ten = await timedSync(engine);
      figures['sync.pull10k_ms'] = { value: Math.round(ten.ms), unit: 'ms' };
      figures['sync.pull10k_cpu_ms'] = { value: Math.round(ten.cpuMs), unit: 'ms' };
      log(`10k changes: ${ten.run.pulled} rows in ${figures['sync.pull10k_ms'].value} ms (CPU of workstation and server ${figures['sync.pull10k_cpu_ms'].value} ms)`);
      await settle(app, 'the 10k pull');

      // ---- the first pull without prepared pages (a school whose pages are not ready yet), and their preparation
      await central.call({ op: 'dropFirstPull', schoolId: 'bench' });
      const live = await newWorkstation(join(work, 'ws-live'), (l) => log(`workstation (live): ${l}`));
      const liveEngine = configureSync(live.core, { transport: fetchTransport(), background: false });
      await liveEngine.enroll(url, await central.call<string>({ op: 'issueCode', schoolId: 'bench' }));
      const livePull = await timedSync(liveEngine);
      figures['sync.initial_pull_live_ms'] = { value: Math.round(livePull.ms), unit: 'ms' };
      figures['sync.initial_pull_live_cpu_ms'] = { value: Math.round(livePull.cpuMs), unit: 'ms' };
      log(`first pull, no pages prepared: ${livePull.run.pulled.toLocaleString('en-US')} rows in ${(figures['sync.initial_pull_live_ms'].value / 1000).toFixed(1)} s (CPU ${(figures['sync.initial_pull_live_cpu_ms'].value / 1000).toFixed(1)} s)`);
      await live.stop();
      const prepared = await central.call<PrepareResult>({ op: 'prepareFirstPull', schoolId: 'bench', force: true });
      figures['central.first_pull_prepare_ms'] = { value: prepared.ms, unit: 'ms' };
      log(`first pull prepared again: ${prepared.pages} pages, ${(prepared.bytes / 1e6).toFixed(1)} MB in ${(prepared.ms / 1000).toFixed(1)} s`);
      if (process.env.SYNC_BENCH_PULL_ONLY === '1') return figures;

      // ---- 100 documents pushed
      const school = await app.core.store.school();
      let made = 0;
      for (const c of school.classes.slice(0, 10)) {
        const data = await app.core.store.classData(c.id);
        const list = data.students.slice(0, 10).map((s) => ({ id: s.id, guardian: data.guardians.find((g) => g.studentIds.includes(s.id)) }));
        for (const s of list) {
          if (!s.guardian || made >= 100) continue;
          const now = new Date();
          const stamp = await reserveStamp(app.core.store, now);
          const doc = { id: `bench-${randomBytes(6).toString('hex')}`, studentId: s.id, signerKind: 'guardian', signerId: s.guardian.id, signedOn: BENCH_OPTIONS.asOf, registeredAt: now.toISOString(), registeredBy: 'u_admin', hlc: stamp.hlc, workstationId: school.workstation.id, kind: 'pd_consent' };
          await app.core.store.updateClass(c.id, (d) => {
            d.documents.push(doc as never);
            addMutation(d, stamp, { kind: MUTATION_KINDS.document, payload: doc, author: 'u_admin', now });
          });
          made++;
        }
      }
      const push = await timedSync(engine);
      figures['sync.push100_ms'] = { value: Math.round(push.ms), unit: 'ms' };
      log(`push: ${made} documents, ${push.run.accepted} accepted, in ${figures['sync.push100_ms'].value} ms`);
      if (push.run.accepted !== made) throw new Error(`push: ${push.run.accepted} of ${made} accepted`);
      await central.call({ op: 'stop' });

      // ---- throughput, PGlite: 50 new workstations at once get the prepared first pull's pages
      // (side figure); then the school's log read live, as the figure was measured before there were any.
      await central.call({ op: 'prepareFirstPull', schoolId: 'bench' });
      figures['central.pull_records_per_s_pglite_prepared'] = { value: await throughput(central, 'bench', 'pglite-prepared'), unit: 'records/s' };
      await central.call({ op: 'dropFirstPull', schoolId: 'bench' });
      figures['central.pull_records_per_s_pglite'] = { value: await throughput(central, 'bench', 'pglite'), unit: 'records/s' };
    } finally {
      await central.close();
    }

    // ---- throughput, PostgreSQL
    const pgUrl = postgresUrl();
    if (pgUrl) {
      // The loaded school stays in a schema named by the cache key; older ones are dropped.
      const schema = `sync_bench_${cacheKey(opts)}`;
      const pg = new Central({ pgUrl, schema });
      try {
        const t0 = performance.now();
        const r = await pg.call<{ loadedNow: boolean; entities: number }>({ op: 'ensureLoaded', options: { schoolId: 'bench', seed: opts.seed, students, asOf: opts.asOf, markDensity: opts.markDensity! } });
        if (r.loadedNow) {
          figures['central.load_demo_pg_ms'] = { value: Math.round(performance.now() - t0), unit: 'ms' };
          log(`PostgreSQL: ${r.entities.toLocaleString('en-US')} entities loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
        } else {
          log(`PostgreSQL: the school is loaded in schema ${schema}`);
        }
        figures['central.pull_records_per_s_pg'] = { value: await throughput(pg, 'bench', 'pg'), unit: 'records/s' };
      } finally {
        await pg.close();
      }
    } else {
      log('central.pull_records_per_s_pg: no PostgreSQL here (EZHD_TEST_PG_URL, or scripts/test-postgres.sh as root), skipped');
    }
    return figures;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runSyncBench().then(
    (f) => {
      for (const [k, v] of Object.entries(f)) console.log(`${k.padEnd(36)} ${String(v.value).padStart(12)} ${v.unit}`);
      process.exit(0);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
