/**
 * A compromise recorded on one workstation reaches the central system and every other workstation:
 * the central system revokes what it had accepted from the account since the moment, rejects what
 * arrives later, and every workstation shows those operations invalid and derives statuses without
 * them (docs/sync-protocol.md, «Компрометация учётной записи»). PGlite always, PostgreSQL when set.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { passwordOf } from '../helpers/fixtureSchool.js';
import { DB_KINDS, PG_SKIP_NOTE, skipDb, registerConsent, seedFixtureSchool, workstation, useCentral } from './helpers.js';

describe.each(DB_KINDS)('compromise through sync on %s', (kind) => {
  if (skipDb(kind)) {
    it.skip(`${PG_SKIP_NOTE} the compromise tests against it`, () => undefined);
    return;
  }
  const env = useCentral(kind);

  it('revokes the accepted operations from the moment on, rejects later ones, and every workstation shows them invalid', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-a', now: '2026-11-20T08:00:00.000Z' });
    const b = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-b', now: '2026-11-20T08:00:00.000Z' });
    await a.engine.syncNow();
    await b.engine.syncNow();

    // Before the moment: the owner's consent (valid). After it: the adversary's refusal, pushed and accepted.
    const own = await registerConsent(b, { signedOn: '2026-11-17' });
    b.t.clock.now = new Date('2026-11-20T09:30:00.000Z');
    const forged = await registerConsent(b, { signedOn: '2026-11-18', kind: 'pd_nonconsent' });
    expect((await b.engine.syncNow()).accepted).toBe(2);
    // One more made with the account, not yet sent when the report is made.
    b.t.clock.now = new Date('2026-11-20T09:40:00.000Z');
    const late = await registerConsent(b, { signedOn: '2026-11-19', kind: 'pd_nonconsent' });

    // The director, on the other workstation, records that he was told at 09:00.
    a.t.clock.now = new Date('2026-11-20T10:00:00.000Z');
    const director = await a.t.as('director');
    await director.users.reportCompromised({ userId: 'u_teacher_5a', from: '2026-11-20T09:00:00.000Z', note: 'Сообщил сам учитель' });
    const ra = await a.engine.syncNow();
    expect(ra.accepted).toBe(1);

    // The central system recorded the revocation of what it had accepted.
    const stored = await env.t.db.query<{ line: string }>(`SELECT line FROM entities WHERE school_id = $1 AND kind = 'compromise'`, [schoolId]);
    expect(stored.rows).toHaveLength(1);
    const rec = (JSON.parse(stored.rows[0]!.line) as unknown[])[4] as { userId: string; from: string; revoked: Array<{ kind: string; id: string; classId: string }> };
    expect(rec).toMatchObject({ userId: 'u_teacher_5a', from: '2026-11-20T09:00:00.000Z' });
    expect(rec.revoked).toEqual([{ kind: 'document', id: forged.id, classId: 'c5a' }]);

    // The other workstation: the late change is refused by the central system, never applied there.
    b.t.clock.now = new Date('2026-11-20T10:05:00.000Z');
    const rb = await b.engine.syncNow();
    expect(rb.repaired).toEqual([]);
    const answers = await env.t.db.query<{ status: string; reason: string | null }>(`SELECT status, reason FROM mutations WHERE school_id = $1 AND workstation_id = 'ws-b' ORDER BY seq`, [schoolId]);
    // B pushes before it pulls: it had not heard of the report, sent the change, and the central system refused it.
    expect(answers.rows.map((r) => r.status)).toEqual(['accepted', 'accepted', 'rejected']);
    expect(answers.rows[2]!.reason).toMatch(/логин которой стал известен посторонним/);
    const docs = await env.t.db.query<{ id: string }>(`SELECT id FROM entities WHERE school_id = $1 AND kind = 'document' AND id = $2`, [schoolId, late.id]);
    expect(docs.rows).toHaveLength(0);

    // Both workstations: the forged refusal invalid, the consent in force; the account blocked on both.
    await a.engine.syncNow();
    for (const w of [a, b]) {
      const office = await w.t.as('office');
      const card = await office.registry.student({ studentId: 's1' });
      const row = (id: string) => card.timeline.find((e) => e.document.id === id);
      expect(row(own.id)?.invalid).toBe(false);
      expect(row(forged.id)?.invalid).toBe(true);
      expect(card.status.consent.state).toBe('given');
      const login = w.t.anonymous().auth.login({ login: 'teacher.5a', password: passwordOf('teacher.5a') });
      await expect(login).rejects.toBeInstanceOf(AppError);
    }
    expect((await b.t.app.core.store.school()).compromises).toEqual([expect.objectContaining({ userId: 'u_teacher_5a', revoked: [{ kind: 'document', id: forged.id, classId: 'c5a' }] })]);

    // B's refused change stays there, marked, and is never sent again.
    const bMut = (await b.t.app.core.store.classData('c5a')).mutations.find((m) => (m.payload as { id?: string }).id === late.id);
    expect(bMut?.rejected?.reason).toMatch(/недействительно/);
  });

  it('the reopening reaches the central system: the window closes, later operations are accepted', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-c', now: '2026-11-20T08:00:00.000Z' });
    await a.engine.syncNow();
    const director = await a.t.as('director');
    await director.users.reportCompromised({ userId: 'u_office', from: '2026-11-20T07:30:00.000Z' });
    a.t.clock.now = new Date('2026-11-20T08:10:00.000Z');
    const admin = await a.t.as('admin');
    await admin.users.resetPassword({ id: 'u_office', password: 'Odnorazovyi-Parol-77' });
    const r = await a.engine.syncNow();
    expect(r.accepted).toBe(2);
    const stored = await env.t.db.query<{ line: string }>(`SELECT line FROM entities WHERE school_id = $1 AND kind = 'compromise'`, [schoolId]);
    const rec = (JSON.parse(stored.rows[0]!.line) as unknown[])[4] as { reopenedAt?: string };
    expect(rec.reopenedAt).toBe('2026-11-20T08:10:00.000Z');
    a.t.clock.now = new Date('2026-11-20T08:20:00.000Z');
    await registerConsent(a, { author: 'u_office', signedOn: '2026-11-19' });
    expect((await a.engine.syncNow()).accepted).toBe(1);
  });

  it('a compromise report that is not one is rejected with a Russian reason, and the rest of the push applies', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const w = await workstation(env.t.db, schoolId, env.central.url, { id: 'ws-d', now: '2026-11-20T08:00:00.000Z' });
    const token = (await w.t.app.core.store.school()).sync!.token;
    const body = {
      v: 1,
      schoolId,
      workstationId: 'ws-d',
      mutations: [
        { id: 'ws-d:100', seq: 100, kind: 'account.compromise', payload: { id: 'cmp-x', userId: 'u_office', from: 'вчера', recordedAt: '2026-11-20T08:00:00.000Z', recordedBy: 'u_director' }, hlc: 'h', author: 'u_director', createdAt: '2026-11-20T08:00:00.000Z' },
        { id: 'ws-d:101', seq: 101, kind: 'account.compromise', payload: { id: 'cmp-y', userId: 'u_office', from: '2026-11-20T07:00:00.000Z', recordedAt: '2026-11-20T08:00:00.000Z', recordedBy: 'u_director', extra: 1 }, hlc: 'h', author: 'u_director', createdAt: '2026-11-20T08:00:00.000Z' },
        { id: 'ws-d:102', seq: 102, kind: 'account.compromise', classId: 'c5a', payload: { id: 'cmp-z', userId: 'u_office', from: '2026-11-20T07:00:00.000Z', recordedAt: '2026-11-20T08:00:00.000Z', recordedBy: 'u_director' }, hlc: 'h', author: 'u_director', createdAt: '2026-11-20T08:00:00.000Z' },
        { id: 'ws-d:103', seq: 103, kind: 'account.compromise', payload: { id: 'cmp-ok', userId: 'u_office', from: '2026-11-20T07:00:00.000Z', recordedAt: '2026-11-20T08:00:00.000Z', recordedBy: 'u_director' }, hlc: 'h', author: 'u_director', createdAt: '2026-11-20T08:00:00.000Z' },
      ],
    };
    const res = await fetch(`${env.central.url}/v1/push`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { results: Array<{ status: string; reason?: string }> };
    expect(out.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'accepted']);
    for (const r of out.results.slice(0, 3)) expect(r.reason).toMatch(/[А-Яа-я]/);
  });
});
