import { useEffect, useRef, useState } from 'react';
import { AppError } from '../../../../electron/contract/errors';
import type { CheckResult, RegisterInput, RuleProblem } from '../../../../electron/contract/groups/registry';
import { api } from '../../api/client';
import { useSession } from '../../app/session';

export interface RuleCheckState {
  /** A check is on its way (the user is typing). */
  checking: boolean;
  /** The last answer; null before the first. */
  result: CheckResult | null;
  problemAt(path: string): string | undefined;
}

/**
 * Runs the core's rules (`registry.check`, the same function as the registration) on the draft as
 * the user types: a short pause, then one call; stale answers are dropped. A draft that does not
 * even fit the form (four digits of a passport series…) comes back as field problems too.
 */
export function useRuleCheck(input: RegisterInput | null, delayMs = 250): RuleCheckState {
  const { onError } = useSession();
  const [result, setResult] = useState<CheckResult | null>(null);
  const [checking, setChecking] = useState(false);
  const seq = useRef(0);
  const key = input ? JSON.stringify(input) : '';

  useEffect(() => {
    if (!input) return;
    const my = ++seq.current;
    setChecking(true);
    const timer = setTimeout(() => {
      api.registry
        .check(input)
        .then((r) => {
          if (my === seq.current) setResult(r);
        })
        .catch((e: unknown) => {
          if (my !== seq.current) return;
          const problems: RuleProblem[] =
            e instanceof AppError && e.problems?.length
              ? e.problems.map((p) => ({ path: p.path, code: 'form', message: p.message }))
              : [{ path: '', code: 'error', message: onError(e) }];
          setResult({ ok: false, problems, warnings: [], effect: [] });
        })
        .finally(() => {
          if (my === seq.current) setChecking(false);
        });
    }, delayMs);
    return () => clearTimeout(timer);
    // Keyed by the input's content: a new object with the same content is not a new check.
  }, [key, delayMs, onError]);

  const problemAt = (path: string) => result?.problems.find((p) => p.path === path || (path !== '' && p.path.startsWith(`${path}.`)))?.message;
  return { checking, result, problemAt };
}
