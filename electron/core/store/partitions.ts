import { Low } from 'lowdb';
import { AppError } from '../../contract/errors.js';
import { KeyedMutex } from '../util/mutex.js';
import type { StoreBackend } from './backend.js';
import type { Background } from './background.js';
import { codecFor, partitionKind } from './codec/index.js';
import { checkpointCodec, type Checkpoint } from './codec/checkpoint.js';
import { applyOps, diffFields, type Op } from './delta.js';
import { LAZY_FROM, applyAppends, draftOf } from './drafts.js';
import type { RecoveryReport } from './durable/encryptedFileAdapter.js';
import type { WalRecord, WriteAheadLog } from './durable/wal.js';
import type { Gate } from './gate.js';
import { MIGRATIONS, migrate, type MigratedKind, type MigrationTable, type SchemaVersions } from './migrations.js';
import { damagedLogText, noticeText, type StoreNotice, type StoreNotices } from './notices.js';
import { SCHOOL_PATH, classPath } from './paths.js';
import { Holds } from './holds.js';
import { PostponableTimer } from './postponableTimer.js';
import { SCHEMA_VERSION, type ClassData, type SchoolData } from './schema.js';

/**
 * A class partition's arrays are drafted lazily from this length (drafts.ts), not from LAZY_FROM: a
 * consent write pushes into a class's documents (about fifty at the start of a year) and changes, and
 * copying and comparing them again was most of the write's CPU. The other partitions keep LAZY_FROM:
 * callers clone some of the school's arrays whole, and a lazy draft is a Proxy, which structuredClone
 * refuses.
 */
export const CLASS_LAZY_FROM = 16;

/**
 * A write into a journal that brings this many entities or more (a pull's batch) is written as the
 * journal's file, not as a log record (Partitions.writeWholeJournal).
 */
export const WHOLE_JOURNAL_FROM = 4096;

/** Entities (array elements and values) the operations of a log record carry. */
function entitiesIn(ops: readonly Op[]): number {
  let n = 0;
  for (const op of ops) {
    if ('v' in op) n += Array.isArray(op.v) ? op.v.length : 1;
    else if ('s' in op) n += op.s[2].length;
    else if ('e' in op) for (const e of op.e) n += e[2].length;
  }
  return n;
}

/** How long after its last write a partition file is brought up to date with the log (a checkpoint). */
export const CHECKPOINT_DELAY_MS = 1500;
/** A partition written without a pause gets a checkpoint after this many log records all the same. */
export const CHECKPOINT_EVERY = 500;

/**
 * Journal partitions kept in memory, most recently used. A school of 1,000 students has 38 class
 * journals of about 6 MB each in memory: all of them fit, so a pull that touches every journal (an
 * import of a week's marks at the central system) decodes none and encodes only what changed (the
 * codec's memo). With 8, such a pull decoded 30 journals again, and the journals evicted stayed in
 * memory all the same, held by the versions their aggregates were made from (derivedFile.ts).
 */
export const JOURNAL_CACHE_SIZE = 64;

export interface PartitionOptions {
  /** Journal partitions kept in memory (most recently used). Default JOURNAL_CACHE_SIZE. */
  journalCacheSize?: number;
  /** Migrations to run at open (default: MIGRATIONS). */
  migrations?: MigrationTable;
  /** Versions this program writes (default: SCHEMA_VERSION); tests raise them. */
  schemaVersions?: SchemaVersions;
  /** How long after its last write a partition file is made from the log (default CHECKPOINT_DELAY_MS). */
  checkpointDelayMs?: number;
  /** Told when a checkpoint of a partition starts (fault tests kill the process then). */
  onCheckpoint?: (relPath: string) => void;
}

interface CheckpointState {
  /** LSNs of the last two checkpoints this store wrote (the file and, after a second, its backup hold them). */
  last: number | null;
  prev: number | null;
  /** The version not yet in the file, and how many records it is ahead. */
  pending: { data: unknown; lsn: number } | null;
  records: number;
  /** When the next checkpoint is due (put off by every write). */
  timer: PostponableTimer;
  running: Promise<void> | null;
}

function kindOf(relPath: string): MigratedKind | null {
  const k = partitionKind(relPath);
  return k === 'school' || k === 'class' || k === 'journal' ? k : null;
}

