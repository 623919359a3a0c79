import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditHead, StoredHead } from '../audit/auditEntry.js';
import { DAMAGED_LINE, type AuditSink } from '../audit/auditLog.js';
import { appendLine, atomicWrite, openEnvelope, openLine, readLines, sealEnvelope, sealLine } from './durable/index.js';
import { errnoOf } from './durable/storageErrors.js';

/** The head's file in the data folder (also its logical name, bound into its encryption). */
export const AUDIT_HEAD_FILE = 'audit/head';

/** The encrypted bytes of the head file. */
export function sealHead(key: Uint8Array, head: AuditHead): Buffer {
  return sealEnvelope(key, AUDIT_HEAD_FILE, Buffer.from(JSON.stringify(head), 'utf8'));
}

function isHead(v: unknown): v is AuditHead {
  const h = v as AuditHead;
  return typeof v === 'object' && v !== null && Number.isInteger(h.count) && h.count >= 0 && typeof h.hash === 'string' && typeof h.at === 'string';
}

/**
 * The audit log as monthly append-only files `audit/<yyyy-mm>.jsonl`, each line encrypted, and its
 * head `audit/head` (count and hash of the last entry), encrypted and authenticated with the data
 * key, replaced atomically after every append. The head keeps no previous version (`.bak`): an
 * older head put back would hide the newest lines' removal, so a head that cannot be read is
 * reported, never replaced by an older one.
 */
export class FileAuditSink implements AuditSink {
  constructor(
    private readonly dir: string,
    private readonly key: Uint8Array,
  ) {}

  private logicalName(month: string): string {
    return `audit/${month}.jsonl`;
  }

  private get headPath(): string {
    return join(this.dir, 'head');
  }

  async append(month: string, line: string): Promise<void> {
    const name = this.logicalName(month);
    await appendLine(join(this.dir, `${month}.jsonl`), sealLine(this.key, name, line), { logicalName: name });
  }

  async readAll(): Promise<string[]> {
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => /^\d{4}-\d{2}\.jsonl$/.test(f)).sort();
    } catch {
      return [];
    }
    const out: string[] = [];
    for (const f of files) {
      const name = this.logicalName(f.slice(0, 7));
      const { lines } = await readLines(join(this.dir, f), { logicalName: name });
      for (const l of lines) {
        try {
          out.push(openLine(this.key, name, l));
        } catch {
          out.push(DAMAGED_LINE);
        }
      }
    }
    return out;
  }

  async readHead(): Promise<StoredHead> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.headPath);
    } catch (e) {
      return errnoOf(e) === 'ENOENT' ? 'missing' : 'unreadable';
    }
    try {
      const head = JSON.parse(openEnvelope(this.key, AUDIT_HEAD_FILE, bytes).toString('utf8')) as unknown;
      return isHead(head) ? head : 'unreadable';
    } catch {
      return 'unreadable';
    }
  }

  async writeHead(head: AuditHead): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await atomicWrite(this.headPath, sealHead(this.key, head), { keepPreviousAs: null, logicalName: AUDIT_HEAD_FILE });
  }

  async adoptRestored(): Promise<void> {
    // The restored log and its head came with the data folder (restoreFolder.ts).
  }
}
