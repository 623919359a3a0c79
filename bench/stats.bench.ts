/**
 * Statistics benchmark (issue «Statistics for the director»). The bench runner calls
 * `runStatsBench(app)` with an app over the 1,000-student school with a full year of journal.
 * Every call goes through the app's one entry point (`app.call`: validation, session, role,
 * handler), as the page makes it, logged in as the director. Medians of RUNS runs:
 *
 * - `stats.dashboard_ms`: `stats.overview`, everything the dashboard shows, from a cold store —
 *   a new App, so a new Store, over the same data folder (the operating system's file cache is
 *   warm: the files were read before): school file, every class's partition summary
 *   (classes/<id>.sum.json) and journal aggregates read and decrypted, the figures computed;
 * - `stats.dashboard_warm_ms`: the same on the store the first call left (partitions in memory);
 * - `stats.report_max_ms`: the slowest single report on screen (results, fulfilment, lesson
 *   types, final marks, regulations, a class, a student), on the store as the page leaves it: the
 *   dashboard opened first, as the director does; `stats.report_max_cold_ms`: the slowest of the
 *   same on a cold store (a new Store for each run); `stats.report_<name>_ms` each of them;
 * - `stats.export_max_ms`: the slowest export (the results to XLSX and to PDF — the largest
 *   report, 5 tables, some 700 rows —, a class to PDF, the overview to PDF), page's store;
 * - `stats.journal_reads`: journal partitions (marks) read by all of the above: 0 — the
 *   statistics read the aggregates kept beside them, never every mark; `stats.class_reads`: class
 *   partitions read after the warm-up (which writes any summary that is missing): 0 — the
 *   statistics read their summaries.
 * Beside each, `*_cpu_ms`: CPU time of the same calls, which does not grow when other processes
 * compete for the machine.
 *
 * Run directly (`npx tsx bench/stats.bench.ts`) it builds the school on a MemoryBackend and
 * prints the figures.
 */
import { createApp, type App } from '../electron/core/app.js';
import type { HostAbilities } from '../electron/core/host.js';
import type { StoreBackend } from '../electron/core/store/backend.js';
import { syncEngineOf } from '../electron/core/sync/engine.js';

const RUNS = 5;

type Figures = Record<string, { value: number; unit: string }>;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** A backend that counts reads of journal and class partitions, passing everything through. */
function countingBackend(backend: StoreBackend, counter: { journal: number; classes: number }): StoreBackend {
  return new Proxy(backend, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver) as unknown;
      if (typeof v !== 'function') return v;
      if (prop !== 'adapter') return (v as (...a: unknown[]) => unknown).bind(target);
      return (relPath: string, codec: unknown) => {
        const adapter = (v as (p: string, c: unknown) => { read(): Promise<unknown>; write(d: unknown): Promise<void> }).call(target, relPath, codec);
        const journal = /^journal\/[^/]+\/[^/]+\.json$/.test(relPath) && !relPath.endsWith('.agg.json');
        const cls = /^classes\/[^/]+\.json$/.test(relPath) && !relPath.endsWith('.sum.json');
        if (!journal && !cls) return adapter;
        return {
          read: async () => {
            if (journal) counter.journal++;
            else counter.classes++;
            return adapter.read();
          },
          write: (d: unknown) => adapter.write(d),
        };
      };
    },
  });
}

interface Timed {
  wall: number;
  cpu: number;
}

async function once(fn: () => Promise<unknown>): Promise<Timed> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

function medians(xs: Timed[]): Timed {
  return { wall: round(median(xs.map((x) => x.wall))), cpu: round(median(xs.map((x) => x.cpu))) };
}

