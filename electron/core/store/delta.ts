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
 *   { k, e: edits }     the array `k` with several separate ranges replaced (`Edit`): what a pull
 *                       that changes marks all over a journal logs, instead of the whole range
 *                       between its first and its last change
 *
 * Elements are compared by identity first (the store shares what a write did not touch), then by
 * value, so one mark added to a 60,000-mark journal logs that one mark.
 */

export type Op = { k: string; v: unknown } | { k: string; d: 1 } | { k: string; s: [number, number, unknown[]] } | { k: string; e: Edit[] };

/**
 * `[start, removed, inserted]` in the previous array's positions: its elements start…start+removed-1
 * are replaced by `inserted`. The edits of one op are in increasing order and do not overlap.
 */
export type Edit = [number, number, unknown[]];

/** A splice logging more elements than this is worth the search for the few that changed. */
const EDITS_FROM = 64;

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
 * Separate ranges that turn `prev` into `next`, found in one walk of both by the identity of the
 * elements `next` kept from `prev` (the store shares them): where they differ, an element of
 * `prev` the next one of `next` continues from was removed, an element of `next` followed by the
 * current one of `prev` was inserted, anything else was replaced. Always a correct edit, short when
 * the changes are apart (a pull replacing, removing and appending marks all over a journal).
 * Null when nothing of `prev` was kept.
 */
export function arrayEdits(prev: readonly unknown[], next: readonly unknown[]): Edit[] | null {
  const edits: Edit[] = [];
  let open: Edit | null = null;
  let kept = 0;
  let i = 0;
  let j = 0;
  while (i < prev.length && j < next.length) {
    if (prev[i] === next[j]) {
      open = null;
      kept++;
      i++;
      j++;
      continue;
    }
    if (open === null) edits.push((open = [i, 0, []]));
    if (i + 1 < prev.length && prev[i + 1] === next[j]) {
      open[1]++;
      i++;
    } else if (j + 1 < next.length && prev[i] === next[j + 1]) {
      open[2].push(next[j]);
      j++;
    } else {
      open[1]++;
      open[2].push(next[j]);
      i++;
      j++;
    }
  }
  if (i < prev.length || j < next.length) {
    if (open === null) edits.push((open = [i, 0, []]));
    open[1] += prev.length - i;
    for (; j < next.length; j++) open[2].push(next[j]);
  }
  return kept > 0 && edits.length > 0 ? edits : null;
}

const editedLength = (edits: readonly Edit[]) => edits.reduce((n, e) => n + e[2].length + 2, 0);

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
      if (s[2].length >= b.length) {
        ops.push({ k, v: b });
        continue;
      }
      // Changes all over a big array (a pull into a journal): the ranges that changed, when shorter.
      // (A splice that removes nothing is an insertion or an append: already as short as it gets.)
      const removes = a.length - s[0] - s[1] > 0;
      const e = removes && s[2].length > EDITS_FROM ? arrayEdits(a, b) : null;
      ops.push(e && editedLength(e) * 2 < s[2].length ? { k, e } : { k, s });
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
    } else if ('e' in op) {
      const prev = out[op.k];
      if (!Array.isArray(prev)) throw new Error(`log record does not fit field ${op.k}`);
      const arr: unknown[] = [];
      let from = 0;
      for (const [start, removed, inserted] of op.e) {
        if (!Number.isInteger(start) || !Number.isInteger(removed) || start < from || removed < 0 || start + removed > prev.length || !Array.isArray(inserted)) {
          throw new Error(`log record does not fit field ${op.k}`);
        }
        for (let i = from; i < start; i++) arr.push(prev[i]);
        for (const x of inserted) arr.push(x);
        from = start + removed;
      }
      for (let i = from; i < prev.length; i++) arr.push(prev[i]);
      setField(out, op.k, arr);
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
