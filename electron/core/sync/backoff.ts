/**
 * Retry delays after failures: exponential, capped, with «equal jitter» (half fixed, half random)
 * so that the workstations of a region that lost the network together do not come back together.
 */
export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 2_000, maxMs: 5 * 60_000 };

/** The delay before attempt `failures + 1`, after `failures` consecutive failures (≥ 1). */
export function backoffDelay(failures: number, random: () => number, o: BackoffOptions = DEFAULT_BACKOFF): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, Math.min(30, failures - 1)));
  return Math.round(exp / 2 + random() * (exp / 2));
}

/** The delay between two successful syncs: the interval with ±10 % jitter. */
export function intervalDelay(intervalMs: number, random: () => number): number {
  return Math.round(intervalMs * (0.9 + random() * 0.2));
}
