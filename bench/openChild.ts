/**
 * Child process of the store benchmark (bundled by scripts/bench.ts, run in a fresh Node process):
 * opens the data folder cold (key check, school file) and reads the first class list — the list of
 * classes and the students of the first class, as the app's first screen does. Prints one JSON line:
 * { openMs (open → list), processMs (process start → list), rssMb (after it) }.
 * argv[2]: data folder; env EZHD_BENCH_KEY: base64 data key.
 */
import { openDataFolder } from '../electron/core/store/openDataFolder.js';
import { Store } from '../electron/core/store/store.js';

const dataDir = process.argv[2]!;
const key = Buffer.from(process.env.EZHD_BENCH_KEY ?? '', 'base64');

const start = performance.now();
const folder = await openDataFolder({ dataDir, key });
const store = new Store(folder.backend);
const school = await store.school();
const classes = [...school.classes].sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru'));
const first = await store.classData(classes[0]!.id);
const list = first.students.map((s) => `${s.lastName} ${s.firstName}`).sort((a, b) => a.localeCompare(b, 'ru'));
const end = performance.now();
if (list.length === 0) throw new Error('open bench: the first class has no students');
process.stdout.write(`${JSON.stringify({ openMs: end - start, processMs: end, rssMb: process.memoryUsage().rss / (1024 * 1024) })}\n`);
