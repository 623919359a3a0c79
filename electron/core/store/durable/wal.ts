/**
 * The write-ahead log of the store: the point of acknowledgement of every partition write.
 *
 * A write is one record, appended and on the disk before the write is acknowledged (the segment is
 * opened with O_DSYNC where the system has it: one system call; else a write and an fsync); the
 * partition files are checkpoints written afterwards (see Store). Opening replays the records of a
 * partition over its newest good checkpoint (the file or its `.bak`).
 *
 * Layout: `<data>/wal/<start LSN, 16 digits>.wal`, segments of lines. Each line is one record,
 * sealed like every data file (AES-256-GCM with the data key, logical name 'wal', see envelope.ts:
 * the GCM tag is the record's checksum) and written in base64, so a damaged line costs that line
 * only (the next '\n' resynchronises). A record is JSON: { l: its LSN, b: the LSN of the partition
 * version it applies to, p: the partition's path, o: the operations (delta.ts) }.
 *
 * LSNs only grow: a new segment is named after the next LSN, so an empty log still knows it. Every
 * session appends to a new segment (a segment from before a crash, possibly with a torn tail, is
 * never appended to); a segment grows to SEGMENT_BYTES, then the next one starts. A segment is
 * deleted once, for every partition it holds records of, both the partition file and its backup
 * hold those records (the store says so with `covered`).
 *
 * Appends waiting while one is on its way go together in the next write (group commit).
 */
import { dirname, join } from 'node:path';
import { syncDirBestEffort } from './atomicWrite.js';
import { openLine, sealLine } from './envelope.js';
import { nodeFsOps, type FsFile, type FsOps } from './fsOps.js';
import { errnoOf, storageIoError } from './storageErrors.js';
import type { Op } from '../delta.js';

export const WAL_DIR = 'wal';
export const WAL_NAME = 'wal';
/** A segment is closed (and may be deleted when covered) after this many bytes. */
export const SEGMENT_BYTES = 1024 * 1024;
const SEGMENT_RE = /^(\d{16})\.wal$/;

export interface WalRecord {
  /** This record's LSN. */
  l: number;
  /** The LSN of the partition version the operations apply to (0: the partition as first read, or none). */
  b: number;
  /** The partition's path ('classes/c5a.json'). */
  p: string;
  /** The operations (delta.ts); `{ k: '*', v }` replaces the whole partition. */
  o: Op[];
}

/** What opening the log found: damaged lines (their records are lost unless a checkpoint holds them). */
export interface WalOpenReport {
  records: number;
  segments: number;
  damagedLines: number;
  /** Bytes after the last complete line of a segment (a write cut short: never acknowledged). */
  tornTails: number;
}

interface Segment {
  name: string;
  start: number;
  /** The newest LSN of each partition in the segment. */
  newest: Map<string, number>;
  recs: Set<WalRecord>;
  bytes: number;
}

const pad = (n: number) => String(n).padStart(16, '0');

