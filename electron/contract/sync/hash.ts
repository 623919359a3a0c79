/**
 * Partition hashes, to detect a replica that differs from the central system (a lost row, a file
 * restored from its backup, a bug) and repair just that partition.
 *
 *   canonical(data)  JSON with object keys sorted by UTF-16 code units, no whitespace, properties
 *                    whose value is undefined left out (what JSON.stringify does with them);
 *   h(entity)        cyrb53 (a public-domain 53-bit string hash, see `cyrb53` below) of
 *                    kind + "\n" + id + "\n" + canonical(data), over UTF-16 code units, seed 0,
 *                    modulo 2^52;
 *   hash(partition)  the sum of h over its live entities modulo 2^52, as 16 lowercase hex digits
 *                    (2^52 so that every sum is exact in a double: JavaScript needs no BigInt).
 *
 * A sum, not a hash of a sorted list: the server keeps it up to date with one subtraction and one
 * addition per changed entity, and the client does the same as it applies rows. A fast
 * non-cryptographic hash: it guards against accidents (a lost row, a stale file), not against an
 * adversary, and a first pull hashes a million and a half entities.
 */
/** 2^52: a sum of two values below it stays below 2^53, where doubles are exact integers. */
const MOD = 2 ** 52;

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
  const keys = Object.keys(obj);
  // Fast path: an entity parsed from canonical JSON has its keys in order and flat values.
  let simple = true;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i - 1]! > keys[i]!) {
      simple = false;
      break;
    }
    const x = obj[keys[i]!];
    if (x === undefined || typeof x === 'function' || (x !== null && typeof x === 'object') || (typeof x === 'number' && !Number.isFinite(x))) {
      simple = false;
      break;
    }
  }
  if (simple) return JSON.stringify(obj);
  keys.sort();
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

/** cyrb53 by bryc (public domain): a 53-bit hash of a string's UTF-16 code units. */
export function cyrb53(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * h(entity) from its canonical JSON text: cyrb53 of kind + "\n" + id + "\n" + text, modulo 2^52 —
 * the same loop as `cyrb53`, run over the three parts without joining them into a new string.
 */
export function entityHashOfText(kind: string, id: string, canonical: string): number {
  return entityHashOfSlice(kind, id, canonical, 0, canonical.length);
}

/**
 * h(entity) from its canonical JSON text found in `s` from `from` to `to` (exclusive): a pulled
 * row's data is hashed where it lies in the row's line, without cutting it out as a string.
 */
export function entityHashOfSlice(kind: string, id: string, s: string, from: number, to: number): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < kind.length; i++) {
    const ch = kind.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ 10, 2654435761);
  h2 = Math.imul(h2 ^ 10, 1597334677);
  for (let i = 0; i < id.length; i++) {
    const ch = id.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ 10, 2654435761);
  h2 = Math.imul(h2 ^ 10, 1597334677);
  for (let i = from; i < to; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) % MOD;
}

export function entityHash(kind: string, id: string, data: unknown): number {
  return entityHashOfText(kind, id, canonicalJson(data));
}

export const addHash = (a: number, b: number): number => (a + b) % MOD;
export const subHash = (a: number, b: number): number => (a - b + MOD) % MOD;
export const hashHex = (x: number): string => x.toString(16).padStart(16, '0');
export const parseHashHex = (s: string): number => {
  const x = parseInt(s, 16);
  return Number.isSafeInteger(x) && x >= 0 ? x % MOD : 0;
};
export const EMPTY_HASH = hashHex(0);
