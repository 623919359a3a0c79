import type { Adapter } from 'lowdb';
import { access, readdir } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { EncryptedFileAdapter, keyCheckIn, type RecoveryReport } from './durable/index.js';
import type { StoreBackend } from './backend.js';

/**
 * Partitions as encrypted, durably written files under the data folder. Relative paths use '/';
 * they double as the logical names bound into the encryption.
 */
export class FileBackend implements StoreBackend {
  private readonly adapters = new Map<string, Adapter<unknown>>();

  constructor(
    readonly dataDir: string,
    private readonly key: Uint8Array,
    private readonly onRecovered: (r: RecoveryReport) => void = () => undefined,
  ) {}

  private abs(relPath: string): string {
    const normalized = posix.normalize(relPath);
    if (normalized.startsWith('..') || posix.isAbsolute(normalized)) throw new Error('partition path escapes the data folder');
    return join(this.dataDir, ...normalized.split('/'));
  }

  adapter<T>(relPath: string): Adapter<T> {
    let a = this.adapters.get(relPath);
    if (!a) {
      a = new EncryptedFileAdapter<unknown>({
        path: this.abs(relPath),
        logicalName: relPath,
        key: this.key,
        keyCheck: keyCheckIn(this.dataDir, this.key),
        onRecovered: this.onRecovered,
      });
      this.adapters.set(relPath, a);
    }
    return a as Adapter<T>;
  }

  async list(relDir: string): Promise<string[]> {
    const out: string[] = [];
    const walk = async (rel: string) => {
      let entries;
      try {
        entries = await readdir(this.abs(rel), { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const child = `${rel}/${e.name}`;
        if (e.isDirectory()) await walk(child);
        else if (e.name.endsWith('.json')) out.push(child);
      }
    };
    await walk(relDir.replace(/\/$/, ''));
    return out.sort();
  }

  async exists(relPath: string): Promise<boolean> {
    for (const p of [this.abs(relPath), `${this.abs(relPath)}.bak`]) {
      try {
        await access(p);
        return true;
      } catch {
        // try the next
      }
    }
    return false;
  }
}
