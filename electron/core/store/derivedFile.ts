import type { Adapter } from 'lowdb';
import { Holds } from './holds.js';
import { PostponableTimer } from './postponableTimer.js';

/**
 * What a derived file is (a class's summary, a journal's aggregates): how it is made from its
 * partition and how the store tells whether one it holds or reads is current.
 */
export interface DerivedKind<P, S extends object, C> {
  /** The derived file of a partition. */
  fileOf(partition: string): string;
  /** What a partition that does not exist reads as. */
  empty(partition: string): P;
  /** What the derivation depends on besides the partition (the school's periods, …). */
  context(partition: string): Promise<C>;
  /** Checks a value read from the file (anything odd is recomputed). */
  isStored(v: unknown): v is S;
  /** Whether a stored value fits, besides its revision: its partition, format, context. */
  fits(stored: S, partition: string, ctx: C): boolean;
  /** The revision of the partition version it was made from. */
  revisionIn(stored: S): string | null;
  withRevision(stored: S, rev: string): S;
  /** Makes it; `prev`: the last one made and the version it was made from (to reuse what did not change). */
  compute(data: P, rev: string | null, ctx: C, partition: string, prev?: { from: P; stored: S }): S;
  /** A later write puts the moment it is made off again (true), or it is made a moment after the first (false). */
  restartOnWrite: boolean;
  /** Without a log (in-memory stores) made right after the write instead of a moment later. */
  eagerWithoutLog: boolean;
}

/** What a derived file needs of the store. */
export interface DerivedHost<P> {
  /** The partition's revision as last known (looked at if not known); call under its lock. */
  revision(partition: string): Promise<string | null>;
  /** The partition's revision looked at now; call under its lock. */
  freshRevision(partition: string): Promise<string | null>;
  /** The partition's current version (null: none). */
  load(partition: string): Promise<P | null>;
  /** Runs `fn` through the gate under the partition's lock (work in the background). */
  locked(partition: string, fn: () => Promise<void>): Promise<void>;
  /** Tracks work done after the callers had their answer. */
  background(p: Promise<unknown>): void;
  hasLog(): boolean;
  adapter<S>(file: string): Adapter<S>;
}

/**
 * A file derived from a partition and kept beside it, so that readers need not decode the
 * partition. It is tied to the revision of the partition version it was made from: made a moment
 * after a write (one for a run of writes, and its file write does not compete with theirs) or by
 * the first reader, whichever comes first; recomputed from the partition (and written) when it is
 * missing, unreadable, of another format, or made from another version; a failed or never made one
 * (the program stops) is recomputed when next read. When the log's records of the partition are
 * trimmed, the one made from the version now in the file is written again under the file's revision.
 */
export class DerivedFile<P, S extends object, C> {
  private readonly cache = new Map<string, S>();
  /** The partition version each one was made from: the next one reuses what did not change. */
  private readonly sources = new WeakMap<S, P>();
  /** Partitions written since theirs was made: the version it is due for, and the last one made. */
  private readonly due = new Map<string, { written: P; base?: { from: P; stored: S } }>();
  /** Partitions whose one is to be made a moment after a write, with the timer that makes it. */
  private readonly timers = new Map<string, PostponableTimer>();
  /** Holds (hold()): while there is one, a write only marks its partition's one due. */
  private readonly holds = new Holds(() => {
    for (const partition of this.due.keys()) this.arm(partition);
  });

  constructor(
    private readonly kind: DerivedKind<P, S, C>,
    private readonly host: DerivedHost<P>,
    private readonly delayMs: number,
  ) {}

  /** A new version of the partition is on disk; call under its lock. */
  async written(partition: string, data: P): Promise<void> {
    const prev = this.cache.get(partition);
    const from = prev ? this.sources.get(prev) : undefined;
    // The last one made is the base of the next one (unchanged parts are reused).
    const base = prev && from ? { from, stored: prev } : this.due.get(partition)?.base;
    this.cache.delete(partition);
    if (this.kind.eagerWithoutLog && !this.host.hasLog()) {
      try {
        await this.make(partition, data, await this.kind.context(partition), base);
      } catch {
        // Derived data: recomputed at the next read.
      }
      return;
    }
    this.due.set(partition, { written: data, ...(base ? { base } : {}) });
    if (!this.holds.held) this.arm(partition);
  }

