import { AppError } from '../../contract/errors.js';
import { KeyedMutex } from '../util/mutex.js';
import {
  BACKUP_RESTORED,
  CHAIN_BROKEN,
  GENESIS_HASH,
  HEAD_STARTED,
  checkHead,
  commonPrefix,
  hashEntry,
  headOf,
  verifyChain,
  type AuditEntry,
  type AuditHead,
  type BreakReason,
  type StoredHead,
} from './auditEntry.js';

/** What a sink gives for a line it cannot decrypt. */
export const DAMAGED_LINE = '\u0000damaged';
/** The action of the placeholder of a line that cannot be read. */
export const LINE_UNREADABLE = 'audit.lineUnreadable';

/** The lines of one month's file `yyyy-mm`, oldest first. */
export interface AuditMonth {
  month: string;
  lines: string[];
}

/** Where the log's lines go: monthly append-only files on disk, or memory in tests. */
export interface AuditSink {
  /** Appends one line durably to the file of the month `yyyy-mm`. */
  append(month: string, line: string): Promise<void>;
  /** All lines of all months, oldest first; a torn last line (crash) is not returned; a line that cannot be decrypted is DAMAGED_LINE. */
  readAll(): Promise<string[]>;
  /** The head kept beside the log (encrypted and authenticated on disk). */
  readHead(): Promise<StoredHead>;
  /** Replaces the head durably. */
  writeHead(head: AuditHead): Promise<void>;
  /**
   * The log was replaced by a restore (`months`, the last line its new head). The file sink has
   * nothing to do: the log and its head are in the data folder the backend swapped in one step.
   */
  adoptRestored(months: readonly AuditMonth[]): Promise<void>;
}

export class MemoryAuditSink implements AuditSink {
  readonly months = new Map<string, string[]>();
  head: AuditHead | null = null;
  /** Set to make the head unreadable (tests). */
  headDamaged = false;

  async append(month: string, line: string): Promise<void> {
    const l = this.months.get(month) ?? [];
    l.push(line);
    this.months.set(month, l);
  }
  async readAll(): Promise<string[]> {
    return [...this.months.keys()].sort().flatMap((m) => this.months.get(m)!);
  }
  async readHead(): Promise<StoredHead> {
    if (this.headDamaged) return 'unreadable';
    return this.head ? { ...this.head } : 'missing';
  }
  async writeHead(head: AuditHead): Promise<void> {
    this.head = { ...head };
    this.headDamaged = false;
  }
  async adoptRestored(months: readonly AuditMonth[]): Promise<void> {
    this.months.clear();
    for (const m of months) this.months.set(m.month, [...m.lines]);
    this.head = headOfLines(months);
    this.headDamaged = false;
  }
}

/** The head of a log given as month files: its last line's entry. */
export function headOfLines(months: readonly AuditMonth[]): AuditHead {
  const last = [...months].sort((a, b) => (a.month < b.month ? -1 : 1)).flatMap((m) => m.lines).at(-1);
  return headOf(last === undefined ? undefined : (JSON.parse(last) as AuditEntry));
}

export interface AuditRecord {
  userId: string;
  action: string;
  recordIds: string[];
  details?: Record<string, string | number | boolean>;
}

/** A break of the chain's end the log recorded about itself (an `audit.chainBroken` entry). */
export interface RecordedBreak {
  seq: number;
  at: string;
  reason: BreakReason;
  lostFrom?: number;
  lostTo?: number;
}

/** A restore from a backup as the log recorded it (a `backup.restored` entry). */
export interface RecordedRestore {
  seq: number;
  at: string;
  userId: string;
  backupCreatedAt?: string;
  lostCount: number;
  lostFrom?: number;
  lostTo?: number;
  /** The log before it could not be read. */
  currentUnreadable?: boolean;
}

/** The chain's state: ok only when every entry fits, the files end at the head, and no break was ever recorded. */
export interface AuditCheck {
  ok: boolean;
  entries: number;
  /** Moment of the last entry. */
  lastAt?: string;
  /** seq of the first entry that does not fit the chain (edited, removed from the middle, forged). */
  brokenAt?: number;
  /** Breaks of the end found when the log was read (kept in the log: they stay shown). */
  breaks: RecordedBreak[];
  /** Restores from backups, with the entries each dropped. */
  restores: RecordedRestore[];
  /** Entries whose lines cannot be read (damaged or forged). */
  damaged: number[];
  /** The log's files could not be read at all. */
  unreadable?: boolean;
}

