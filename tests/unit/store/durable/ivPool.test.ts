import { describe, expect, it } from 'vitest';
import { sealEnvelope } from '../../../../electron/core/store/durable/envelope.js';
import { takeIv } from '../../../../electron/core/store/durable/ivPool.js';
import { testKey } from './fixtures/tempDir.js';

describe('IV pool', () => {
  it('hands out every IV once, across many refills of its block', () => {
    const seen = new Set<string>();
    const out = Buffer.alloc(12);
    for (let i = 0; i < 5000; i++) {
      takeIv(out, 0, 12);
      seen.add(out.toString('hex'));
    }
    expect(seen.size).toBe(5000);
  });

  it('copies the IV out: an IV taken earlier does not change when more are taken', () => {
    const first = Buffer.alloc(20, 0xee);
    takeIv(first, 4, 12);
    const kept = Buffer.from(first);
    const other = Buffer.alloc(12);
    for (let i = 0; i < 1000; i++) takeIv(other, 0, 12);
    expect(first.equals(kept)).toBe(true);
    // Only the 12 bytes at the offset were written.
    expect(first.subarray(0, 4).equals(Buffer.alloc(4, 0xee))).toBe(true);
    expect(first.subarray(16).equals(Buffer.alloc(4, 0xee))).toBe(true);
  });

  it('refuses a length it does not hand out', () => {
    const out = Buffer.alloc(100);
    for (const length of [0, -1, 1.5, 65]) expect(() => takeIv(out, 0, length)).toThrow(RangeError);
  });

  it('gives every envelope its own IV (the file revision the backend reads)', () => {
    const key = testKey();
    const ivs = new Set<string>();
    for (let i = 0; i < 600; i++) ivs.add(sealEnvelope(key, 'wal', Buffer.from('x')).toString('hex', 6, 18));
    expect(ivs.size).toBe(600);
  });
});
