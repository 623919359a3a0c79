/**
 * The few filesystem calls the durable store makes, behind one small interface so that tests can
 * inject a failure (ENOSPC, EIO, EPERM, …) at any single step. The default is node:fs/promises.
 */
import { constants as fsConstants } from 'node:fs';
import * as fsp from 'node:fs/promises';

/**
 * Flags the store uses: read, read-write, create exclusively, append (with reading), and 'wxd':
 * create exclusively for appending, each write on the disk when it returns (O_DSYNC, where the
 * system has it: the file says so with `writesAreDurable`).
 */
export type OpenFlags = 'r' | 'r+' | 'wx' | 'a+' | 'wxd';

/** An open file. */
export interface FsFile {
  /**
   * True when every write returns only once its bytes (and the file's new size) are on the disk,
   * as after fdatasync: no sync is needed after it. Absent or false: call sync().
   */
  readonly writesAreDurable?: boolean;
  /** Writes every byte of `data` at the current position (at the end for 'a+'). */
  write(data: Uint8Array): Promise<void>;
  /** Reads up to `length` bytes at `position`; returns what was read (shorter at the end of the file). */
  read(length: number, position: number): Promise<Buffer>;
  /** Current size in bytes. */
  size(): Promise<number>;
  truncate(length: number): Promise<void>;
  /** fsync: resolves when the file's data and metadata are on the disk. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface FsOps {
  open(path: string, flags: OpenFlags, mode?: number): Promise<FsFile>;
  readFile(path: string): Promise<Buffer>;
  /** Replaces `to` atomically if it exists. */
  rename(from: string, to: string): Promise<void>;
  /** Hard link; fails with EEXIST if `newPath` exists. */
  link(existingPath: string, newPath: string): Promise<void>;
  /** Copies a file; fails with EEXIST if `to` exists. */
  copyFile(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  /** mkdir -p. */
  mkdir(dir: string): Promise<void>;
  /** fsync of a directory, so that a rename or a new entry in it survives a power cut. */
  syncDir(dir: string): Promise<void>;
}

class NodeFile implements FsFile {
  constructor(
    private readonly handle: fsp.FileHandle,
    readonly writesAreDurable = false,
  ) {}

  async write(data: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < data.byteLength) {
      const { bytesWritten } = await this.handle.write(data, offset, data.byteLength - offset, null);
      offset += bytesWritten;
    }
  }

  async read(length: number, position: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    let total = 0;
    while (total < length) {
      const { bytesRead } = await this.handle.read(buffer, total, length - total, position + total);
      if (bytesRead === 0) break;
      total += bytesRead;
    }
    return total === length ? buffer : buffer.subarray(0, total);
  }

  async size(): Promise<number> {
    return (await this.handle.stat()).size;
  }

  truncate(length: number): Promise<void> {
    return this.handle.truncate(length);
  }

  sync(): Promise<void> {
    return this.handle.sync();
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** Create exclusively, append, O_DSYNC (Linux, macOS); undefined where the system has no O_DSYNC (Windows). */
const DURABLE_APPEND =
  process.platform !== 'win32' && typeof fsConstants.O_DSYNC === 'number'
    ? fsConstants.O_WRONLY | fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_APPEND | fsConstants.O_DSYNC
    : undefined;

export const nodeFsOps: FsOps = {
  async open(path, flags, mode) {
    if (flags === 'wxd') {
      // One system call per durable append instead of a write and an fdatasync.
      // Without O_DSYNC: 'wx' as before (a handle opened for appending on Windows cannot truncate).
      return DURABLE_APPEND === undefined ? new NodeFile(await fsp.open(path, 'wx', mode)) : new NodeFile(await fsp.open(path, DURABLE_APPEND, mode), true);
    }
    return new NodeFile(await fsp.open(path, flags, mode));
  },
  readFile: (path) => fsp.readFile(path),
  rename: (from, to) => fsp.rename(from, to),
  link: (existingPath, newPath) => fsp.link(existingPath, newPath),
  copyFile: (from, to) => fsp.copyFile(from, to, fsConstants.COPYFILE_EXCL),
  unlink: (path) => fsp.unlink(path),
  readdir: (dir) => fsp.readdir(dir),
  async mkdir(dir) {
    await fsp.mkdir(dir, { recursive: true });
  },
  async syncDir(dir) {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};
