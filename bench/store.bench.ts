/**
 * Store benchmark (issue 3: the local journal store at the size of a real school). Called by
 * scripts/bench.ts:
 *
 * - buildBenchSchool: the 1,000-student demo school with a full year (BENCH_OPTIONS) written through
 *   the real FileBackend (encrypted, durable) into a data folder, one class at a time;
 * - runStoreBench: the figures below, over that folder;
 * - runNaiveBaseline: everything in one plain lowdb JSONFile at a tenth of the size.
 *
 * Figures (medians / percentiles of many samples; wall-clock on this machine):
 *   store.open_ms          cold open of a new Store to the first class list, in a fresh process
 *                          (bench/openChild.ts, bundled), median of OPEN_RUNS processes
 *   store.open_process_ms  the same from the process start (Node start + code load + open)
 *   store.rss_mb           RSS of that process after the first class list (median)
 *   store.write_p50_ms / store.write_p95_ms   one durable write of a consent document (and its
 *                          sync mutation) into a class partition, round robin over all classes
 *   store.write_bytes      bytes a consent write puts on disk before it is acknowledged: its record in
 *                          the write-ahead log (mean); the class file is a checkpoint written later,
 *                          once for a run of writes (store.checkpoint_bytes: the largest class file)
 *   store.fsync_floor_ms   the disk's floor, measured in the same loop: after each consent write, the file
 *                          operation the log does for one record (an O_DSYNC append of as many bytes to a
 *                          file opened like a log segment, see durable/wal.ts), timed the same way (p50);
 *                          store.write_vs_floor = write p50 ÷ it
 *   store.recover_open_ms  cold open to the first class list in a fresh process after a crash that left
 *                          1,000 consent writes in the log and none in the class files (median)
 *   store.disk_mb          all files of the data folder (partitions, backups .bak, aggregates, audit)
 *   store.write_cpu_ms     CPU time (user + system) of one such write until it is acknowledged, mean: the
 *                          machine may be busy
 *   store.journal_write_p50_ms  one mark added to the largest class's full-year journal (+ aggregates),
 *                          and store.journal_write_cpu_ms its CPU time (median)
 *   store.journal_read_ms  cold read of the largest class's journal partition (decrypt + decode)
 *   store.aggregates_read_ms    cold read of every class's journal aggregates (no marks loaded)
 *   store.naive_write_ratio     naive write time / store.write_p50_ms
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import { Low } from 'lowdb';
import { hashPassword } from '../electron/core/auth/password.js';
import { createDemoSchoolStream, type DemoOptions } from '../electron/core/demo/index.js';
import { nodeFsOps } from '../electron/core/store/durable/fsOps.js';
import { FileBackend } from '../electron/core/store/fileBackend.js';
import { SCHEMA_VERSION, type ClassData, type JournalData, type SchoolData, type UserRecord } from '../electron/core/store/schema.js';
import { Store, classPath } from '../electron/core/store/store.js';

export type Figures = Record<string, { value: number; unit: string }>;

/** scrypt cost of the bench school's passwords (the bench never guesses them). */
export const BENCH_PASSWORD_COST = { N: 1 << 10, r: 8, p: 1 };

export function median(xs: readonly number[]): number {
  return percentile(xs, 0.5);
}