export async function runStatsBench(app: App): Promise<Figures> {
  const counter = { journal: 0, classes: 0 };
  const host: HostAbilities = { ...app.core.host, backend: countingBackend(app.core.host.backend, counter) };
  const school = await app.core.store.school();
  const user = school.users.find((u) => u.role === 'director' && !u.disabled);
  if (!user) throw new Error('stats bench: the school has no director account');

  /**
   * A new App (a new Store over the same folder) with the director logged in. Each App's sync
   * engine is stopped when the next one is made: its background timer would keep the App, and
   * all the partitions its store read, in memory.
   */
  let previous: App | null = null;
  const fresh = () => {
    if (previous) void syncEngineOf(previous.core).stop();
    const a = createApp(host);
    previous = a;
    const session = a.core.sessions.create(user.id);
    const call = async (path: string, input: unknown): Promise<unknown> => {
      const r = await a.call({ path, input, sessionId: session.id });
      if (!r.ok) throw new Error(`stats bench: ${path} failed: ${r.error.code} ${r.error.message}`);
      return r.value;
    };
    return call;
  };

  // The largest class and one of its students, for the drill-down.
  let classId = '';
  let studentId = '';
  let size = -1;
  for (const c of school.classes) {
    const students = (await app.core.store.classData(c.id)).students;
    if (students.length > size) [classId, size, studentId] = [c.id, students.length, students[0]?.id ?? ''];
  }
  const reports: [string, string, unknown, 'report' | 'export'][] = [
    ['results', 'stats.results', {}, 'report'],
    ['fulfilment', 'stats.fulfilment', {}, 'report'],
    ['lessonTypes', 'stats.lessonTypes', {}, 'report'],
    ['finals', 'stats.finals', {}, 'report'],
    ['regulations', 'stats.regulations', {}, 'report'],
    ['class', 'stats.classStats', { classId }, 'report'],
    ['student', 'stats.studentStats', { studentId }, 'report'],
    ['results_xlsx', 'stats.export', { report: 'results', format: 'xlsx' }, 'export'],
    ['results_pdf', 'stats.export', { report: 'results', format: 'pdf' }, 'export'],
    ['class_pdf', 'stats.export', { report: 'class', format: 'pdf', classId }, 'export'],
    ['overview_pdf', 'stats.export', { report: 'overview', format: 'pdf' }, 'export'],
  ];

  // Warm up the code paths (and make sure the aggregates files are current).
  const warmup = fresh();
  await warmup('stats.overview', {});
  for (const [, path, input] of reports) await warmup(path, input);
  counter.classes = 0;

  const cold: Timed[] = [];
  const warm: Timed[] = [];
  for (let i = 0; i < RUNS; i++) {
    const call = fresh();
    cold.push(await once(() => call('stats.overview', {})));
    warm.push(await once(() => call('stats.overview', {})));
  }

  const figures: Figures = {};
  let worstWarm: [string, Timed] = ['', { wall: 0, cpu: 0 }];
  let worstCold: [string, Timed] = ['', { wall: 0, cpu: 0 }];
  let worstExport: [string, Timed] = ['', { wall: 0, cpu: 0 }];
  for (const [name, path, input, kind] of reports) {
    const warmRuns: Timed[] = [];
    const coldRuns: Timed[] = [];
    for (let i = 0; i < RUNS; i++) {
      const call = fresh();
      if (kind === 'report') coldRuns.push(await once(() => call(path, input)));
      const page = fresh();
      await page('stats.overview', {});
      warmRuns.push(await once(() => page(path, input)));
    }
    const w = medians(warmRuns);
    const c = kind === 'report' ? medians(coldRuns) : { wall: 0, cpu: 0 };
    if (kind === 'export') {
      figures[`stats.export_${name}_ms`] = { value: w.wall, unit: 'ms' };
      if (w.wall > worstExport[1].wall) worstExport = [name, w];
      continue;
    }
    figures[`stats.report_${name}_ms`] = { value: w.wall, unit: 'ms' };
    if (w.wall > worstWarm[1].wall) worstWarm = [name, w];
    if (c.wall > worstCold[1].wall) worstCold = [name, c];
  }

  const d = medians(cold);
  const dw = medians(warm);
  Object.assign(figures, {
    'stats.dashboard_ms': { value: d.wall, unit: 'ms' },
    'stats.dashboard_cpu_ms': { value: d.cpu, unit: 'ms' },
    'stats.dashboard_warm_ms': { value: dw.wall, unit: 'ms' },
    'stats.report_max_ms': { value: worstWarm[1].wall, unit: 'ms' },
    'stats.report_max_cpu_ms': { value: worstWarm[1].cpu, unit: 'ms' },
    'stats.report_max_cold_ms': { value: worstCold[1].wall, unit: 'ms' },
    'stats.report_max_cold_cpu_ms': { value: worstCold[1].cpu, unit: 'ms' },
    'stats.export_max_ms': { value: worstExport[1].wall, unit: 'ms' },
    'stats.export_max_cpu_ms': { value: worstExport[1].cpu, unit: 'ms' },
    'stats.journal_reads': { value: counter.journal, unit: 'files' },
    'stats.class_reads': { value: counter.classes, unit: 'files' },
  });
  const last = previous as App | null;
  if (last) await syncEngineOf(last.core).stop();
  console.log(`  stats: slowest report on the page's store: ${worstWarm[0]}; on a cold store: ${worstCold[0]}; slowest export: ${worstExport[0]}`);
  return figures;
}

/** Builds the bench school on a MemoryBackend and prints the figures. */
async function main(): Promise<void> {
  const { memoryBenchApp } = await import('./memorySchool.js');
  const app = await memoryBenchApp();
  console.log(JSON.stringify(await runStatsBench(app), null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
