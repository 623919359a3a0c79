import type { Adapter } from 'lowdb';

/**
 * Where partitions live. The store asks the backend for a lowdb adapter per partition file;
 * the file backend gives durable, encrypted adapters, the memory backend (tests) plain memory.
 */
export interface StoreBackend {
  adapter<T>(relPath: string): Adapter<T>;
  /** Relative paths of the partitions that exist under a folder (e.g. 'classes'). */
  list(relDir: string): Promise<string[]>;
  exists(relPath: string): Promise<boolean>;
}

/** A backend that keeps everything in memory; used by unit tests of the core. */
export class MemoryBackend implements StoreBackend {
  readonly files = new Map<string, unknown>();
  /** Set to make the next writes fail, to test that failed writes change nothing. */
  failWrites: Error | null = null;

  adapter<T>(relPath: string): Adapter<T> {
    return {
      read: async () => (this.files.has(relPath) ? (structuredClone(this.files.get(relPath)) as T) : null),
      write: async (data: T) => {
        if (this.failWrites) throw this.failWrites;
        this.files.set(relPath, structuredClone(data));
      },
    };
  }

  async list(relDir: string): Promise<string[]> {
    const prefix = relDir.endsWith('/') ? relDir : `${relDir}/`;
    return [...this.files.keys()].filter((k) => k.startsWith(prefix));
  }

  async exists(relPath: string): Promise<boolean> {
    return this.files.has(relPath);
  }
}