export function percentile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const at = (s.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return s[lo]! + (s[hi]! - s[lo]!) * (at - lo);
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function usersOf(users: ReturnType<typeof createDemoSchoolStream>['users'], createdAt: string): Promise<UserRecord[]> {
  const out: UserRecord[] = [];
  for (const u of users) {
    out.push({
      id: u.id,
      login: u.login,
      name: u.name,
      role: u.role,
      classIds: u.classIds,
      passwordHash: await hashPassword(u.password, BENCH_PASSWORD_COST),
      failedAttempts: 0,
      mustChangePassword: false,
      disabled: false,
      createdAt,
    });
  }
  return out;
}

export interface BenchSchool {
  yearId: string;
  classIds: string[];
  students: number;
  marks: number;
  lessons: number;
  /** The class with the most marks. */
  largestClass: string;
  generateMs: number;
}

/**
 * Generates the school and writes it through a Store over the FileBackend: the school file first
 * (so the aggregates are made with the periods), then each class and its journal.
 */
export async function buildBenchSchool(dataDir: string, key: Uint8Array, options: DemoOptions, log: (s: string) => void): Promise<BenchSchool> {
  const t0 = performance.now();
  const stream = createDemoSchoolStream(options);
  const store = new Store(new FileBackend(dataDir, key), { journalCacheSize: 1 });
  const school: SchoolData = {
    ...stream.school,
    schemaVersion: SCHEMA_VERSION.school,
    users: await usersOf(stream.users, `${options.asOf}T08:00:00.000Z`),
    compromises: [],
    mutations: [],
    workstation: { id: 'ws-bench', lastHlc: '', nextMutationSeq: 1 },
  };
  await store.initSchool(school);
  const out: BenchSchool = { yearId: school.years[0]!.id, classIds: [], students: 0, marks: 0, lessons: 0, largestClass: '', generateMs: 0 };
  let most = -1;
  for (const part of stream.classes()) {
    const { classData, journal } = part;
    await store.updateClass(classData.classId, (d) => Object.assign(d, classData));
    await store.updateJournal(journal.yearId, journal.classId, (d) => Object.assign(d, journal));
    out.classIds.push(classData.classId);
    out.students += classData.students.length;
    out.marks += journal.marks.length;
    out.lessons += journal.lessons.length;
    if (journal.marks.length > most) [most, out.largestClass] = [journal.marks.length, classData.classId];
    if (out.classIds.length % 10 === 0) log(`  … ${out.classIds.length} classes, ${out.marks.toLocaleString('ru-RU')} marks`);
  }
  // The summaries of the classes, as a program running for a moment after these writes has them.
  await store.settled();
  out.generateMs = performance.now() - t0;
  return out;
}

/** Total size of the files under `dir`, recursively. */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) total += (await stat(join(e.parentPath, e.name))).size;
  }
  return total;
}

function consentFor(classData: ClassData, n: number) {
  const student = classData.students[n % Math.max(1, classData.students.length)];
  const guardian = classData.guardians.find((g) => student && g.studentIds.includes(student.id));
  const id = randomUUID();
  const doc = {
    id,
    studentId: student?.id ?? 's',
    signerKind: 'guardian' as const,
    signerId: guardian?.id ?? 'g',
    signedOn: '2027-05-31',
    registeredAt: new Date().toISOString(),
    registeredBy: 'u.office',
    hlc: `${String(Date.now()).padStart(19, '0')}-${String(n).padStart(4, '0')}-ws-bench`,
    workstationId: 'ws-bench',
    kind: 'pd_consent' as const,
  };
  const mutation = { id: `ws-bench:${n}`, seq: n, kind: 'document', payload: doc, hlc: doc.hlc, author: 'u.office', createdAt: doc.registeredAt };
  return { doc, mutation };
}

/** Runs the cold-open child `runs` times; medians of its figures. */
async function coldOpen(childScript: string, dataDir: string, key: Uint8Array, runs: number): Promise<{ openMs: number; processMs: number; rssMb: number }> {
  const results: { openMs: number; processMs: number; rssMb: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [childScript, dataDir], {
        env: { ...process.env, EZHD_BENCH_KEY: Buffer.from(key).toString('base64') },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let s = '';
      child.stdout.setEncoding('utf8').on('data', (c: string) => (s += c));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`open child exited with ${code}`))));
    });
    results.push(JSON.parse(out.trim().split('\n').at(-1)!) as { openMs: number; processMs: number; rssMb: number });
  }
  return {
    openMs: median(results.map((r) => r.openMs)),
    processMs: median(results.map((r) => r.processMs)),
    rssMb: median(results.map((r) => r.rssMb)),
  };
}

