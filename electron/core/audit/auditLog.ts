import { AppError } from '../../contract/errors.js';
import { KeyedMutex } from '../util/mutex.js';
import { GENESIS_HASH, hashEntry, verifyChain, type AuditEntry, type ChainCheck } from './auditEntry.js';

/** Where the log's lines go: monthly append-only files on disk, or memory in tests. */
export interface AuditSink {
  /** Appends one line durably to the file of the month `yyyy-mm`. */
  append(month: string, line: string): Promise<void>;
  /** All lines of all months, oldest first; a torn last line (crash) is not returned. */
  readAll(): Promise<string[]>;
}

export class MemoryAuditSink implements AuditSink {
  readonly months = new Map<string, string[]>();
  async append(month: string, line: string): Promise<void> {
    const l = this.months.get(month) ?? [];
    l.push(line);
    this.months.set(month, l);
  }
  async readAll(): Promise<string[]> {
    return [...this.months.keys()].sort().flatMap((m) => this.months.get(m)!);
  }
}

export interface AuditRecord {
  userId: string;
  action: string;
  recordIds: string[];
  details?: Record<string, string | number | boolean>;
}

export class AuditLog {
  private readonly mutex = new KeyedMutex();
  private entries: AuditEntry[] | null = null;

  constructor(
    private readonly sink: AuditSink,
    private readonly now: () => Date,
  ) {}

  private async load(): Promise<AuditEntry[]> {
    if (!this.entries) {
      const lines = await this.sink.readAll();
      const parsed: AuditEntry[] = [];
      for (const line of lines) {
        try {
          parsed.push(JSON.parse(line) as AuditEntry);
        } catch {
          throw new AppError('storage', 'Журнал аудита повреждён: строка не читается. Обратитесь к администратору.');
        }
      }
      this.entries = parsed;
    }
    return this.entries;
  }

  append(rec: AuditRecord): Promise<AuditEntry> {
    return this.mutex.run('audit', async () => {
      const entries = await this.load();
      const last = entries.at(-1);
      const at = this.now().toISOString();
      const base = {
        seq: (last?.seq ?? 0) + 1,
        at,
        userId: rec.userId,
        action: rec.action,
        recordIds: rec.recordIds,
        ...(rec.details ? { details: rec.details } : {}),
        prev: last?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...base, hash: hashEntry(base) };
      await this.sink.append(at.slice(0, 7), JSON.stringify(entry));
      entries.push(entry);
      return entry;
    });
  }

  async all(): Promise<readonly AuditEntry[]> {
    return this.load();
  }

  /** Re-reads the files from disk and checks the chain. */
  async verify(): Promise<ChainCheck> {
    this.entries = null;
    try {
      return verifyChain(await this.load());
    } catch (e) {
      if (e instanceof AppError) return { ok: false, entries: 0, brokenAt: 0 };
      throw e;
    }
  }
}
