/**
 * Writes the class-list template (docs/templates/список-классов.xlsx) — or, with --fill N, a class
 * list of N made-up children (the README's quick start, the bench):
 *
 *   npx tsx scripts/class-list-template.ts                          the template in docs/templates/
 *   npx tsx scripts/class-list-template.ts --fill 3 --out /tmp/список.xlsx
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { classListWorkbook } from '../central/exchange/classList/template.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { fill: { type: 'string' }, out: { type: 'string' } } });
const students = values.fill === undefined ? undefined : Number(values.fill);
if (students !== undefined && !(Number.isInteger(students) && students >= 1 && students <= 100_000)) throw new Error('--fill: число учеников от 1 до 100 000');
const out = resolve(values.out ?? join(root, 'docs', 'templates', 'список-классов.xlsx'));
mkdirSync(dirname(out), { recursive: true });
const wb = await classListWorkbook(students === undefined ? {} : { students });
await wb.xlsx.writeFile(out);
console.log(`${students === undefined ? 'шаблон' : `список из ${students} вымышленных учеников`}: ${out}`);
