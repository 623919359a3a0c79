/**
 * Import benchmark (issue 17): the demo school (IMPORT_BENCH_STUDENTS, default 1,000, full year)
 * loaded into a central PGlite, exported with the exchange export, and the export imported:
 *
 * - `import.full_pglite_ms`: into an empty school on PGlite in a data folder, as `npm run central`
 *   runs it (goal ≤ 60 s), without the last week; side figure `import.full_pglite_memory_ms`: the
 *   same into PGlite in memory (`--data memory`: tables unlogged, no write-ahead log to write);
 * - `import.noop_ms`: the same files again: nothing changes (goal ≤ 10 s, `import.noop_changed` = 0);
 *   nothing was written in between, so the import knows it from the files' digest (lastImport.ts);
 *   side figure `import.noop_compared_ms`: the same with every row read and compared (`compareAll`,
 *   what a re-import costs after anything was written in the school);
 * - `import.week_ms`: the last week's lessons, marks and attendance, declared complete for that
 *   week (goal ≤ 5 s);
 * - `import.full_pg_ms`: the full import on PostgreSQL (EZHD_TEST_PG_URL or scripts/test-postgres.sh;
 *   goal ≤ 30 s);
 * side figures: `import.export_ms`, `import.entities`, `import.export_mb`.
 *
 * Run: `npm run bench -- --only import`, or directly `npx tsx bench/import.bench.ts` (it then
 * merges its figures into bench/results.json).
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { openPg, openPglite, type Db } from '../central/db.js';
import { loadDemo } from '../central/demo.js';
import { WORKSTATION_DEMO } from '../scripts/central/workstationDemo.js';
import { exportSchool } from '../central/exchange/export.js';
import { importExport } from '../central/exchange/import.js';
import { migrate } from '../central/schema.js';
import { createSchool } from '../central/schools.js';
import { BENCH_OPTIONS } from '../electron/core/demo/index.js';

type Figures = Record<string, { value: number; unit: string }>;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const started = performance.now();
const log = (s: string) => console.log(`[import ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

function postgresUrl(): string | null {
  if (process.env.EZHD_TEST_PG_URL) return process.env.EZHD_TEST_PG_URL;
  const r = spawnSync('bash', [join(root, 'scripts/test-postgres.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const url = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
  return url?.startsWith('postgres://') ? url : null;
}

/** Splits the export: everything before the last week (`full`), and the last week's journal (`week`). */
export async function splitWeek(src: string, full: string, week: string): Promise<{ from: string; to: string; lessons: number; marks: number }> {
  await mkdir(full, { recursive: true });
  await mkdir(week, { recursive: true });
  const lessonsText = await readFile(join(src, 'lessons.csv'), 'utf8');
  const rows = parse(lessonsText, { delimiter: ';', bom: true, relax_column_count: true }) as string[][];
  const [header, ...body] = rows;
  const dateCol = header!.indexOf('date');
  const to = body.reduce((m, r) => (r[dateCol]! > m ? r[dateCol]! : m), '');
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
  const inWeek = new Set(body.filter((r) => r[dateCol]! >= from).map((r) => r[0]!));
  const split = async (file: string, lessonCol: number) => {
    const text = await readFile(join(src, file), 'utf8');
    const lines = text.split('\r\n');
    const head = lines[0]!;
    const a = [head];
    const b = [head];
    for (let i = 1; i < lines.length; i++) {
      const l = lines[i]!;
      if (!l) continue;
      // Ids have no quotes or delimiters: the id columns of a line can be split off as they are.
      const cells = l.split(';', lessonCol + 1);
      (inWeek.has(cells[lessonCol]!) ? b : a).push(l);
    }
    await writeFile(join(full, file), `${a.join('\r\n')}\r\n`);
    await writeFile(join(week, file), `${b.join('\r\n')}\r\n`);
    return b.length - 1;
  };
  const lessons = await split('lessons.csv', 0);
  const marks = await split('marks.csv', 1);
  await split('attendance.csv', 1);
  for (const f of await readdir(src)) if (!['lessons.csv', 'marks.csv', 'attendance.csv', 'manifest.csv'].includes(f)) await writeFile(join(full, f), await readFile(join(src, f)));
  const manifest = (await readFile(join(src, 'manifest.csv'), 'utf8')).split('\r\n');
  await writeFile(join(full, 'manifest.csv'), manifest.join('\r\n'));
  const keep = manifest.filter((l) => !l.startsWith('complete;'));
  keep.pop();
  for (const k of ['lessons', 'marks', 'attendance']) keep.push(`complete;${k};${from};${to}`);
  await writeFile(join(week, 'manifest.csv'), `${keep.join('\r\n')}\r\n`);
  return { from, to, lessons, marks };
}