function isWhole(r: WalRecord): boolean {
  return r.o.length === 1 && r.o[0]!.k === '*' && 'v' in r.o[0]!;
}

/**
 * The partitions of the data folder: loaded once and kept in memory (journals: the most recently
 * used), changed copy-on-write under a lock per partition (`mutex`), each write acknowledged once its
 * record is in the write-ahead log; the files are checkpoints of the log written in the background,
 * after which the log is trimmed. A partition read from a damaged file comes from its previous
 * version and the log, and the administrator is told (notices.ts). Partitions older than this
 * program are migrated when read (migrations.ts); newer ones refused.
 */
export class Partitions {
  /** One lock per partition: its writes, and the derived files made from it. */
  readonly mutex = new KeyedMutex();
  readonly versions: SchemaVersions;
  private readonly migrations: MigrationTable;
  private readonly dbs = new Map<string, Low<unknown>>();
  private readonly loading = new Map<string, Promise<Low<unknown> | null>>();
  private readonly journalLru: string[] = [];
  /** Revisions of journal and class files this store wrote or looked at (saves a look at the file). */
  private readonly revisions = new Map<string, string | null>();
  /** Bumped by reset(): loads started before it do not fill the cache. */
  private epoch = 0;
  /** The write-ahead log (file backends), once asked for; null: the backend has none (memory). */
  private walPromise: Promise<WriteAheadLog | null> | null = null;
  private wal: WriteAheadLog | null = null;
  /** The LSN of each partition version in memory. */
  private readonly lsns = new Map<string, number>();
  private readonly checkpoints = new Map<string, CheckpointState>();
  /** Holds on checkpoints (holdCheckpoints): while there is one, a write only marks its partition's version pending. */
  private readonly holds = new Holds(() => {
    for (const [p, st] of this.checkpoints) if (st.pending) this.scheduleCheckpoint(p, this.checkpointDelay);
  });
  /**
   * Told when the log's records of a partition were trimmed and its revision became the file's
   * (`was`: the revision it had, `rev`: the new one), under the partition's lock: the derived files
   * made from that version are written again under it.
   */
  onTrimmed: (relPath: string, was: string, rev: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly backend: StoreBackend,
    private readonly gate: Gate,
    private readonly background: Background,
    private readonly notices: StoreNotices,
    private readonly options: PartitionOptions = {},
  ) {
    this.versions = options.schemaVersions ?? SCHEMA_VERSION;
    this.migrations = options.migrations ?? MIGRATIONS;
  }

  /** Whether writes go through the log (file backends) once it is open. */
  hasLog(): boolean {
    return this.wal !== null;
  }

  private adapterOf<T>(relPath: string) {
    return this.backend.adapter<T>(relPath, codecFor<T>(relPath));
  }

  /** The partition file as a checkpoint of the log (file backends). */
  private checkpointAdapter<T>(relPath: string) {
    return this.backend.adapter<Checkpoint<T>>(relPath, checkpointCodec(codecFor<T>(relPath)));
  }

  log(): Promise<WriteAheadLog | null> {
    if (!this.walPromise) {
      this.walPromise = (this.backend.log ? this.backend.log() : Promise.resolve(null)).then((w) => {
        this.wal = w;
        for (const n of this.backend.takeNotices?.() ?? []) void this.notices.add({ file: n.file, from: 'none', replayed: 0, lost: false, text: n.text });
        if (w && w.report.damagedLines > 0) {
          void this.notices.add({ file: 'wal', from: 'file', replayed: 0, lost: true, text: damagedLogText(w.report.damagedLines) });
        }
        return w;
      });
      this.walPromise.catch(() => {
        this.walPromise = null;
      });
    }
    return this.walPromise;
  }

  /** The version in memory, if the partition is loaded. */
  current<T>(relPath: string): T | undefined {
    return this.dbs.get(relPath)?.data as T | undefined;
  }

  /** The partition, loaded once however many callers ask at the same time; migrated if older. Null: none. */
  async read<T>(relPath: string): Promise<T | null> {
    const db = await this.open<T>(relPath);
    return db ? db.data : null;
  }

