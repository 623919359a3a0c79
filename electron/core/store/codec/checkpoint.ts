/**
 * A partition file as a checkpoint of the write-ahead log (durable/wal.ts): the partition's codec
 * bytes behind a small header that says up to which log record the file holds the partition.
 *
 *   offset  size  field
 *   0       4     magic 'EZK1'
 *   4       8     LSN of the newest log record the data includes (float64 big-endian, an integer)
 *   12      …     the partition's own codec bytes (sectioned, see sectioned.ts)
 *
 * A file without the header (written before the log existed, or restored from a backup) is a
 * checkpoint at LSN 0. It sits inside the encrypted envelope: the LSN is authenticated too.
 */
import type { Codec } from '../durable/codec.js';

export const CHECKPOINT_MAGIC = 'EZK1';
const MAGIC = Buffer.from(CHECKPOINT_MAGIC, 'ascii');
const HEADER = 12;

export interface Checkpoint<T> {
  lsn: number;
  data: T;
}

function bytesOf(encoded: Buffer | Uint8Array | string): Buffer {
  if (typeof encoded === 'string') return Buffer.from(encoded, 'utf8');
  return Buffer.isBuffer(encoded) ? encoded : Buffer.from(encoded.buffer, encoded.byteOffset, encoded.byteLength);
}

export function isCheckpointBytes(bytes: Buffer): boolean {
  return bytes.length >= HEADER && bytes.subarray(0, 4).equals(MAGIC);
}

/** The partition's codec bytes of a checkpoint's plaintext (what a backup holds). */
export function stripCheckpoint(bytes: Buffer): Buffer {
  return isCheckpointBytes(bytes) ? bytes.subarray(HEADER) : bytes;
}

const CHECKPOINT_CODECS = new WeakSet<object>();

/** Whether `codec` reads checkpoints itself (else a file backend strips the header for it). */
export function isCheckpointCodec(codec: object): boolean {
  return CHECKPOINT_CODECS.has(codec);
}

/** `codec` reading a checkpoint file as the partition's data (without its header). */
export function readingCheckpoints<T>(codec: Codec<T>): Codec<T> {
  if (isCheckpointCodec(codec)) return codec;
  return { encode: (d) => codec.encode(d), decode: (b) => codec.decode(stripCheckpoint(b)) };
}

export function checkpointCodec<T>(inner: Codec<T>): Codec<Checkpoint<T>> {
  const codec: Codec<Checkpoint<T>> = {
    encode(c) {
      const body = bytesOf(inner.encode(c.data));
      const out = Buffer.allocUnsafe(HEADER + body.length);
      MAGIC.copy(out, 0);
      out.writeDoubleBE(c.lsn, 4);
      body.copy(out, HEADER);
      return out;
    },
    decode(bytes) {
      if (!isCheckpointBytes(bytes)) return { lsn: 0, data: inner.decode(bytes) };
      const lsn = bytes.readDoubleBE(4);
      if (!Number.isSafeInteger(lsn) || lsn < 0) throw new Error('bad checkpoint header');
      return { lsn, data: inner.decode(bytes.subarray(HEADER)) };
    },
  };
  CHECKPOINT_CODECS.add(codec);
  return codec;
}