export async function runImportBench(): Promise<Figures> {
  const figures: Figures = {};
  const students = Number(process.env.IMPORT_BENCH_STUDENTS ?? BENCH_OPTIONS.students);
  const opts = { ...BENCH_OPTIONS, students };
  const work = await mkdtemp(join(tmpdir(), 'ezhd-import-bench-'));
  try {
    // The source: the demo school on a central PGlite, exported by the exchange export.
    const source = await openPglite();
    await migrate(source);
    log(`loading the demo school (${students} students, full year to ${opts.asOf}) into PGlite…`);
    const loaded = await loadDemo(source, { generator: WORKSTATION_DEMO, schoolId: 'bench', seed: opts.seed, students, asOf: opts.asOf, ...(opts.markDensity !== undefined ? { markDensity: opts.markDensity } : {}) });
    log(`loaded ${loaded.entities.toLocaleString('en-US')} entities`);
    figures['import.entities'] = { value: loaded.entities, unit: 'entities' };
    const exported = join(work, 'export');
    const ex = await exportSchool(source, 'bench', exported);
    await source.close();
    let bytes = 0;
    for (const f of await readdir(exported)) bytes += (await stat(join(exported, f))).size;
    figures['import.export_ms'] = { value: ex.ms, unit: 'ms' };
    figures['import.export_mb'] = { value: Math.round(bytes / 1024 / 1024), unit: 'MB' };
    log(`exported in ${(ex.ms / 1000).toFixed(1)} s, ${(bytes / 1024 / 1024).toFixed(0)} MB (marks.csv: ${ex.files['marks.csv']} rows)`);
    const week = await splitWeek(exported, join(work, 'full'), join(work, 'week'));
    log(`last week ${week.from}…${week.to}: ${week.lessons} lessons, ${week.marks} marks`);

    // PGlite in memory first (a side figure), then in a data folder: the school's own server.
    const memory = await openPglite();
    await migrate(memory);
    await createSchool(memory, 'own', 'Своя школа');
    const inMemory = await importExport(memory, 'own', { path: join(work, 'full') });
    await memory.close();
    figures['import.full_pglite_memory_ms'] = { value: inMemory.ms, unit: 'ms' };
    log(`full import, PGlite in memory: ${(inMemory.ms / 1000).toFixed(1)} s; phases ${JSON.stringify(inMemory.phases)}, this process's CPU ${JSON.stringify(inMemory.cpu)}`);

    const target = await openPglite(join(work, 'central-data'));
    await migrate(target);
    await createSchool(target, 'own', 'Своя школа');
    const full = await importExport(target, 'own', { path: join(work, 'full') });
    figures['import.full_pglite_ms'] = { value: full.ms, unit: 'ms' };
    log(`full import, PGlite in a data folder: ${(full.ms / 1000).toFixed(1)} s, ${full.written.toLocaleString('en-US')} changes; phases ${JSON.stringify(full.phases)}, this process's CPU ${JSON.stringify(full.cpu)}`);
    const noop = await importExport(target, 'own', { path: join(work, 'full') });
    figures['import.noop_ms'] = { value: noop.ms, unit: 'ms' };
    figures['import.noop_changed'] = { value: noop.written, unit: 'rows' };
    log(`the same files again: ${(noop.ms / 1000).toFixed(1)} s, ${noop.written} changes${noop.sameAsLast ? ' (the files of the last import, nothing written since)' : ''}; phases ${JSON.stringify(noop.phases)}, this process's CPU ${JSON.stringify(noop.cpu)}`);
    const compared = await importExport(target, 'own', { path: join(work, 'full'), compareAll: true });
    figures['import.noop_compared_ms'] = { value: compared.ms, unit: 'ms' };
    log(`the same files again, every row compared: ${(compared.ms / 1000).toFixed(1)} s, ${compared.written} changes; phases ${JSON.stringify(compared.phases)}, this process's CPU ${JSON.stringify(compared.cpu)}`);
    const wk = await importExport(target, 'own', { path: join(work, 'week') });
    figures['import.week_ms'] = { value: wk.ms, unit: 'ms' };
    log(`the last week: ${(wk.ms / 1000).toFixed(1)} s, +${wk.added} ~${wk.changed} −${wk.removed}; phases ${JSON.stringify(wk.phases)}, this process's CPU ${JSON.stringify(wk.cpu)}`);
    await target.close();

    const url = postgresUrl();
    if (url) {
      const schema = `import_bench_${randomBytes(4).toString('hex')}`;
      const pg: Db = await openPg(url, { schema });
      try {
        await migrate(pg);
        await createSchool(pg, 'own', 'Своя школа');
        const r = await importExport(pg, 'own', { path: exported });
        figures['import.full_pg_ms'] = { value: r.ms, unit: 'ms' };
        log(`full import, PostgreSQL: ${(r.ms / 1000).toFixed(1)} s; phases ${JSON.stringify(r.phases)}, this process's CPU ${JSON.stringify(r.cpu)}`);
      } finally {
        await pg.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
        await pg.close();
      }
    } else log('PostgreSQL: not available (EZHD_TEST_PG_URL), import.full_pg_ms not measured');
    if (students !== BENCH_OPTIONS.students) figures['import.students'] = { value: students, unit: 'students' };
    return figures;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// Run directly: merge the figures into bench/results.json.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const figures = await runImportBench();
  if (figures['import.students']) {
    // A smaller school than the goals are for: printed, not written.
    console.log(JSON.stringify(figures, null, 2));
    process.exit(0);
  }
  const file = join(root, 'bench/results.json');
  const all = existsSync(file) ? (JSON.parse(await readFile(file, 'utf8')) as Figures) : {};
  for (const k of Object.keys(all)) if (k.startsWith('import.')) delete all[k];
  Object.assign(all, figures);
  await writeFile(file, `${JSON.stringify(Object.fromEntries(Object.entries(all).sort(([a], [b]) => a.localeCompare(b))), null, 2)}\n`);
  console.log(JSON.stringify(figures, null, 2));
}
