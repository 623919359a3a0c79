import { Low } from 'lowdb';
import { AppError } from '../../contract/errors.js';
import type { Membership } from './aggregates.js';
import { KeyedMutex } from '../util/mutex.js';
import {
  aggregateContext,
  computeAggregates,
  expandAggregates,
  isStoredAggregates,
  type AggregateContext,
  type JournalAggregates,
  type StoredAggregates,
} from './aggregates.js';
import type { StoreBackend } from './backend.js';
import { expandClassSummary, isStoredClassSummary, summarizeClass, type ClassSummary, type StoredClassSummary } from './classSummary.js';
import { codecFor, partitionKind } from './codec/index.js';
import { checkpointCodec, type Checkpoint } from './codec/checkpoint.js';
import { applyOps, diffFields, type Op } from './delta.js';
import { applyAppends, clonePlain, draftOf } from './drafts.js';
import type { WalRecord, WriteAheadLog } from './durable/wal.js';
import type { RecoveryReport } from './durable/encryptedFileAdapter.js';
import { randomBytes } from 'node:crypto';
import { MIGRATIONS, migrate, type MigratedKind, type MigrationTable, type SchemaVersions } from './migrations.js';
import { SCHEMA_VERSION, emptyClassData, emptyJournal, type ClassData, type JournalData, type SchoolData } from './schema.js';

export { peekDraft } from './drafts.js';

const SCHOOL = 'school.json';
export const classPath = (classId: string) => `classes/${classId}.json`;
export const summaryPath = (classId: string) => `classes/${classId}.sum.json`;
export const journalPath = (yearId: string, classId: string) => `journal/${yearId}/${classId}.json`;
export const aggregatesPath = (yearId: string, classId: string) => `journal/${yearId}/${classId}.agg.json`;
/** How long after a class write its summary is made (writes in between make one summary). */
export const SUMMARY_DELAY_MS = 1000;
/** How long after its last write a partition file is brought up to date with the log (a checkpoint). */
export const CHECKPOINT_DELAY_MS = 1500;
/** A partition written without a pause gets a checkpoint after this many log records all the same. */
export const CHECKPOINT_EVERY = 500;
const NOTICES = 'store-notices.json';

/**
 * What the store recovered (or could not) when it read a damaged or missing file: shown to the
 * administrator in Russian until he acknowledges it, and recorded in the audit log (ids only).
 */
export interface StoreNotice {
  id: string;
  at: string;
  /** The file's logical name ('classes/c5a.json', 'wal'). */
  file: string;
  /** Where the data came from: the file's previous version, the log alone, or nothing could be read. */
  from: 'backup' | 'log' | 'file' | 'none';
  /** Log records replayed over it. */
  replayed: number;
  /** Whether acknowledged changes could not be recovered. */
  lost: boolean;
  /** The Russian text for the administrator. */
  text: string;
}

const DAMAGE_RU: Record<string, string> = {
  missing: 'файл отсутствовал',
  bad_magic: 'файл испорчен (нули или посторонние данные)',
  bad_header: 'испорчен заголовок файла',
  truncated: 'файл обрезан',
  length_mismatch: 'длина файла неверна',
  auth_failed: 'содержимое изменено или на его место скопирован другой файл',
  decode_failed: 'содержимое не удалось разобрать',
  unsupported_version: 'файл записан более новой версией программы',
};

function noticeText(file: string, from: StoreNotice['from'], detail: string | undefined, replayed: number, lost: boolean): string {
  const why = detail ? ` (${DAMAGE_RU[detail] ?? detail})` : '';
  const head = `Файл данных «${file}» был повреждён или отсутствовал${why}.`;
  const how =
    from === 'backup'
      ? ` Программа восстановила его из предыдущей версии${replayed > 0 ? ` и журнала изменений (применено записей: ${replayed})` : ''}.`
      : from === 'log'
        ? ` Программа восстановила его из журнала изменений (применено записей: ${replayed}).`
        : '';
  const tail = lost
    ? ' Часть сохранённых изменений восстановить не удалось: проверьте последние изменения в этих данных и при необходимости внесите их снова.'
    : ' Ни одно сохранённое изменение не потеряно; ничего делать не нужно. Если это повторяется, проверьте диск.';
  return `${head}${how}${tail}`;
}

