/**
 * Class-list benchmark (issue 17.3): a class list of 1,000 made-up students with their guardians
 * (the filled template, central/exchange/classList/template.ts) imported from XLSX into an empty
 * school on an in-memory PGlite:
 *
 * - `import.classlist_xlsx_ms`: read, recognise, check and write (goal ≤ 3 s);
 * side figures: `import.classlist_noop_ms` (the same list again: nothing changes),
 * `import.classlist_xlsx_cpu_ms` (the CPU time of the import: its cost on a machine not shared),
 * `import.classlist_read_ms` (reading the XLSX and converting the rows, no database).
 *
 * Run: `npm run bench -- --only classlist`, or directly `npx tsx bench/classList.bench.ts`
 * (prints the figures; CLASSLIST_BENCH_STUDENTS: another size).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openPglite } from '../central/db.js';
import { convertClassList } from '../central/exchange/classList/convert.js';
import { importClassList } from '../central/exchange/classList/importClassList.js';
import { readClassList } from '../central/exchange/classList/sheet.js';
import { classListWorkbook } from '../central/exchange/classList/template.js';
import { migrate } from '../central/schema.js';
import { createSchool } from '../central/schools.js';

type Figures = Record<string, { value: number; unit: string }>;

export async function runClassListBench(): Promise<Figures> {
  const students = Number(process.env.CLASSLIST_BENCH_STUDENTS ?? 1000);
  const dir = await mkdtemp(join(tmpdir(), 'ezhd-classlist-bench-'));
  const db = await openPglite();
  try {
    await migrate(db);
    await createSchool(db, 'bench', 'МБОУ СОШ № 1');
    const path = join(dir, 'список-классов.xlsx');
    await (await classListWorkbook({ students })).xlsx.writeFile(path);
    const now = new Date('2026-11-20T10:00:00Z');
    let t = performance.now();
    convertClassList(await readClassList(path), { years: [], classes: [] }, now);
    const readMs = performance.now() - t;
    t = performance.now();
    const cpu = process.cpuUsage();
    const first = await importClassList(db, 'bench', { path, now });
    const fullMs = performance.now() - t;
    // CPU time of the process (PGlite runs in it): what the import costs on a machine not shared.
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    if (first.import.byKind.student?.added !== students) throw new Error(`expected ${students} students, got ${JSON.stringify(first.import.byKind.student)}`);
    t = performance.now();
    const again = await importClassList(db, 'bench', { path, now });
    const noopMs = performance.now() - t;
    if (again.import.written !== 0) throw new Error(`re-import wrote ${again.import.written} changes`);
    console.log(`[classlist] ${students} students, ${first.import.added} entities: import ${Math.round(fullMs)} ms (CPU ${Math.round(cpuMs)} ms; read+convert ${Math.round(readMs)} ms; import phases ${JSON.stringify(first.import.phases)}), again ${Math.round(noopMs)} ms`);
    return {
      'import.classlist_xlsx_ms': { value: Math.round(fullMs), unit: 'ms' },
      'import.classlist_noop_ms': { value: Math.round(noopMs), unit: 'ms' },
      'import.classlist_read_ms': { value: Math.round(readMs), unit: 'ms' },
      'import.classlist_xlsx_cpu_ms': { value: Math.round(cpuMs), unit: 'ms' },
    };
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify(await runClassListBench(), null, 2));
}
