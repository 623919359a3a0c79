/**
 * What a write changed in a partition, small enough to log (see durable/wal.ts): the operations
 * that turn the previous version of the partition into the new one, at the level of its top-level
 * fields.
 *
 *   { k, v }            the field `k` is now `v` (any value: a changed object, a small array)
 *   { k, d: 1 }         the field `k` was removed
 *   { k, s: [p, q, m] } the array `k` is now: its first p elements, then the elements m, then its
 *                       last q elements (an append is [n, 0, [x]]; one replaced element
 *                       [i, n-i-1, [x]]; a removal [i, n-i-1, []])
 *
 * Elements are compared by identity first (the store shares what a write did not touch), then by
 * value, so one mark added to a 60,000-mark journal logs that one mark.
 */

export type Op = { k: string; v: unknown } | { k: string; d: 1 } | { k: string; s: [number, number, unknown[]] };

/** Equality of JSON data (plain objects, arrays, strings, numbers, booleans, null). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    // NaN is not JSON; undefined fields are dropped by JSON: both are handled as JSON does.
    return false;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let na = 0;
  for (const k in ao) {
    if (!Object.hasOwn(ao, k)) continue;
    const av = ao[k];
    if (av === undefined) continue;
    na++;
    if (!Object.hasOwn(bo, k) || !jsonEqual(av, bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (Object.hasOwn(bo, k) && bo[k] !== undefined) nb++;
  return na === nb;
}

/** The splice that turns `prev` into `next`, or null when they are equal. */
function arrayDelta(prev: readonly unknown[], next: readonly unknown[]): [number, number, unknown[]] | null {
  const max = Math.min(prev.length, next.length);
  let p = 0;
  while (p < max && (prev[p] === next[p] || jsonEqual(prev[p], next[p]))) p++;
  if (p === prev.length && p === next.length) return null;
  let q = 0;
  const room = max - p;
  while (q < room && (prev[prev.length - 1 - q] === next[next.length - 1 - q] || jsonEqual(prev[prev.length - 1 - q], next[next.length - 1 - q]))) q++;
  return [p, q, next.slice(p, next.length - q)];
}

/**
 * The operations from `prev` to `next` for the fields in `keys` (the fields a write touched; the
 * others are the same values). Empty when the write changed nothing.
 */
export function diffFields(prev: Record<string, unknown>, next: Record<string, unknown>, keys: Iterable<string>): Op[] {
  const ops: Op[] = [];
  for (const k of keys) {
    const had = Object.hasOwn(prev, k) && prev[k] !== undefined;
    const has = Object.hasOwn(next, k) && next[k] !== undefined;
    if (!has) {
      if (had) ops.push({ k, d: 1 });
      continue;
    }
    const a = prev[k];
    const b = next[k];
    if (a === b) continue;
    if (had && Array.isArray(a) && Array.isArray(b)) {
      const s = arrayDelta(a, b);
      if (!s) continue;
      // A splice bigger than the array itself: the whole value is shorter to log.
      ops.push(s[2].length >= b.length ? { k, v: b } : { k, s });
      continue;
    }
    if (had && jsonEqual(a, b)) continue;
    ops.push({ k, v: b });
  }
  return ops;
}

/** Every field of `next` changed keys, for a diff against a missing partition. */
export function keysOf(a: object, b: object): Set<string> {
  return new Set([...Object.keys(a), ...Object.keys(b)]);
}

/**
 * Applies `ops` to `base` without changing it: a new object that shares the untouched fields and
 * array elements. Values from `ops` are used as they are (they come from a freshly parsed record).
 * Throws when an operation does not fit the base (a splice longer than the array).
 */
export function applyOps<T extends object>(base: T, ops: readonly Op[]): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const op of ops) {
    if ('d' in op) {
      delete out[op.k];
    } else if ('v' in op) {
      setField(out, op.k, op.v);
    } else {
      const prev = out[op.k];
      const [p, q, m] = op.s;
      if (!Array.isArray(prev) || p + q > prev.length || p < 0 || q < 0) throw new Error(`log record does not fit field ${op.k}`);
      setField(out, op.k, [...prev.slice(0, p), ...m, ...prev.slice(prev.length - q)]);
    }
  }
  return out as T;
}

function setField(out: Record<string, unknown>, k: string, v: unknown): void {
  if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
  else out[k] = v;
}