  private open<T>(relPath: string): Promise<Low<T> | null> {
    const cached = this.dbs.get(relPath) as Low<T> | undefined;
    if (cached) return Promise.resolve(cached);
    let pending = this.loading.get(relPath) as Promise<Low<T> | null> | undefined;
    if (!pending) {
      const epoch = this.epoch;
      pending = this.load<T>(relPath).then(
        (db) => {
          if (this.loading.get(relPath) === (pending as Promise<unknown>)) this.loading.delete(relPath);
          if (db && epoch === this.epoch && !this.dbs.has(relPath)) this.dbs.set(relPath, db as Low<unknown>);
          return (this.dbs.get(relPath) as Low<T> | undefined) ?? db;
        },
        (e: unknown) => {
          if (this.loading.get(relPath) === (pending as Promise<unknown>)) this.loading.delete(relPath);
          throw e;
        },
      );
      this.loading.set(relPath, pending as Promise<Low<unknown> | null>);
    }
    return pending;
  }

  private async load<T>(relPath: string): Promise<Low<T> | null> {
    const wal = await this.log();
    if (wal) return this.loadFromLog<T>(relPath, wal);
    const db = new Low<T>(this.adapterOf<T>(relPath), null as T);
    await db.read();
    if (db.data === null) return null;
    const kind = kindOf(relPath);
    if (kind) {
      const migrated = migrate(kind, db.data, this.versions[kind], this.migrations);
      if (migrated !== null) {
        await db.adapter.write(migrated);
        db.data = migrated;
        this.revisions.delete(relPath);
      }
    }
    return db;
  }

  /**
   * The newest good checkpoint (the file, or its previous version when the file is damaged or
   * missing) with the log's later records of the partition replayed over it. What was recovered
   * is told (a notice); a recovered or migrated partition gets a fresh checkpoint soon.
   */
  private async loadFromLog<T>(relPath: string, wal: WriteAheadLog): Promise<Low<T> | null> {
    const records = wal.recordsOf(relPath);
    const recoveries: RecoveryReport[] = [];
    const unlisten = this.backend.onRecovered?.((r) => {
      if (r.logicalName === relPath) recoveries.push(r);
    });
    let ck: Checkpoint<T> | null = null;
    let unreadable: unknown = null;
    try {
      ck = await this.checkpointAdapter<T>(relPath).read();
    } catch (e) {
      // Neither the file nor its backup: the log may hold the whole partition from its first write.
      if (!records.some((r) => isWhole(r))) throw e;
      unreadable = e;
    } finally {
      unlisten?.();
    }
    const kind = kindOf(relPath);
    let data: T | null = ck ? ck.data : null;
    let lsn = ck ? ck.lsn : 0;
    let migrated = false;
    if (data !== null && kind) {
      const m = migrate(kind, data, this.versions[kind], this.migrations);
      if (m !== null) [data, migrated] = [m as T, true];
    }
    let replayed = 0;
    let lost = false;
    for (const r of records) {
      if (r.l <= lsn) continue;
      if (isWhole(r)) data = (r.o[0] as { v: T }).v;
      else if (r.b !== lsn || data === null) {
        lost = true;
        break;
      } else {
        try {
          data = applyOps(data as T & object, r.o);
        } catch {
          lost = true;
          break;
        }
      }
      lsn = r.l;
      replayed++;
    }
    if (data !== null && kind) {
      const m = migrate(kind, data, this.versions[kind], this.migrations);
      if (m !== null) [data, migrated] = [m as T, true];
    }
    const recovered = recoveries.length > 0 || unreadable !== null;
    if (recovered || lost) {
      const detail = recoveries[0]?.detail ?? (unreadable ? 'bad_magic' : undefined);
      const from: StoreNotice['from'] = unreadable ? 'log' : recoveries.length > 0 ? 'backup' : 'file';
      void this.notices.add({ file: relPath, from, replayed, lost, text: noticeText(relPath, from, detail, replayed, lost) });
    }
    if (data === null) return null;
    if (relPath === SCHOOL_PATH && (recovered || lost)) data = (await this.counterPastEveryUse(data as SchoolData)) as T;
    this.lsns.set(relPath, lsn);
    const db = new Low<T>(this.adapterOf<T>(relPath), data);
    if (migrated && replayed === 0 && !recovered) {
      // Written back at once, as before the log: a store without the migration reads the new version.
      try {
        await this.checkpointAdapter<T>(relPath).write({ lsn, data });
        migrated = false;
      } catch {
        // A read-only folder: the migrated version lives in memory (and is migrated again next time).
      }
    }
    if (migrated || recovered || lost || replayed > 0) {
      // The file is behind the log, damaged, or older: bring it up to date in the background.
      const st = this.checkpointState(relPath);
      st.pending = { data, lsn };
      st.records = Math.max(st.records, replayed);
      this.scheduleCheckpoint(relPath, migrated || recovered ? 0 : this.checkpointDelay);
    }
    if (lost) this.revisions.set(relPath, null);
    return db;
  }

