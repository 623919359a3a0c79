import type { Compromise } from '../entities/compromise.js';
import { MUTATION_KINDS } from '../sync/kinds.js';

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

export type CompromiseSource = Pick<Compromise, 'userId' | 'from' | 'reopenedAt'> & Partial<Pick<Compromise, 'id' | 'revoked'>>;

export interface CompromiseRule {
  /** The operation made by `userId` at `moment` (ISO timestamp) is invalid. */
  isInvalidAt(userId: string, moment: string): boolean;
  /** The account is blocked: a window is open (no login, not even to change the password). */
  isBlocked(userId: string): boolean;
  /** Users with at least one window (the cheap test before looking at operations). */
  readonly users: ReadonlySet<string>;
  windowsOf(userId: string): readonly CompromiseWindow[];
  /** Ids the central system revoked (documents, final marks): invalid whatever this workstation's records say. */
  readonly revokedIds: ReadonlySet<string>;
}

function time(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.NaN : t;
}

export function compromiseRule(records: readonly CompromiseSource[] | undefined): CompromiseRule {
  const windows = new Map<string, CompromiseWindow[]>();
  const revokedIds = new Set<string>();
  // A record sent again (its reopening) replaces the earlier version of itself.
  const latest = new Map<string, CompromiseSource>();
  (records ?? []).forEach((r, i) => latest.set(r.id ?? `#${i}`, r));
  for (const r of latest.values()) {
    for (const op of r.revoked ?? []) revokedIds.add(op.id);
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
    revokedIds,
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

// ---------------------------------------------------------------- the operations the rule judges

/** A registry document is invalid when registered with a compromised login (or revoked centrally). */
export function documentInvalid(rule: CompromiseRule, d: { id: string; registeredBy: string; registeredAt: string }): boolean {
  return rule.revokedIds.has(d.id) || rule.isInvalidAt(d.registeredBy, d.registeredAt);
}

/** A final-mark entry is invalid when entered with a compromised login (or revoked centrally). */
export function finalMarkInvalid(rule: CompromiseRule, e: { id: string; enteredBy: string; enteredAt: string }): boolean {
  return rule.revokedIds.has(e.id) || rule.isInvalidAt(e.enteredBy, e.enteredAt);
}

/** A step of an extract (prepared, signed off, handed over) made with a compromised login. */
export function stepInvalid(rule: CompromiseRule, step: { by: string; at: string }): boolean {
  return rule.isInvalidAt(step.by, step.at);
}

/**
 * A pending mutation is never pushed when invalid. The compromise report itself is always sent,
 * even when the owner reports his own login (his report is made after the moment it names).
 */
export function mutationInvalid(rule: CompromiseRule, m: { kind: string; author: string; createdAt: string; invalid?: boolean | undefined }): boolean {
  if (m.kind === MUTATION_KINDS.compromise) return false;
  return m.invalid === true || rule.isInvalidAt(m.author, m.createdAt);
}

/** An audit entry is invalid when made with a compromised login; the report of the compromise is not. */
export function auditEntryInvalid(rule: CompromiseRule, e: { userId: string; at: string; action: string }): boolean {
  if (e.action === 'auth.compromised') return false;
  return rule.isInvalidAt(e.userId, e.at);
}

/**
 * Ids of records an older program marked invalid on their pending mutations (`invalid: true`, the
 * record's id in the payload): they stay invalid whatever the rule says now.
 */
export function markedInvalidIds(mutations: readonly { invalid?: boolean | undefined; payload?: unknown }[]): Set<string> {
  const out = new Set<string>();
  for (const m of mutations) {
    if (m.invalid !== true) continue;
    const id = (m.payload as { id?: unknown } | null | undefined)?.id;
    if (typeof id === 'string') out.add(id);
  }
  return out;
}

/**
 * The documents of a class not in force: registered with a compromised login or revoked centrally
 * (the rule), or marked invalid by an older program. Registry, paper duty and statistics ask this.
 */
export function invalidDocumentIdsIn(
  rule: CompromiseRule,
  data: { documents: readonly { id: string; registeredBy: string; registeredAt: string }[]; mutations: readonly { invalid?: boolean | undefined; payload?: unknown }[] },
): Set<string> {
  const out = invalidDocumentIdsOf(rule, data.documents);
  for (const id of markedInvalidIds(data.mutations)) out.add(id);
  return out;
}

/** Ids of the invalid documents among `documents`. */
export function invalidDocumentIdsOf(rule: CompromiseRule, documents: readonly { id: string; registeredBy: string; registeredAt: string }[]): Set<string> {
  const out = new Set<string>();
  if (rule.users.size === 0 && rule.revokedIds.size === 0) return out;
  for (const d of documents) if (documentInvalid(rule, d)) out.add(d.id);
  return out;
}
