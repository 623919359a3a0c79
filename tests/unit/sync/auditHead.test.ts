/**
 * The audit log cannot lose its end unseen (issue 13): its head (count and hash of the last entry)
 * goes to the central system with every sync; a log that comes back shorter — the newest lines
 * removed, or an older backup copied back with its own consistent head — is reported by the central
 * system and shown on the workstation, unless the log records the restore that explains it.
 */
import { describe, expect, it } from 'vitest';
import { judgeHead } from '../../../central/auditHeads.js';
import { DB_KINDS, PG_SKIP_NOTE, skipDb, seedFixtureSchool, workstation, useCentral } from './helpers.js';

const h = (count: number, c = 'a') => ({ count, hash: c.repeat(64) });

describe('the central system judges a reported head against the greatest it has seen', () => {
  it.each([
    ['first report', true, null, { head: { ...h(5), at: '' }, restores: [] }],
    ['the log grew', true, h(5), { head: { ...h(9, 'b'), at: '' }, restores: [] }],
    ['the same head again', true, h(5), { head: { ...h(5), at: '' }, restores: [] }],
    ['shorter: newest entries removed or an old copy put back', false, h(9), { head: { ...h(5), at: '' }, restores: [] }],
    ['another entry at a count already seen', false, h(9), { head: { ...h(9, 'c'), at: '' }, restores: [] }],
    ['shorter, but the log records a restore from exactly that head', true, h(9), { head: { ...h(6, 'd'), at: '' }, restores: [h(9)] }],
    ['shorter, but the log records a restore from a later head', true, h(9), { head: { ...h(6, 'd'), at: '' }, restores: [h(12, 'e')] }],
    ['shorter, and the only restore it records is from an earlier head', false, h(9), { head: { ...h(6, 'd'), at: '' }, restores: [h(8)] }],
  ] as const)('%s → ok: %s', (_name, ok, known, report) => {
    expect(judgeHead(known, { head: report.head, restores: [...report.restores] }).ok).toBe(ok);
  });
});

describe.each(DB_KINDS)('audit head through sync on %s', (kind) => {
  if (skipDb(kind)) {
    it.skip(`${PG_SKIP_NOTE} the audit head tests against it`, () => undefined);
    return;
  }
  const env = useCentral(kind);

  it('an older copy of the log put back with its own head is invisible locally but reported by the central system', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const w = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-audit' });
    const office = await w.t.as('office');
    await office.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-11-19', body: { kind: 'pd_consent' } });
    // The copy an adversary keeps: the files and the head as they are now.
    const oldMonths = new Map([...w.t.sink.months].map(([m, l]) => [m, [...l]]));
    const oldHead = w.t.sink.head ? { ...w.t.sink.head } : null;
    await w.engine.syncNow();
    await office.registry.register({ studentId: 's2', signerKind: 'guardian', signerId: 'g2', signedOn: '2026-11-19', body: { kind: 'pd_consent' } });
    await w.engine.syncNow();
    expect((await (await w.t.as('admin')).sync.status({})).auditProblem).toBeUndefined();

    // While the program is stopped, the older files and their head are copied back.
    w.t.sink.months.clear();
    for (const [m, l] of oldMonths) w.t.sink.months.set(m, l);
    w.t.sink.head = oldHead;
    const local = await w.t.app.core.audit.verify();
    expect(local.ok).toBe(true); // consistent in itself: only the central system can tell

    await w.engine.syncNow();
    const status = await (await w.t.as('admin')).sync.status({});
    expect(status.auditProblem?.message).toMatch(/Журнал действий рабочего места короче/);
    const row = await env.t.db.query<{ problem: string | null }>(`SELECT problem FROM audit_heads WHERE school_id = $1 AND workstation_id = 'ws-audit'`, [schoolId]);
    expect(row.rows[0]?.problem).toMatch(/короче/);
  });

  it('a restore the program records (it names the head it drops) is not reported', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const w = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-audit2' });
    const admin = await w.t.as('admin');
    const backup = await admin.backup.export({ password: 'Rezervnaya-Kopiya-2026' });
    const office = await w.t.as('office');
    await office.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-11-19', body: { kind: 'pd_consent' } });
    await w.engine.syncNow();
    await (await w.t.as('admin')).backup.restore({ base64: backup.base64, password: 'Rezervnaya-Kopiya-2026' });
    await w.engine.syncNow();
    expect((await (await w.t.as('admin')).sync.status({})).auditProblem).toBeUndefined();
  });
});
