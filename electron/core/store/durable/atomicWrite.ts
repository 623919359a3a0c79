/**
 * Atomic, durable replacement of a whole file.
 *
 *   1. write the bytes to `<name>.<random>.tmp` (created exclusively, mode 0600) and fsync it;
 *   2. hard-link the current `<name>` as `<name>.<random>.prev.tmp` (a copy where links are not
 *      supported), so the version being replaced stays on disk;
 *   3. rename the temp file over `<name>`                         ← the new version is visible;
 *   4. fsync the folder                                            ← the new version is durable;
 *   5. rename the previous version over `<name>.bak`.
 *
 * At every moment `<name>` is a complete version (old or new) and `<name>.bak` a complete older one.
 * On any failure the temp files are removed, a step 3 already done is undone, `<name>` and
 * `<name>.bak` are left exactly as they were, and a StorageError is thrown. The promise resolves
 * only when the new version is on disk. rename/unlink/link are retried on EPERM/EBUSY/EACCES.
 */
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { nodeFsOps, type FsOps } from './fsOps.js';
import { errnoOf, storageIoError } from './storageErrors.js';
import { DEFAULT_RETRY, retryTransient, type RetryPolicy } from './transientRetry.js';

export interface AtomicWriteOptions {
  fs?: FsOps;
  retry?: RetryPolicy;
  /**
   * Where the version being replaced is kept: `<target>.bak` by default; null to drop it
   * (e.g. when the current file is known to be damaged and the backup must stay as it is).
   */
  keepPreviousAs?: string | null;
  /** Logical name of the file, for error messages. */
  logicalName?: string;
  /** Permissions of a newly created file (POSIX). Default 0600. */
  mode?: number;
}

/** errno codes of folder fsync on platforms/filesystems that cannot do it: ignored. */
const DIR_SYNC_UNSUPPORTED: ReadonlySet<string> = new Set(['EISDIR', 'EINVAL', 'EPERM', 'ENOTSUP']);

/** link() failures that mean "this filesystem has no hard links": fall back to a copy. */
const LINK_UNSUPPORTED: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV']);

export function backupPathOf(target: string): string {
  return `${target}.bak`;
}

function randomTag(): string {
  return randomBytes(6).toString('hex');
}

export function tempPathOf(target: string): string {
  return `${target}.${randomTag()}.tmp`;
}

function previousPathOf(target: string): string {
  return `${target}.${randomTag()}.prev.tmp`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches the temp files atomicWrite leaves behind when the process dies mid-write. */
export function isTempFileOf(target: string, fileName: string): boolean {
  return new RegExp(`^${escapeRegExp(basename(target))}\\.[0-9a-f]{12}(\\.prev)?\\.tmp$`).test(fileName);
}

/** fsync of a folder; ignored where the platform cannot do it (Windows, some filesystems). */
export async function syncDirBestEffort(fs: FsOps, dir: string): Promise<void> {
  try {
    await fs.syncDir(dir);
  } catch (e) {
    const code = errnoOf(e);
    if (code !== undefined && DIR_SYNC_UNSUPPORTED.has(code)) return;
    throw e;
  }
}

async function removeQuietly(fs: FsOps, path: string, retry: RetryPolicy): Promise<void> {
  try {
    await retryTransient(() => fs.unlink(path), retry);
  } catch {
    // best effort: a leftover temp file is removed by removeStaleTempFiles at the next open
  }
}

/** Creates `path` exclusively and writes + fsyncs `data` into it. */
export async function writeNewFileSynced(fs: FsOps, path: string, data: Uint8Array, mode = 0o600): Promise<void> {
  const file = await fs.open(path, 'wx', mode);
  try {
    await file.write(data);
    await file.sync();
  } catch (e) {
    await file.close().catch(() => undefined);
    throw e;
  }
  await file.close();
}

/**
 * Keeps the current version of `target` under a temp name (hard link, or a synced copy).
 * Returns that name, or null when `target` does not exist.
 */
async function preservePrevious(fs: FsOps, target: string, retry: RetryPolicy): Promise<string | null> {
  const prev = previousPathOf(target);
  try {
    await fs.link(target, prev);
    return prev;
  } catch (e) {
    const code = errnoOf(e);
    if (code === 'ENOENT') return null;
    if (code === 'EBUSY' || code === 'EACCES') {
      try {
        await retryTransient(() => fs.link(target, prev), retry);
        return prev;
      } catch (again) {
        if (errnoOf(again) === 'ENOENT') return null;
        throw again;
      }
    }
    if (code === undefined || !LINK_UNSUPPORTED.has(code)) throw e;
  }
  // No hard links here (FAT, some network shares): copy and fsync the copy.
  try {
    await retryTransient(() => fs.copyFile(target, prev), retry);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    await removeQuietly(fs, prev, retry);
    throw e;
  }
  try {
    const copy = await fs.open(prev, 'r+');
    try {
      await copy.sync();
    } finally {
      await copy.close();
    }
  } catch (e) {
    await removeQuietly(fs, prev, retry);
    throw e;
  }
  return prev;
}

export async function atomicWrite(target: string, data: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fs = options.fs ?? nodeFsOps;
  const retry = options.retry ?? DEFAULT_RETRY;
  const keepAs = options.keepPreviousAs === undefined ? backupPathOf(target) : options.keepPreviousAs;
  const dir = dirname(target);
  const temp = tempPathOf(target);
  let prev: string | null = null;
  let committed = false;
  try {
    await writeNewFileSynced(fs, temp, data, options.mode ?? 0o600);
    prev = await preservePrevious(fs, target, retry);
    await retryTransient(() => fs.rename(temp, target), retry);
    committed = true;
    await syncDirBestEffort(fs, dir);
    if (prev !== null && keepAs !== null) {
      const from = prev;
      await retryTransient(() => fs.rename(from, keepAs), retry);
      prev = null;
    }
  } catch (e) {
    if (!committed) {
      await removeQuietly(fs, temp, retry);
      if (prev !== null) await removeQuietly(fs, prev, retry);
    } else {
      // Undoing puts `prev` back as the target; if even that fails, `prev` is kept on disk.
      await undoCommit(fs, target, prev, dir, retry);
    }
    throw storageIoError('write', e, options.logicalName);
  }
  if (prev !== null) await removeQuietly(fs, prev, retry);
}

/**
 * Puts the previous version back (or removes a target that did not exist before) after the new
 * version was renamed into place but a later step failed. If even that fails, the target holds the
 * new, complete version and `prev` the old one, which is left on disk for the next open to clean.
 */
async function undoCommit(fs: FsOps, target: string, prev: string | null, dir: string, retry: RetryPolicy): Promise<void> {
  try {
    if (prev !== null) await retryTransient(() => fs.rename(prev, target), retry);
    else await retryTransient(() => fs.unlink(target), retry);
  } catch {
    return;
  }
  await syncDirBestEffort(fs, dir).catch(() => undefined);
}

/**
 * Removes the temp files that a process killed in the middle of atomicWrite left beside `target`.
 * Call it once when a file is opened, before anything writes to it. Returns how many were removed.
 */
export async function removeStaleTempFiles(target: string, options: { fs?: FsOps; retry?: RetryPolicy } = {}): Promise<number> {
  const fs = options.fs ?? nodeFsOps;
  const retry = options.retry ?? DEFAULT_RETRY;
  let names: string[];
  try {
    names = await fs.readdir(dirname(target));
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!isTempFileOf(target, name)) continue;
    try {
      await retryTransient(() => fs.unlink(join(dirname(target), name)), retry);
      removed++;
    } catch {
      // best effort
    }
  }
  return removed;
}
