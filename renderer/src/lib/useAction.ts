import { useCallback, useState } from 'react';
import { AppError, type FieldProblem } from '../../../electron/contract/errors';
import type { Progress } from '../../../electron/contract/method';
import { useSession } from '../app/session';

/** Runs a user action (a save, a print): busy flag, the Russian error, field problems. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const { onError } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<FieldProblem[]>([]);

  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      setProblems([]);
      try {
        return await fn(...args);
      } catch (e) {
        setError(onError(e));
        if (e instanceof AppError && e.problems) setProblems(e.problems);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [fn, onError],
  );
  const problemAt = (path: string) => problems.find((p) => p.path === path || p.path.startsWith(`${path}.`))?.message;
  return { run, busy, error, problems, problemAt, clearError: () => setError(null) };
}

/**
 * A user action that reports its progress (a batch print, a backup): as useAction, and `progress`
 * holds the last report of the running action (null when none runs). The action gets the sink to
 * hand to the API call (`{ onProgress }`) as its first argument, and may report its own steps.
 */
export function useProgressAction<A extends unknown[], R>(fn: (onProgress: (p: Progress) => void, ...args: A) => Promise<R>) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const action = useAction(async (...args: A): Promise<R> => {
    try {
      return await fn(setProgress, ...args);
    } finally {
      setProgress(null);
    }
  });
  return { ...action, progress };
}
