import { describe, expect, it } from 'vitest';
import { compromiseRule, invalidDocumentIdsIn, markedInvalidIds, NO_COMPROMISE } from '../../../electron/contract/auth/compromise.js';

const doc = (id: string, registeredBy: string, registeredAt: string) => ({ id, registeredBy, registeredAt });
const rule = compromiseRule([{ id: 'c1', userId: 'u_bad', from: '2026-10-01T10:00:00.000Z' }]);

describe('documents not in force (the one compromise rule and the marks of older programs)', () => {
  it.each([
    ['registered by a compromised login after the moment', rule, [doc('d1', 'u_bad', '2026-10-02T09:00:00.000Z')], [], ['d1']],
    ['registered by the same login before the moment', rule, [doc('d1', 'u_bad', '2026-09-30T09:00:00.000Z')], [], []],
    ['registered by another login', rule, [doc('d1', 'u_ok', '2026-10-02T09:00:00.000Z')], [], []],
    ['marked invalid by an older program, no compromise recorded', NO_COMPROMISE, [doc('d2', 'u_ok', '2026-10-02T09:00:00.000Z')], [{ invalid: true, payload: { id: 'd2' } }], ['d2']],
    ['a mutation not marked invalid changes nothing', NO_COMPROMISE, [doc('d2', 'u_ok', '2026-10-02T09:00:00.000Z')], [{ payload: { id: 'd2' } }], []],
    ['both shapes together', rule, [doc('d1', 'u_bad', '2026-10-02T09:00:00.000Z'), doc('d2', 'u_ok', '2026-10-02T09:00:00.000Z')], [{ invalid: true, payload: { id: 'd2' } }], ['d1', 'd2']],
  ] as const)('%s', (_name, r, documents, mutations, expected) => {
    expect([...invalidDocumentIdsIn(r, { documents, mutations })].sort()).toEqual([...expected]);
  });

  it('reads only string ids from the payloads of marked mutations', () => {
    expect([...markedInvalidIds([{ invalid: true, payload: null }, { invalid: true, payload: { id: 7 } }, { invalid: true, payload: { id: 'x' } }, { invalid: false, payload: { id: 'y' } }])]).toEqual(['x']);
  });
});
