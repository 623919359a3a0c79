import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { atomicWrite, removeStaleTempFiles } from '../../../../electron/core/store/durable/atomicWrite.js';
import { StorageError } from '../../../../electron/core/store/durable/storageErrors.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../../../../electron/core/store/durable/transientRetry.js';
import { AppError } from '../../../../electron/contract/errors.js';
import { faultyFs, type Fault } from './fixtures/faultyFs.js';
import { makeTempDir, removeDir, snapshot, tempFilesIn } from './fixtures/tempDir.js';

const FAST_RETRY: RetryPolicy = { delaysMs: [1, 1, 1, 1, 1] };
const v0 = Buffer.from('version 0');
const v1 = Buffer.from('version 1');
const v2 = Buffer.alloc(150 * 1024, 0x42);

let dir: string;
let target: string;

beforeEach(async () => {
  dir = await makeTempDir();
  target = join(dir, 'data.bin');
});
afterEach(async () => {
  await removeDir(dir);
});

async function expectStorageError(p: Promise<unknown>): Promise<StorageError> {
  const e = await p.then(
    () => {
      throw new Error('expected the write to fail');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect(e).toBeInstanceOf(StorageError);
  return e as StorageError;
}

describe('atomicWrite', () => {
  it('writes, keeps the previous version as .bak, leaves no temp file', async () => {
    await atomicWrite(target, v0);
    expect(await snapshot(dir)).toEqual({ 'data.bin': v0.toString('base64') });
    await atomicWrite(target, v1);
    await atomicWrite(target, v2);
    expect((await readFile(target)).equals(v2)).toBe(true);
    expect((await readFile(`${target}.bak`)).equals(v1)).toBe(true);
    expect(await tempFilesIn(dir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')('creates files readable by the owner only', async () => {
    await atomicWrite(target, v0);
    await atomicWrite(target, v1);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await stat(`${target}.bak`)).mode & 0o777).toBe(0o600);
  });

  it('can drop the previous version instead of keeping it', async () => {
    await atomicWrite(target, v0);
    await atomicWrite(target, v1, { keepPreviousAs: null });
    expect(Object.keys(await snapshot(dir))).toEqual(['data.bin']);
  });

  describe('an injected failure leaves the target and backup byte for byte as they were', () => {
    const cases: { name: string; faults: Fault[]; reason: string; errno: string }[] = [
      { name: 'ENOSPC creating the temp file', faults: [{ op: 'open', code: 'ENOSPC', path: /\.tmp$/ }], reason: 'no_space', errno: 'ENOSPC' },
      { name: 'ENOSPC on write', faults: [{ op: 'write', code: 'ENOSPC' }], reason: 'no_space', errno: 'ENOSPC' },
      { name: 'EIO on fsync of the file', faults: [{ op: 'sync', code: 'EIO' }], reason: 'io', errno: 'EIO' },
      { name: 'EIO on close', faults: [{ op: 'close', code: 'EIO' }], reason: 'io', errno: 'EIO' },
      { name: 'EIO linking the previous version', faults: [{ op: 'link', code: 'EIO' }], reason: 'io', errno: 'EIO' },
      {
        name: 'no hard links and ENOSPC copying the previous version',
        faults: [
          { op: 'link', code: 'EPERM' },
          { op: 'copyFile', code: 'ENOSPC' },
        ],
        reason: 'no_space',
        errno: 'ENOSPC',
      },
      {
        name: 'EPERM on rename that persists',
        faults: [{ op: 'rename', code: 'EPERM', path: /\.[0-9a-f]{12}\.tmp$/ }],
        reason: 'access_denied',
        errno: 'EPERM',
      },
      { name: 'EBUSY on rename that persists', faults: [{ op: 'rename', code: 'EBUSY' }], reason: 'access_denied', errno: 'EBUSY' },
      { name: 'EIO on fsync of the folder (after the rename: undone)', faults: [{ op: 'syncDir', code: 'EIO', times: 1 }], reason: 'io', errno: 'EIO' },
      {
        name: 'EPERM that persists renaming the previous version to .bak (undone)',
        faults: [{ op: 'rename', code: 'EPERM', path: /\.bak$/ }],
        reason: 'access_denied',
        errno: 'EPERM',
      },
    ];

    for (const c of cases) {
      it(c.name, async () => {
        await atomicWrite(target, v0);
        await atomicWrite(target, v1);
        const before = await snapshot(dir);
        const fs = faultyFs(c.faults);
        const e = await expectStorageError(atomicWrite(target, v2, { fs, retry: FAST_RETRY, logicalName: 'classes/7a.json' }));
        expect(e.code).toBe('storage');
        expect(e.reason).toBe(c.reason);
        expect(e.errno).toBe(c.errno);
        expect(e.message).toMatch(/^Не удалось сохранить данные \(«classes\/7a\.json»\): /);
        expect(e.message).toMatch(/[Дд]анные не изменены/);
        expect(fs.fired.some((n) => n > 0)).toBe(true);
        expect(await snapshot(dir)).toEqual(before);
        expect(await tempFilesIn(dir)).toEqual([]);
      });
    }

    it('on the first write (no target yet): nothing is left behind', async () => {
      for (const faults of [[{ op: 'write', code: 'ENOSPC' }], [{ op: 'syncDir', code: 'EIO', times: 1 }]] as Fault[][]) {
        const e = await expectStorageError(atomicWrite(target, v2, { fs: faultyFs(faults), retry: FAST_RETRY }));
        expect(e.code).toBe('storage');
        expect(await snapshot(dir)).toEqual({});
      }
    });

    it('EPERM on rename retries a few times, then gives up', async () => {
      await atomicWrite(target, v1);
      const fs = faultyFs([{ op: 'rename', code: 'EPERM' }]);
      await expectStorageError(atomicWrite(target, v2, { fs, retry: FAST_RETRY }));
      expect(fs.fired[0]).toBe(1 + FAST_RETRY.delaysMs.length);
    });

    it('the message names no path and no contents', async () => {
      await atomicWrite(target, v1);
      const e = await expectStorageError(atomicWrite(target, v2, { fs: faultyFs([{ op: 'write', code: 'ENOSPC' }]) }));
      expect(e.message).toBe(
        'Не удалось сохранить данные: на диске нет свободного места. Освободите место и повторите операцию; данные не изменены.',
      );
      expect(e.message).not.toContain(dir);
      expect(e.toPayload()).toEqual({ code: 'storage', message: e.message });
    });
  });

  it('succeeds when EPERM on rename clears after 2 retries (antivirus)', async () => {
    await atomicWrite(target, v0);
    await atomicWrite(target, v1);
    const fs = faultyFs([{ op: 'rename', code: 'EPERM', times: 2 }]);
    await atomicWrite(target, v2, { fs, retry: FAST_RETRY });
    expect(fs.fired[0]).toBe(2);
    expect((await readFile(target)).equals(v2)).toBe(true);
    expect((await readFile(`${target}.bak`)).equals(v1)).toBe(true);
    expect(await tempFilesIn(dir)).toEqual([]);
  });

  it('retries with the default backoff in well under a second', async () => {
    // Five retries, their waits 0.47 s in all: what the default asks for, not a wall time (a write's
    // fsyncs on a busy machine are no part of the backoff).
    expect(DEFAULT_RETRY.delaysMs).toHaveLength(5);
    expect(DEFAULT_RETRY.delaysMs.reduce((a, b) => a + b, 0)).toBeLessThan(1000);
    await atomicWrite(target, v1);
    const fs = faultyFs([{ op: 'rename', code: 'EBUSY', times: 2 }]);
    const t0 = performance.now();
    await atomicWrite(target, v2, { fs });
    // Without a policy of its own, the write waited the default's first two delays.
    expect(performance.now() - t0).toBeGreaterThanOrEqual(DEFAULT_RETRY.delaysMs[0]! + DEFAULT_RETRY.delaysMs[1]! - 2);
    expect(fs.fired[0]).toBe(2);
    expect((await readFile(target)).equals(v2)).toBe(true);
  });

  it('ignores folder fsync where the platform cannot do it (EISDIR, EINVAL, EPERM)', async () => {
    for (const code of ['EISDIR', 'EINVAL', 'EPERM']) {
      await atomicWrite(target, Buffer.from(code), { fs: faultyFs([{ op: 'syncDir', code }]) });
      expect((await readFile(target)).toString()).toBe(code);
    }
  });

  it('copies the previous version where hard links are not supported', async () => {
    await atomicWrite(target, v0);
    await atomicWrite(target, v1, { fs: faultyFs([{ op: 'link', code: 'EPERM' }]) });
    expect((await readFile(target)).equals(v1)).toBe(true);
    expect((await readFile(`${target}.bak`)).equals(v0)).toBe(true);
    expect(await tempFilesIn(dir)).toEqual([]);
  });

  it('removes temp files left by a crash, and only those', async () => {
    await atomicWrite(target, v1);
    await writeFile(join(dir, 'data.bin.0123456789ab.tmp'), 'torn');
    await writeFile(join(dir, 'data.bin.0123456789ab.prev.tmp'), 'old');
    await writeFile(join(dir, 'other.bin.0123456789ab.tmp'), 'not ours');
    await writeFile(join(dir, 'data.bin.notes.tmp'), 'not ours either');
    expect(await removeStaleTempFiles(target)).toBe(2);
    expect(Object.keys(await snapshot(dir)).sort()).toEqual(['data.bin', 'data.bin.notes.tmp', 'other.bin.0123456789ab.tmp']);
  });
});
