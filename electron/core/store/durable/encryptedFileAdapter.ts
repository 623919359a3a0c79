/**
 * A lowdb adapter for one encrypted, durably written file.
 *
 * write(data): encode → encrypt (envelope) → atomicWrite, which keeps the replaced version as
 * `<path>.bak`; the promise resolves when the new version is on disk.
 *
 * read(): the data, or null when neither the file nor its backup exists. When the file is torn,
 * zero-filled, truncated or fails authentication but the backup is good, the backup's data is
 * returned and `onRecovered` is told; the damaged file is kept as `<path>.damaged` at the next write
 * and the backup is left alone. When neither can be read: a 'crypto' error if the key check says
 * the key is wrong, else a 'storage' error 'damaged'. A file that could not be read is never
 * overwritten: after such a read, write() refuses with the same error.
 *
 * Operations on one adapter run one at a time, in call order.
 */
import type { Adapter } from 'lowdb';
import { dirname } from 'node:path';
import { atomicWrite, backupPathOf, removeStaleTempFiles, syncDirBestEffort } from './atomicWrite.js';
import { jsonCodec, type Codec } from './codec.js';
import type { KeyCheckStatus } from './dataKey.js';
import { isUnreadableEnvelope, openEnvelope, sealEnvelope } from './envelope.js';
import { nodeFsOps, type FsOps } from './fsOps.js';
import {
  authFailedError,
  damagedError,
  decodeFailedError,
  errnoOf,
  isStorageError,
  recoveredNotice,
  storageIoError,
  unsupportedFormatError,
  wrongKeyError,
  type DamageDetail,
  type StorageError,
} from './storageErrors.js';
import { DEFAULT_RETRY, type RetryPolicy } from './transientRetry.js';

export interface RecoveryReport {
  logicalName: string;
  /** Why the file itself was not used. */
  detail: DamageDetail;
  /** A ready Russian message for the user (reason 'recovered'); not thrown. */
  notice: StorageError;
}

export interface EncryptedFileAdapterOptions<T> {
  /** Absolute path of the file. */
  path: string;
  /** Name of the file inside the data folder ('school.json', 'classes/7a.json'), bound into the
   *  encryption: a file copied over another is detected. Shown in messages: no personal data. */
  logicalName: string;
  /** 32-byte data key. */
  key: Uint8Array;
  /** Default: compact JSON. */
  codec?: Codec<T>;
  fs?: FsOps;
  retry?: RetryPolicy;
  /** Called when read() returned the previous version because the file was damaged or missing. */
  onRecovered?: (report: RecoveryReport) => void;
  /** Tells a wrong key from damage when neither the file nor its backup opens (see keyCheckIn). */
  keyCheck?: () => Promise<KeyCheckStatus>;
}

/**
 * What is known about the file on disk: not looked at yet; a version we can read; damaged or
 * missing while its backup was good; neither exists; unreadable, so writes are refused.
 */
type FileState =
  | { kind: 'unknown' }
  | { kind: 'good' }
  | { kind: 'recovered' }
  | { kind: 'absent' }
  | { kind: 'blocked'; error: StorageError };

function toBytes(encoded: Buffer | Uint8Array | string): { bytes: Buffer; owned: boolean } {
  if (typeof encoded === 'string') return { bytes: Buffer.from(encoded, 'utf8'), owned: true };
  if (Buffer.isBuffer(encoded)) return { bytes: encoded, owned: false };
  return { bytes: Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength), owned: false };
}