/** What a restore drops of the current log: entries the restored one does not have. */
export interface RestoreLoss {
  lostCount: number;
  lostFrom?: number;
  lostTo?: number;
  /** The head before the restore. */
  headBefore: AuditHead;
  /** The log before the restore could not be read (its loss is then told by its head only). */
  currentUnreadable?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function breakOf(e: AuditEntry): RecordedBreak {
  const d = e.details ?? {};
  const lostFrom = num(d.lostFrom);
  const lostTo = num(d.lostTo);
  return {
    seq: e.seq,
    at: e.at,
    reason: (str(d.reason) ?? 'head_mismatch') as BreakReason,
    ...(lostFrom !== undefined ? { lostFrom } : {}),
    ...(lostTo !== undefined ? { lostTo } : {}),
  };
}

function restoreOf(e: AuditEntry): RecordedRestore {
  const d = e.details ?? {};
  const lostFrom = num(d.lostFrom);
  const lostTo = num(d.lostTo);
  const backupCreatedAt = str(d.backupCreatedAt);
  return {
    seq: e.seq,
    at: e.at,
    userId: e.userId,
    lostCount: num(d.lostCount) ?? 0,
    ...(d.currentUnreadable === true ? { currentUnreadable: true } : {}),
    ...(backupCreatedAt ? { backupCreatedAt } : {}),
    ...(lostFrom !== undefined ? { lostFrom } : {}),
    ...(lostTo !== undefined ? { lostTo } : {}),
  };
}

/**
 * The entries of the lines. A line that cannot be read (damaged, forged without the key) becomes a
 * placeholder that fails the chain there (`verifyChain` names it): the log stays usable — a login
 * still records, the administrator can still restore a backup — and the check says where it broke.
 */
function parseLines(lines: readonly string[]): AuditEntry[] {
  const parsed: AuditEntry[] = [];
  for (const line of lines) {
    let e: AuditEntry | undefined;
    if (line !== DAMAGED_LINE) {
      try {
        const v = JSON.parse(line) as AuditEntry;
        if (typeof v === 'object' && v !== null && typeof v.seq === 'number' && typeof v.hash === 'string') e = v;
      } catch {
        // a placeholder below
      }
    }
    parsed.push(e ?? { seq: parsed.length + 1, at: '', userId: 'system', action: LINE_UNREADABLE, recordIds: [], prev: '', hash: '' });
  }
  return parsed;
}

/**
 * The hash-chained audit log and its head. Every append writes the line, then the head (count and
 * hash of the last entry) through the sink into an authenticated place: with the line first, a stop
 * between the two leaves one entry beyond the head, which is accepted; the reverse would not be.
 *
 * When the log is read (at the first use after a start, and at every verification) its end is
 * checked against the head (auditEntry.ts `checkHead`). A break found there — newest lines removed,
 * an older copy of the log put back, the head removed or damaged — is recorded at once as an
 * `audit.chainBroken` entry naming the entries lost, chained after the last entry left: from then
 * on the log's own chain keeps the fact, and the check says «нарушена» until the log is restored
 * from a backup (which records what it drops in turn).
 */
export class AuditLog {
  private readonly mutex = new KeyedMutex();
  private entries: AuditEntry[] | null = null;

  constructor(
    private readonly sink: AuditSink,
    private readonly now: () => Date,
  ) {}

  /** Reads the log and checks its end against the head; records a break found. Call under the mutex. */
  private async load(): Promise<AuditEntry[]> {
    if (this.entries) return this.entries;
    const entries = parseLines(await this.sink.readAll());
    let stored: StoredHead;
    try {
      stored = await this.sink.readHead();
    } catch {
      stored = 'unreadable';
    }
    this.entries = entries;
    const state = checkHead(entries, stored);
    if (state.kind === 'legacy') {
      await this.write({ userId: 'system', action: HEAD_STARTED, recordIds: [], details: { entries: entries.length } });
    } else if (state.kind === 'break') {
      const details: Record<string, string | number> = { reason: state.reason, found: entries.length };
      if (state.head) {
        details.headCount = state.head.count;
        details.headAt = state.head.at;
      }
      if (state.lostFrom !== undefined && state.lostTo !== undefined) {
        details.lostFrom = state.lostFrom;
        details.lostTo = state.lostTo;
      }
      await this.write({ userId: 'system', action: CHAIN_BROKEN, recordIds: [], details });
    }
    return entries;
  }

  /** Appends an entry to the loaded log, then its head. Call under the mutex, after load(). */
  private async write(rec: AuditRecord): Promise<AuditEntry> {
    const entries = this.entries!;
    const entry = this.next(entries.at(-1), rec);
    await this.sink.append(entry.at.slice(0, 7), JSON.stringify(entry));
    entries.push(entry);
    await this.sink.writeHead(headOf(entry));
    return entry;
  }

  private next(last: AuditEntry | undefined, rec: AuditRecord): AuditEntry {
    const base = {
      seq: (last?.seq ?? 0) + 1,
      at: this.now().toISOString(),
      userId: rec.userId,
      action: rec.action,
      recordIds: rec.recordIds,
      ...(rec.details ? { details: rec.details } : {}),
      prev: last?.hash ?? GENESIS_HASH,
    };
    return { ...base, hash: hashEntry(base) };
  }

