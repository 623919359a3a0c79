/**
 * `npm run bench`: the benchmark of the whole app at the size of a real school.
 *
 * Generates the 1,000-student demo school with a full year of journal (BENCH_OPTIONS: asOf = the
 * last day of the year, BENCH_MARK_DENSITY ≈ 1.5 M marks) into a temp data folder through the real
 * FileBackend with a random key, measures the store (bench/store.bench.ts), then runs the benches
 * of the other parts that exist — bench/journal.bench.ts (runJournalBench), extracts.bench.ts
 * (runExtractsBench), stats.bench.ts (runStatsBench), ui.bench.ts (runUiBench: the renderer in
 * Chromium against the web host), each with an App over the bench school, and
 * sync.bench.ts (runSyncBench) — and writes every figure to bench/results.json
 * ({ name: { value, unit } }) and a table to the console.
 *
 *   --students N   school size (default 1000; the goals apply at 1000)
 *   --keep         keep the temp data folder (its path is printed)
 *   --only NAME    run only that bench: store, journal, extracts, stats, ui, sync or import (the other figures
 *                  in results.json are kept)
 *   --time-limit S seconds each of the other benches may take (default 240; the sync bench 480:
 *                  its first run loads the school into PGlite and PostgreSQL, see bench/sync.bench.ts)
 *   --budget S     seconds the whole run may take (default 470, ~8 minutes; 580 with --only): a bench gets what is
 *                  left of it, and is skipped when less than 20 s are
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { BENCH_OPTIONS } from '../electron/core/demo/index.js';
import { generateDataKey } from '../electron/core/store/durable/index.js';
import { openDataFolder } from '../electron/core/store/openDataFolder.js';
import { buildBenchSchool, runNaiveBaseline, runStoreBench, type Figures } from '../bench/store.bench.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = join(root, 'bench');

/** Goals of the issues, for the table: [limit, 'max' | 'min']. */
const GOALS: Record<string, [number, 'max' | 'min']> = {
  'store.open_ms': [1500, 'max'],
  'store.rss_mb': [400, 'max'],
  'store.write_p50_ms': [0.8, 'max'],
  'store.write_p95_ms': [3, 'max'],
  'store.write_bytes': [4096, 'max'],
  'store.journal_write_p50_ms': [5, 'max'],
  'store.write_vs_floor': [2, 'max'],
  'store.recover_open_ms': [500, 'max'],
  'store.disk_mb': [120, 'max'],
  'extract.single_ms': [100, 'max'],
  'extract.batch300_ms': [3000, 'max'],
  'extract.batch300_mb': [10, 'max'],
  'stats.dashboard_ms': [500, 'max'],
  'stats.report_max_ms': [300, 'max'],
  'sync.initial_pull_ms': [12_000, 'max'],
  'sync.initial_pull_mb': [40, 'max'],
  'sync.pull10k_ms': [1500, 'max'],
  'sync.push100_ms': [1000, 'max'],
  'import.full_pglite_ms': [60_000, 'max'],
  'import.full_pg_ms': [30_000, 'max'],
  'import.noop_ms': [10_000, 'max'],
  'import.noop_changed': [0, 'max'],
  'import.week_ms': [5000, 'max'],
  'import.classlist_xlsx_ms': [3000, 'max'],
  'ui.login_ms': [700, 'max'],
  'ui.registry_ms': [300, 'max'],
  'ui.journal_ms': [300, 'max'],
  'ui.dashboard_ms': [500, 'max'],
  'ui.extracts_batch_ms': [3000, 'max'],
};

