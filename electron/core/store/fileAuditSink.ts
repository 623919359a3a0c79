import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditSink } from '../audit/auditLog.js';
import { appendLine, openLine, readLines, sealLine } from './durable/index.js';

/** The audit log as monthly append-only files `audit/<yyyy-mm>.jsonl`, each line encrypted. */
export class FileAuditSink implements AuditSink {
  constructor(
    private readonly dir: string,
    private readonly key: Uint8Array,
  ) {}

  private logicalName(month: string): string {
    return `audit/${month}.jsonl`;
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
      for (const l of lines) out.push(openLine(this.key, name, l));
    }
    return out;
  }
}
