import type { Adapter } from 'lowdb';
import { access, open, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Progress } from '../../contract/method.js';
import type { DataSnapshot, PlainFile, StoreBackend } from './backend.js';
import type { Codec } from './durable/codec.js';
import { ENVELOPE_MAGIC, EncryptedFileAdapter, keyCheckIn, type RecoveryReport } from './durable/index.js';
import { replaceDataFolder, type RestoreHooks } from './restoreFolder.js';
import { isCheckpointCodec, readingCheckpoints, stripCheckpoint } from './codec/checkpoint.js';
import { jsonCodec } from './durable/codec.js';
import { WriteAheadLog } from './durable/wal.js';

/** The plaintext as it is: backups copy partitions without decoding them. */
const identityCodec: Codec<Buffer> = { encode: (b) => b, decode: (b) => b };

// The envelope header (see durable/envelope.ts): magic(4) version(1) flags(1) IV(12) length(4).
const IV_AT = 6;
const IV_BYTES = 12;
const HEADER_BYTES = 22;
const TAG_BYTES = 16;

/**
 * Partitions as encrypted, durably written files under the data folder. Relative paths use '/';
 * they double as the logical names bound into the encryption. Each partition's codec is given by
 * the store when it first asks for the adapter.
 */
export class FileBackend implements StoreBackend {
  private adapters = new Map<string, Adapter<unknown>>();
  /** Test hooks for replaceAll. */
  restoreHooks: RestoreHooks = {};
  private wal: Promise<WriteAheadLog> | null = null;
  /** What opening the folder found and the administrator is to be told (the store takes them). */
  readonly openNotices: { file: string; text: string }[] = [];

  takeNotices(): { file: string; text: string }[] {
    return this.openNotices.splice(0);
  }
  private readonly listeners = new Set<(r: RecoveryReport) => void>();

  constructor(
    readonly dataDir: string,
    private readonly key: Uint8Array,
    private readonly recovered: (r: RecoveryReport) => void = () => undefined,
  ) {}

  private readonly onRecoveredRead = (r: RecoveryReport): void => {
    this.recovered(r);
    for (const fn of this.listeners) fn(r);
  };

  onRecovered(fn: (r: RecoveryReport) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  log(): Promise<WriteAheadLog> {
    if (!this.wal) {
      this.wal = WriteAheadLog.open(this.dataDir, this.key);
      this.wal.catch(() => {
        this.wal = null;
      });
    }
    return this.wal;
  }

  private abs(relPath: string): string {
    const normalized = posix.normalize(relPath);
    if (normalized.startsWith('..') || posix.isAbsolute(normalized)) throw new Error('partition path escapes the data folder');
    return join(this.dataDir, ...normalized.split('/'));
  }

  /**
   * The adapter of a file. Partition files are checkpoints of the log (codec/checkpoint.ts): the
   * store reads them with their header; any other reader gets the partition's data (as of the
   * checkpoint: the store's answer includes the log too).
   */
  adapter<T>(relPath: string, codec?: Codec<T>): Adapter<T> {
    const own = codec !== undefined && isCheckpointCodec(codec);
    const cacheKey = own ? `${relPath}\u0000checkpoint` : relPath;
    if (!own) codec = readingCheckpoints(codec ?? jsonCodec<T>());
    let a = this.adapters.get(cacheKey);
    if (!a) {
      a = new EncryptedFileAdapter<T>({
        path: this.abs(relPath),
        logicalName: relPath,
        key: this.key,
        keyCheck: keyCheckIn(this.dataDir, this.key),
        onRecovered: this.onRecoveredRead,
        ...(codec ? { codec } : {}),
      }) as Adapter<unknown>;
      this.adapters.set(cacheKey, a);
    }
    return a as Adapter<T>;
  }

  async list(relDir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string) => {
      let entries;
      try {
        entries = await readdir(this.abs(rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const child = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) await walk(child);
        else if (e.name.endsWith('.json')) out.push(child);
      }
    };
    await walk(relDir.replace(/\/$/, ''));
    return out.sort();
  }

  async exists(relPath: string): Promise<boolean> {
    for (const p of [this.abs(relPath), `${this.abs(relPath)}.bak`]) {
      try {
        await access(p);
        return true;
      } catch {
        // try the next
      }
    }
    return false;
  }

  /** The IV of the file's envelope: fresh for every write. Null if the file is missing or not whole. */
  async revision(relPath: string): Promise<string | null> {
    let file;
    try {
      file = await open(this.abs(relPath), 'r');
    } catch {
      return null;
    }
    try {
      const head = Buffer.alloc(HEADER_BYTES);
      const { bytesRead } = await file.read(head, 0, HEADER_BYTES, 0);
      if (bytesRead < HEADER_BYTES || head.toString('ascii', 0, 4) !== ENVELOPE_MAGIC) return null;
      const { size } = await file.stat();
      if (size !== HEADER_BYTES + head.readUInt32BE(IV_AT + IV_BYTES) + TAG_BYTES) return null;
      return head.toString('base64', IV_AT, IV_AT + IV_BYTES);
    } catch {
      return null;
    } finally {
      await file.close().catch(() => undefined);
    }
  }

  /** Every partition (school.json, classes/, journal/ with the aggregates), decrypted. */
  async readAllPlain(onProgress?: (p: Progress) => void): Promise<PlainFile[]> {
    const paths = [...(await this.list('')).filter((p) => p === 'school.json'), ...(await this.list('classes')), ...(await this.list('journal')), ...(await this.list('scans'))];
    const out: PlainFile[] = [];
    for (const path of paths) {
      // A fresh adapter: it reads the file (or its backup) exactly as the store would.
      const reader = new EncryptedFileAdapter<Buffer>({
        path: this.abs(path),
        logicalName: path,
        key: this.key,
        codec: identityCodec,
        keyCheck: keyCheckIn(this.dataDir, this.key),
      });
      const bytes = await reader.read();
      // A backup holds the partition's own bytes, without the log's checkpoint header.
      if (bytes !== null) out.push({ path, bytes: stripCheckpoint(bytes) });
      onProgress?.({ done: out.length, total: paths.length, label: 'Чтение данных' });
    }
    return out;
  }

  async replaceAll(snapshot: DataSnapshot, onProgress?: (p: Progress) => void): Promise<void> {
    try {
      await replaceDataFolder(this.dataDir, this.key, snapshot, onProgress, this.restoreHooks);
    } finally {
      // Whatever happened, the files may have changed under the adapters: start afresh. The log is
      // that of the folder now in place (the store emptied the old one before: see Store.exclusive).
      this.adapters = new Map();
      const old = this.wal;
      if (old) this.wal = old.then((w) => w.reset(this.dataDir)).catch(() => WriteAheadLog.open(this.dataDir, this.key));
    }
  }
}