const started = performance.now();
const log = (s: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { students: { type: 'string' }, keep: { type: 'boolean', default: false }, only: { type: 'string' }, 'time-limit': { type: 'string' }, budget: { type: 'string' } },
  });
  const timeLimitS = Number(values['time-limit'] ?? 240);
  const budgetS = Number(values.budget ?? (values.only ? 580 : 470));
  const students = Number(values.students ?? BENCH_OPTIONS.students);
  const options = { ...BENCH_OPTIONS, students };
  const work = await mkdtemp(join(tmpdir(), 'ezhd-bench-'));
  const dataDir = join(work, 'data');
  const key = generateDataKey();
  const figures: Figures = {};
  const others: { name: string; file: string; fn: string; withApp: boolean; prefixes: string[] }[] = [
    { name: 'journal', file: 'journal.bench.ts', fn: 'runJournalBench', withApp: true, prefixes: ['journal.'] },
    { name: 'extracts', file: 'extracts.bench.ts', fn: 'runExtractsBench', withApp: true, prefixes: ['extract.'] },
    { name: 'stats', file: 'stats.bench.ts', fn: 'runStatsBench', withApp: true, prefixes: ['stats.'] },
    // After the other benches over the school: its weekly batch registers extracts.
    { name: 'ui', file: 'ui.bench.ts', fn: 'runUiBench', withApp: true, prefixes: ['ui.'] },
    { name: 'sync', file: 'sync.bench.ts', fn: 'runSyncBench', withApp: false, prefixes: ['sync.', 'central.'] },
    { name: 'import', file: 'import.bench.ts', fn: 'runImportBench', withApp: false, prefixes: ['import.'] },
    { name: 'classlist', file: 'classList.bench.ts', fn: 'runClassListBench', withApp: false, prefixes: ['import.classlist'] },
  ];
  const only = values.only;
  if (only !== undefined && only !== 'store' && !others.some((b) => b.name === only)) {
    throw new Error(`--only: one of store, ${others.map((b) => b.name).join(', ')}`);
  }
  const ownPrefixes = only === 'store' ? ['store.', 'bench.'] : (others.find((b) => b.name === only)?.prefixes ?? []);
  if (only !== undefined) {
    // Only one bench's figures are measured again: keep the others' from the last run.
    try {
      const last = JSON.parse(await readFile(join(benchDir, 'results.json'), 'utf8')) as Figures;
      for (const [k, v] of Object.entries(last)) if (!ownPrefixes.some((p) => k.startsWith(p))) figures[k] = v;
    } catch {
      // no earlier results
    }
  }
  const notes: string[] = [];
  /** Written after every stage, so a bench that fails or hangs later loses nothing before it. */
  const save = async () => {
    const sorted = Object.fromEntries(Object.entries(figures).sort(([a], [b]) => a.localeCompare(b)));
    await writeFile(join(benchDir, 'results.json'), `${JSON.stringify(sorted, null, 2)}\n`);
    return sorted;
  };
  try {
    const selected = others.filter((b) => only === undefined || b.name === only);
    if (only === undefined || only === 'store' || selected.some((b) => b.withApp)) {
      await openDataFolder({ dataDir, key });
      log(`generating the school: ${students} students, full year to ${options.asOf}, mark density ${options.markDensity} → ${dataDir}`);
      const school = await buildBenchSchool(dataDir, key, options, log);
      log(
        `school written in ${(school.generateMs / 1000).toFixed(1)} s: ${school.classIds.length} classes, ${school.students} students, ` +
          `${school.lessons.toLocaleString('ru-RU')} lessons, ${school.marks.toLocaleString('ru-RU')} marks`,
      );
      figures['bench.marks'] = { value: school.marks, unit: 'marks' };
      figures['bench.students'] = { value: school.students, unit: 'students' };

      if (only === undefined || only === 'store') {
        const childScript = join(work, 'openChild.mjs');
        await build({ entryPoints: [join(benchDir, 'openChild.ts')], outfile: childScript, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'silent' });
        Object.assign(figures, await runStoreBench(dataDir, key, school, { childScript, openRuns: 7, writes: 400, journalWrites: 15 }, log));

        const naiveStudents = Math.max(10, Math.round(students / 10));
        log(`naive baseline: one lowdb JSONFile with ${naiveStudents} students`);
        const naive = await runNaiveBaseline(join(work, 'naive.json'), { ...options, students: naiveStudents }, 5, log);
        figures['store.naive_write_ms'] = { value: Math.round(naive.writeMs), unit: 'ms' };
        figures['store.naive_file_mb'] = { value: Math.round(naive.bytes / (1024 * 1024)), unit: 'MB' };
        figures['store.naive_write_ratio'] = { value: Math.round(naive.writeMs / figures['store.write_p50_ms']!.value), unit: '×' };
        await rm(join(work, 'naive.json'), { force: true });
        await save();
        log('store figures saved to bench/results.json');
      }
    }

    if (only !== 'store') {
      for (const b of selected) {
        const path = join(benchDir, b.file);
        if (!existsSync(path)) {
          notes.push(`bench/${b.file}: not there yet, skipped`);
          log(`bench/${b.file}: not there yet, skipped`);
          continue;
        }
        // Within the whole run's budget: what is left of it, at most the per-bench limit.
        const leftS = Math.floor(budgetS - (performance.now() - started) / 1000);
        if (leftS < 20) {
          const msg = `bench/${b.file}: skipped, the run's ${budgetS} s budget is spent (run it alone: npm run bench -- --only ${b.name})`;
          notes.push(msg);
          log(msg);
          continue;
        }
        const limitS = Math.min(values['time-limit'] === undefined && b.name === 'sync' ? 480 : timeLimitS, leftS);
        log(`bench/${b.file}: ${b.fn}(${b.withApp ? 'app' : ''}) in its own process, up to ${limitS} s`);
        const r = await runInChild(path, b.fn, b.withApp ? dataDir : null, key, limitS * 1000);
        if (r.ok) {
          Object.assign(figures, r.figures);
          await save();
        } else {
          notes.push(`bench/${b.file}: ${r.reason}`);
          log(`bench/${b.file}: ${r.reason}`);
        }
      }
    }

    printTable(await save());
    for (const n of notes) console.log(`note: ${n}`);
    console.log(`\nbench/results.json written; ${((performance.now() - started) / 1000).toFixed(0)} s in all.`);
    if (values.keep) console.log(`data folder kept: ${dataDir} (key ${key.toString('base64')})`);
  } finally {
    if (!values.keep) await rm(work, { recursive: true, force: true });
  }
}

