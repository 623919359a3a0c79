/**
 * Nothing acknowledged is lost, whatever happens to one file (issue 15): a child process registers
 * documents the way the registry does (stamp in school.json, document + mutation in the class),
 * stops (properly, at once with the log not yet checkpointed, or killed after one checkpoint), one
 * file is damaged — flipped byte, truncation, zero fill, another class's file copied over, deletion
 * — and a fresh store must find every acknowledged document, no mutation number used twice, and
 * tell what it recovered. Then SIGKILL at random moments of writes, of checkpoints and of a batch
 * written as a journal's whole file. WAL_KILLS (default 10), WAL_CKPT_KILLS (default 6) and
 * WAL_WHOLE_KILLS (default 10) set the number of kills.
 */
import { cp, readFile, rm, truncate, writeFile, copyFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyOrInitKeyCheck } from '../../../electron/core/store/durable/dataKey.js';
import { makeTempDir, removeDir, testKey } from './durable/fixtures/tempDir.js';
import { buildWalChild, checkFolder, runWalChild, type Ack } from './fixtures/walHarness.js';
import { buildWholeJournalChild, checkWholeJournal, runWholeJournalChild } from './fixtures/wholeJournalHarness.js';

const KILLS = Number(process.env.WAL_KILLS ?? 10);
const CKPT_KILLS = Number(process.env.WAL_CKPT_KILLS ?? 6);
const WHOLE_KILLS = Number(process.env.WAL_WHOLE_KILLS ?? 10);

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

describe('SIGKILL while a batch is written as the journal’s whole file (child processes)', () => {
  it(`${WHOLE_KILLS} kills: the journal holds the old version or the new one whole, and every acknowledged write`, async () => {
    const script = await buildWholeJournalChild(work);
    const dir = join(work, 'kill-whole-journal');
    await verifyOrInitKeyCheck(dir, key);
    const marks: string[] = [];
    let batch: string | null = null;
    let batchMs = 50;
    let inBatch = 0;
    const held = new Set<string>();
    for (let k = 0; k < WHOLE_KILLS; k++) {
      // Checkpoints at once (one may run beside the batch's write), soon, or not before the kill
      // (the journal's earlier writes are then only in the log when the batch's file replaces it).
      const delay = ['0', '20', '600000'][k % 3]!;
      const run = await runWholeJournalChild(script, { WJ_DIR: dir, WJ_KEY: key.toString('base64'), WJ_DELAY: delay }, 1 + (k % 3), Math.random() * batchMs * 1.2);
      const context = `kill ${k} (checkpoint delay ${delay} ms)`;
      expect(run.stderr, context).toBe('');
      expect(run.killed, context).toBe(true);
      marks.push(...run.marks);
      if (run.batches.length > 0) {
        batch = run.batches[run.batches.length - 1]!.id;
        batchMs = Math.max(...run.batches.map((b) => b.ms));
      }
      if (run.pendingBatch !== null) inBatch++;
      const { problems, holds, smallMarks } = await checkWholeJournal(dir, key, marks, batch, { mark: run.pendingMark, batch: run.pendingBatch });
      expect(problems, context).toEqual([]);
      // What the journal holds now (with a write under way at the kill, or without) is what the next run builds on.
      marks.splice(0, marks.length, ...smallMarks);
      batch = holds;
      if (holds !== null) held.add(holds);
    }
    // The kills landed in batches under way, and the journal held more than one batch over the runs.
    expect(inBatch).toBeGreaterThan(0);
    expect(held.size).toBeGreaterThan(1);
    console.log(`whole-journal kill test: ${WHOLE_KILLS} kills, ${inBatch} of them with a batch under way, ${held.size} batches held in turn`);
  }, 180_000);
});
