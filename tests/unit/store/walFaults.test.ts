/**
 * Nothing acknowledged is lost, whatever happens to one file (issue 15): a child process registers
 * documents the way the registry does (stamp in school.json, document + mutation in the class),
 * stops (properly, at once with the log not yet checkpointed, or killed after one checkpoint), one
 * file is damaged — flipped byte, truncation, zero fill, another class's file copied over, deletion
 * — and a fresh store must find every acknowledged document, no mutation number used twice, and
 * tell what it recovered. Then SIGKILL at random moments of writes and of checkpoints.
 * WAL_KILLS (default 10) and WAL_CKPT_KILLS (default 6) set the number of kills.
 */
import { cp, readFile, rm, truncate, writeFile, copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOrInitKeyCheck } from '../../../electron/core/store/durable/dataKey.js';
import { makeTempDir, removeDir, testKey } from './durable/fixtures/tempDir.js';
import { buildWalChild, checkFolder, runWalChild, type Ack } from './fixtures/walHarness.js';

const KILLS = Number(process.env.WAL_KILLS ?? 10);
const CKPT_KILLS = Number(process.env.WAL_CKPT_KILLS ?? 6);

let work: string;
let script: string;
const key = testKey();
const env = (dir: string, extra: Record<string, string>) => ({ WAL_DIR: dir, WAL_KEY: key.toString('base64'), ...extra });

beforeAll(async () => {
  work = await makeTempDir('ezhd-wal-');
  script = await buildWalChild(work);
});
afterAll(async () => {
  await removeDir(work);
});

type Damage = 'flip' | 'truncate' | 'zero' | 'foreign' | 'delete';
const DAMAGES: Damage[] = ['flip', 'truncate', 'zero', 'foreign', 'delete'];

async function damage(dir: string, rel: string, how: Damage): Promise<void> {
  const file = join(dir, ...rel.split('/'));
  const bytes = await readFile(file);
  switch (how) {
    case 'flip':
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      await writeFile(file, bytes);
      break;
    case 'truncate':
      await truncate(file, Math.floor(bytes.length / 3));
      break;
    case 'zero':
      await writeFile(file, Buffer.alloc(bytes.length));
      break;
    case 'foreign':
      await copyFile(join(dir, 'classes', 'c9b.json'), file);
      break;
    case 'delete':
      await rm(file);
      break;
  }
}

/**
 * Three ways to stop after the last two documents: properly (files and backups hold everything);
 * at once (the last two only in the log); killed after their checkpoint (the file holds them, its
 * backup does not).
 */
async function folderStopped(mode: 'settle' | 'exit' | 'checkpointed'): Promise<{ dir: string; acks: Ack[] }> {
  const dir = join(work, `base-${mode}`);
  await verifyOrInitKeyCheck(dir, key);
  const first = await runWalChild(script, env(dir, { WAL_WRITES: '4', WAL_END: 'settle' }));
  expect(first.stderr).toBe('');
  let second;
  if (mode === 'settle') second = await runWalChild(script, env(dir, { WAL_WRITES: '2', WAL_END: 'settle' }));
  else if (mode === 'exit') second = await runWalChild(script, env(dir, { WAL_WRITES: '2', WAL_END: 'exit', WAL_DELAY: '600000' }));
  // Killed once the two writes' checkpoints are written (3 partitions: school, c5a, c9b… at most).
  else second = await runWalChild(script, env(dir, { WAL_WRITES: '2', WAL_END: 'hang', WAL_DELAY: '0' }), { afterAcks: 2, delayMs: 400 });
  expect(second.stderr).toBe('');
  return { dir, acks: [...first.acks, ...second.acks] };
}