  /**
   * school.json came from an older copy: its mutation counter is put past every number any pending
   * mutation holds (school-wide and in every class), so no number is ever issued twice. The log
   * replays the counter's own changes; this covers what a damaged log could not.
   */
  private async counterPastEveryUse(school: SchoolData): Promise<SchoolData> {
    let max = 0;
    for (const m of school.mutations ?? []) max = Math.max(max, m.seq);
    const paths = new Set((await this.backend.list('classes').catch(() => [] as string[])).filter((p) => kindOf(p) === 'class'));
    for (const c of school.classes ?? []) paths.add(classPath(c.id));
    for (const p of paths) {
      try {
        const db = await this.open<ClassData>(p);
        for (const m of db?.data.mutations ?? []) max = Math.max(max, m.seq);
      } catch {
        // An unreadable class is reported by its own load.
      }
    }
    if (max < school.workstation.nextMutationSeq) return school;
    return { ...school, workstation: { ...school.workstation, nextMutationSeq: max + 1 } };
  }

  /**
   * The copy-on-write update of one partition, under its lock. `afterWrite` runs under the same
   * lock once the new version is on disk and visible (derived files); it must not throw.
   * `growInPlace`: big arrays only appended to grow in place once the record is on disk (journals,
   * see drafts.ts).
   */
  update<T extends object, R>(
    relPath: string,
    fallback: (() => T) | null,
    fn: (draft: T) => R,
    afterWrite?: (data: T) => Promise<void>,
    growInPlace = false,
  ): Promise<R> {
    return this.mutex.run(relPath, async () => {
      const wal = await this.log();
      let db = await this.open<T>(relPath);
      let isNew = false;
      if (!db) {
        if (!fallback) throw new AppError('not_found', 'Данные не найдены. Обновите страницу.');
        db = new Low<T>(this.adapterOf<T>(relPath), fallback());
        isNew = true;
      }
      const prev = db.data;
      const { draft, commit, touched } = draftOf(prev, partitionKind(relPath) === 'class' ? CLASS_LAZY_FROM : LAZY_FROM);
      const result = fn(draft);
      const { next, appends, appended } = commit(wal !== null && !isNew && growInPlace);
      if (!wal) {
        // Readers keep seeing the previous version until the new one is on disk.
        await db.adapter.write(next);
      } else {
        let ops: Op[] | null;
        if (isNew) ops = growInPlace ? null : [{ k: '*', v: next }];
        else {
          // Arrays only appended to: their change is known, no need to compare them (a consent write
          // into a class's documents and changes).
          const keys = touched();
          for (const a of appended) keys.delete(a.key);
          ops = diffFields(prev as Record<string, unknown>, next as Record<string, unknown>, keys);
          for (const a of appended) if (a.items.length > 0) ops.push({ k: a.key, s: [a.base.length, 0, a.items] });
          for (const a of appends) ops.push({ k: a.key, s: [a.base.length, 0, a.items] });
          // A pull's batch into a journal: thousands of entities cost more as a log record than as
          // the journal's file, which a checkpoint would write a moment later all the same.
          if (growInPlace && appends.length === 0 && entitiesIn(ops) >= WHOLE_JOURNAL_FROM) ops = null;
        }
        if (ops === null) await this.writeWholeJournal(relPath, wal, next);
        else {
          // Nothing changed is still a durable write (an empty record), as it was when every update
          // rewrote its file: callers rely on the same work for every outcome (refused logins).
          const base = this.lsns.get(relPath) ?? 0;
          const l = wal.takeLsn(base);
          // The point of acknowledgement: the record is on disk. Readers see the new version only now.
          await wal.append({ l, b: base, p: relPath, o: ops });
          applyAppends(prev, appends);
          this.lsns.set(relPath, l);
          const st = this.checkpointState(relPath);
          st.pending = { data: next, lsn: l };
          st.records++;
          this.scheduleCheckpoint(relPath, st.records >= CHECKPOINT_EVERY ? 0 : this.checkpointDelay);
        }
      }
      this.revisions.delete(relPath);
      db.data = next;
      this.dbs.set(relPath, db as Low<unknown>);
      if (afterWrite) await afterWrite(db.data);
      return result;
    });
  }