export async function runStoreBench(
  dataDir: string,
  key: Uint8Array,
  school: BenchSchool,
  opts: { childScript: string; openRuns: number; writes: number; journalWrites: number },
  log: (s: string) => void,
): Promise<Figures> {
  const figures: Figures = {};

  log(`cold open: ${opts.openRuns} fresh processes`);
  const opened = await coldOpen(opts.childScript, dataDir, key, opts.openRuns);
  figures['store.open_ms'] = { value: round(opened.openMs), unit: 'ms' };
  figures['store.open_process_ms'] = { value: round(opened.processMs), unit: 'ms' };
  figures['store.rss_mb'] = { value: round(opened.rssMb), unit: 'MB' };

  // Cold reads in this process, before anything is cached.
  {
    const store = new Store(new FileBackend(dataDir, key));
    let t = performance.now();
    const j = await store.journal(school.yearId, school.largestClass);
    figures['store.journal_read_ms'] = { value: round(performance.now() - t), unit: 'ms' };
    if (j.marks.length === 0) throw new Error('bench: the largest class has no marks');
    const cold = new Store(new FileBackend(dataDir, key));
    t = performance.now();
    for (const c of school.classIds) await cold.journalAggregates(school.yearId, c);
    figures['store.aggregates_read_ms'] = { value: round(performance.now() - t), unit: 'ms' };
  }

  log(`consent writes: ${opts.writes}, each followed by the floor`);
  const backend = new FileBackend(dataDir, key);
  const store = new Store(backend);
  const classes: ClassData[] = [];
  for (const c of school.classIds) classes.push(await store.classData(c));
  const wal = await backend.log();
  // The floor: what the log does on the disk for one record (durable/wal.ts writeBatch), with the
  // log's own file operations: a file opened like a log segment ('wxd': each write on the disk when it
  // returns, O_DSYNC; a write and a sync where the system has none), one write of as many bytes as the
  // record just written. Measured right after each store write, the same way (an awaited call,
  // performance.now around it): both see the same load of the machine and of the disk.
  const floorFile = await nodeFsOps.open(join(dataDir, 'floor.tmp'), 'wxd', 0o600);
  const times: number[] = [];
  const floors: number[] = [];
  let cpuMs = 0;
  const logBytes0 = await folderBytes(join(dataDir, 'wal')).catch(() => 0);
  try {
    for (let i = 0; i < opts.writes; i++) {
      const cls = classes[i % classes.length]!;
      const { doc, mutation } = consentFor(cls, i + 1);
      const cpu0 = process.cpuUsage();
      let t = performance.now();
      await store.updateClass(cls.classId, (d) => {
        d.documents.push(doc);
        d.mutations.push(mutation);
      });
      times.push(performance.now() - t);
      const cpu = process.cpuUsage(cpu0);
      cpuMs += (cpu.user + cpu.system) / 1000;
      const line = Buffer.alloc(Math.max(1, Math.round(wal.lastLineBytes)), 0x41);
      line[line.length - 1] = 0x0a;
      t = performance.now();
      await floorFile.write(line);
      if (!floorFile.writesAreDurable) await floorFile.sync();
      floors.push(performance.now() - t);
    }
  } finally {
    await floorFile.close();
    await rm(join(dataDir, 'floor.tmp'), { force: true });
  }
  const logBytes = (await folderBytes(join(dataDir, 'wal')).catch(() => 0)) - logBytes0;
  figures['store.write_cpu_ms'] = { value: round(cpuMs / opts.writes, 2), unit: 'ms' };
  // The first round pays for warming the code paths; all samples count nonetheless.
  figures['store.write_p50_ms'] = { value: round(percentile(times, 0.5), 2), unit: 'ms' };
  figures['store.write_p95_ms'] = { value: round(percentile(times, 0.95), 2), unit: 'ms' };
  figures['store.write_bytes'] = { value: Math.round(logBytes / opts.writes), unit: 'bytes' };
  const floor = percentile(floors, 0.5);
  figures['store.fsync_floor_ms'] = { value: round(floor, 3), unit: 'ms' };
  figures['store.write_vs_floor'] = { value: round(percentile(times, 0.5) / floor, 2), unit: '×' };
  await store.settled(); // the classes' checkpoints and summaries, made after the writes
  let maxBytes = 0;
  for (const c of school.classIds) maxBytes = Math.max(maxBytes, (await stat(join(dataDir, ...classPath(c).split('/')))).size);
  figures['store.checkpoint_bytes'] = { value: maxBytes, unit: 'bytes' };

  log(`journal writes: ${opts.journalWrites} into the largest class`);
  const jt: number[] = [];
  const jcpu: number[] = [];
  const journal = await store.journal(school.yearId, school.largestClass);
  const lesson = journal.lessons.at(-1)!;
  const student = journal.marks.at(-1)!.studentId;
  for (let i = 0; i < opts.journalWrites; i++) {
    const t = performance.now();
    const c = process.cpuUsage();
    await store.updateJournal(school.yearId, school.largestClass, (d: JournalData) => {
      d.marks.push({ id: randomUUID(), lessonId: lesson.id, studentId: student, value: 4, weight: 1 });
    });
    const dc = process.cpuUsage(c);
    jt.push(performance.now() - t);
    jcpu.push((dc.user + dc.system) / 1000);
  }
  figures['store.journal_write_p50_ms'] = { value: round(percentile(jt, 0.5)), unit: 'ms' };
  figures['store.journal_write_cpu_ms'] = { value: round(percentile(jcpu, 0.5)), unit: 'ms' };
  figures['store.journal_marks'] = { value: journal.marks.length, unit: 'marks' };

  figures['store.disk_mb'] = { value: round((await folderBytes(dataDir)) / (1024 * 1024)), unit: 'MB' };
  await store.settled();

  // A crash with 1,000 changes in the log and none in the files: a store that never checkpoints.
  log('recovery: 1,000 consent writes left in the log, then cold opens');
  {
    const crashed = new Store(new FileBackend(dataDir, key), { checkpointDelayMs: 1e9 });
    const all: ClassData[] = [];
    for (const c of school.classIds) all.push(await crashed.classData(c));
    for (let i = 0; i < 1000; i++) {
      const cls = all[i % all.length]!;
      const { doc, mutation } = consentFor(cls, 100_000 + i);
      await crashed.updateClass(cls.classId, (d) => {
        d.documents.push(doc);
        d.mutations.push(mutation);
      });
    }
    const recover = await coldOpen(opts.childScript, dataDir, key, opts.openRuns);
    figures['store.recover_open_ms'] = { value: round(recover.openMs), unit: 'ms' };
  }
  return figures;
}

