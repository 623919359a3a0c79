/**
 * Writes a demo school as plain JSON files, in the store's layout:
 *   <out>/school.json                  the school (SchoolData without users and workstation)
 *   <out>/users.json                   the demo accounts with their passwords (the app hashes them)
 *   <out>/classes/<classId>.json       ClassData
 *   <out>/journal/<yearId>/<classId>.json  JournalData
 *
 *   npx tsx scripts/generate-demo.ts --students 1000 --seed 42 --out /tmp/demo
 *
 * Defaults reproduce the benchmark's school: a full year (--as-of 2027-05-31) at the benchmark's
 * mark density (about 1.5 million marks for 1,000 students). For the app's everyday density pass
 * --density 0.3; for a school in the middle of the year pass e.g. --as-of 2027-02-15.
 * Classes are generated and written one at a time, so memory holds one class's journal.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_AS_OF, BENCH_MARK_DENSITY, createDemoSchoolStream, type DemoOptions } from '../electron/core/demo/index.js';

function fail(message: string): never {
  process.stderr.write(`${message}\n\nUsage: npx tsx scripts/generate-demo.ts --out <dir> [--students 1000] [--seed 42] [--as-of ${BENCH_AS_OF}] [--density ${BENCH_MARK_DENSITY}] [--pretty]\n`);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    students: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '42' },
    out: { type: 'string' },
    'as-of': { type: 'string', default: BENCH_AS_OF },
    density: { type: 'string', default: String(BENCH_MARK_DENSITY) },
    pretty: { type: 'boolean', default: false },
  },
  strict: true,
});

if (!values.out) fail('--out is required');
const options: DemoOptions = {
  students: Number(values.students),
  seed: Number(values.seed),
  asOf: values['as-of'],
  markDensity: Number(values.density),
};
if (!Number.isInteger(options.students) || options.students < 1) fail('--students: a positive whole number');
if (!Number.isFinite(options.seed)) fail('--seed: a number');
if (!/^\d{4}-\d{2}-\d{2}$/.test(options.asOf)) fail('--as-of: YYYY-MM-DD');
if (!Number.isFinite(options.markDensity)) fail('--density: a number');

const out = resolve(values.out);
const indent = values.pretty ? 2 : undefined;
const write = (rel: string, data: unknown): number => {
  const path = join(out, rel);
  mkdirSync(join(path, '..'), { recursive: true });
  const text = JSON.stringify(data, null, indent);
  writeFileSync(path, text);
  return Buffer.byteLength(text);
};

const t0 = performance.now();
const stream = createDemoSchoolStream(options);
const yearId = stream.school.years[0]?.id ?? 'year';
let bytes = write('school.json', stream.school);
bytes += write('users.json', stream.users);
const tSchool = performance.now();

const totals = { students: 0, guardians: 0, documents: 0, finalMarks: 0, recommendations: 0, diaryViews: 0, lessons: 0, marks: 0, attendance: 0 };
let peakHeap = 0;
for (const { classData, journal } of stream.classes()) {
  bytes += write(join('classes', `${classData.classId}.json`), classData);
  bytes += write(join('journal', yearId, `${journal.classId}.json`), journal);
  totals.students += classData.students.length;
  totals.guardians += classData.guardians.length;
  totals.documents += classData.documents.length;
  totals.finalMarks += classData.finalMarks.length;
  totals.recommendations += classData.recommendations.length;
  totals.diaryViews += classData.diaryViews.length;
  totals.lessons += journal.lessons.length;
  totals.marks += journal.marks.length;
  totals.attendance += journal.attendance.length;
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
}
const t1 = performance.now();

const s = stream.school;
const fmt = (n: number) => n.toLocaleString('ru-RU');
const lines = [
  `ЭЖД Офис — демо-школа: ${s.school.shortName}, ${s.years[0]?.name ?? ''}`,
  `options: students=${options.students} seed=${options.seed} asOf=${options.asOf} markDensity=${options.markDensity}`,
  `out: ${out}`,
  '',
  `classes            ${fmt(s.classes.length)}`,
  `teachers           ${fmt(s.teachers.length)}`,
  `subjects           ${fmt(s.subjects.length)}`,
  `curriculum items   ${fmt(s.curriculum.length)}`,
  `timetable slots    ${fmt(s.timetable.length)}`,
  `timetable changes  ${fmt(s.timetableChanges.length)}`,
  `planned tests      ${fmt(s.tests.length)}`,
  `users              ${fmt(stream.users.length)}`,
  `students           ${fmt(totals.students)}`,
  `guardians          ${fmt(totals.guardians)}`,
  `documents          ${fmt(totals.documents)}`,
  `final marks        ${fmt(totals.finalMarks)}`,
  `recommendations    ${fmt(totals.recommendations)}`,
  `diary views        ${fmt(totals.diaryViews)}`,
  `lessons            ${fmt(totals.lessons)}`,
  `marks              ${fmt(totals.marks)}`,
  `attendance         ${fmt(totals.attendance)}`,
  '',
  `school part   ${Math.round(tSchool - t0)} ms`,
  `classes       ${Math.round(t1 - tSchool)} ms (generate + write)`,
  `total         ${Math.round(t1 - t0)} ms, ${(bytes / 1e6).toFixed(1)} MB written, peak heap ${Math.round(peakHeap / 1e6)} MB`,
];
process.stdout.write(`${lines.join('\n')}\n`);
