import type { Adapter } from 'lowdb';
import type { Progress } from '../../contract/method.js';
import { codecFor } from './codec/index.js';
import type { Codec } from './durable/codec.js';
import type { RecoveryReport } from './durable/encryptedFileAdapter.js';
import type { WriteAheadLog } from './durable/wal.js';

/** One partition file's plaintext (what its codec wrote), by its path in the data folder. */
export interface PlainFile {
  path: string;
  bytes: Buffer;
}

/** The whole data of a folder, decrypted: what a backup holds. */
export interface DataSnapshot {
  partitions: PlainFile[];
  /** The audit log: lines of each month `yyyy-mm`, oldest first. */
  audit: { month: string; lines: string[] }[];
}

/**
 * Where partitions live. The store asks the backend for a lowdb adapter per partition file;
 * the file backend gives durable, encrypted adapters, the memory backend (tests) plain memory.
 */
export interface StoreBackend {
  /** The adapter of a partition; `codec` says how its data becomes bytes (file backends). */
  adapter<T>(relPath: string, codec?: Codec<T>): Adapter<T>;
  /** Relative paths of the partitions that exist under a folder (e.g. 'classes'). */
  list(relDir: string): Promise<string[]>;
  exists(relPath: string): Promise<boolean>;
  /**
   * A token that changes whenever the partition is written (null when it does not exist or cannot
   * be identified). Derived files (the journal aggregates) record the revision they were made from.
   */
  revision(relPath: string): Promise<string | null>;
  /** The plaintext of every partition (for a backup); call while nothing writes. */
  readAllPlain(onProgress?: (p: Progress) => void): Promise<PlainFile[]>;
  /**
   * Replaces all the data with `snapshot` (a restore): either all of it is in place afterwards or
   * none; a crash in the middle leaves the old data or the new. Call while nothing writes, and
   * drop every cached partition afterwards.
   */
  replaceAll(snapshot: DataSnapshot, onProgress?: (p: Progress) => void): Promise<void>;
  /**
   * The write-ahead log of the folder (durable/wal.ts), opened once: with it the store acknowledges
   * a write when its record is on disk and writes partition files as checkpoints. Without it (the
   * memory backend) every write replaces the partition.
   */
  log?(): Promise<WriteAheadLog>;
  /** What opening the folder found that the administrator must be told (taken once). */
  takeNotices?(): { file: string; text: string }[];
  /** Listens to reads that fell back to a file's previous version; returns the way to stop. */
  onRecovered?(fn: (r: RecoveryReport) => void): () => void;
}

/**
 * A backend that keeps everything in memory; used by unit tests of the core. Codecs are not used:
 * values are kept as structured clones. The audit log is not part of it (see MemoryAuditSink), so
 * replaceAll replaces only the partitions.
 */
export class MemoryBackend implements StoreBackend {
  readonly files = new Map<string, unknown>();
  private readonly revisions = new Map<string, number>();
  private nextRevision = 1;
  /** Set to make the next writes fail, to test that failed writes change nothing. */
  failWrites: Error | null = null;

  adapter<T>(relPath: string): Adapter<T> {
    return {
      read: async () => (this.files.has(relPath) ? (structuredClone(this.files.get(relPath)) as T) : null),
      write: async (data: T) => {
        if (this.failWrites) throw this.failWrites;
        this.files.set(relPath, structuredClone(data));
        this.revisions.set(relPath, this.nextRevision++);
      },
    };
  }

  async list(relDir: string): Promise<string[]> {
    const prefix = relDir.endsWith('/') ? relDir : `${relDir}/`;
    return [...this.files.keys()].filter((k) => k.startsWith(prefix));
  }

  async exists(relPath: string): Promise<boolean> {
    return this.files.has(relPath);
  }

  async revision(relPath: string): Promise<string | null> {
    if (!this.files.has(relPath)) return null;
    return `m${this.revisions.get(relPath) ?? 0}`;
  }

  async readAllPlain(): Promise<PlainFile[]> {
    return [...this.files.keys()].sort().map((path) => ({ path, bytes: Buffer.from(JSON.stringify(this.files.get(path)), 'utf8') }));
  }

  async replaceAll(snapshot: DataSnapshot): Promise<void> {
    const next = new Map<string, unknown>();
    for (const f of snapshot.partitions) next.set(f.path, codecFor<unknown>(f.path).decode(f.bytes));
    if (this.failWrites) throw this.failWrites;
    this.files.clear();
    for (const [k, v] of next) {
      this.files.set(k, v);
      this.revisions.set(k, this.nextRevision++);
    }
  }
}