/** Runs one bench module in a child process (bench/runOne.ts); stops it after `limitMs`. */
function runInChild(file: string, fn: string, dataDir: string | null, key: Uint8Array, limitMs: number): Promise<{ ok: true; figures: Figures } | { ok: false; reason: string }> {
  return new Promise((resolvePromise) => {
    const args = ['--import', 'tsx', join(benchDir, 'runOne.ts'), file, fn, ...(dataDir ? [dataDir] : [])];
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, EZHD_BENCH_KEY: Buffer.from(key).toString('base64') },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let all = '';
    let pending = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      all += c;
      // Pass the bench's own progress lines through as they come.
      const lines = (pending + c).split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) if (!l.startsWith('@@FIGURES ') && l.trim() !== '') console.log(l);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = all.split('\n').find((l) => l.startsWith('@@FIGURES '));
      if (timedOut) {
        resolvePromise({ ok: false, reason: `stopped after ${Math.round(limitMs / 1000)} s (over its time: --time-limit, --budget); its temp files may be left in ${tmpdir()}` });
      }
      else if (code !== 0 || !line) resolvePromise({ ok: false, reason: `failed (exit ${code ?? 'signal'})` });
      else resolvePromise({ ok: true, figures: JSON.parse(line.slice('@@FIGURES '.length)) as Figures });
    });
  });
}

function printTable(figures: Figures): void {
  const rows = Object.entries(figures).map(([name, { value, unit }]) => {
    const goal = GOALS[name];
    const verdict = goal ? ((goal[1] === 'max' ? value <= goal[0] : value >= goal[0]) ? 'ok' : 'MISSED') : '';
    return [name, value.toLocaleString('en-US'), unit, goal ? `${goal[1] === 'max' ? '≤' : '≥'} ${goal[0].toLocaleString('en-US')}` : '', verdict];
  });
  const head = ['figure', 'value', 'unit', 'goal', ''];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of rows) console.log(line(r));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
