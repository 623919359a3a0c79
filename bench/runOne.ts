/**
 * Child process of scripts/bench.ts: runs one bench module in a process of its own (its memory and
 * time do not affect the others, and it can be stopped when it runs over its time).
 *
 *   node --import tsx bench/runOne.ts <module file> <function> [<data folder>]
 *
 * With a data folder (env EZHD_BENCH_KEY: its base64 key), the function gets an App over it
 * (`run(app)`); without, it is called with no arguments. Prints the figures as the last line:
 * `@@FIGURES {json}`.
 */
import { pathToFileURL } from 'node:url';
import { createApp, type App } from '../electron/core/app.js';
import { BENCH_OPTIONS } from '../electron/core/demo/index.js';
import { openDataFolder } from '../electron/core/store/openDataFolder.js';
import { BENCH_PASSWORD_COST, type Figures } from './store.bench.js';

const [file, fn, dataDir] = process.argv.slice(2);
if (!file || !fn) throw new Error('usage: runOne.ts <module> <function> [<data folder>]');

const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
const run = mod[fn];
if (typeof run !== 'function') throw new Error(`${fn} is not exported by ${file}`);
let figures: Figures;
if (dataDir) {
  const key = Buffer.from(process.env.EZHD_BENCH_KEY ?? '', 'base64');
  const folder = await openDataFolder({ dataDir, key });
  // The day of the bench school: its last school day, at noon in Moscow.
  const app = createApp({ ...folder, passwordCost: BENCH_PASSWORD_COST, now: () => new Date(`${BENCH_OPTIONS.asOf}T12:00:00+03:00`) });
  figures = await (run as (app: App) => Promise<Figures>)(app);
} else {
  figures = await (run as () => Promise<Figures>)();
}
process.stdout.write(`\n@@FIGURES ${JSON.stringify(figures)}\n`);
process.exit(0);
