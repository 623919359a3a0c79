/**
 * The on-disk envelope of every data file: AES-256-GCM with a fresh random 12-byte IV per write
 * (ivPool.ts).
 *
 *   offset  size  field
 *   0       4     magic 'EZHD'
 *   4       1     format version (1)
 *   5       1     flags, 0 (reserved)
 *   6       12    IV
 *   18      4     ciphertext length, uint32 big-endian
 *   22      n     ciphertext
 *   22+n    16    GCM tag
 *
 * The associated data is the 22-byte header followed by the file's logical name (UTF-8), so the
 * header is authenticated too and a file copied over another one fails authentication. Only
 * ciphertext reaches the disk: no plain text is ever written, not even in a temp file.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { takeIv } from './ivPool.js';
import {
  authFailedError,
  corruptFileError,
  unsupportedFormatError,
  type StorageError,
} from './storageErrors.js';

export const ENVELOPE_MAGIC = 'EZHD';
export const ENVELOPE_VERSION = 1;
export const DATA_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 4 + 1 + 1 + IV_BYTES + 4;
/** Bytes an envelope adds to its plaintext. */
export const ENVELOPE_OVERHEAD = HEADER_BYTES + TAG_BYTES;
const MAX_PLAINTEXT = 0xffff_ffff;
const MAGIC_BYTES = Buffer.from(ENVELOPE_MAGIC, 'ascii');

function assertKey(key: Uint8Array): void {
  if (key.byteLength !== DATA_KEY_BYTES) throw new RangeError(`A data key must be ${DATA_KEY_BYTES} bytes, got ${key.byteLength}`);
}

function associatedData(header: Buffer, logicalName: string): Buffer {
  return Buffer.concat([header, Buffer.from(logicalName, 'utf8')]);
}

/** Encrypts `plaintext` for the file called `logicalName`. */
export function sealEnvelope(key: Uint8Array, logicalName: string, plaintext: Uint8Array): Buffer {
  assertKey(key);
  if (plaintext.byteLength > MAX_PLAINTEXT) throw new RangeError('The plaintext is too large for one envelope');
  const out = Buffer.allocUnsafe(ENVELOPE_OVERHEAD + plaintext.byteLength);
  const header = out.subarray(0, HEADER_BYTES);
  MAGIC_BYTES.copy(header, 0);
  header.writeUInt8(ENVELOPE_VERSION, 4);
  header.writeUInt8(0, 5);
  takeIv(header, 6, IV_BYTES);
  const iv = header.subarray(6, 6 + IV_BYTES);
  header.writeUInt32BE(plaintext.byteLength, 6 + IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(header, logicalName));
  const body = cipher.update(plaintext);
  const final = cipher.final();
  body.copy(out, HEADER_BYTES);
  final.copy(out, HEADER_BYTES + body.length);
  cipher.getAuthTag().copy(out, HEADER_BYTES + plaintext.byteLength);
  return out;
}

/**
 * Checks and decrypts an envelope. Throws a StorageError: 'damaged' (with `detail` bad_magic,
 * bad_header, truncated or length_mismatch) when the bytes are not a whole envelope,
 * 'unsupported_format' for a newer format version, 'auth_failed' (code 'crypto') when the key is
 * wrong, a byte was changed, or the file belongs to another logical name.
 */
export function openEnvelope(key: Uint8Array, logicalName: string, sealed: Uint8Array): Buffer {
  assertKey(key);
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < MAGIC_BYTES.length || !bytes.subarray(0, MAGIC_BYTES.length).equals(MAGIC_BYTES)) {
    throw corruptFileError(logicalName, bytes.length < MAGIC_BYTES.length ? 'truncated' : 'bad_magic');
  }
  if (bytes.length < 6) throw corruptFileError(logicalName, 'truncated');
  const version = bytes.readUInt8(4);
  if (version > ENVELOPE_VERSION) throw unsupportedFormatError(logicalName);
  if (version !== ENVELOPE_VERSION || bytes.readUInt8(5) !== 0) throw corruptFileError(logicalName, 'bad_header');
  if (bytes.length < ENVELOPE_OVERHEAD) throw corruptFileError(logicalName, 'truncated');
  const length = bytes.readUInt32BE(6 + IV_BYTES);
  const expected = ENVELOPE_OVERHEAD + length;
  if (bytes.length < expected) throw corruptFileError(logicalName, 'truncated');
  if (bytes.length > expected) throw corruptFileError(logicalName, 'length_mismatch');
  const header = bytes.subarray(0, HEADER_BYTES);
  const iv = bytes.subarray(6, 6 + IV_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(associatedData(header, logicalName));
  decipher.setAuthTag(bytes.subarray(HEADER_BYTES + length));
  const body = decipher.update(bytes.subarray(HEADER_BYTES, HEADER_BYTES + length));
  try {
    const final = decipher.final();
    return final.length === 0 ? body : Buffer.concat([body, final]);
  } catch {
    body.fill(0);
    throw authFailedError(logicalName);
  }
}

/** True for an error thrown by openEnvelope because the bytes are not a readable envelope. */
export function isUnreadableEnvelope(e: StorageError): boolean {
  return e.reason === 'damaged' || e.reason === 'auth_failed';
}

/** One encrypted line of an append-only log: the envelope of `text` in base64 (no newline in it). */
export function sealLine(key: Uint8Array, logicalName: string, text: string): string {
  return sealEnvelope(key, logicalName, Buffer.from(text, 'utf8')).toString('base64');
}

/** The text of a line written by sealLine; throws like openEnvelope. */
export function openLine(key: Uint8Array, logicalName: string, line: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(line)) throw corruptFileError(logicalName, 'bad_magic');
  return openEnvelope(key, logicalName, Buffer.from(line, 'base64')).toString('utf8');
}