  /**
   * Puts off making the due ones until the returned function is called (a pull writes a journal
   * once per batch: its aggregates are made once, after it). A reader still gets a current one.
   */
  hold(): () => void {
    return this.holds.take();
  }

  /** Sets (or puts off) the timer that makes the partition's due one. */
  private arm(partition: string): void {
    let timer = this.timers.get(partition);
    if (!timer) {
      const t = new PostponableTimer(() => {
        if (this.timers.get(partition) === t) this.timers.delete(partition);
        this.host.background(this.makeDue(partition));
      });
      this.timers.set(partition, (timer = t));
    }
    if (this.kind.restartOnWrite) timer.postpone(this.delayMs);
    else timer.setIfIdle(this.delayMs);
  }

  private makeDue(partition: string): Promise<void> {
    return this.host.locked(partition, async () => {
      const d = this.due.get(partition);
      this.due.delete(partition);
      // A reader made it already (or a restore came since).
      if (!d || this.cache.has(partition)) return;
      try {
        await this.make(partition, d.written, await this.kind.context(partition), d.base);
      } catch {
        // Derived data: recomputed at the next read.
      }
    });
  }

  /** Makes `data`'s (the partition's version on disk now), keeps it as the current one and writes it. Under the lock. */
  private async make(partition: string, data: P, ctx: C, base?: { from: P; stored: S }): Promise<S> {
    const rev = await this.host.freshRevision(partition);
    const stored = this.kind.compute(data, rev, ctx, partition, base);
    this.sources.set(stored, data);
    if (rev === null) return stored;
    this.cache.set(partition, stored);
    try {
      await this.host.adapter<S>(this.kind.fileOf(partition)).write(stored);
    } catch {
      // Derived data: a failed write only means it is recomputed when a store reads it from disk.
    }
    return stored;
  }

  /** The one of the partition's current version: held, read from its file, or made. Call under the partition's lock. */
  async read(partition: string): Promise<S> {
    const ctx = await this.kind.context(partition);
    const rev = await this.host.revision(partition);
    const cached = this.cache.get(partition);
    if (cached && rev !== null && this.kind.revisionIn(cached) === rev && this.kind.fits(cached, partition, ctx)) return cached;
    if (rev !== null) {
      let read: unknown = null;
      try {
        read = await this.host.adapter<unknown>(this.kind.fileOf(partition)).read();
      } catch {
        read = null;
      }
      if (this.kind.isStored(read) && this.kind.revisionIn(read) === rev && this.kind.fits(read, partition, ctx)) {
        this.cache.set(partition, read);
        return read;
      }
    }
    const data = await this.host.load(partition);
    // No partition file (or one being recovered): nothing to tie a file to; compute only.
    if (data === null || rev === null) return this.kind.compute(data ?? this.kind.empty(partition), null, ctx, partition);
    const d = this.due.get(partition);
    return this.make(partition, data, ctx, d?.written === data ? d.base : undefined);
  }

  /** The log's records were trimmed: the one made from revision `was` is written again under `rev`. Under the lock. */
  async rebind(partition: string, was: string, rev: string): Promise<void> {
    const held = this.cache.get(partition);
    if (!held || this.kind.revisionIn(held) !== was) return;
    const next = this.kind.withRevision(held, rev);
    const from = this.sources.get(held);
    if (from !== undefined) this.sources.set(next, from);
    await this.host.adapter<S>(this.kind.fileOf(partition)).write(next);
    this.cache.set(partition, next);
  }

  /** Makes now what is due (before quitting, in tests): tracked by the host's background work. */
  flush(): void {
    for (const partition of new Set([...this.timers.keys(), ...this.due.keys()])) {
      this.timers.get(partition)?.cancel();
      this.timers.delete(partition);
      this.host.background(this.makeDue(partition));
    }
  }

  /** Forgets everything (after a restore). */
  reset(): void {
    this.cache.clear();
    this.due.clear();
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }
}