  /**
   * A journal written whole as its file instead of a log record: its first version (a first pull
   * brings a class's whole year at once) or a pull's batch of thousands of entities, which as a
   * record would cost more to write than the file, and a checkpoint would encode and write the file
   * a moment later all the same. Written twice, so that the backup holds it too and a damaged file
   * still has a good copy; each write is durable (temp file, fsync, rename, folder fsync, see
   * atomicWrite.ts) before the next, the first is the point of acknowledgement, and the second
   * costs little (the codec's memo has every section encoded). The file now holds every record of
   * the journal in the log: none is replayed over it, and a pending checkpoint has nothing to do.
   */
  private async writeWholeJournal<T>(relPath: string, wal: WriteAheadLog, data: T): Promise<void> {
    const st = this.checkpointState(relPath);
    // No checkpoint of an older version may land between the two writes (the backup would then
    // hold that version, not this one): the one under way ends first, the one due is dropped (this
    // file holds what it would have written), unless the first write fails.
    const due = st.pending;
    st.pending = null;
    while (st.running) await st.running.catch(() => undefined);
    const l = wal.takeLsn(this.lsns.get(relPath) ?? 0);
    const adapter = this.checkpointAdapter<T>(relPath);
    try {
      await adapter.write({ lsn: l, data });
    } catch (e) {
      if (due && !st.pending) {
        st.pending = due;
        this.scheduleCheckpoint(relPath, this.checkpointDelay);
      }
      throw e;
    }
    this.lsns.set(relPath, l);
    st.records = 0;
    st.last = l;
    try {
      await adapter.write({ lsn: l, data });
      st.prev = l;
      wal.covered(relPath, l);
    } catch {
      // Acknowledged all the same (the file holds it); the next checkpoint makes the backup.
      st.pending = { data, lsn: l };
      this.scheduleCheckpoint(relPath, this.checkpointDelay);
    }
  }

  /** How many journal partitions are in memory now (at most the cache size). */
  journalsInMemory(): number {
    let n = 0;
    for (const p of this.dbs.keys()) if (partitionKind(p) === 'journal') n++;
    return n;
  }

  /** Journal partitions are large: keep only the most recently used ones in memory. */
  touchJournal(path: string): void {
    const i = this.journalLru.indexOf(path);
    if (i >= 0) this.journalLru.splice(i, 1);
    this.journalLru.push(path);
    const max = this.options.journalCacheSize ?? JOURNAL_CACHE_SIZE;
    while (this.journalLru.length > max) {
      const evicted = this.journalLru.shift()!;
      this.dbs.delete(evicted);
    }
  }

  // ------------------------------------------------------------------ revisions

  /** A token that changes with every write of the partition, looked at now (see StoreBackend.revision). */
  async freshRevision(relPath: string): Promise<string | null> {
    const wal = await this.log();
    const recs = wal?.recordsOf(relPath);
    const newest = recs && recs.length > 0 ? recs[recs.length - 1]! : null;
    const mine = this.lsns.get(relPath);
    const rev = newest || (mine !== undefined && this.checkpoints.get(relPath)?.pending) ? `w${Math.max(newest?.l ?? 0, mine ?? 0)}` : await this.backend.revision(relPath);
    this.revisions.set(relPath, rev);
    return rev;
  }

  /** The partition's revision as last known (looked at if not known). Call under its lock. */
  async revision(relPath: string): Promise<string | null> {
    const rev = this.revisions.get(relPath);
    return rev === undefined ? this.freshRevision(relPath) : rev;
  }

  // ------------------------------------------------------------------ checkpoints

  private get checkpointDelay(): number {
    return this.options.checkpointDelayMs ?? CHECKPOINT_DELAY_MS;
  }

  private checkpointState(relPath: string): CheckpointState {
    let st = this.checkpoints.get(relPath);
    if (!st) {
      const timer = new PostponableTimer(() => this.background.run(this.gate.shared(() => this.checkpoint(relPath))));
      this.checkpoints.set(relPath, (st = { last: null, prev: null, pending: null, records: 0, timer, running: null }));
    }
    return st;
  }