describe('damaged files cost no acknowledged write (child processes)', () => {
  for (const mode of ['settle', 'exit', 'checkpointed'] as const) {
    it(`stopped: ${mode}; classes/c5a.json flipped, truncated, zero-filled, replaced by c9b's, deleted; school.json flipped and deleted`, async () => {
      const base = await folderStopped(mode);
      // The document in c5a acknowledged last is the one a fallback to the backup used to lose.
      expect(base.acks.filter((a) => a.classId === 'c5a').length).toBeGreaterThanOrEqual(3);
      const cases: [string, Damage][] = [...DAMAGES.map((d) => ['classes/c5a.json', d] as [string, Damage]), ['school.json', 'flip'], ['school.json', 'delete']];
      for (const [file, how] of cases) {
        const dir = join(work, `${mode}-${file.replace('/', '_')}-${how}`);
        await cp(base.dir, dir, { recursive: true });
        await damage(dir, file, how);
        const { problems, notices } = await checkFolder(dir, key, base.acks);
        expect(problems, `${mode} ${file} ${how}`).toEqual([]);
        // Told, not hidden: which file, and that nothing was lost.
        const told = notices.filter((n) => n.file === file);
        expect(told.length, `${mode} ${file} ${how}: ${JSON.stringify(notices)}`).toBeGreaterThanOrEqual(1);
        expect(told.every((n) => !n.lost && /восстановила/.test(n.text))).toBe(true);
        // And, after a fallback of school.json, the next documents get numbers never used before.
        if (file !== 'school.json') {
          await removeDir(dir);
          continue;
        }
        const after = await runWalChild(script, env(dir, { WAL_WRITES: '3', WAL_END: 'settle' }));
        expect(after.stderr).toBe('');
        expect((await checkFolder(dir, key, [...base.acks, ...after.acks])).problems, `${mode} ${file} ${how}, then 3 more`).toEqual([]);
        await removeDir(dir);
      }
    }, 120_000);
  }
});

describe('mutation numbers never issued twice', () => {
  it('school.json falls back to an older copy and the log is gone too: the counter is put past every number in use', async () => {
    const base = await folderStopped('checkpointed');
    const dir = join(work, 'counter');
    await cp(base.dir, dir, { recursive: true });
    await rm(join(dir, 'wal'), { recursive: true, force: true });
    await damage(dir, 'school.json', 'flip');
    const { problems, notices } = await checkFolder(dir, key, base.acks);
    expect(problems).toEqual([]);
    expect(notices.some((n) => n.file === 'school.json')).toBe(true);
    const after = await runWalChild(script, env(dir, { WAL_WRITES: '4', WAL_END: 'settle' }));
    expect(after.stderr).toBe('');
    expect((await checkFolder(dir, key, [...base.acks, ...after.acks])).problems).toEqual([]);
  }, 60_000);
});

describe('SIGKILL at random moments (child processes)', () => {
  it(`during writes: ${KILLS} kills, every acknowledged document and mutation number kept`, async () => {
    const dir = join(work, 'kill-writes');
    await verifyOrInitKeyCheck(dir, key);
    const acks: Ack[] = [];
    for (let k = 0; k < KILLS; k++) {
      const run = await runWalChild(script, env(dir, { WAL_DELAY: String(k % 3 === 0 ? 0 : 20) }), { afterAcks: 1 + Math.floor(Math.random() * 25), delayMs: Math.random() * 8 });
      expect(run.stderr, `kill ${k}`).toBe('');
      expect(run.killed, `kill ${k}`).toBe(true);
      acks.push(...run.acks);
      const { problems } = await checkFolder(dir, key, acks);
      expect(problems, `kill ${k}`).toEqual([]);
    }
    expect(acks.length).toBeGreaterThan(KILLS);
  }, 120_000);

  it(`during checkpoints: ${CKPT_KILLS} kills while a 40,000-mark journal or a class file is being written`, async () => {
    const dir = join(work, 'kill-checkpoints');
    await verifyOrInitKeyCheck(dir, key);
    const acks: Ack[] = [];
    const marks: string[] = [];
    let checkpoints = 0;
    for (let k = 0; k < CKPT_KILLS; k++) {
      const run = await runWalChild(script, env(dir, { WAL_DELAY: '0', WAL_JOURNAL: '1' }), { atCheckpoint: true, afterAcks: 1 + (k % 4), delayMs: Math.random() * 15 });
      expect(run.stderr, `kill ${k}`).toBe('');
      expect(run.killed, `kill ${k}`).toBe(true);
      checkpoints += run.checkpoints;
      acks.push(...run.acks);
      marks.push(...run.marks);
      const { problems } = await checkFolder(dir, key, acks, marks);
      expect(problems, `kill ${k}`).toEqual([]);
    }
    expect(checkpoints).toBeGreaterThanOrEqual(CKPT_KILLS);
    expect((await stat(join(dir, 'journal', 'y', 'c5a.json'))).size).toBeGreaterThan(2_000);
  }, 180_000);
});