interface CheckpointState {
  /** LSNs of the last two checkpoints this store wrote (the file and, after a second, its backup hold them). */
  last: number | null;
  prev: number | null;
  /** The version not yet in the file, and how many records it is ahead. */
  pending: { data: unknown; lsn: number } | null;
  records: number;
  timer: ReturnType<typeof setTimeout> | null;
  running: Promise<void> | null;
}

export interface StoreOptions {
  /** Journal partitions kept in memory (most recently used). Default 8. */
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

/**
 * Lets ordinary operations run together and an exclusive one (backup, restore) alone: an
 * exclusive operation waits for those running and holds back new ones until it ends.
 */
class Gate {
  private closed: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<unknown>>();

  async shared<R>(fn: () => Promise<R>): Promise<R> {
    for (;;) {
      const seen = this.closed;
      await seen;
      if (seen === this.closed) break;
    }
    const p = fn();
    this.running.add(p);
    try {
      return await p;
    } finally {
      this.running.delete(p);
    }
  }

  async exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const before = this.closed;
    let open!: () => void;
    this.closed = before.then(() => new Promise<void>((r) => (open = r)));
    await before;
    await Promise.allSettled([...this.running]);
    try {
      return await fn();
    } finally {
      open();
    }
  }
}

function kindOf(relPath: string): MigratedKind | null {
  const k = partitionKind(relPath);
  return k === 'school' || k === 'class' || k === 'journal' ? k : null;
}

/**
 * The local replica, partitioned into small lowdb files so that a write touches one of them:
 * `school.json`, `classes/<classId>.json` with its summary beside it (`<classId>.sum.json`, see
 * classSummary.ts), `journal/<yearId>/<classId>.json` (columnar, see codec/journalColumns.ts) with
 * its aggregates beside it (`<classId>.agg.json`, see aggregates.ts).
 *
 * Every update is copy-on-write: the change is applied to a draft, written durably, and only
 * then becomes visible, as a new object (callers may cache by identity); a failed write leaves
 * memory and disk as they were. Values returned by the store are shared: never change them. One
 * exception keeps a mark into a big journal O(change): a journal's big array that a write only
 * appended to grows in place once the write is durable (drafts.ts); the version read before still
 * answers its own elements, but an array taken out of it and kept across a write may see the new
 * ones at its end.
 * Partitions older than this program are migrated when read (migrations.ts); newer ones refused.
 */
export class Store {
  private readonly mutex = new KeyedMutex();
  private readonly gate = new Gate();
  private readonly dbs = new Map<string, Low<unknown>>();
  private readonly loading = new Map<string, Promise<Low<unknown> | null>>();
  private readonly journalLru: string[] = [];
  private readonly aggCache = new Map<string, StoredAggregates>();
  private readonly contexts = new WeakMap<SchoolData, Map<string, AggregateContext>>();
  private readonly expanded = new WeakMap<StoredAggregates, { students: readonly Membership[]; result: JournalAggregates }>();
  /** Class summaries by the class partition's path, and what callers get of each. */
  private readonly sumCache = new Map<string, StoredClassSummary>();
  private readonly sumExpanded = new WeakMap<StoredClassSummary, ClassSummary>();
  /** The version of the partition (in memory) a summary was made from: the next write's summary reuses what did not change. */
  private readonly sumSources = new WeakMap<StoredClassSummary, ClassData>();
  /** Revisions of journal and class files this store wrote or looked at (saves a look at the file). */
  private readonly revisions = new Map<string, string | null>();
  /** Derived files being made after their callers had their answer (class summaries). */
  private readonly background = new Set<Promise<unknown>>();
  /** Class partitions written since their summary was last made: what the summary is due for. */
  private readonly unsummarised = new Map<string, { classId: string; written: ClassData; base?: { from: ClassData; summary: StoredClassSummary } }>();
  private summaryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly versions: SchemaVersions;
  private readonly migrations: MigrationTable;
  /** Bumped by reset(): loads started before it do not fill the cache. */
  private epoch = 0;
  /** The write-ahead log (file backends), once asked for; null: the backend has none (memory). */
  private walPromise: Promise<WriteAheadLog | null> | null = null;
  private wal: WriteAheadLog | null = null;
  /** A random id of this store's session: revisions made from log records carry it. */
  private readonly session = randomBytes(6).toString('base64url');
  /** The LSN of each partition version in memory. */
  private readonly lsns = new Map<string, number>();
  private readonly checkpoints = new Map<string, CheckpointState>();
  private noticeList: StoreNotice[] | null = null;
  private readonly noticeListeners = new Set<(n: StoreNotice) => void>();

