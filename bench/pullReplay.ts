/**
 * The workstation's side of the first pull, measured alone: the answers of a real first pull
 * (recorded by `SYNC_BENCH_RECORD=<dir> SYNC_BENCH_PULL_ONLY=1 npx tsx bench/sync.bench.ts`) are
 * served again by a child process that only sends stored bytes (brotli as the central server
 * sends them), and a fresh workstation pulls them. The process's CPU (process.cpuUsage: the event
 * loop, the collector's threads, zlib and file work on the thread pool) is then the workstation's
 * alone, from the same input every run: before/after figures of a change on the workstation's side
 * do not move with the server's work or its share of the two cores.
 *
 * Run: `npx tsx bench/pullReplay.ts <dir> [runs]` (the recording is about 20 MB).
 * PULL_REPLAY_NO_WORKER=1: the pages are decompressed and hashed on the reading thread, not in the
 * worker (lineHashWorker.ts), for a before/after of it.
 */
import { fork } from 'node:child_process';
import { PerformanceObserver, constants as perf } from 'node:perf_hooks';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as Z, brotliCompressSync } from 'node:zlib';
import { configureSync } from '../electron/core/sync/engine.js';
import { fetchTransport, type SyncTransport } from '../electron/core/sync/transport.js';
import { newWorkstation } from './newWorkstation.js';

interface Recorded {
  method: string;
  /** Path and query, without the host. */
  path: string;
  status: number;
  /** The stored body's file (brotli when `br`). */
  file: string;
  br: boolean;
}

/** Wraps a transport: every answer is kept, to be written by `save` (bodies above 1 KB brotli-compressed as the server does, quality 1). */
export function recordingTransport(inner: SyncTransport): SyncTransport & { save(dir: string): Promise<void> } {
  const kept: Array<{ method: string; path: string; status: number; body: Buffer }> = [];
  return {
    async request(req) {
      // Kept as the workstation read them: decompressed.
      const res = await inner.request({ ...req, keepCompressed: false });
      const u = new URL(req.url);
      kept.push({ method: req.method, path: `${u.pathname}${u.search}`, status: res.status, body: Buffer.from(res.body) });
      return res;
    },
    async save(dir) {
      await mkdir(dir, { recursive: true });
      const index: Recorded[] = [];
      for (let i = 0; i < kept.length; i++) {
        const k = kept[i]!;
        const br = k.body.length > 1024;
        const file = `${i}.${br ? 'br' : 'json'}`;
        await writeFile(join(dir, file), br ? brotliCompressSync(k.body, { params: { [Z.BROTLI_PARAM_QUALITY]: 1, [Z.BROTLI_PARAM_SIZE_HINT]: k.body.length } }) : k.body);
        index.push({ method: k.method, path: k.path, status: k.status, file, br });
      }
      await writeFile(join(dir, 'index.json'), JSON.stringify(index));
    },
  };
}

/** The replay server: a child process serving the stored answers by method and path. */
const SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
const answers = new Map();
for (const r of index) answers.set(r.method + ' ' + r.path, { status: r.status, br: r.br, body: fs.readFileSync(path.join(dir, r.file)) });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const a = answers.get(req.method + ' ' + req.url);
    if (!a) { res.writeHead(404, { 'Content-Type': 'application/json' }); return res.end('{"error":{"code":"not_found","message":"not recorded"}}'); }
    res.writeHead(a.status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(a.body.length), ...(a.br ? { 'Content-Encoding': 'br' } : {}) });
    res.end(a.body);
  });
});
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
process.on('disconnect', () => process.exit(0));
`;

/** Collections of the main thread while `on`: how many minor and major ones, and their time. */
function gcWatch() {
  const gc = { minor: 0, major: 0, ms: 0, on: false };
  const obs = new PerformanceObserver((list) => {
    if (!gc.on) return;
    for (const e of list.getEntries()) {
      const kind = (e as unknown as { detail?: { kind?: number } }).detail?.kind;
      if (kind === perf.NODE_PERFORMANCE_GC_MINOR) gc.minor++;
      else if (kind === perf.NODE_PERFORMANCE_GC_MAJOR) gc.major++;
      gc.ms += e.duration;
    }
  });
  obs.observe({ entryTypes: ['gc'] });
  return { gc, stop: () => obs.disconnect() };
}

async function run(dir: string, work: string): Promise<{ ms: number; cpuMs: number; rows: number; heapMb: number; gc: { minor: number; major: number; ms: number }; after: { ms: number; cpuMs: number } }> {
  const serverFile = join(work, 'server.cjs');
  await writeFile(serverFile, SERVER);
  const child = fork(serverFile, [dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('error', reject);
    });
    const app = await newWorkstation(join(work, 'ws'));
    const engine = configureSync(app.core, { transport: fetchTransport(), background: false, ...(process.env.PULL_REPLAY_NO_WORKER === '1' ? { pageOpener: null } : {}) });
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as Recorded[];
    const enrolUrl = `http://127.0.0.1:${port}`;
    if (!index.some((r) => r.path === '/v1/enroll')) throw new Error('the recording has no enrolment');
    await engine.enroll(enrolUrl, 'RECORDED');
    const watch = gcWatch();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    watch.gc.on = true;
    const r = await engine.syncNow();
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    // The collections observed so far are delivered with a delay: wait for them.
    await new Promise((resolve) => setTimeout(resolve, 50));
    watch.gc.on = false;
    watch.stop();
    if (r.repaired.length > 0) throw new Error(`the replayed pull left partitions to repair: ${r.repaired.join(', ')}`);
    const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6);
    await engine.stop();
    // What the pull left to the background (checkpoints, derived files), told apart.
    const settleCpu0 = process.cpuUsage();
    const s0 = performance.now();
    await app.core.store.settled();
    const settleCpu = process.cpuUsage(settleCpu0);
    const after = { ms: performance.now() - s0, cpuMs: (settleCpu.user + settleCpu.system) / 1000 };
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, rows: r.pulled, heapMb, gc: watch.gc, after };
  } finally {
    child.disconnect();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  const runs = Number(process.argv[3] ?? 1);
  if (!dir) {
    console.error('usage: npx tsx bench/pullReplay.ts <recording dir> [runs]');
    process.exit(2);
  }
  (async () => {
    for (let i = 0; i < runs; i++) {
      const work = await mkdtemp(join(tmpdir(), 'ezhd-pull-replay-'));
      try {
        const r = await run(dir, work);
        console.log(`replayed first pull: ${r.rows.toLocaleString('en-US')} rows in ${Math.round(r.ms)} ms, workstation CPU ${Math.round(r.cpuMs)} ms, heap ${r.heapMb} MB, GC ${r.gc.minor} minor + ${r.gc.major} major in ${Math.round(r.gc.ms)} ms; then checkpoints and derived files ${Math.round(r.after.ms)} ms (CPU ${Math.round(r.after.cpuMs)} ms)`);
      } finally {
        await rm(work, { recursive: true, force: true });
      }
    }
    process.exit(0);
  })().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
