import { useCallback, useState } from 'react';
import { AppError, type FieldProblem } from '../../../electron/contract/errors';
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
