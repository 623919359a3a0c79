/**
 * SIGKILL loop of the store (issue 15; not in CI): a child registers documents the way the registry
 * does (stamp in school.json, document + mutation in a class; every tenth run also marks into a
 * 40,000-mark journal so kills land in long checkpoints) and is killed with SIGKILL after a random
 * number of acknowledged writes, or right as a checkpoint starts; after each kill a fresh store must
 * find every acknowledged document and mark, no mutation number used twice, the counter past all.
 *
 *   npx tsx scripts/wal-kill-loop.ts [--kills 1000] [--seed n]
 *
 * Prints one line per 50 kills and a summary; exits 1 at the first loss.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { prng } from '../electron/contract/random/prng.js';
import { verifyOrInitKeyCheck } from '../electron/core/store/durable/dataKey.js';
import { buildWalChild, checkFolder, runWalChild, type Ack } from '../tests/unit/store/fixtures/walHarness.js';

const { values } = parseArgs({ options: { kills: { type: 'string', default: '1000' }, seed: { type: 'string' } } });
const kills = Number(values.kills);
const seed = Number(values.seed ?? Date.now() % 2 ** 31) >>> 0;
const random = prng(seed);

const work = await mkdtemp(join(tmpdir(), 'ezhd-kill-loop-'));
const script = await buildWalChild(work);
const dir = join(work, 'data');
const key = randomBytes(32);
await verifyOrInitKeyCheck(dir, key);
const acks: Ack[] = [];
const marks: string[] = [];
let checkpointKills = 0;
let killed = 0;
const t0 = performance.now();
try {
  for (let k = 0; k < kills; k++) {
    const journal = k % 10 === 0;
    const atCheckpoint = random() < 0.4;
    const run = await runWalChild(
      script,
      { WAL_DIR: dir, WAL_KEY: key.toString('base64'), WAL_DELAY: String(Math.floor(random() * 30)), WAL_JOURNAL: journal ? '1' : '0' },
      { atCheckpoint, afterAcks: 1 + Math.floor(random() * 20), delayMs: random() * 10 },
    );
    if (run.stderr) throw new Error(`kill ${k}: child failed: ${run.stderr}`);
    if (run.killed) killed++;
    if (run.killed && atCheckpoint) checkpointKills++;
    acks.push(...run.acks);
    marks.push(...run.marks);
    // The journal (40,000 marks) is read back after the runs that wrote into it.
    const { problems } = await checkFolder(dir, key, acks, journal ? marks : []);
    if (problems.length > 0) {
      console.error(`kill ${k}: LOST: ${problems.slice(0, 10).join('; ')}`);
      process.exitCode = 1;
      break;
    }
    if ((k + 1) % 50 === 0) console.log(`${k + 1} kills, ${acks.length} documents and ${marks.length} marks acknowledged, 0 lost (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
  }
  console.log(
    `SIGKILL loop: ${killed} kills (${checkpointKills} as a checkpoint started), ${acks.length} acknowledged documents, ${marks.length} acknowledged marks, lost: ${process.exitCode === 1 ? 'SOME' : 0}, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}
