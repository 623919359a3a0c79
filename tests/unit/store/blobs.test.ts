/** Blobs (store/blobs.ts): content-addressed, written once, through the store's gate. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import { Store } from '../../../electron/core/store/store.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('store blobs', () => {
  it('a blob is written once under its hash and read back; an unknown hash reads as nothing', async () => {
    const backend = new MemoryBackend();
    const store = new Store(backend);
    const bytes = Buffer.from('%PDF-1.4 скан');
    await store.putBlob(sha(bytes), { mime: 'application/pdf', bytes });
    expect(backend.files.get(`scans/${sha(bytes)}.json`)).toEqual({ mime: 'application/pdf', base64: bytes.toString('base64') });
    backend.failWrites = new Error('диск полон');
    // Already there: nothing is written again.
    await store.putBlob(sha(bytes), { mime: 'application/pdf', bytes });
    expect(await store.blob(sha(bytes))).toEqual({ mime: 'application/pdf', bytes });
    expect(await store.blob(sha(Buffer.from('другое')))).toBeNull();
  });

  it('a name that is not a SHA-256 is refused before anything is touched', async () => {
    const backend = new MemoryBackend();
    const store = new Store(backend);
    await expect(store.putBlob('../school', { mime: 'application/pdf', bytes: Buffer.from('x') })).rejects.toMatchObject({ code: 'internal' });
    await expect(store.blob('A'.repeat(64))).rejects.toMatchObject({ code: 'internal' });
    expect(backend.files.size).toBe(0);
  });

  it('an exclusive operation (a backup) waits for a blob being written, and a blob waits for it', async () => {
    const backend = new MemoryBackend();
    const store = new Store(backend);
    const order: string[] = [];
    const bytes = Buffer.from('%PDF-1.4 a');
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const backup = store.exclusive(async () => {
      order.push('backup');
      await held;
      order.push('backup done');
    });
    const put = store.putBlob(sha(bytes), { mime: 'application/pdf', bytes }).then(() => order.push('blob'));
    await new Promise((r) => setTimeout(r, 20));
    expect(order).toEqual(['backup']);
    release();
    await Promise.all([backup, put]);
    expect(order).toEqual(['backup', 'backup done', 'blob']);
  });
});