export class WriteAheadLog {
  private readonly segments: Segment[] = [];
  private active: { seg: Segment; file: FsFile } | null = null;
  /** Records of each partition still in the log, oldest first. */
  private readonly byPath = new Map<string, WalRecord[]>();
  /** Per partition: the LSN up to which both its file and its backup hold the records. */
  private readonly coveredUpTo = new Map<string, number>();
  private next = 1;
  private queue: { line: string; rec: WalRecord; done: (e?: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  /** After a failed append that could not be undone, nothing more is appended in this session. */
  private broken: unknown = null;
  /** Serialises segment creation, deletion and reset. */
  private chain: Promise<unknown> = Promise.resolve();
  private lastReport: WalOpenReport = { records: 0, segments: 0, damagedLines: 0, tornTails: 0 };

  private constructor(
    private readonly dir: string,
    private readonly key: Uint8Array,
    private readonly fs: FsOps,
  ) {}

  /** Reads the log of a data folder (creates nothing: a read-only folder opens). */
  static async open(dataDir: string, key: Uint8Array, fs: FsOps = nodeFsOps): Promise<WriteAheadLog> {
    const wal = new WriteAheadLog(join(dataDir, WAL_DIR), key, fs);
    await wal.load();
    return wal;
  }

  get report(): WalOpenReport {
    return this.lastReport;
  }

  private async load(): Promise<void> {
    let names: string[];
    try {
      names = await this.fs.readdir(this.dir);
    } catch (e) {
      if (errnoOf(e) === 'ENOENT' || errnoOf(e) === 'ENOTDIR') names = [];
      else throw storageIoError('read', e, WAL_DIR);
    }
    const found = names
      .map((n) => ({ n, m: SEGMENT_RE.exec(n) }))
      .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
      .map((x) => ({ name: x.n, start: Number(x.m[1]) }))
      .sort((a, b) => a.start - b.start);
    const report: WalOpenReport = { records: 0, segments: found.length, damagedLines: 0, tornTails: 0 };
    for (const f of found) {
      let bytes: Buffer;
      try {
        bytes = await this.fs.readFile(join(this.dir, f.name));
      } catch (e) {
        if (errnoOf(e) === 'ENOENT') continue;
        throw storageIoError('read', e, `${WAL_DIR}/${f.name}`);
      }
      const seg: Segment = { name: f.name, start: f.start, newest: new Map(), recs: new Set(), bytes: bytes.length };
      this.next = Math.max(this.next, f.start + 1);
      const end = bytes.lastIndexOf(0x0a) + 1;
      if (end < bytes.length) report.tornTails++;
      const text = bytes.subarray(0, end).toString('latin1');
      let at = 0;
      while (at < text.length) {
        const nl = text.indexOf('\n', at);
        const line = text.slice(at, nl);
        at = nl + 1;
        if (line.length === 0) continue;
        let rec: WalRecord;
        try {
          rec = JSON.parse(openLine(this.key, WAL_NAME, line)) as WalRecord;
          if (typeof rec.l !== 'number' || typeof rec.b !== 'number' || typeof rec.p !== 'string' || !Array.isArray(rec.o)) throw new Error('bad record');
        } catch {
          report.damagedLines++;
          continue;
        }
        report.records++;
        this.index(seg, rec);
      }
      this.segments.push(seg);
    }
    for (const list of this.byPath.values()) list.sort((a, b) => a.l - b.l);
    this.lastReport = report;
  }

  private index(seg: Segment, rec: WalRecord): void {
    seg.newest.set(rec.p, Math.max(seg.newest.get(rec.p) ?? 0, rec.l));
    seg.recs.add(rec);
    let list = this.byPath.get(rec.p);
    if (!list) this.byPath.set(rec.p, (list = []));
    list.push(rec);
    this.next = Math.max(this.next, rec.l + 1);
  }

  /** The records of a partition still in the log, oldest first (never change them). */
  recordsOf(path: string): readonly WalRecord[] {
    return this.byPath.get(path) ?? [];
  }

  /** Partitions with records in the log. */
  paths(): string[] {
    return [...this.byPath.keys()];
  }

  /** Takes the next LSN (at least `after` + 1): the caller appends a record with it. */
  takeLsn(after = 0): number {
    this.next = Math.max(this.next, after + 1);
    return this.next++;
  }

  /** Appends `rec` durably; resolves when it is on disk (with the records that waited with it). */
  append(rec: WalRecord): Promise<void> {
    let line: string;
    try {
      line = `${sealLine(this.key, WAL_NAME, JSON.stringify(rec))}\n`;
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, rec, done: (e) => (e === undefined ? resolve() : reject(e)) });
      if (!this.flushing) this.flushing = this.flush();
    });
  }

  /** Bytes of the last record appended (for the bench). */
  lastLineBytes = 0;

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.writeBatch(batch.map((x) => x.line).join(''), batch.map((x) => x.rec));
        for (const x of batch) x.done();
      } catch (e) {
        const err = storageIoError('write', e, WAL_DIR);
        for (const x of batch) x.done(err);
      }
    }
    this.flushing = null;
  }

  private async writeBatch(text: string, recs: WalRecord[]): Promise<void> {
    if (this.broken) throw this.broken;
    const bytes = Buffer.from(text, 'latin1');
    const a = this.active && this.active.seg.bytes < SEGMENT_BYTES ? this.active : await this.startSegment();
    const before = a.seg.bytes;
    try {
      await a.file.write(bytes);
      // A segment opened with O_DSYNC has the bytes on the disk when the write returns.
      if (!a.file.writesAreDurable) await a.file.sync();
    } catch (e) {
      // Cut the partial lines off, so the segment stays as it was; if even that fails, stop appending.
      try {
        await a.file.truncate(before);
        await a.file.sync();
      } catch {
        this.broken = e;
        this.active = null;
        await a.file.close().catch(() => undefined);
      }
      throw e;
    }
    a.seg.bytes += bytes.length;
    this.lastLineBytes = bytes.length / recs.length;
    for (const r of recs) this.index(a.seg, r);
  }

  /** Opens a new segment named after the next LSN (closing the current one). */
  private async startSegment(): Promise<{ seg: Segment; file: FsFile }> {
    const old = this.active;
    this.active = null;
    if (old) await old.file.close().catch(() => undefined);
    // A segment's name is an LSN no record takes: names stay unique and in order.
    const start = this.next++;
    const name = `${pad(start)}.wal`;
    const path = join(this.dir, name);
    let file: FsFile;
    try {
      file = await this.fs.open(path, 'wxd', 0o600);
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT') throw e;
      await this.fs.mkdir(this.dir);
      await syncDirBestEffort(this.fs, dirname(this.dir));
      file = await this.fs.open(path, 'wxd', 0o600);
    }
    // The new segment's name must survive a power cut with the records in it.
    try {
      await syncDirBestEffort(this.fs, this.dir);
    } catch (e) {
      // Not used (the next append starts another): closed here, not left to the garbage collector.
      await file.close().catch(() => undefined);
      throw e;
    }
    const seg: Segment = { name, start, newest: new Map(), recs: new Set(), bytes: 0 };
    this.segments.push(seg);
    this.active = { seg, file };
    return this.active;
  }

  /** The partition's file and its backup both hold its records up to `lsn`. */
  covered(path: string, lsn: number): void {
    if (lsn > (this.coveredUpTo.get(path) ?? 0)) this.coveredUpTo.set(path, lsn);
  }

  /** Partitions that keep a closed segment from being deleted, with the LSN they must be covered to. */
  blockers(): Map<string, number> {
    const out = new Map<string, number>();
    for (const seg of this.segments) {
      if (this.active?.seg === seg) continue;
      for (const [p, lsn] of seg.newest) if (lsn > (this.coveredUpTo.get(p) ?? 0)) out.set(p, Math.max(out.get(p) ?? 0, lsn));
    }
    return out;
  }

  /** Closes the active segment, so that everything in the log can be trimmed once covered. */
  async rotate(): Promise<void> {
    await this.serial(async () => {
      if (this.flushing) await this.flushing;
      const a = this.active;
      this.active = null;
      if (a) await a.file.close().catch(() => undefined);
      if (a && a.seg.bytes === 0) await this.removeSegment(a.seg);
    });
  }

  /** Deletes the closed segments whose records are all covered; the partitions left without records. */
  async trim(): Promise<string[]> {
    return this.serial(async () => {
      const removed: string[] = [];
      for (const seg of [...this.segments]) {
        if (this.active?.seg === seg) continue;
        let done = true;
        for (const [p, lsn] of seg.newest) if (lsn > (this.coveredUpTo.get(p) ?? 0)) done = false;
        if (!done) continue;
        await this.removeSegment(seg);
        for (const p of seg.newest.keys()) if (!this.byPath.has(p) && !removed.includes(p)) removed.push(p);
      }
      return removed;
    });
  }

  private async removeSegment(seg: Segment): Promise<void> {
    try {
      await this.fs.unlink(join(this.dir, seg.name));
    } catch (e) {
      if (errnoOf(e) !== 'ENOENT') return;
    }
    this.segments.splice(this.segments.indexOf(seg), 1);
    for (const p of seg.newest.keys()) {
      const keep = (this.byPath.get(p) ?? []).filter((r) => !seg.recs.has(r));
      if (keep.length === 0) this.byPath.delete(p);
      else this.byPath.set(p, keep);
    }
  }

  /** Empties the log (after a restore put other data in place): the LSNs go on growing. */
  async reset(dataDir: string): Promise<WriteAheadLog> {
    return this.serial(async () => {
      if (this.flushing) await this.flushing;
      if (this.active) await this.active.file.close().catch(() => undefined);
      this.active = null;
      const fresh = new WriteAheadLog(join(dataDir, WAL_DIR), this.key, this.fs);
      await fresh.load();
      fresh.next = Math.max(fresh.next, this.next);
      return fresh;
    });
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      if (this.flushing) await this.flushing;
      if (this.active) await this.active.file.close().catch(() => undefined);
      this.active = null;
    });
  }

  private serial<R>(fn: () => Promise<R>): Promise<R> {
    const r = this.chain.then(fn);
    this.chain = r.catch(() => undefined);
    return r;
  }
}
