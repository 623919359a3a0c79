import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, checkHead, hashEntry, headOf, type AuditEntry, type StoredHead } from '../../../electron/core/audit/auditEntry.js';

/** A chain of entries with the given actions. */
function chain(actions: string[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (const action of actions) {
    const base = { seq: out.length + 1, at: `2026-11-20T09:00:0${out.length}.000Z`, userId: 'u1', action, recordIds: [], prev: out.at(-1)?.hash ?? GENESIS_HASH };
    out.push({ ...base, hash: hashEntry(base) });
  }
  return out;
}

const log = chain(['audit.headStarted', 'auth.login', 'registry.register', 'auth.logout']);
const legacy = chain(['setup.demo', 'auth.login']);
const restored = chain(['setup.demo', 'backup.restored']);
const other = chain(['audit.headStarted', 'auth.login', 'registry.form', 'auth.logout']);
const head = (entries: AuditEntry[], n = entries.length): StoredHead => headOf(entries[n - 1]);

describe('the chain’s end against its head (checkHead)', () => {
  it.each<[string, AuditEntry[], StoredHead, ReturnType<typeof checkHead>]>([
    ['a new, empty log', [], 'missing', { kind: 'ok' }],
    ['the files end at the head', log, head(log), { kind: 'ok' }],
    ['one entry beyond the head (a stop before the head was written)', log, head(log, 3), { kind: 'ok' }],
    ['the newest line removed', log.slice(0, 3), head(log), { kind: 'break', reason: 'truncated', head: head(log) as never, lostFrom: 4, lostTo: 4 }],
    ['every line removed', [], head(log), { kind: 'break', reason: 'truncated', head: head(log) as never, lostFrom: 1, lostTo: 4 }],
    ['another log of the same length', other, head(log), { kind: 'break', reason: 'head_mismatch', head: head(log) as never }],
    ['the head removed from a log that kept it', log, 'missing', { kind: 'break', reason: 'head_missing' }],
    ['the head removed from a restored log', restored, 'missing', { kind: 'break', reason: 'head_missing' }],
    ['the head damaged', log, 'unreadable', { kind: 'break', reason: 'head_unreadable' }],
    ['a log written before heads existed', legacy, 'missing', { kind: 'legacy' }],
  ])('%s', (_name, entries, stored, expected) => {
    expect(checkHead(entries, stored)).toEqual(expected);
  });
});
