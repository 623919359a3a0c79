/**
 * Retry of a filesystem call that fails for a moment: on Windows an antivirus or the search
 * indexer opens a freshly written file and rename/unlink fail with EPERM, EBUSY or EACCES for a
 * few milliseconds. A short backoff, a few times; any other error is thrown at once.
 */
import { errnoOf } from './storageErrors.js';

export const TRANSIENT_ERRNOS: ReadonlySet<string> = new Set(['EPERM', 'EBUSY', 'EACCES']);

export interface RetryPolicy {
  /** Delays before each retry, in ms; their count is the number of retries. */
  delaysMs: readonly number[];
  /** How to wait (tests pass an immediate one). */
  sleep?: (ms: number) => Promise<void>;
}

/** 5 retries, ~0.6 s in all before giving up. */
export const DEFAULT_RETRY: RetryPolicy = { delaysMs: [10, 30, 60, 120, 250] };

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function isTransientFsError(e: unknown): boolean {
  const code = errnoOf(e);
  return code !== undefined && TRANSIENT_ERRNOS.has(code);
}

export async function retryTransient<T>(operation: () => Promise<T>, policy: RetryPolicy = DEFAULT_RETRY): Promise<T> {
  const sleep = policy.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (e) {
      const delay = policy.delaysMs[attempt];
      if (delay === undefined || !isTransientFsError(e)) throw e;
      await sleep(delay);
    }
  }
}
