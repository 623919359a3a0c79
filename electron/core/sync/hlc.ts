/**
 * Hybrid logical clock (Kulkarni et al.; the string form follows Actual Budget's CRDT timestamps):
 * wall-clock milliseconds, a counter for events within one millisecond, and the node (the
 * workstation). The string `2026-11-20T09:00:00.000Z-0000-<node>` sorts lexicographically in
 * clock order, so documents and mutations can be ordered by a plain string comparison.
 *
 * Pure functions over strings: the state (the last value issued) lives wherever the caller keeps
 * it (the workstation's `lastHlc` in school.json).
 */
export interface Hlc {
  millis: number;
  counter: number;
  node: string;
}

export const HLC_MAX_COUNTER = 0xffff;
/** A remote clock further ahead than this is refused by `receiveHlc`: a misset clock, not news. */
export const HLC_MAX_DRIFT_MS = 24 * 60 * 60 * 1000;

const PATTERN = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)-([0-9a-f]{4})-(.+)$/;

export class ClockDriftError extends Error {
  constructor(readonly driftMs: number) {
    super(`remote clock ahead by ${driftMs} ms`);
    this.name = 'ClockDriftError';
  }
}

export function formatHlc(h: Hlc): string {
  return `${new Date(h.millis).toISOString()}-${h.counter.toString(16).padStart(4, '0')}-${h.node}`;
}

/** Parses an HLC string; null for '' (nothing issued yet) or anything malformed. */
export function parseHlc(s: string): Hlc | null {
  const m = PATTERN.exec(s);
  if (!m) return null;
  const millis = Date.parse(m[1]!);
  if (!Number.isFinite(millis)) return null;
  return { millis, counter: parseInt(m[2]!, 16), node: m[3]! };
}

/** Clock order; '' (never issued) comes first. */
export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function next(millis: number, counter: number, node: string): string {
  // Out of counter within one millisecond: borrow the next millisecond, never go backwards.
  if (counter > HLC_MAX_COUNTER) return formatHlc({ millis: millis + 1, counter: 0, node });
  return formatHlc({ millis, counter, node });
}

/**
 * A local event (registering a document): a value greater than `last` and not behind the wall
 * clock. A wall clock set back keeps the logical time going forward.
 */
export function tickHlc(last: string, nowMs: number, node: string): string {
  const prev = parseHlc(last);
  if (!prev || nowMs > prev.millis) return formatHlc({ millis: nowMs, counter: 0, node });
  return next(prev.millis, prev.counter + 1, node);
}

/** A remote value seen (a pulled document): the local clock moves past it. */
export function receiveHlc(local: string, remote: string, nowMs: number, node: string, maxDriftMs = HLC_MAX_DRIFT_MS): string {
  const l = parseHlc(local);
  const r = parseHlc(remote);
  if (!r) return tickHlc(local, nowMs, node);
  if (r.millis - nowMs > maxDriftMs) throw new ClockDriftError(r.millis - nowMs);
  const lm = l?.millis ?? -Infinity;
  const millis = Math.max(lm, r.millis, nowMs);
  if (millis === lm && millis === r.millis) return next(millis, Math.max(l!.counter, r.counter) + 1, node);
  if (millis === lm) return next(millis, l!.counter + 1, node);
  if (millis === r.millis) return next(millis, r.counter + 1, node);
  return formatHlc({ millis, counter: 0, node });
}
