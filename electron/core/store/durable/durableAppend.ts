/**
 * Durable append to a line-per-entry log (the audit log: one JSON or sealed line per entry).
 *
 * appendLine: open with 'a+', drop a torn last line left by a crash (it was never acknowledged:
 * a line is acknowledged only after its fsync), write the line and its '\n' in one write, fsync,
 * close (creating the folder if needed, and fsyncing it when the file is new). The promise resolves when the line is on
 * disk. If the write or fsync fails, the file is cut back to its previous length, so the entries
 * before it are left exactly as they were.
 *
 * readLines: the complete lines, and whether a torn tail (bytes after the last '\n') was found.
 *
 * Appends to one file from this process run one at a time, in call order.
 */
import { dirname, resolve } from 'node:path';
import { syncDirBestEffort } from './atomicWrite.js';
import { nodeFsOps, type FsFile, type FsOps } from './fsOps.js';
import { errnoOf, storageIoError } from './storageErrors.js';
import { AppError, INTERNAL_ERROR_MESSAGE } from '../../../contract/errors.js';

const NEWLINE = 0x0a;
const TAIL_CHUNK = 64 * 1024;

export interface AppendOptions {
  fs?: FsOps;
  /** Name of the log for messages ('audit/2026-11.jsonl'). */
  logicalName?: string;
  /** Told how many bytes of a torn last line were dropped before appending. */
  onTornTail?: (removedBytes: number) => void;
}

export interface ReadLinesResult {
  /** Complete lines, without their '\n'. */
  lines: string[];
  /** True if the file ends with bytes not followed by '\n' (a write cut short by a crash). */
  tornTail: boolean;
  tornBytes: number;
}

const queues = new Map<string, Promise<unknown>>();

function serializePerFile<R>(path: string, operation: () => Promise<R>): Promise<R> {
  const key = resolve(path);
  const result = (queues.get(key) ?? Promise.resolve()).then(operation);
  const tail = result.catch(() => undefined);
  queues.set(key, tail);
  void tail.then(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  return result;
}

/** The length of the file up to and including its last '\n' (0 if it has none). */
async function completeLength(file: FsFile, size: number): Promise<number> {
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const chunk = await file.read(end - start, start);
    const at = chunk.lastIndexOf(NEWLINE);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

/**
 * Cuts the file to `length` and fsyncs it, through its own 'r+' handle: on Windows a handle opened
 * for appending has no right to truncate.
 */
async function truncateFile(fs: FsOps, path: string, length: number): Promise<void> {
  const file = await fs.open(path, 'r+');
  try {
    await file.truncate(length);
    await file.sync();
  } finally {
    await file.close();
  }
}

/** Opens the log with 'a+', creating its folder (durably) if that is missing too. */
async function openForAppend(fs: FsOps, path: string): Promise<FsFile> {
  try {
    return await fs.open(path, 'a+', 0o600);
  } catch (e) {
    if (errnoOf(e) !== 'ENOENT') throw e;
  }
  await fs.mkdir(dirname(path));
  await syncDirBestEffort(fs, dirname(dirname(path)));
  return fs.open(path, 'a+', 0o600);
}

export function appendLine(path: string, line: string, options: AppendOptions = {}): Promise<void> {
  if (line.length === 0 || line.includes('\n') || line.includes('\r')) {
    // A programming error: the caller must serialise an entry to one non-empty line.
    return Promise.reject(new AppError('internal', INTERNAL_ERROR_MESSAGE));
  }
  const fs = options.fs ?? nodeFsOps;
  const bytes = Buffer.from(`${line}\n`, 'utf8');
  return serializePerFile(path, async () => {
    let file: FsFile;
    try {
      file = await openForAppend(fs, path);
    } catch (e) {
      throw storageIoError('append', e, options.logicalName);
    }
    let before = -1;
    try {
      let size = await file.size();
      if (size > 0) {
        const last = await file.read(1, size - 1);
        if (last[0] !== NEWLINE) {
          const keep = await completeLength(file, size);
          await truncateFile(fs, path, keep);
          options.onTornTail?.(size - keep);
          size = keep;
        }
      }
      before = size;
      await file.write(bytes);
      await file.sync();
    } catch (e) {
      await file.close().catch(() => undefined);
      // Cut a partly written line back off, so that the log stays as it was.
      if (before >= 0) await truncateFile(fs, path, before).catch(() => undefined);
      throw storageIoError('append', e, options.logicalName);
    }
    try {
      await file.close();
      // A new (empty until now) file: make its directory entry durable too.
      if (before === 0) await syncDirBestEffort(fs, dirname(path));
    } catch (e) {
      throw storageIoError('append', e, options.logicalName);
    }
  });
}

export async function readLines(path: string, options: { fs?: FsOps; logicalName?: string } = {}): Promise<ReadLinesResult> {
  const fs = options.fs ?? nodeFsOps;
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(path);
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return { lines: [], tornTail: false, tornBytes: 0 };
    throw storageIoError('read', e, options.logicalName);
  }
  const end = bytes.lastIndexOf(NEWLINE) + 1;
  const tornBytes = bytes.length - end;
  const lines = end === 0 ? [] : bytes.subarray(0, end - 1).toString('utf8').split('\n');
  return { lines, tornTail: tornBytes > 0, tornBytes };
}
