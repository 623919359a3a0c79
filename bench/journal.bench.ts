/**
 * Journal benchmark (issue «The journal on the workstation»). The bench runner calls
 * `runJournalBench(app)` with an app whose store holds the 1,000-student demo school with a full
 * year of journal. Every figure is the median of RUNS calls through the app's one entry point
 * (`app.call`: validation, session, role, handler), as the UI makes them:
 *
 * - `journal.grid_ms`: open the grid of a class and subject for the whole year, with the class's
 *   journal partition read from the store (its cache emptied before each run): the largest class,
 *   its subject with the most lessons;
 * - `journal.grid_warm_ms`: the same with the partition already in memory (switching subjects);
 * - `journal.forecast_class_ms`: forecasts of the whole class in all subjects for the current
 *   period, the partition in memory (it is: the class's pages have read it);
 * - `journal.summary_pdf_ms`: the summary sheet of the class as PDF (partition read from the store).
 *
 * Beside each, `*_cpu_ms`: the CPU time of the same calls (all threads), which does not grow when
 * other processes compete for the machine.
 *
 * Run directly (`npx tsx bench/journal.bench.ts`) it builds such an app on a MemoryBackend and prints the
 * figures.
 */
import type { App } from '../electron/core/app.js';

const RUNS = 7;

type Figures = Record<string, { value: number; unit: string }>;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median wall time and median CPU time (user + system, all threads) of `runs` calls. */
async function timed(runs: number, before: () => void | Promise<void>, fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    await before();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return { wall: round(median(wall)), cpu: round(median(cpu)) };
}

export async function runJournalBench(app: App): Promise<Figures> {
  const store = app.core.store;
  const school = await store.school();
  const user = school.users.find((u) => u.role === 'director' && !u.disabled) ?? school.users.find((u) => u.role === 'office' && !u.disabled);
  if (!user) throw new Error('journal bench: the school has no director or office account');
  const session = app.core.sessions.create(user.id);
  const call = async (path: string, input: unknown): Promise<unknown> => {
    const r = await app.call({ path, input, sessionId: session.id });
    if (!r.ok) throw new Error(`journal bench: ${path} failed: ${r.error.code} ${r.error.message}`);
    return r.value;
  };

  // The largest class, and its subject with the most lessons.
  let classId = '';
  let size = -1;
  for (const c of school.classes) {
    const n = (await store.classData(c.id)).students.length;
    if (n > size) [classId, size] = [c.id, n];
  }
  const cls = school.classes.find((c) => c.id === classId)!;
  const journal = await store.journal(cls.yearId, classId);
  const lessonsBySubject = new Map<string, number>();
  for (const l of journal.lessons) lessonsBySubject.set(l.subjectId, (lessonsBySubject.get(l.subjectId) ?? 0) + 1);
  const [subjectId] = [...lessonsBySubject.entries()].sort((a, b) => b[1] - a[1])[0] ?? [''];

  const cold = () => store.reset();
  const none = () => undefined;
  const gridInput = { classId, subjectId };
  await call('journal.grid', gridInput); // warm up the code paths

  const grid = await timed(RUNS, cold, () => call('journal.grid', gridInput));
  const gridWarm = await timed(RUNS, none, () => call('journal.grid', gridInput));
  await call('journal.forecast', { classId });
  const forecast = await timed(RUNS, none, () => call('journal.forecast', { classId }));
  await call('finals.sheetPdf', { classId });
  const pdf = await timed(RUNS, cold, () => call('finals.sheetPdf', { classId }));
  app.core.sessions.end(session.id);

  return {
    'journal.grid_ms': { value: grid.wall, unit: 'ms' },
    'journal.forecast_class_ms': { value: forecast.wall, unit: 'ms' },
    'journal.summary_pdf_ms': { value: pdf.wall, unit: 'ms' },
    'journal.grid_warm_ms': { value: gridWarm.wall, unit: 'ms' },
    // CPU time of the same calls: what they cost on an idle machine, whatever else runs beside.
    'journal.grid_cpu_ms': { value: grid.cpu, unit: 'ms' },
    'journal.forecast_class_cpu_ms': { value: forecast.cpu, unit: 'ms' },
    'journal.summary_pdf_cpu_ms': { value: pdf.cpu, unit: 'ms' },
  };
}

/** Builds the bench school on a MemoryBackend and prints the figures. */
async function main(): Promise<void> {
  const { memoryBenchApp } = await import('./memorySchool.js');
  const app = await memoryBenchApp();
  console.log(JSON.stringify(await runJournalBench(app), null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