/**
 * The naive baseline: the whole school at a tenth of the size in one lowdb JSONFile (lowdb's
 * own adapter: pretty-printed JSON, no fsync); the median time of `writes` consent writes.
 */
export async function runNaiveBaseline(file: string, options: DemoOptions, writes: number, log: (s: string) => void): Promise<{ writeMs: number; bytes: number; marks: number }> {
  const stream = createDemoSchoolStream(options);
  const data: { school: unknown; classes: ClassData[]; journals: JournalData[] } = { school: stream.school, classes: [], journals: [] };
  let marks = 0;
  for (const part of stream.classes()) {
    data.classes.push(part.classData);
    data.journals.push(part.journal);
    marks += part.journal.marks.length;
  }
  const db = new Low(new JSONFile<typeof data>(file), data);
  await db.write();
  const bytes = (await stat(file)).size;
  log(`naive file: ${(bytes / 1024 / 1024).toFixed(0)} MB, ${marks.toLocaleString('ru-RU')} marks; ${writes} writes`);
  const times: number[] = [];
  for (let i = 0; i < writes; i++) {
    const cls = data.classes[i % data.classes.length]!;
    const { doc, mutation } = consentFor(cls, i + 1);
    const t = performance.now();
    cls.documents.push(doc);
    cls.mutations.push(mutation);
    await db.write();
    times.push(performance.now() - t);
  }
  return { writeMs: median(times), bytes, marks };
}
