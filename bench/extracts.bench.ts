/**
 * Extracts benchmark (issue «Extracts»). The bench runner calls `runExtractsBench(app)` with an app
 * whose store holds the 1,000-student demo school with a full year of journal. Every figure is the
 * median of several calls through the app's one entry point (`app.call`: validation, session,
 * role, handler), as the UI makes them, logged in as the office:
 *
 * - `extract.single_ms`: one student's weekly extract from the click on the duty list to the file
 *   (`extracts.printDue` for one student: content from the journal, hash, register write, PDF,
 *   base64) — goal ≤ 100 ms;
 * - `extract.batch300_ms`: 300 students' weekly extracts as one PDF (`extracts.print` of 300
 *   prepared extracts: each compared with the journal, a print recorded in the register, one
 *   PDF) — goal ≤ 3 s;
 * - `extract.batch300_mb`: the size of that PDF — goal ≤ 10 MB;
 * - `extract.batch300_cold_ms`: the same print with the extracts' content cache emptied first (as
 *   after a restart, or when every class's journal changed since the extracts were prepared): each
 *   class's full-year journal is loaded and every content assembled again, for information;
 * - `extract.batch_due_ms` / `extract.batch_due_count`: the real weekly batch of the whole school
 *   (`extracts.printDue`: every student due on paper that week), for information.
 *
 * Beside the times, `*_cpu_ms`: CPU time of the same calls (all threads), which does not grow when
 * other processes compete for the machine.
 *
 * Run directly (`npx tsx bench/extracts.bench.ts [students]`) it builds such an app on a
 * MemoryBackend and prints the figures.
 */
import type { App } from '../electron/core/app.js';
import { addDays, mondayOf } from '../electron/core/journal/calendarDays.js';
import { isoDay } from '../electron/core/util/dates.js';

type Figures = Record<string, { value: number; unit: string }>;

const SINGLE_RUNS = 9;
const BATCH_RUNS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timed<T>(runs: number, fn: (i: number) => Promise<T>): Promise<{ wall: number; cpu: number; last: T }> {
  const wall: number[] = [];
  const cpu: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    last = await fn(i);
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return { wall: round(median(wall)), cpu: round(median(cpu)), last };
}

interface Row {
  id: string;
  studentId: string;
  handedThisWeek?: boolean;
}

export async function runExtractsBench(app: App): Promise<Figures> {
  const store = app.core.store;
  const school = await store.school();
  const user = school.users.find((u) => u.role === 'office' && !u.disabled);
  if (!user) throw new Error('extracts bench: the school has no office account');
  const session = app.core.sessions.create(user.id);
  const call = async <T>(path: string, input: unknown): Promise<T> => {
    const r = await app.call({ path, input, sessionId: session.id });
    if (!r.ok) throw new Error(`extracts bench: ${path} failed: ${r.error.code} ${r.error.message}`);
    return r.value as T;
  };

  // The last full week before today: its lessons are all in the journal.
  const today = isoDay(app.core.now());
  const week = addDays(mondayOf(today), -7);
  const duty = await call<{ rows: Row[] }>('extracts.duty', { weekOf: week });
  // Those whose family already got the week's paper (the demo school hands some out) are not printed again.
  const due = duty.rows.filter((r) => !r.handedThisWeek).map((r) => r.studentId);
  if (due.length === 0) throw new Error('extracts bench: nobody is due on paper in the bench school');

  // One student, from the click on the duty list to the file (the first run prepares his extract).
  await call('extracts.printDue', { weekOf: week, studentIds: [due[0]] }); // warm up the code paths
  const single = await timed(SINGLE_RUNS, (i) => call<{ file: { base64: string } }>('extracts.printDue', { weekOf: week, studentIds: [due[(i + 1) % due.length]] }));

  // 300 students: prepared (the due ones first, then others), then printed as one PDF.
  const students: string[] = [...due];
  for (const c of school.classes) {
    for (const s of (await store.classData(c.id)).students) {
      if (students.length >= 300) break;
      if (!students.includes(s.id) && s.enrolledOn <= week && (!s.leftOn || s.leftOn > addDays(week, 6))) students.push(s.id);
    }
  }
  const chosen = students.slice(0, 300);
  const ids: string[] = [];
  for (const studentId of chosen) {
    ids.push((await call<Row>('extracts.prepare', { studentId, from: week, to: addDays(week, 6), reason: 'weekly' })).id);
  }
  const batch = await timed(BATCH_RUNS, () => call<{ file: { base64: string }; count: number }>('extracts.print', { ids }));
  const mb = Buffer.from(batch.last.file.base64, 'base64').length / (1024 * 1024);
  const cold = await timed(1, () => {
    app.core.extractContents.clear();
    return call('extracts.print', { ids });
  });

  const dueBatch = await timed(1, () => call<{ count: number }>('extracts.printDue', { weekOf: week }));
  app.core.sessions.end(session.id);

  return {
    'extract.single_ms': { value: single.wall, unit: 'ms' },
    'extract.batch300_ms': { value: batch.wall, unit: 'ms' },
    'extract.batch300_mb': { value: Math.round(mb * 100) / 100, unit: 'MB' },
    'extract.batch300_cold_ms': { value: cold.wall, unit: 'ms' },
    'extract.batch300_cold_cpu_ms': { value: cold.cpu, unit: 'ms' },
    'extract.batch_due_ms': { value: dueBatch.wall, unit: 'ms' },
    'extract.batch_due_count': { value: dueBatch.last.count, unit: 'extracts' },
    'extract.single_cpu_ms': { value: single.cpu, unit: 'ms' },
    'extract.batch300_cpu_ms': { value: batch.cpu, unit: 'ms' },
  };
}

/** Builds the bench school on a MemoryBackend and prints the figures. */
async function main(): Promise<void> {
  const { memoryBenchApp } = await import('./memorySchool.js');
  const app = await memoryBenchApp(Number(process.argv[2] ?? 0) || undefined);
  console.log(JSON.stringify(await runExtractsBench(app), null, 2));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
