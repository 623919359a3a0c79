/**
 * The rule of compromised logins (seed «Дополнения в Договор с родителями»): every operation made
 * with the account from the moment the director received the information is invalid, until the
 * administrator reopens the account; a password change never ends it.
 */
import { describe, expect, it } from 'vitest';
import { compromiseRule, mutationInvalid, auditEntryInvalid, documentInvalid } from '../../../electron/contract/auth/compromise.js';

const records = [
  { id: 'c1', userId: 'u_teacher', from: '2026-11-20T09:00:00.000Z' },
  { id: 'c2', userId: 'u_office', from: '2026-11-10T09:00:00.000Z', reopenedAt: '2026-11-12T09:00:00.000Z' },
];
const rule = compromiseRule(records);

describe('an operation is invalid from the moment the director was told, until the account is reopened', () => {
  it.each([
    ['u_teacher', '2026-11-20T08:59:59.999Z', false, 'a moment before the director was told'],
    ['u_teacher', '2026-11-20T09:00:00.000Z', true, 'the very moment'],
    ['u_teacher', '2026-12-31T00:00:00.000Z', true, 'any time later while the account is blocked'],
    ['u_office', '2026-11-09T23:00:00.000Z', false, 'before the window'],
    ['u_office', '2026-11-11T10:00:00.000Z', true, 'inside the window'],
    ['u_office', '2026-11-12T09:00:00.000Z', false, 'from the reopening on (the new one-time password)'],
    ['u_director', '2026-11-20T09:00:00.000Z', false, 'another account'],
    ['u_teacher', 'not a moment', true, 'an unreadable moment of a compromised author is not trusted'],
    ['u_director', 'not a moment', false, 'an unreadable moment of an author never compromised'],
  ])('%s at %s → invalid %s (%s)', (userId, at, invalid) => {
    expect(rule.isInvalidAt(userId, at)).toBe(invalid);
  });

  it('the account is blocked while a window is open; a reopened one is not', () => {
    expect(rule.isBlocked('u_teacher')).toBe(true);
    expect(rule.isBlocked('u_office')).toBe(false);
    expect(rule.isBlocked('u_director')).toBe(false);
  });

  it('a record sent again with its reopening replaces the open version of itself', () => {
    const again = compromiseRule([records[0]!, { ...records[0]!, reopenedAt: '2026-11-21T09:00:00.000Z' }]);
    expect(again.isBlocked('u_teacher')).toBe(false);
    expect(again.isInvalidAt('u_teacher', '2026-11-20T12:00:00.000Z')).toBe(true);
    expect(again.isInvalidAt('u_teacher', '2026-11-21T12:00:00.000Z')).toBe(false);
  });

  it('an operation the central system revoked is invalid whatever its own fields say', () => {
    const r = compromiseRule([{ ...records[0]!, revoked: [{ kind: 'document', id: 'doc-x', classId: 'c5a' }] }]);
    expect(documentInvalid(r, { id: 'doc-x', registeredBy: 'u_director', registeredAt: '2026-01-01T00:00:00.000Z' })).toBe(true);
    expect(documentInvalid(r, { id: 'doc-y', registeredBy: 'u_director', registeredAt: '2026-01-01T00:00:00.000Z' })).toBe(false);
  });

  it('the report itself stays valid (it is sent and shown), even when the owner reports his own login', () => {
    expect(mutationInvalid(rule, { kind: 'account.compromise', author: 'u_teacher', createdAt: '2026-11-20T10:00:00.000Z' })).toBe(false);
    expect(mutationInvalid(rule, { kind: 'registry.document', author: 'u_teacher', createdAt: '2026-11-20T10:00:00.000Z' })).toBe(true);
    expect(auditEntryInvalid(rule, { action: 'auth.compromised', userId: 'u_teacher', at: '2026-11-20T10:00:00.000Z' })).toBe(false);
    expect(auditEntryInvalid(rule, { action: 'finals.set', userId: 'u_teacher', at: '2026-11-20T10:00:00.000Z' })).toBe(true);
  });
});
