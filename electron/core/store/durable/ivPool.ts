/**
 * Fresh random IVs for the envelopes (envelope.ts), drawn from the system's CSPRNG a block at a
 * time: a call into it costs about the same (~20 µs here) for 12 bytes as for a few kilobytes, and
 * every record of the write-ahead log needs an IV of its own, on the path of an acknowledged write.
 *
 * The IVs are exactly as random as one randomBytes(12) per envelope (an IV is public; drawing it
 * earlier reveals nothing), and each part of a block is handed out once: the block is refilled when
 * it is used up, and a taken IV is copied out, never shared with the pool.
 */
import { randomFillSync } from 'node:crypto';

/** IVs drawn per call into the CSPRNG. */
const IVS_PER_BLOCK = 256;

let pool: Buffer | null = null;
let at = 0;

/** Copies `length` (1…64) fresh random bytes into `into` at `offset`. */
export function takeIv(into: Buffer, offset: number, length: number): void {
  if (!Number.isInteger(length) || length <= 0 || length > 64) throw new RangeError('An IV is 1…64 bytes');
  const size = length * IVS_PER_BLOCK;
  if (pool === null || pool.length !== size) {
    pool = Buffer.allocUnsafeSlow(size);
    at = size;
  }
  if (at + length > size) {
    randomFillSync(pool);
    at = 0;
  }
  pool.copy(into, offset, at, at + length);
  at += length;
}
