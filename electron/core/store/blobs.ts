import { AppError, INTERNAL_ERROR_MESSAGE } from '../../contract/errors.js';
import type { StoreBackend } from './backend.js';
import type { Gate } from './gate.js';
import { KeyedMutex } from '../util/mutex.js';

/** Bytes and their media type (a scan of a paper). */
export interface Blob {
  mime: string;
  bytes: Buffer;
}

/** On disk: the file holds the media type and the bytes in base64 (files written before this module read alike). */
interface StoredBlob {
  mime: string;
  base64: string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The file of a blob, by its SHA-256 in lower-case hex. */
export const blobPath = (sha256: string) => `scans/${sha256}.json`;

/**
 * Content-addressed blobs (the scans of registered papers), `scans/<sha256>.json`: encrypted and
 * written durably like every partition, through the store's gate (a backup or a restore waits for
 * a blob being written, and a blob waits for them). A blob is written once: putting one that is
 * there already writes nothing. Callers check that the bytes they read match the hash.
 */
export class Blobs {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly backend: StoreBackend,
    private readonly gate: Gate,
  ) {}

  private pathOf(sha256: string): string {
    // A programming error: the hash comes from the store's callers, never from a user's path.
    if (!SHA256_HEX.test(sha256)) throw new AppError('internal', INTERNAL_ERROR_MESSAGE);
    return blobPath(sha256);
  }

  async put(sha256: string, blob: Blob): Promise<void> {
    const path = this.pathOf(sha256);
    return this.gate.shared(() =>
      this.mutex.run(path, async () => {
        if (await this.backend.exists(path)) return;
        await this.backend.adapter<StoredBlob>(path).write({ mime: blob.mime, base64: blob.bytes.toString('base64') });
      }),
    );
  }

  async get(sha256: string): Promise<Blob | null> {
    const path = this.pathOf(sha256);
    return this.gate.shared(async () => {
      const stored = await this.backend.adapter<StoredBlob | null>(path).read();
      if (!stored || typeof stored.mime !== 'string' || typeof stored.base64 !== 'string') return null;
      return { mime: stored.mime, bytes: Buffer.from(stored.base64, 'base64') };
    });
  }
}
