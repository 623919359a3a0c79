/**
 * Partition hashes, to detect a replica that differs from the central system (a lost row, a file
 * restored from its backup, a bug) and repair just that partition.
 *
 *   canonical(data)  JSON with object keys sorted by UTF-16 code units, no whitespace, properties
 *                    whose value is undefined left out (what JSON.stringify does with them);
 *   h(entity)        the first 8 bytes of SHA-256(UTF-8 of kind + "\n" + id + "\n" + canonical(data)),
 *                    read as an unsigned big-endian 64-bit integer;
 *   hash(partition)  the sum of h over its live entities, modulo 2^64, as 16 lowercase hex digits.
 *
 * A sum, not a hash of a sorted list: the server keeps it up to date with one subtraction and one
 * addition per changed entity, and the client can do the same as it applies rows.
 */
import * as crypto from 'node:crypto';

const MASK = (1n << 64n) - 1n;

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') {
    const s = JSON.stringify(v);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(v)) {
    let out = '[';
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out += ',';
      const x: unknown = v[i];
      out += x === undefined || typeof x === 'function' ? 'null' : canonicalJson(x);
    }
    return `${out}]`;
  }
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = obj[k];
    if (x === undefined || typeof x === 'function') continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${canonicalJson(x)}`;
  }
  return `${out}}`;
}

type OneShot = (algorithm: string, data: string, encoding: 'buffer') => Buffer;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

function sha256(s: string): Buffer {
  return oneShot ? oneShot('sha256', s, 'buffer') : crypto.createHash('sha256').update(s, 'utf8').digest();
}

/** h(entity) from its canonical JSON text. */
export function entityHashOfText(kind: string, id: string, canonical: string): bigint {
  return sha256(`${kind}\n${id}\n${canonical}`).readBigUInt64BE(0);
}

export function entityHash(kind: string, id: string, data: unknown): bigint {
  return entityHashOfText(kind, id, canonicalJson(data));
}

export const addHash = (a: bigint, b: bigint): bigint => (a + b) & MASK;
export const subHash = (a: bigint, b: bigint): bigint => (a - b) & MASK;
export const hashHex = (x: bigint): string => (x & MASK).toString(16).padStart(16, '0');
export const parseHashHex = (s: string): bigint => BigInt(`0x${s}`) & MASK;
export const EMPTY_HASH = hashHex(0n);

/** Signed form for a PostgreSQL bigint column, and back. */
export const toInt64 = (x: bigint): bigint => BigInt.asIntN(64, x);
export const fromInt64 = (x: bigint | string | number): bigint => BigInt.asUintN(64, BigInt(x));
