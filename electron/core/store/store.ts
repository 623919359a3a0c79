import { AppError } from '../../contract/errors.js';
import { aggregateContext, expandAggregates, type AggregateContext, type JournalAggregates, type Membership, type StoredAggregates } from './aggregates.js';
import type { StoreBackend } from './backend.js';
import { Background } from './background.js';
import { Blobs, type Blob } from './blobs.js';
import { expandClassSummary, type ClassSummary, type StoredClassSummary } from './classSummary.js';
import { codecFor, partitionKind } from './codec/index.js';
import { DerivedFile, type DerivedHost } from './derivedFile.js';
import { aggregatesKind, classSummaryKind } from './derivedKinds.js';
import { clonePlain } from './drafts.js';
import { Gate } from './gate.js';
import { StoreNotices, type StoreNotice } from './notices.js';
import { Partitions, type PartitionOptions } from './partitions.js';
import { SCHOOL_PATH, classPath, journalPath } from './paths.js';
import { emptyClassData, emptyJournal, type ClassData, type JournalData, type SchoolData } from './schema.js';

export { peekDraft } from './drafts.js';
export { CHECKPOINT_DELAY_MS, CHECKPOINT_EVERY } from './partitions.js';
export { aggregatesPath, classPath, journalPath, summaryPath } from './paths.js';
export type { StoreNotice } from './notices.js';
export type { Blob } from './blobs.js';

/** How long after a write its derived files (class summary, journal aggregates) are made (writes in between make one). */
export const SUMMARY_DELAY_MS = 1000;

export type StoreOptions = PartitionOptions;

/**
 * The local replica, partitioned into small files so that a write touches one of them:
 * `school.json`, `classes/<classId>.json` with its summary beside it (`<classId>.sum.json`, see
 * classSummary.ts), `journal/<yearId>/<classId>.json` (columnar, see codec/journalColumns.ts) with
 * its aggregates beside it (`<classId>.agg.json`, see aggregates.ts), and the scans of papers
 * (blobs.ts). The jobs are in their own files: the partitions, their log and checkpoints
 * (partitions.ts), drafts (drafts.ts), the gate (gate.ts), the derived files (derivedFile.ts), the
 * notices to the administrator (notices.ts).
 *
 * Every update is copy-on-write: the change is applied to a draft, written durably, and only
 * then becomes visible, as a new object (callers may cache by identity); a failed write leaves
 * memory and disk as they were. Values returned by the store are shared: never change them. One
 * exception keeps a mark into a big journal O(change): a journal's big array that a write only
 * appended to grows in place once the write is durable (drafts.ts); the version read before still
 * answers its own elements, but an array taken out of it and kept across a write may see the new
 * ones at its end.
 */
export class Store {
  private readonly gate = new Gate();
  private readonly background = new Background();
  private readonly noticeBoard: StoreNotices;
  private readonly parts: Partitions;
  private readonly summaries: DerivedFile<ClassData, StoredClassSummary, null>;
  private readonly aggregates: DerivedFile<JournalData, StoredAggregates, AggregateContext>;
  private readonly blobs: Blobs;
  /** Aggregate contexts per version of the school file (a new object after every write). */
  private readonly contexts = new WeakMap<SchoolData, Map<string, AggregateContext>>();
  private readonly summaryViews = new WeakMap<StoredClassSummary, ClassSummary>();
  private readonly aggregateViews = new WeakMap<StoredAggregates, { students: readonly Membership[]; result: JournalAggregates }>();

  constructor(
    private readonly backend: StoreBackend,
    options: StoreOptions = {},
  ) {
    this.noticeBoard = new StoreNotices(backend);
    this.parts = new Partitions(backend, this.gate, this.background, this.noticeBoard, options);
    const host = <P>(): DerivedHost<P> => ({
      revision: (p) => this.parts.revision(p),
      freshRevision: (p) => this.parts.freshRevision(p),
      load: async (p) => {
        if (partitionKind(p) === 'journal') this.parts.touchJournal(p);
        return this.parts.read<P>(p);
      },
      locked: (p, fn) => this.gate.shared(() => this.parts.mutex.run(p, fn)),
      background: (p) => this.background.run(p),
      hasLog: () => this.parts.hasLog(),
      adapter: <S>(file: string) => this.backend.adapter<S>(file, codecFor<S>(file)),
    });
    this.summaries = new DerivedFile(classSummaryKind(this.parts.versions), host<ClassData>(), SUMMARY_DELAY_MS);
    this.aggregates = new DerivedFile(aggregatesKind((y, c) => this.contextOf(y, c)), host<JournalData>(), SUMMARY_DELAY_MS);
    this.parts.onTrimmed = async (p, was, rev) => {
      const kind = partitionKind(p);
      if (kind === 'journal') await this.aggregates.rebind(p, was, rev);
      else if (kind === 'class') await this.summaries.rebind(p, was, rev);
    };
    this.blobs = new Blobs(backend, this.gate);
  }

