import { useCallback, useEffect, useRef, useState } from 'react';
import { useSession } from '../app/session';
import { queryView } from './queryView';

export interface Query<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload(): void;
}

export interface QueryOptions<T> {
  /**
   * Look again this many milliseconds after each answer (a number, or one chosen from the data:
   * often while something runs, calmly otherwise); undefined: no polling.
   */
  pollMs?: number | ((data: T | undefined) => number | undefined) | undefined;
  /** One list paged or filtered: its last rows stay on screen until those of the new deps come. */
  keepData?: boolean;
}

/**
 * Loads data from the API when the deps change, and again after `pollMs` if asked; errors become
 * a Russian message through the session (an expired session or a lock is handled there). Data
 * loaded for other deps is never shown: after a class is switched, `data` is undefined until that
 * class's answer arrives (a reload or a poll with the same deps keeps the data on screen).
 */
export function useQuery<T>(load: () => Promise<T>, deps: readonly unknown[], options: QueryOptions<T> = {}): Query<T> {
  const { onError } = useSession();
  const [loaded, setLoaded] = useState<{ deps: readonly unknown[]; data: T }>();
  // The deps of the last answer, data or error: until the current deps have one, it is loading.
  const [settled, setSettled] = useState<readonly unknown[]>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const pollRef = useRef(options.pollMs);
  pollRef.current = options.pollMs;

  useEffect(() => {
    let alive = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let latest: T | undefined;
    const asked = deps;
    setLoading(true);
    loadRef
      .current()
      .then((d) => {
        if (!alive) return;
        latest = d;
        setLoaded({ deps: asked, data: d });
        setError(null);
      })
      .catch((e: unknown) => alive && setError(onError(e)))
      .finally(() => {
        if (!alive) return;
        setSettled(asked);
        setLoading(false);
        const poll = pollRef.current;
        const ms = typeof poll === 'function' ? poll(latest) : poll;
        if (ms !== undefined) timer = setTimeout(() => setTick((t) => t + 1), ms);
      });
    return () => {
      alive = false;
      if (timer) clearTimeout(timer);
    };
  }, [...deps, tick, onError]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...queryView({ loaded, settled, loading, error }, deps, options.keepData), reload };
}
