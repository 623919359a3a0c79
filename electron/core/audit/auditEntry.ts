import { createHash } from 'node:crypto';

/**
 * One line of the audit log. No names or other personal data: only ids of users and records.
 * Each entry carries the hash of the previous one, so a removed or edited line breaks the chain.
 */
export interface AuditEntry {
  seq: number;
  at: string;
  userId: string;
  /** A contract method path (e.g. `registry.record`) or a system action (`auth.compromised`). */
  action: string;
  recordIds: string[];
  /** Small non-personal facts, e.g. the document kind. */
  details?: Record<string, string | number | boolean>;
  prev: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function hashEntry(e: Omit<AuditEntry, 'hash'>): string {
  const canonical = JSON.stringify([e.seq, e.at, e.userId, e.action, e.recordIds, e.details ?? null, e.prev]);
  return createHash('sha256').update(canonical).digest('hex');
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  /** seq of the first entry that does not fit the chain. */
  brokenAt?: number;
}

export function verifyChain(entries: readonly AuditEntry[]): ChainCheck {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    const { hash, ...rest } = e;
    if (e.seq !== i + 1 || e.prev !== prev || hashEntry(rest) !== hash) {
      return { ok: false, entries: entries.length, brokenAt: e.seq ?? i + 1 };
    }
    prev = hash;
  }
  return { ok: true, entries: entries.length };
}

/**
 * Periods in which a user's operations are invalid: from a compromise report until the next
 * password change. Derived from the log itself, never stored separately.
 */
export function compromiseWindows(entries: readonly AuditEntry[]): Map<string, Array<{ from: string; to?: string }>> {
  const windows = new Map<string, Array<{ from: string; to?: string }>>();
  for (const e of entries) {
    if (e.action === 'auth.compromised') {
      const subject = e.recordIds[0] ?? e.userId;
      const from = typeof e.details?.from === 'string' ? e.details.from : e.at;
      const list = windows.get(subject) ?? [];
      list.push({ from });
      windows.set(subject, list);
    } else if (e.action === 'auth.passwordChanged' || e.action === 'users.resetPassword') {
      const subject = e.recordIds[0] ?? e.userId;
      const open = windows.get(subject)?.find((w) => w.to === undefined);
      if (open) open.to = e.at;
    }
  }
  return windows;
}

export function isInvalid(e: AuditEntry, windows: Map<string, Array<{ from: string; to?: string }>>): boolean {
  if (e.action === 'auth.compromised' || e.action === 'auth.passwordChanged' || e.action === 'auth.login') return false;
  return (windows.get(e.userId) ?? []).some((w) => e.at >= w.from && (w.to === undefined || e.at < w.to));
}