  append(rec: AuditRecord): Promise<AuditEntry> {
    return this.mutex.run('audit', async () => {
      const entries = await this.load();
      // A new log starts with the entry that says its head is kept: a log holding it and no head has lost it.
      if (entries.length === 0) await this.write({ userId: 'system', action: HEAD_STARTED, recordIds: [], details: { entries: 0 } });
      return this.write(rec);
    });
  }

  async all(): Promise<readonly AuditEntry[]> {
    return this.mutex.run('audit', () => this.load());
  }

  /** The head of the log as it is now (what is pushed to the central system). */
  async head(): Promise<AuditHead> {
    return this.mutex.run('audit', async () => headOf((await this.load()).at(-1)));
  }

  /** Re-reads the files from disk and checks the chain and its end. */
  async verify(): Promise<AuditCheck> {
    return this.mutex.run('audit', async () => {
      this.entries = null;
      let entries: AuditEntry[];
      try {
        entries = await this.load();
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        this.entries = null;
        return { ok: false, entries: 0, brokenAt: 0, breaks: [], restores: [], damaged: [], unreadable: true };
      }
      const chain = verifyChain(entries);
      const breaks = entries.filter((e) => e.action === CHAIN_BROKEN).map(breakOf);
      const restores = entries.filter((e) => e.action === BACKUP_RESTORED).map(restoreOf);
      const last = entries.at(-1);
      return {
        ok: chain.ok && breaks.length === 0,
        entries: entries.length,
        ...(last ? { lastAt: last.at } : {}),
        ...(chain.brokenAt !== undefined ? { brokenAt: chain.brokenAt } : {}),
        breaks,
        restores,
        damaged: entries.filter((e) => e.action === LINE_UNREADABLE).map((e) => e.seq),
      };
    });
  }

  /**
   * A restore from a backup: the log becomes the backup's `months` and one more entry, made by
   * `record` from what the restore drops (the current entries the backup's log does not have, by
   * seq, and the head before), chained after the backup's last entry. `install` puts the months
   * (with that entry) in place together with the rest of the data, in one step; nothing may append
   * meanwhile (the log's mutex is held). So the log tells the restore and the loss itself, and its
   * check after the restore is honest.
   */
  restore(
    months: readonly AuditMonth[],
    record: (loss: RestoreLoss) => AuditRecord,
    install: (months: AuditMonth[]) => Promise<void>,
  ): Promise<{ entry: AuditEntry; loss: RestoreLoss }> {
    return this.mutex.run('audit', async () => {
      const sorted = [...months].sort((a, b) => (a.month < b.month ? -1 : 1)).map((m) => ({ month: m.month, lines: [...m.lines] }));
      const restored = parseLines(sorted.flatMap((m) => m.lines));
      let loss: RestoreLoss;
      try {
        const current = await this.load();
        const dropped = current.slice(commonPrefix(current, restored));
        loss = {
          lostCount: dropped.length,
          ...(dropped.length ? { lostFrom: dropped[0]!.seq, lostTo: dropped.at(-1)!.seq } : {}),
          headBefore: headOf(current.at(-1)),
        };
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        // The log being replaced cannot be read (a restore is how one repairs that): what it held
        // beyond the backup's is known only from its head, when that can be read.
        this.entries = null;
        const stored = await this.sink.readHead().catch((): StoredHead => 'unreadable');
        const headBefore = typeof stored === 'object' ? stored : headOf(undefined);
        const beyond = headBefore.count - restored.length;
        loss = { lostCount: Math.max(0, beyond), ...(beyond > 0 ? { lostFrom: restored.length + 1, lostTo: headBefore.count } : {}), headBefore, currentUnreadable: true };
      }
      const entry = this.next(restored.at(-1), record(loss));
      const month = entry.at.slice(0, 7);
      const target = sorted.find((m) => m.month === month);
      if (target) target.lines.push(JSON.stringify(entry));
      else sorted.push({ month, lines: [JSON.stringify(entry)] });
      sorted.sort((a, b) => (a.month < b.month ? -1 : 1));
      try {
        await install(sorted);
        await this.sink.adoptRestored(sorted);
      } catch (e) {
        // The data is the old or the new (install is all or nothing): read again whichever it is.
        this.entries = null;
        throw e;
      }
      this.entries = [...restored, entry];
      return { entry, loss };
    });
  }
}

/**
 * The head to push to the central system with every push: `{ count, hash, at }` of the log now.
 * The central system keeps the greatest count it was given per workstation with its hash, and
 * reports a workstation whose count goes down, or whose hash at a count it already knows differs,
 * unless the log explains it (a `backup.restored` entry whose headBefore is the stored head).
 */
export function auditHeadForPush(core: { audit: AuditLog }): Promise<AuditHead> {
  return core.audit.head();
}