  // ------------------------------------------------------------------ notices

  /** What the store recovered (or could not) and the administrator has not acknowledged yet. */
  notices(): Promise<StoreNotice[]> {
    return this.noticeBoard.all();
  }

  /** The administrator read these notices. */
  acknowledgeNotices(ids: readonly string[]): Promise<void> {
    return this.noticeBoard.acknowledge(ids);
  }

  /** Told of every new notice (the core records it in the audit log). */
  onNotice(fn: (n: StoreNotice) => void): () => void {
    return this.noticeBoard.onNotice(fn);
  }

  // ------------------------------------------------------------------ school

  async hasSchool(): Promise<boolean> {
    return this.gate.shared(async () => (await this.parts.read<SchoolData>(SCHOOL_PATH)) !== null);
  }

  async school(): Promise<SchoolData> {
    return this.gate.shared(async () => {
      const school = await this.parts.read<SchoolData>(SCHOOL_PATH);
      if (!school) throw new AppError('not_found', 'Школа ещё не настроена. Выполните первый запуск.');
      return school;
    });
  }

  /** Writes the whole school file (first start, demo load). */
  async initSchool(data: SchoolData): Promise<void> {
    await this.gate.shared(() =>
      this.parts.update<SchoolData, void>(SCHOOL_PATH, () => data, (d) => {
        Object.assign(d, clonePlain(data));
      }),
    );
  }

  updateSchool<R>(fn: (draft: SchoolData) => R): Promise<R> {
    return this.gate.shared(() => this.parts.update<SchoolData, R>(SCHOOL_PATH, null, fn));
  }

  // ------------------------------------------------------------------ classes

  async classData(classId: string): Promise<ClassData> {
    return this.gate.shared(async () => (await this.parts.read<ClassData>(classPath(classId))) ?? emptyClassData(classId));
  }

  /**
   * Changes a class partition. Resolves when the partition is on disk. Its summary (see
   * classSummary.ts) is made afterwards, without keeping the caller waiting (derivedFile.ts): a
   * moment later (SUMMARY_DELAY_MS), at `settled()`, or when a reader asks for it first.
   */
  updateClass<R>(classId: string, fn: (draft: ClassData) => R): Promise<R> {
    const path = classPath(classId);
    return this.gate.shared(() => this.parts.update<ClassData, R>(path, () => emptyClassData(classId), fn, (written) => this.summaries.written(path, written)));
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
    const stored = await this.parts.mutex.run(path, () => this.summaries.read(path));
    let out = this.summaryViews.get(stored);
    if (!out) this.summaryViews.set(stored, (out = expandClassSummary(stored)));
    return out;
  }

  // ------------------------------------------------------------------ journals

  async journal(yearId: string, classId: string): Promise<JournalData> {
    return this.gate.shared(() => this.journalNow(yearId, classId));
  }

  private async journalNow(yearId: string, classId: string): Promise<JournalData> {
    const path = journalPath(yearId, classId);
    const data = await this.parts.read<JournalData>(path);
    this.parts.touchJournal(path);
    return data ?? emptyJournal(yearId, classId);
  }