  /** Writes the partition file `delayMs` after the last write (writes in between make one file); 0: soon, but a checkpoint already due keeps its time. */
  private scheduleCheckpoint(relPath: string, delayMs: number): void {
    if (this.holds.held) return;
    const { timer } = this.checkpointState(relPath);
    if (delayMs > 0) timer.postpone(delayMs);
    else timer.setIfIdle(0);
  }

  /**
   * Puts checkpoints off until the returned function is called (a pull): a pull writes a journal
   * once per batch, and a checkpoint after each (the whole journal encoded and written) would
   * compete with the pull for the processor; after it, each partition written gets one. The log
   * holds every write meanwhile, as it does until any checkpoint; `quiesce` still writes them all.
   */
  holdCheckpoints(): () => void {
    return this.holds.take();
  }

  /**
   * Writes the pending version of a partition as its file (`force`: the version in memory, even if
   * the file has it already: the second write makes the backup hold it too), then deletes the log
   * segments whose records both the files and their backups hold.
   */
  private async checkpoint(relPath: string, force = false): Promise<void> {
    const st = this.checkpointState(relPath);
    while (st.running) await st.running;
    let snap = st.pending;
    if (!snap && force) {
      const db = this.dbs.get(relPath);
      if (db) snap = { data: db.data, lsn: this.lsns.get(relPath) ?? 0 };
    }
    if (!snap) return;
    const taken = snap;
    const run = (async () => {
      this.options.onCheckpoint?.(relPath);
      // Encoded synchronously by the adapter: a later write (even one growing an array in place) is not in it.
      await this.checkpointAdapter<unknown>(relPath).write({ lsn: taken.lsn, data: taken.data });
      if (st.pending === taken) {
        st.pending = null;
        st.records = 0;
      }
      st.prev = st.last;
      st.last = taken.lsn;
      if (st.prev !== null) this.wal?.covered(relPath, st.prev);
    })();
    st.running = run;
    try {
      await run;
    } finally {
      st.running = null;
    }
    await this.trimLog();
  }

  /** Deletes the log segments the files hold; a partition left without records gets its file's revision. */
  private async trimLog(): Promise<void> {
    const dropped = (await this.wal?.trim()) ?? [];
    for (const p of dropped) {
      if (this.checkpoints.get(p)?.pending) continue;
      const was = this.revisions.get(p);
      this.revisions.delete(p);
      // The file holds the version the derived files were made from: they keep it, under its new revision.
      await this.mutex
        .run(p, async () => {
          const rev = await this.freshRevision(p);
          if (rev !== null && typeof was === 'string' && was.startsWith('w')) await this.onTrimmed(p, was, rev);
        })
        .catch(() => undefined);
    }
  }

  /**
   * Brings every partition file up to date with the log, and its backup too, then empties the log
   * (before a backup or a restore, at shutdown). A partition that cannot be written keeps its records.
   */
  async quiesce(): Promise<void> {
    const wal = await this.log().catch(() => null);
    if (!wal) return;
    for (const [p, st] of this.checkpoints) {
      st.timer.cancel();
      if (st.pending) await this.checkpoint(p).catch(() => undefined);
    }
    await wal.rotate();
    for (let round = 0; round < 3; round++) {
      const blockers = wal.blockers();
      if (blockers.size === 0) break;
      for (const [p, lsn] of blockers) {
        try {
          await this.mutex.run(p, async () => {
            await this.open(p);
          });
          // A journal opened here counts in the cache like one a reader opened, or it never leaves memory.
          if (partitionKind(p) === 'journal') this.touchJournal(p);
          const st = this.checkpointState(p);
          if (st.pending) await this.checkpoint(p);
          if ((st.last ?? -1) < lsn) await this.checkpoint(p, true);
          if ((st.prev ?? -1) < lsn) await this.checkpoint(p, true);
        } catch {
          // Unreadable or unwritable: its records stay in the log.
        }
      }
      await this.trimLog();
    }
  }

  /** Forget cached partitions (after a restore). */
  reset(): void {
    this.epoch++;
    this.dbs.clear();
    this.loading.clear();
    this.journalLru.length = 0;
    this.revisions.clear();
    this.lsns.clear();
    for (const st of this.checkpoints.values()) st.timer.cancel();
    this.checkpoints.clear();
    // A restore replaced the folder: its log is another one (the backend reopened it).
    this.walPromise = null;
    this.wal = null;
  }
}
