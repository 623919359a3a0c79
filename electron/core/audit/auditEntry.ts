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
 * The chain's head: how many entries the log holds and the hash of the last one. Kept outside the
 * log, encrypted and authenticated with the data key (audit/head, written after every append), so
 * that removing the newest lines, or putting back an older copy of the log, is seen.
 */
export interface AuditHead {
  count: number;
  hash: string;
  /** Moment of the last entry. */
  at: string;
}

export const EMPTY_HEAD: AuditHead = { count: 0, hash: GENESIS_HASH, at: '' };

export function headOf(last: Pick<AuditEntry, 'seq' | 'hash' | 'at'> | undefined): AuditHead {
  return last ? { count: last.seq, hash: last.hash, at: last.at } : EMPTY_HEAD;
}

/** What the head file held when the log was read: a head, nothing, or something not readable. */
export type StoredHead = AuditHead | 'missing' | 'unreadable';

/** The system entry that starts the head's keeping on a log written before heads existed. */
export const HEAD_STARTED = 'audit.headStarted';
/** The system entry that records a break found when the log was read (kept in the chain: it is never forgotten). */
export const CHAIN_BROKEN = 'audit.chainBroken';
/** The entry of a restore from a backup: names the entries of the log it dropped. */
export const BACKUP_RESTORED = 'backup.restored';

export type BreakReason = 'truncated' | 'head_mismatch' | 'head_missing' | 'head_unreadable';

/** The log's end against its head. */
export type HeadState =
  | { kind: 'ok' }
  /** A log written before heads existed: its head starts now (an `audit.headStarted` entry). */
  | { kind: 'legacy' }
  /**
   * The files do not end where the head says: fewer entries than the head counts ('truncated':
   * entries lostFrom…lostTo are gone), another entry where the head's should be ('head_mismatch'),
   * the head removed ('head_missing') or damaged ('head_unreadable').
   */
  | { kind: 'break'; reason: BreakReason; head?: AuditHead; lostFrom?: number; lostTo?: number };

/**
 * The one rule of the chain's end: the entries read from the files against the head kept beside
 * them. Entries beyond the head are accepted when the head's entry is among them (an append whose
 * head was not written yet when the program stopped): a line cannot be forged without the key.
 */
export function checkHead(entries: readonly AuditEntry[], head: StoredHead): HeadState {
  const n = entries.length;
  if (head === 'unreadable') return { kind: 'break', reason: 'head_unreadable' };
  if (head === 'missing') {
    if (n === 0) return { kind: 'ok' };
    // Once the head was kept (a log started or restored by this version, or one that recorded a break), a log without one has lost it.
    if (entries.some((e) => e.action === HEAD_STARTED || e.action === BACKUP_RESTORED || e.action === CHAIN_BROKEN)) return { kind: 'break', reason: 'head_missing' };
    return { kind: 'legacy' };
  }
  if (n < head.count) return { kind: 'break', reason: 'truncated', head, lostFrom: n + 1, lostTo: head.count };
  const at = head.count > 0 ? entries[head.count - 1]!.hash : GENESIS_HASH;
  if (at !== head.hash) return { kind: 'break', reason: 'head_mismatch', head };
  return { kind: 'ok' };
}

/** The breaks a log records about itself (`audit.chainBroken` entries): once found, always shown. */
export function recordedBreaks(entries: readonly AuditEntry[]): AuditEntry[] {
  return entries.filter((e) => e.action === CHAIN_BROKEN);
}

/** How many leading entries two logs share (same hashes), e.g. the current log and a restored one. */
export function commonPrefix(a: readonly AuditEntry[], b: readonly AuditEntry[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i]!.hash === b[i]!.hash) i++;
  return i;
}