  constructor(
    private readonly backend: StoreBackend,
    private readonly options: StoreOptions = {},
  ) {
    this.versions = options.schemaVersions ?? SCHEMA_VERSION;
    this.migrations = options.migrations ?? MIGRATIONS;
  }

  // ------------------------------------------------------------------ partitions

  private adapterOf<T>(relPath: string) {
    return this.backend.adapter<T>(relPath, codecFor<T>(relPath));
  }

  /** The partition file as a checkpoint of the log (file backends). */
  private checkpointAdapter<T>(relPath: string) {
    return this.backend.adapter<Checkpoint<T>>(relPath, checkpointCodec(codecFor<T>(relPath)));
  }

  private log(): Promise<WriteAheadLog | null> {
    if (!this.walPromise) {
      this.walPromise = (this.backend.log ? this.backend.log() : Promise.resolve(null)).then((w) => {
        this.wal = w;
        for (const n of this.backend.takeNotices?.() ?? []) void this.addNotice({ file: n.file, from: 'none', replayed: 0, lost: false, text: n.text });
        if (w && w.report.damagedLines > 0) {
          void this.addNotice({
            file: 'wal',
            from: 'file',
            replayed: 0,
            lost: true,
            text: `В журнале изменений найдено повреждённых записей: ${w.report.damagedLines}. Изменения, которые уже были записаны в файлы данных, сохранены; остальные из этих записей восстановить нельзя. Проверьте последние изменения и при необходимости внесите их снова; проверьте диск.`,
          });
        }
        return w;
      });
      this.walPromise.catch(() => {
        this.walPromise = null;
      });
    }
    return this.walPromise;
  }