export class EncryptedFileAdapter<T> implements Adapter<T> {
  readonly path: string;
  readonly backupPath: string;
  /** Where a damaged file is kept when it is replaced. */
  readonly damagedPath: string;
  readonly logicalName: string;
  private readonly key: Uint8Array;
  private readonly codec: Codec<T>;
  private readonly fs: FsOps;
  private readonly retry: RetryPolicy;
  private readonly onRecovered: ((report: RecoveryReport) => void) | undefined;
  private readonly keyCheck: (() => Promise<KeyCheckStatus>) | undefined;
  private state: FileState = { kind: 'unknown' };
  private staleTempsRemoved = false;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: EncryptedFileAdapterOptions<T>) {
    this.path = options.path;
    this.backupPath = backupPathOf(options.path);
    this.damagedPath = `${options.path}.damaged`;
    this.logicalName = options.logicalName;
    this.key = options.key;
    this.codec = options.codec ?? jsonCodec<T>();
    this.fs = options.fs ?? nodeFsOps;
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.onRecovered = options.onRecovered;
    this.keyCheck = options.keyCheck;
  }

  read(): Promise<T | null> {
    return this.serialize(async () => {
      await this.removeStaleTempsOnce();
      const loaded = await this.load();
      return loaded === null ? null : loaded.data;
    });
  }

  /** Writes `data` as it is at the time of the call; resolves when it is on disk. */
  write(data: T): Promise<void> {
    let sealed: Buffer;
    try {
      const { bytes, owned } = toBytes(this.codec.encode(data));
      sealed = sealEnvelope(this.key, this.logicalName, bytes);
      if (owned) bytes.fill(0);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.serialize(async () => {
      await this.removeStaleTempsOnce();
      if (this.state.kind === 'unknown') await this.load();
      if (this.state.kind === 'blocked') throw this.state.error;
      if (this.state.kind === 'absent') await this.ensureFolder();
      await atomicWrite(this.path, sealed, {
        fs: this.fs,
        retry: this.retry,
        logicalName: this.logicalName,
        // Only a version we could read becomes the backup; anything else is set aside.
        keepPreviousAs: this.state.kind === 'good' ? this.backupPath : this.damagedPath,
      });
      this.state = { kind: 'good' };
    });
  }

  private serialize<R>(operation: () => Promise<R>): Promise<R> {
    const result = this.tail.then(operation);
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async removeStaleTempsOnce(): Promise<void> {
    if (this.staleTempsRemoved) return;
    this.staleTempsRemoved = true;
    await removeStaleTempFiles(this.path, { fs: this.fs, retry: this.retry });
  }

  private async ensureFolder(): Promise<void> {
    const dir = dirname(this.path);
    try {
      await this.fs.mkdir(dir);
      await syncDirBestEffort(this.fs, dirname(dir));
    } catch (e) {
      throw storageIoError('write', e, this.logicalName);
    }
  }

  private async readIfExists(path: string): Promise<Buffer | null> {
    try {
      return await this.fs.readFile(path);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT') return null;
      throw storageIoError('read', e, this.logicalName);
    }
  }

  /** Decrypts and decodes; an authentic file the codec rejects is 'decode_failed'. */
  private open(sealed: Buffer): T {
    const plain = openEnvelope(this.key, this.logicalName, sealed);
    try {
      return this.codec.decode(plain);
    } catch (e) {
      // A codec that recognises a newer format of its own says so; never replaced, like a newer envelope.
      if (isStorageError(e) && e.reason === 'unsupported_format') throw unsupportedFormatError(this.logicalName);
      throw decodeFailedError(this.logicalName);
    }
  }

  private block(error: StorageError): never {
    this.state = { kind: 'blocked', error };
    throw error;
  }

  /** Reads the file (or its backup) and records what was found in `state`. */
  private async load(): Promise<{ data: T } | null> {
    this.state = { kind: 'unknown' };
    const main = await this.readIfExists(this.path);
    let mainFailure: StorageError | null = null;
    if (main !== null) {
      try {
        const data = this.open(main);
        this.state = { kind: 'good' };
        return { data };
      } catch (e) {
        // A newer format or an authentic file the codec rejects: not damage, never replace it.
        if (!isStorageError(e)) throw e;
        if (!isUnreadableEnvelope(e)) return this.block(e);
        mainFailure = e;
      }
    }
    const backup = await this.readIfExists(this.backupPath);
    if (main === null && backup === null) {
      this.state = { kind: 'absent' };
      return null;
    }
    let backupFailure: StorageError | null = null;
    if (backup !== null) {
      try {
        const data = this.open(backup);
        this.state = { kind: 'recovered' };
        const detail = mainFailure?.detail ?? 'missing';
        this.onRecovered?.({ logicalName: this.logicalName, detail, notice: recoveredNotice(this.logicalName, detail) });
        return { data };
      } catch (e) {
        if (!isStorageError(e)) throw e;
        if (e.reason === 'unsupported_format') return this.block(e);
        backupFailure = e;
      }
    }
    return this.block(await this.diagnose([mainFailure, backupFailure]));
  }

  /** Neither the file nor its backup opens: a wrong key, or damage. */
  private async diagnose(failures: (StorageError | null)[]): Promise<StorageError> {
    const seen = failures.filter((f): f is StorageError => f !== null);
    const detail = seen[0]?.detail ?? 'missing';
    let status: KeyCheckStatus | 'unknown' = 'unknown';
    if (this.keyCheck) {
      try {
        status = await this.keyCheck();
      } catch {
        status = 'unknown';
      }
    }
    if (status === 'wrong_key') return wrongKeyError();
    if (status === 'ok') return damagedError(this.logicalName, detail);
    const authFailed = seen.some((f) => f.reason === 'auth_failed');
    return authFailed ? authFailedError(this.logicalName) : damagedError(this.logicalName, detail);
  }
}
