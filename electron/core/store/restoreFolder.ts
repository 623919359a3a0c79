/**
 * Replacing a whole data folder (restore from a backup) so that a crash at any moment leaves
 * either the old data or the new, never a mix:
 *
 *   1. the new data is written, encrypted with the folder's key, into the sibling folder
 *      `<data>.restore-new`, every file durably — with the audit log's head (`audit/head`) made
 *      from the last line of the restored log, so the log and its head change in the same step;
 *      then the marker file RESTORE_COMPLETE in it;
 *   2. `<data>` is renamed to `<data>.restore-old`                 (fsync of the parent folder);
 *   3. `<data>.restore-new` is renamed to `<data>`                  (fsync of the parent folder);
 *   4. the marker and `<data>.restore-old` are removed.
 *
 * `recoverInterruptedRestore` runs before a data folder is opened: with no `<data>` but a
 * `.restore-old`, it finishes step 3 if the new folder is complete (the marker is there), else puts
 * the old folder back; then it removes whatever is left of steps 1 and 4.
 */
import { access, mkdir, readFile, rename, rm, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Progress } from '../../contract/method.js';
import { atomicWrite, syncDirBestEffort } from './durable/atomicWrite.js';
import { KEY_CHECK_FILE, sealEnvelope, sealLine } from './durable/index.js';
import { nodeFsOps } from './durable/fsOps.js';
import { storageIoError } from './durable/storageErrors.js';
import { retryTransient } from './durable/transientRetry.js';
import { headOfLines } from '../audit/auditLog.js';
import type { DataSnapshot } from './backend.js';
import { AUDIT_HEAD_FILE, sealHead } from './fileAuditSink.js';

export const RESTORE_MARKER = 'RESTORE_COMPLETE';

export function restorePaths(dataDir: string): { staging: string; old: string; parent: string } {
  const parent = dirname(dataDir);
  const base = basename(dataDir);
  return { staging: join(parent, `${base}.restore-new`), old: join(parent, `${base}.restore-old`), parent };
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

const syncDir = (dir: string) => syncDirBestEffort(nodeFsOps, dir);

/** A path inside the data folder, refused if it would leave it. */
function inside(root: string, relPath: string): string {
  const parts = relPath.split('/');
  if (relPath === '' || parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes(':'))) {
    throw new Error(`bad path in snapshot: ${relPath}`);
  }
  return join(root, ...parts);
}

/** Hooks for tests: called at the named step; a throw there simulates a failure at that point. */
export interface RestoreHooks {
  afterStaging?: () => void | Promise<void>;
  afterMoveOld?: () => void | Promise<void>;
}

/** Steps 1–4 (see the top of the file). The folder must exist and nothing may write meanwhile. */
export async function replaceDataFolder(
  dataDir: string,
  key: Uint8Array,
  snapshot: DataSnapshot,
  onProgress?: (p: Progress) => void,
  hooks: RestoreHooks = {},
): Promise<void> {
  const { staging, old, parent } = restorePaths(dataDir);
  const total = snapshot.partitions.length + snapshot.audit.length + 2;
  let done = 0;
  const step = () => onProgress?.({ done: ++done, total, label: 'Запись восстановленных данных' });
  try {
    await rm(staging, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    const dirs = new Set<string>();
    const put = async (relPath: string, bytes: Uint8Array) => {
      const target = inside(staging, relPath);
      const dir = dirname(target);
      if (!dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        dirs.add(dir);
      }
      await atomicWrite(target, bytes, { keepPreviousAs: null, logicalName: relPath });
    };
    for (const f of snapshot.partitions) {
      await put(f.path, sealEnvelope(key, f.path, f.bytes));
      step();
    }
    for (const { month, lines } of snapshot.audit) {
      const name = `audit/${month}.jsonl`;
      await put(name, Buffer.from(lines.map((l) => `${sealLine(key, name, l)}\n`).join(''), 'utf8'));
      step();
    }
    await put(AUDIT_HEAD_FILE, sealHead(key, headOfLines(snapshot.audit)));
    step();
    await put(KEY_CHECK_FILE, await readFile(join(dataDir, KEY_CHECK_FILE)));
    // The new sub-folders' entries, deepest first, then the staging folder's own entry.
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) await syncDir(dirname(dir));
    await put(RESTORE_MARKER, Buffer.from('complete\n', 'utf8'));
    await syncDir(parent);
    await hooks.afterStaging?.();
  } catch (e) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw storageIoError('write', e, 'резервная копия');
  }

  try {
    await retryTransient(() => rename(dataDir, old));
    await syncDir(parent);
  } catch (e) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    throw storageIoError('write', e, 'папка данных');
  }
  try {
    await hooks.afterMoveOld?.();
    await retryTransient(() => rename(staging, dataDir));
    await syncDir(parent);
  } catch (e) {
    // Put the old data back; if even that fails, the next start does it (recoverInterruptedRestore).
    await retryTransient(() => rename(old, dataDir))
      .then(() => syncDir(parent))
      .then(() => rm(staging, { recursive: true, force: true }))
      .catch(() => undefined);
    throw storageIoError('write', e, 'папка данных');
  }
  step();
  await unlink(join(dataDir, RESTORE_MARKER)).catch(() => undefined);
  await rm(old, { recursive: true, force: true }).catch(() => undefined);
}

/** What recoverInterruptedRestore did, for the log. */
export type RestoreRecovery = 'none' | 'rolled_forward' | 'rolled_back' | 'cleaned';

/** Finishes or undoes a restore that a crash interrupted (see the top of the file). */
export async function recoverInterruptedRestore(dataDir: string): Promise<RestoreRecovery> {
  const { staging, old, parent } = restorePaths(dataDir);
  let result: RestoreRecovery = 'none';
  if (!(await exists(dataDir)) && (await exists(old))) {
    if (await exists(join(staging, RESTORE_MARKER))) {
      await retryTransient(() => rename(staging, dataDir));
      result = 'rolled_forward';
    } else {
      await retryTransient(() => rename(old, dataDir));
      result = 'rolled_back';
    }
    await syncDir(parent);
  }
  for (const leftover of [staging, old]) {
    if (await exists(leftover)) {
      await rm(leftover, { recursive: true, force: true });
      if (result === 'none') result = 'cleaned';
    }
  }
  if (await exists(join(dataDir, RESTORE_MARKER))) {
    await unlink(join(dataDir, RESTORE_MARKER));
    if (result === 'none') result = 'cleaned';
  }
  return result;
}