  /** The partition, loaded once however many callers ask at the same time; migrated if older. */
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
      void this.addNotice({ file: relPath, from, replayed, lost, text: noticeText(relPath, from, detail, replayed, lost) });
    }
    if (data === null) return null;
    if (relPath === SCHOOL && (recovered || lost)) data = (await this.counterPastEveryUse(data as SchoolData)) as T;
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
   * The copy-on-write update of one partition, under its mutex. `afterWrite` runs under the same
   * mutex once the new version is on disk and visible (derived files); it must not throw.
   */
  private update<T extends object, R>(
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
      const { draft, commit, touched } = draftOf(prev);
      const result = fn(draft);
      // Big arrays only appended to grow in place once the record is on disk (journals: see drafts.ts).
      const { next, appends } = commit(wal !== null && !isNew && growInPlace);
      if (!wal) {
        // Readers keep seeing the previous version until the new one is on disk.
        await db.adapter.write(next);
      } else {
        const ops: Op[] = isNew ? [{ k: '*', v: next }] : diffFields(prev as Record<string, unknown>, next as Record<string, unknown>, touched());
        for (const a of appends) ops.push({ k: a.key, s: [a.base.length, 0, a.items] });
        // Nothing changed is still a durable write (an empty record), as it was when every update
        // rewrote its file: callers rely on the same work for every outcome (refused logins).
        const base = this.lsns.get(relPath) ?? 0;
        const l = wal.takeLsn(base);
        // The point of acknowledgement: the record is on disk. Readers see the new version only now.
        await wal.append({ l, b: base, p: relPath, o: ops });
        applyAppends(prev, appends);
        this.lsns.set(relPath, l);
        this.revisions.delete(relPath);
        const st = this.checkpointState(relPath);
        st.pending = { data: next, lsn: l };
        st.records++;
        this.scheduleCheckpoint(relPath, st.records >= CHECKPOINT_EVERY ? 0 : this.checkpointDelay);
      }
      db.data = next;
      this.dbs.set(relPath, db as Low<unknown>);
      if (afterWrite) await afterWrite(db.data);
      return result;
    });
  }

  // ------------------------------------------------------------------ checkpoints

  private get checkpointDelay(): number {
    return this.options.checkpointDelayMs ?? CHECKPOINT_DELAY_MS;
  }

  private checkpointState(relPath: string): CheckpointState {
    let st = this.checkpoints.get(relPath);
    if (!st) this.checkpoints.set(relPath, (st = { last: null, prev: null, pending: null, records: 0, timer: null, running: null }));
    return st;
  }

  /** Writes the partition file `delayMs` after the last write (writes in between make one file). */
  private scheduleCheckpoint(relPath: string, delayMs: number): void {
    const st = this.checkpointState(relPath);
    if (st.timer) {
      if (delayMs > 0) {
        clearTimeout(st.timer);
      } else return;
    }
    st.timer = setTimeout(() => {
      st.timer = null;
      this.inBackground(this.gate.shared(() => this.checkpoint(relPath)));
    }, delayMs);
    st.timer.unref?.();
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
      await this.mutex.run(p, () => this.rebindDerived(p, was)).catch(() => undefined);
    }
  }

  /**
   * Brings every partition file up to date with the log, and its backup too, then empties the log
   * (before a backup or a restore, at shutdown). A partition that cannot be written keeps its records.
   */
  private async quiesce(): Promise<void> {
    const wal = await this.log().catch(() => null);
    if (!wal) return;
    for (const [p, st] of this.checkpoints) {
      if (st.timer) {
        clearTimeout(st.timer);
        st.timer = null;
      }
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

  /**
   * After the log's records of a partition were trimmed its revision becomes the file's: the
   * aggregates and summary made from that same version (under the log's revision) are written
   * again under it, instead of being recomputed from the partition at the next read.
   */
  private async rebindDerived(p: string, was: string | null | undefined): Promise<void> {
    const rev = await this.revisionOf(p);
    this.revisions.set(p, rev);
    if (rev === null || was === undefined || was === null || !was.startsWith('w')) return;
    const agg = this.aggCache.get(p);
    if (agg && agg.journalRev === was) {
      const [, yearId, file] = p.split('/');
      const next = { ...agg, journalRev: rev };
      await this.backend.adapter<StoredAggregates>(aggregatesPath(yearId!, file!.replace(/\.json$/, '')), codecFor(aggregatesPath(yearId!, file!.replace(/\.json$/, '')))).write(next);
      this.aggCache.set(p, next);
    }
    const sum = this.sumCache.get(p);
    if (sum && sum.partitionRev === was) {
      const classId = p.slice('classes/'.length, -'.json'.length);
      const next = { ...sum, partitionRev: rev };
      const from = this.sumSources.get(sum);
      if (from) this.sumSources.set(next, from);
      await this.backend.adapter<StoredClassSummary>(summaryPath(classId), codecFor(summaryPath(classId))).write(next);
      this.sumCache.set(p, next);
    }
  }

  /** A token that changes with every write of the partition (see StoreBackend.revision). */
  private async revisionOf(relPath: string): Promise<string | null> {
    const wal = await this.log();
    const recs = wal?.recordsOf(relPath);
    const newest = recs && recs.length > 0 ? recs[recs.length - 1]! : null;
    const mine = this.lsns.get(relPath);
    if (newest || (mine !== undefined && this.checkpoints.get(relPath)?.pending)) {
      return `w${Math.max(newest?.l ?? 0, mine ?? 0)}`;
    }
    return this.backend.revision(relPath);
  }

  // ------------------------------------------------------------------ notices

  private async loadNotices(): Promise<StoreNotice[]> {
    if (this.noticeList) return this.noticeList;
    let read: unknown = null;
    try {
      read = await this.backend.adapter<unknown>(NOTICES, codecFor(NOTICES)).read();
    } catch {
      read = null;
    }
    const list = read && typeof read === 'object' && Array.isArray((read as { notices?: unknown }).notices) ? ((read as { notices: StoreNotice[] }).notices) : [];
    if (!this.noticeList) this.noticeList = list;
    return this.noticeList;
  }

  private async addNotice(n: Omit<StoreNotice, 'id' | 'at'>): Promise<void> {
    const notice: StoreNotice = { id: `rec-${randomBytes(6).toString('hex')}`, at: new Date().toISOString(), ...n };
    const list = await this.loadNotices();
    list.push(notice);
    for (const fn of this.noticeListeners) {
      try {
        fn(notice);
      } catch {
        // a listener's failure is not the store's
      }
    }
    await this.saveNotices();
  }

  private async saveNotices(): Promise<void> {
    try {
      await this.backend.adapter<unknown>(NOTICES, codecFor(NOTICES)).write({ notices: this.noticeList ?? [] });
    } catch {
      // A read-only folder: the notices stay for this session.
    }
  }

  /** What the store recovered (or could not) and the administrator has not acknowledged yet. */
  async notices(): Promise<StoreNotice[]> {
    return [...(await this.loadNotices())];
  }

  /** The administrator read these notices. */
  async acknowledgeNotices(ids: readonly string[]): Promise<void> {
    const list = await this.loadNotices();
    this.noticeList = list.filter((n) => !ids.includes(n.id));
    await this.saveNotices();
  }

  /** Told of every new notice (the core records it in the audit log). */
  onNotice(fn: (n: StoreNotice) => void): () => void {
    this.noticeListeners.add(fn);
    return () => this.noticeListeners.delete(fn);
  }

  async hasSchool(): Promise<boolean> {
    return this.gate.shared(async () => (await this.open<SchoolData>(SCHOOL)) !== null);
  }

  async school(): Promise<SchoolData> {
    return this.gate.shared(async () => {
      const db = await this.open<SchoolData>(SCHOOL);
      if (!db) throw new AppError('not_found', 'Школа ещё не настроена. Выполните первый запуск.');
      return db.data;
    });
  }

  /** Writes the whole school file (first start, demo load). */
  async initSchool(data: SchoolData): Promise<void> {
    await this.gate.shared(() =>
      this.update<SchoolData, void>(SCHOOL, () => data, (d) => {
        Object.assign(d, clonePlain(data));
      }),
    );
  }

  updateSchool<R>(fn: (draft: SchoolData) => R): Promise<R> {
    return this.gate.shared(() => this.update<SchoolData, R>(SCHOOL, null, fn));
  }

  async classData(classId: string): Promise<ClassData> {
    return this.gate.shared(async () => {
      const db = await this.open<ClassData>(classPath(classId));
      return db ? db.data : emptyClassData(classId);
    });
  }

  /**
   * Changes a class partition. Resolves when the partition is on disk. Its summary (see
   * classSummary.ts) is made afterwards, without keeping the caller waiting: the class is marked,
   * and its summary computed and written a moment later (SUMMARY_DELAY_MS, so a run of writes to a
   * class makes one summary, and its file write does not compete with theirs), at `settled()`, or
   * when a reader asks for it first. The summary is derived and tied to the partition's revision,
   * so one that fails or never happens (the program stops) is recomputed when next read.
   */
  updateClass<R>(classId: string, fn: (draft: ClassData) => R): Promise<R> {
    const path = classPath(classId);
    return this.gate.shared(() =>
      this.update<ClassData, R>(path, () => emptyClassData(classId), fn, async (written) => {
        const prev = this.sumCache.get(path);
        const from = prev ? this.sumSources.get(prev) : undefined;
        // The last summary made is the base of the next one (unchanged sections are reused).
        const base = prev && from ? { from, summary: prev } : this.unsummarised.get(path)?.base;
        this.sumCache.delete(path);
        this.revisions.delete(path);
        this.unsummarised.set(path, { classId, written, ...(base ? { base } : {}) });
        this.summariseLater();
      }),
    );
  }

  private summariseLater(): void {
    if (this.summaryTimer) return;
    this.summaryTimer = setTimeout(() => {
      this.summaryTimer = null;
      this.inBackground(this.summariseMarked());
    }, SUMMARY_DELAY_MS);
    this.summaryTimer.unref?.();
  }

  private inBackground(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined);
    this.background.add(tracked);
    void tracked.finally(() => this.background.delete(tracked));
  }

  /** Summarises the classes written since the last time, each under its mutex. */
  private async summariseMarked(): Promise<void> {
    const marked = [...this.unsummarised];
    this.unsummarised.clear();
    for (const [path, m] of marked) {
      await this.gate.shared(() =>
        this.mutex.run(path, async () => {
          // Another write (or a restore) came since, or a reader summarised this version already.
          if (this.dbs.get(path)?.data !== m.written || this.sumCache.has(path)) return;
          try {
            await this.writeSummary(m.classId, await this.summarize(m.classId, m.written, m.base));
          } catch {
            // Derived data: recomputed at the next read.
          }
        }),
      );
    }
  }

  /** Resolves when the derived files due or being made in the background are written (before quitting, in tests). */
  async settled(): Promise<void> {
    for (const [path, timer] of this.aggTimers) {
      clearTimeout(timer);
      this.aggTimers.delete(path);
      const [, yearId, file] = path.split('/');
      const classId = file!.replace(/\.json$/, '');
      const written = this.aggDue.get(path);
      if (written && !this.aggCache.has(path)) {
        this.inBackground(
          this.gate.shared(() =>
            this.mutex.run(path, async () => {
              if (this.aggDue.get(path) !== written) return;
              this.aggDue.delete(path);
              if (this.aggCache.has(path)) return;
              await this.writeAggregates(yearId!, classId, written, await this.contextOf(yearId!, classId)).catch(() => undefined);
            }),
          ),
        );
      }
    }
    if (this.summaryTimer) {
      clearTimeout(this.summaryTimer);
      this.summaryTimer = null;
      this.inBackground(this.summariseMarked());
    }
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
    await this.gate.shared(() => this.quiesce());
    while (this.background.size > 0) await Promise.allSettled([...this.background]);
  }

  /** The summary of `data`, the version of the partition on disk now; kept as the current one. Call under the partition's mutex. */
  private async summarize(classId: string, data: ClassData, prev?: { from: ClassData; summary: StoredClassSummary }): Promise<StoredClassSummary> {
    const path = classPath(classId);
    const rev = await this.revisionOf(path);
    this.revisions.set(path, rev);
    const sum = summarizeClass(data, rev, prev);
    this.sumSources.set(sum, data);
    if (rev !== null) this.sumCache.set(path, sum);
    return sum;
  }

  /** Writes the summary file, unless another version of the partition (or a restore) came since. Call under the partition's mutex. */
  private async writeSummary(classId: string, sum: StoredClassSummary): Promise<void> {
    if (sum.partitionRev === null || this.sumCache.get(classPath(classId)) !== sum) return;
    try {
      await this.backend.adapter<StoredClassSummary>(summaryPath(classId), codecFor(summaryPath(classId))).write(sum);
    } catch {
      // Derived data: a failed write only means it is recomputed when a store reads it from disk.
    }
  }

  /**
   * The summary of a class partition (see classSummary.ts): students, guardians, documents, the
   * final-mark cells, each guardian's last diary view… read from its own small file without
   * decoding the partition; recomputed from the partition (and written) when it is missing,
   * unreadable, or made from another version of the partition.
   */
  async classSummary(classId: string): Promise<ClassSummary> {
    return this.gate.shared(() => this.summaryNow(classId));
  }

  private async summaryNow(classId: string): Promise<ClassSummary> {
    const path = classPath(classId);
    const stored = await this.mutex.run(path, async () => {
      let rev = this.revisions.get(path);
      if (rev === undefined) {
        rev = await this.revisionOf(path);
        this.revisions.set(path, rev);
      }
      const cached = this.sumCache.get(path);
      if (cached && rev !== null && cached.partitionRev === rev && cached.partitionSchema === this.versions.class) return cached;
      if (rev !== null) {
        let read: unknown = null;
        try {
          read = await this.backend.adapter<unknown>(summaryPath(classId), codecFor(summaryPath(classId))).read();
        } catch {
          read = null;
        }
        if (isStoredClassSummary(read) && read.classId === classId && read.partitionRev === rev && read.partitionSchema === this.versions.class) {
          this.sumCache.set(path, read);
          return read;
        }
      }
      const db = await this.open<ClassData>(path);
      const data = db ? db.data : emptyClassData(classId);
      // No class file (or one being recovered): nothing to tie a summary to; compute only.
      if (!db || rev === null) return summarizeClass(data, null);
      const marked = this.unsummarised.get(path);
      const sum = await this.summarize(classId, data, marked?.written === data ? marked.base : undefined);
      await this.writeSummary(classId, sum);
      return sum;
    });
    let out = this.sumExpanded.get(stored);
    if (!out) this.sumExpanded.set(stored, (out = expandClassSummary(stored)));
    return out;
  }

  async journal(yearId: string, classId: string): Promise<JournalData> {
    return this.gate.shared(() => this.journalNow(yearId, classId));
  }

  private async journalNow(yearId: string, classId: string): Promise<JournalData> {
    const path = journalPath(yearId, classId);
    const db = await this.open<JournalData>(path);
    this.touchJournal(path);
    return db ? db.data : emptyJournal(yearId, classId);
  }

  /**
   * A token of a class's journal file that changes with every write (null: no file, or one that
   * cannot be identified), so a reader can keep what it computed from the journal without loading
   * it again. Read under the journal's lock: the token matches what readers are given.
   */
  journalRevision(yearId: string, classId: string): Promise<string | null> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(() => this.mutex.run(path, () => this.revisionNow(path)));
  }

  /** The journal with its revision (see journalRevision), read together under the journal's lock. */
  journalWithRevision(yearId: string, classId: string): Promise<{ journal: JournalData; revision: string | null }> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(() =>
      this.mutex.run(path, async () => {
        const revision = await this.revisionNow(path);
        return { journal: await this.journalNow(yearId, classId), revision };
      }),
    );
  }

  private async revisionNow(path: string): Promise<string | null> {
    let rev = this.revisions.get(path);
    if (rev === undefined) {
      rev = await this.revisionOf(path);
      this.revisions.set(path, rev);
    }
    return rev;
  }

  /**
   * Changes a class's journal; its aggregates are computed from the new journal and written beside
   * it. Resolves when the journal is on disk (the aggregates are derived: if their write fails they
   * are recomputed when next read).
   */
  updateJournal<R>(yearId: string, classId: string, fn: (draft: JournalData) => R): Promise<R> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(() => {
      this.touchJournal(path);
      return this.update<JournalData, R>(path, () => emptyJournal(yearId, classId), fn, async (written) => {
        this.revisions.delete(path);
        this.aggCache.delete(path);
        if (!this.wal) {
          try {
            await this.writeAggregates(yearId, classId, written, await this.contextOf(yearId, classId));
          } catch {
            // Derived data: recomputed at the next read.
          }
          return;
        }
        // With the log, a write returns once its record is on disk: the aggregates are made a moment
        // later (one for a run of writes), or by the first reader (journalAggregates) if sooner.
        this.aggregatesLater(yearId, classId, written);
      }, true);
    });
  }

  private readonly aggTimers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The last version written of each journal whose aggregates are due (kept even if the journal leaves the cache). */
  private readonly aggDue = new Map<string, JournalData>();

  private aggregatesLater(yearId: string, classId: string, written: JournalData): void {
    const path = journalPath(yearId, classId);
    this.aggDue.set(path, written);
    const old = this.aggTimers.get(path);
    if (old) clearTimeout(old);
    const timer = setTimeout(() => {
      this.aggTimers.delete(path);
      this.inBackground(
        this.gate.shared(() =>
          this.mutex.run(path, async () => {
            // Another write came since (it has its own timer), or a reader made them already.
            if (this.aggDue.get(path) !== written) return;
            this.aggDue.delete(path);
            if (this.aggCache.has(path)) return;
            try {
              await this.writeAggregates(yearId, classId, written, await this.contextOf(yearId, classId));
            } catch {
              // Derived data: recomputed at the next read.
            }
          }),
        ),
      );
    }, SUMMARY_DELAY_MS);
    timer.unref?.();
    this.aggTimers.set(path, timer);
  }

  /** Journal partitions are large: keep only the most recently used ones in memory. */
  private touchJournal(path: string): void {
    const i = this.journalLru.indexOf(path);
    if (i >= 0) this.journalLru.splice(i, 1);
    this.journalLru.push(path);
    const max = this.options.journalCacheSize ?? 8;
    while (this.journalLru.length > max) {
      const evicted = this.journalLru.shift()!;
      this.dbs.delete(evicted);
    }
  }

  // ------------------------------------------------------------------ aggregates

  private async contextOf(yearId: string, classId: string): Promise<AggregateContext> {
    const school = (await this.open<SchoolData>(SCHOOL))?.data ?? null;
    if (!school) return aggregateContext(null, yearId, classId);
    // Per version of the school file (a new object after every write).
    let perSchool = this.contexts.get(school);
    if (!perSchool) this.contexts.set(school, (perSchool = new Map()));
    const key = `${yearId}/${classId}`;
    let ctx = perSchool.get(key);
    if (!ctx) perSchool.set(key, (ctx = aggregateContext(school, yearId, classId)));
    return ctx;
  }

  /** Computes and writes the aggregates of `journal` (the latest version, on disk). Call under the journal's mutex. */
  private async writeAggregates(yearId: string, classId: string, journal: JournalData, ctx: AggregateContext): Promise<StoredAggregates> {
    const path = journalPath(yearId, classId);
    const rev = await this.revisionOf(path);
    this.revisions.set(path, rev);
    const agg = computeAggregates(journal, ctx, rev);
    this.aggCache.set(path, agg);
    if (rev !== null) {
      try {
        await this.backend.adapter<StoredAggregates>(aggregatesPath(yearId, classId), codecFor(aggregatesPath(yearId, classId))).write(agg);
      } catch {
        // Derived data: a failed write only means they are recomputed at the next read.
        this.aggCache.delete(path);
      }
    }
    return agg;
  }

  /**
   * The aggregates of a class's journal (see aggregates.ts), read from their own small file
   * without loading the marks; recomputed from the journal (and written) when they are missing,
   * made from another version of the journal, or from other periods or timetable changes.
   */
  journalAggregates(yearId: string, classId: string): Promise<JournalAggregates> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(async () => {
      const stored = await this.mutex.run(path, async () => {
        const ctx = await this.contextOf(yearId, classId);
        let agg: StoredAggregates | null = this.aggCache.get(path) ?? null;
        if (!agg) {
          try {
            const read = await this.backend.adapter<unknown>(aggregatesPath(yearId, classId), codecFor(aggregatesPath(yearId, classId))).read();
            agg = isStoredAggregates(read) ? read : null;
          } catch {
            agg = null;
          }
        }
        let rev = this.revisions.get(path);
        if (rev === undefined) {
          rev = await this.revisionOf(path);
          this.revisions.set(path, rev);
        }
        if (agg && rev !== null && agg.journalRev === rev && agg.contextKey === ctx.key) {
          this.aggCache.set(path, agg);
          return agg;
        }
        const journal = await this.journalNow(yearId, classId);
        if (rev === null) {
          // No journal file (or one being recovered): nothing to tie a file to; compute only.
          return computeAggregates(journal, ctx, null);
        }
        return this.writeAggregates(yearId, classId, journal, ctx);
      });
      const { students } = await this.summaryNow(classId);
      // The same stored aggregates and the same students give the same answer: kept until either changes.
      const hit = this.expanded.get(stored);
      if (hit && hit.students === students) return hit.result;
      const result = expandAggregates(stored, students);
      this.expanded.set(stored, { students, result });
      return result;
    });
  }

  // ------------------------------------------------------------------ whole folder

  /**
   * Runs `fn` with no other store operation in progress (backup, restore): it waits for the
   * running ones and holds new ones back until it ends.
   */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    // The files hold everything the log does (a backup reads the files; a restore replaces them).
    return this.gate.exclusive(async () => {
      await this.quiesce();
      return fn();
    });
  }

  /** Forget cached partitions (after a restore). */
  reset(): void {
    this.epoch++;
    this.dbs.clear();
    this.loading.clear();
    this.journalLru.length = 0;
    this.aggCache.clear();
    this.sumCache.clear();
    this.unsummarised.clear();
    this.revisions.clear();
    this.lsns.clear();
    this.aggDue.clear();
    for (const t of this.aggTimers.values()) clearTimeout(t);
    this.aggTimers.clear();
    for (const st of this.checkpoints.values()) if (st.timer) clearTimeout(st.timer);
    this.checkpoints.clear();
    // A restore replaced the folder: its log is another one (the backend reopened it).
    this.walPromise = null;
    this.wal = null;
  }
}

function isWhole(r: WalRecord): boolean {
  return r.o.length === 1 && r.o[0]!.k === '*' && 'v' in r.o[0]!;
}
