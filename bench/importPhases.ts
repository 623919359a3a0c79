/**
 * A smaller, repeatable loop for profiling the exchange import (issue 17) than the whole bench:
 *
 *   npx tsx bench/importPhases.ts prepare <dir>   the demo school (IMPORT_BENCH_STUDENTS, default
 *                                                 1,000, full year) exported once into <dir>/export,
 *                                                 split into <dir>/full (without the last week) and
 *                                                 <dir>/week (the last week, complete for it)
 *   npx tsx bench/importPhases.ts run <dir> [pglite|pg] [full|noop|compare|week…]
 *                                                 imports them into a fresh school and prints the
 *                                                 time of each step and its phases (pg: PostgreSQL at
 *                                                 EZHD_TEST_PG_URL, in a schema dropped afterwards);
 *                                                 `compare`: the full files again, every row read
 *                                                 and compared (`noop` after a full import takes the
 *                                                 files' digest: lastImport.ts)
 *
 * Profile a step with `node --cpu-prof --import tsx bench/importPhases.ts run <dir> pglite full`.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openPg, openPglite, type Db } from '../central/db.js';
import { loadDemo } from '../central/demo.js';
import { WORKSTATION_DEMO } from '../scripts/central/workstationDemo.js';
import { exportSchool } from '../central/exchange/export.js';
import { importExport } from '../central/exchange/import.js';
import { migrate } from '../central/schema.js';
import { createSchool } from '../central/schools.js';
import { BENCH_OPTIONS } from '../electron/core/demo/index.js';
import { splitWeek } from './import.bench.js';

const [mode, dir, dbKind = 'pglite', ...steps] = process.argv.slice(2);
if (!dir || (mode !== 'prepare' && mode !== 'run')) {
  console.error('usage: importPhases.ts prepare <dir> | run <dir> [pglite|pg] [full|noop|compare|week|whole…]');
  process.exit(2);
}

if (mode === 'prepare') {
  const students = Number(process.env.IMPORT_BENCH_STUDENTS ?? BENCH_OPTIONS.students);
  const source = await openPglite();
  await migrate(source);
  const t0 = performance.now();
  const loaded = await loadDemo(source, { generator: WORKSTATION_DEMO, schoolId: 'bench', seed: BENCH_OPTIONS.seed, students, asOf: BENCH_OPTIONS.asOf, ...(BENCH_OPTIONS.markDensity !== undefined ? { markDensity: BENCH_OPTIONS.markDensity } : {}) });
  console.log(`loaded ${loaded.entities} entities in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const ex = await exportSchool(source, 'bench', join(dir, 'export'));
  await source.close();
  console.log(`exported in ${(ex.ms / 1000).toFixed(1)} s`, ex.files);
  console.log(await splitWeek(join(dir, 'export'), join(dir, 'full'), join(dir, 'week')));
} else {
  let schema = '';
  let db: Db;
  if (dbKind === 'pg') {
    const url = process.env.EZHD_TEST_PG_URL;
    if (!url) throw new Error('EZHD_TEST_PG_URL');
    schema = `import_phases_${randomBytes(4).toString('hex')}`;
    db = await openPg(url, { schema });
  } else db = await openPglite();
  try {
    await migrate(db);
    await createSchool(db, 'own', 'Своя школа');
    for (const step of steps.length ? steps : ['full', 'noop', 'week']) {
      const folder = join(dir, step === 'noop' || step === 'compare' ? 'full' : step === 'whole' ? 'export' : step);
      const cpu = process.cpuUsage();
      const r = await importExport(db, 'own', { path: folder, compareAll: step === 'compare' });
      const used = process.cpuUsage(cpu);
      console.log(`${step.padEnd(5)} ${(r.ms / 1000).toFixed(1).padStart(6)} s (this process's CPU ${((used.user + used.system) / 1e6).toFixed(1)} s)  +${r.added} ~${r.changed} −${r.removed} written ${r.written}  phases ${JSON.stringify(r.phases)} cpu ${JSON.stringify(r.cpu)}`);
    }
  } finally {
    if (schema) await db.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await db.close();
  }
}
