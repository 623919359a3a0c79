import type { Compromise } from '../../contract/entities/compromise.js';

/**
 * The one rule of compromised logins (seed «Дополнения в Договор с родителями»): every operation
 * made with an account from the moment the director received the information that its login became
 * known to others is invalid, until the administrator reopens the account with a one-time password.
 * Every caller — registry, final marks, extract steps, the audit log, sync — asks this rule; no one
 * keeps a copy of it. A password change never ends a window.
 */
export interface CompromiseWindow {
  from: number;
  /** Exclusive end; undefined while the account is blocked. */
  to: number | undefined;
}

export type CompromiseSource = Pick<Compromise, 'userId' | 'from' | 'reopenedAt'>;

export interface CompromiseRule {
  /** The operation made by `userId` at `moment` (ISO timestamp) is invalid. */
  isInvalidAt(userId: string, moment: string): boolean;
  /** The account is blocked: a window is open (no login, not even to change the password). */
  isBlocked(userId: string): boolean;
  /** Users with at least one window (the cheap test before looking at operations). */
  readonly users: ReadonlySet<string>;
  windowsOf(userId: string): readonly CompromiseWindow[];
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NaN : t;
}

export function compromiseRule(records: readonly CompromiseSource[] | undefined): CompromiseRule {
  const windows = new Map<string, CompromiseWindow[]>();
  for (const r of records ?? []) {
    const from = time(r.from);
    if (Number.isNaN(from)) continue;
    const to = r.reopenedAt !== undefined ? time(r.reopenedAt) : undefined;
    const list = windows.get(r.userId) ?? [];
    list.push({ from, to: to === undefined || Number.isNaN(to) ? undefined : to });
    windows.set(r.userId, list);
  }
  const users = new Set(windows.keys());
  return {
    users,
    windowsOf: (userId) => windows.get(userId) ?? [],
    isInvalidAt(userId, moment) {
      const list = windows.get(userId);
      if (!list) return false;
      const t = time(moment);
      // An operation whose moment cannot be read is not trusted when its author was compromised.
      if (Number.isNaN(t)) return true;
      return list.some((w) => t >= w.from && (w.to === undefined || t < w.to));
    },
    isBlocked(userId) {
      return (windows.get(userId) ?? []).some((w) => w.to === undefined);
    },
  };
}

/** No compromise recorded: every operation valid. */
export const NO_COMPROMISE: CompromiseRule = compromiseRule([]);