  /**
   * A token of a class's journal file that changes with every write (null: no file, or one that
   * cannot be identified), so a reader can keep what it computed from the journal without loading
   * it again. Read under the journal's lock: the token matches what readers are given.
   */
  journalRevision(yearId: string, classId: string): Promise<string | null> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(() => this.parts.mutex.run(path, () => this.parts.revision(path)));
  }

  /** The journal with its revision (see journalRevision), read together under the journal's lock. */
  journalWithRevision(yearId: string, classId: string): Promise<{ journal: JournalData; revision: string | null }> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(() =>
      this.parts.mutex.run(path, async () => {
        const revision = await this.parts.revision(path);
        return { journal: await this.journalNow(yearId, classId), revision };
      }),
    );
  }

  /**
   * Changes a class's journal. Resolves when the journal is on disk; its aggregates (aggregates.ts)
   * are derived from it afterwards, like a class's summary (with a store in memory, at once).
   */
  updateJournal<R>(yearId: string, classId: string, fn: (draft: JournalData) => R): Promise<R> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(() => {
      this.parts.touchJournal(path);
      return this.parts.update<JournalData, R>(path, () => emptyJournal(yearId, classId), fn, (written) => this.aggregates.written(path, written), true);
    });
  }

  private async contextOf(yearId: string, classId: string): Promise<AggregateContext> {
    const school = await this.parts.read<SchoolData>(SCHOOL_PATH);
    if (!school) return aggregateContext(null, yearId, classId);
    let perSchool = this.contexts.get(school);
    if (!perSchool) this.contexts.set(school, (perSchool = new Map()));
    const key = `${yearId}/${classId}`;
    let ctx = perSchool.get(key);
    if (!ctx) perSchool.set(key, (ctx = aggregateContext(school, yearId, classId)));
    return ctx;
  }

  /**
   * The aggregates of a class's journal (see aggregates.ts), read from their own small file
   * without loading the marks; recomputed from the journal (and written) when they are missing,
   * made from another version of the journal, or from other periods or timetable changes.
   */
  journalAggregates(yearId: string, classId: string): Promise<JournalAggregates> {
    const path = journalPath(yearId, classId);
    return this.gate.shared(async () => {
      const stored = await this.parts.mutex.run(path, () => this.aggregates.read(path));
      const { students } = await this.summaryNow(classId);
      // The same stored aggregates and the same students give the same answer: kept until either changes.
      const hit = this.aggregateViews.get(stored);
      if (hit && hit.students === students) return hit.result;
      const result = expandAggregates(stored, students);
      this.aggregateViews.set(stored, { students, result });
      return result;
    });
  }

  // ------------------------------------------------------------------ scans

  /** Stores a blob under its SHA-256 (hex) once; resolves when it is on disk (see blobs.ts). */
  putBlob(sha256: string, blob: Blob): Promise<void> {
    return this.blobs.put(sha256, blob);
  }

  /** The blob stored under `sha256`, or null. */
  blob(sha256: string): Promise<Blob | null> {
    return this.blobs.get(sha256);
  }

  // ------------------------------------------------------------------ whole folder

  /**
   * Puts off checkpoints and derived files (summaries, aggregates) until the returned function is
   * called: a pull writes a journal once per batch, and each partition then gets one checkpoint and
   * one derived file after the pull instead of one per batch competing with it. Readers still get
   * current answers (a derived file asked for is made at once); the log holds every write
   * meanwhile; `settled()` makes everything due.
   */
  holdBackgroundWork(): () => void {
    const releases = [this.parts.holdCheckpoints(), this.summaries.hold(), this.aggregates.hold()];
    return () => {
      for (const release of releases) release();
    };
  }

  /** Journal partitions in memory now: at most the journal cache's size (PartitionOptions.journalCacheSize). */
  journalsInMemory(): number {
    return this.parts.journalsInMemory();
  }

  /** Resolves when the derived files due or being made in the background are written, and the files hold the log (before quitting, in tests). */
  async settled(): Promise<void> {
    this.aggregates.flush();
    this.summaries.flush();
    await this.background.idle();
    await this.gate.shared(() => this.parts.quiesce());
    await this.background.idle();
  }

  /**
   * Runs `fn` with no other store operation in progress (backup, restore): it waits for the
   * running ones and holds new ones back until it ends.
   */
  exclusive<R>(fn: () => Promise<R>): Promise<R> {
    // The files hold everything the log does (a backup reads the files; a restore replaces them).
    return this.gate.exclusive(async () => {
      await this.parts.quiesce();
      return fn();
    });
  }

  /** Forget cached partitions (after a restore). */
  reset(): void {
    this.parts.reset();
    this.summaries.reset();
    this.aggregates.reset();
  }
}
