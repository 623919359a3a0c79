/**
 * «Логин стал известен посторонним» through the app's own API: the director records it for any
 * account with the moment he was told (earlier than the click), the account is blocked at once, the
 * operations from that moment on are invalid everywhere, a password change never ends the window,
 * and only the administrator reopens the account with a one-time password.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import type { RegisterInput } from '../../../electron/contract/groups/registry.js';
import { migrate } from '../../../electron/core/store/migrations.js';
import { SCHEMA_VERSION } from '../../../electron/core/store/schema.js';
import { passwordOf } from '../helpers/fixtureSchool.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from '../journal/fixtureJournal.js';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

const consent = (signedOn = '2026-11-18'): RegisterInput => ({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn, body: { kind: 'pd_consent' } });

async function at(t: TestApp, iso: string): Promise<void> {
  t.clock.now = new Date(iso);
}

/** Sessions lock after the idle limit; these scenarios take under an hour. */
async function longIdle(t: TestApp): Promise<TestApp> {
  await t.app.core.store.updateSchool((d) => {
    d.settings.idleLockMinutes = 60;
  });
  return t;
}

async function snapshot(t: TestApp): Promise<string> {
  return JSON.stringify({ school: await t.app.core.store.school(), c5a: await t.app.core.store.classData('c5a') });
}

describe('the director records a compromise for any account, with the moment he was told', () => {
  it('operations from that moment on are invalid, earlier ones stand; the account is blocked at once', async () => {
    const t = await longIdle(await testApp({ now: '2026-11-20T08:00:00.000Z' }));
    const teacher = await t.as('teacher.5a');
    const adversary = await t.as('teacher.5a'); // the one who learned the password, in another session
    const before = (await teacher.registry.register(consent('2026-11-17'))).document;
    await at(t, '2026-11-20T08:20:00.000Z');
    const after = (await adversary.registry.register({ ...consent('2026-11-18'), body: { kind: 'pd_nonconsent' } })).document;

    await at(t, '2026-11-20T08:40:00.000Z');
    const director = await t.as('director');
    const r = await director.users.reportCompromised({ userId: 'u_teacher_5a', from: '2026-11-20T08:10:00.000Z', note: 'Пароль записан на доске в учительской' });
    expect(r.user.blockedSince).toBe('2026-11-20T08:10:00.000Z');
    expect(r.invalidatedOperations).toBeGreaterThanOrEqual(2); // the document and the audit entry of it

    // Both sessions of the account end; the old password no longer opens it, not even to change it.
    expect((await failure(teacher.school.classes({}))).code).toBe('unauthenticated');
    expect((await failure(adversary.school.classes({}))).code).toBe('unauthenticated');
    const blocked = await failure(t.anonymous().auth.login({ login: 'teacher.5a', password: passwordOf('teacher.5a') }));
    const wrong = await failure(t.anonymous().auth.login({ login: 'teacher.5a', password: 'not-the-password-1' }));
    expect(blocked.message).toBe(wrong.message);
    expect(blocked.code).toBe(wrong.code);

    const office = await t.as('office');
    const card = await office.registry.student({ studentId: 's1' });
    const row = (id: string) => card.timeline.find((e) => e.document.id === id)!;
    expect(row(before.id).invalid).toBe(false);
    expect(row(after.id).invalid).toBe(true);
    // The status is derived without the invalid refusal: the earlier consent is in force.
    expect(card.status.consent.state).toBe('given');
    const log = await office.registry.log({ classId: 'c5a' });
    expect(log.rows.find((x) => x.documentId === after.id)).toMatchObject({ state: 'invalid' });
    expect(log.rows.find((x) => x.documentId === before.id)).toMatchObject({ state: 'active' });

    // The adversary's pending change is never pushed; the report is (school-wide mutation).
    const school = await t.app.core.store.school();
    expect(school.mutations.map((m) => m.kind)).toEqual(['account.compromise']);
    expect(school.compromises).toEqual([
      expect.objectContaining({ userId: 'u_teacher_5a', from: '2026-11-20T08:10:00.000Z', recordedAt: '2026-11-20T08:40:00.000Z', recordedBy: 'u_director', note: 'Пароль записан на доске в учительской' }),
    ]);
  });

  it('a final mark entered with the account from the moment on is invalid and the cell falls back to the valid one', async () => {
    const t = await longIdle(await testApp({ now: '2026-11-20T08:00:00.000Z' }));
    await withFixtureJournal(t);
    const teacher = await t.as('teacher.5a');
    const cell = { classId: 'c5a', studentId: 's2', subjectId: 'math', periodKey: 'y2026-q1', knownOn: '2026-10-24' };
    await teacher.finals.set({ ...cell, value: '4' });
    await at(t, '2026-11-20T08:20:00.000Z');
    // The quarter is closed: the change to «2» is the class teacher's request, confirmed by the deputy.
    const request = await teacher.finals.requestChange({ ...cell, value: '2', reason: 'пересдача контрольной работы, приказ № 45' });
    await at(t, '2026-11-20T08:25:00.000Z');
    await (await t.as('zavuch')).finals.decide({ classId: 'c5a', requestId: request.id, decision: 'confirm' });
    await at(t, '2026-11-20T08:30:00.000Z');
    const director = await t.as('director');
    await director.finals.history(cell).then((h) => expect(h.map((e) => e.value)).toEqual(['4', '2']));
    await director.users.reportCompromised({ userId: 'u_teacher_5a', from: '2026-11-20T08:15:00.000Z' });
    const history = await director.finals.history(cell);
    expect(history.map((e) => [e.value, e.invalid ?? false])).toEqual([
      ['4', false],
      ['2', true],
    ]);
    const board = await director.finals.board({ classId: 'c5a', periodKey: 'y2026-q1' });
    const s2 = board.rows.find((r) => r.studentId === 's2')!;
    expect(s2.cells.find((c) => c.subjectId === 'math')!.value).toBe('4');
  });

  it('a password change never ends the window; the administrator reopens the account with a one-time password', async () => {
    const t = await longIdle(await testApp({ now: '2026-11-20T08:00:00.000Z' }));
    const teacher = await t.as('teacher.5a');
    await teacher.auth.reportCompromised({ note: 'Пароль подсмотрели' });
    expect((await failure(teacher.school.classes({}))).code).toBe('unauthenticated');
    expect(await failure(t.anonymous().auth.login({ login: 'teacher.5a', password: passwordOf('teacher.5a') }))).toBeInstanceOf(AppError);

    await at(t, '2026-11-20T08:10:00.000Z');
    const admin = await t.as('admin');
    const oneTime = 'Vremennyi-Kluch-4829';
    const reopened = await admin.users.resetPassword({ id: 'u_teacher_5a', password: oneTime });
    expect(reopened.blockedSince).toBeUndefined();
    expect(reopened.compromises).toEqual([{ from: '2026-11-20T08:00:00.000Z', recordedAt: '2026-11-20T08:00:00.000Z', reopenedAt: '2026-11-20T08:10:00.000Z' }]);
    const owner = t.anonymous();
    await owner.auth.login({ login: 'teacher.5a', password: oneTime });
    expect((await failure(owner.school.classes({}))).code).toBe('password_change_required');
    // Not back to the password the adversary knows.
    expect((await failure(owner.auth.changePassword({ current: oneTime, next: passwordOf('teacher.5a') }))).code).toBe('validation');
    await owner.auth.changePassword({ current: oneTime, next: 'Sovsem-Novyi-Parol-2026' });
    await at(t, '2026-11-20T08:20:00.000Z');
    const doc = (await owner.registry.register(consent())).document;

    const school = await t.app.core.store.school();
    // The window stays on record, closed at the reopening; operations after it are valid again.
    expect(school.compromises).toHaveLength(1);
    expect(school.compromises[0]).toMatchObject({ from: '2026-11-20T08:00:00.000Z', reopenedAt: '2026-11-20T08:10:00.000Z', reopenedBy: 'u_admin' });
    const office = await t.as('office');
    expect((await office.registry.student({ studentId: 's1' })).timeline.find((e) => e.document.id === doc.id)!.invalid).toBe(false);
    // The report and its reopening both go to the central system.
    expect(school.mutations.map((m) => [m.kind, (m.payload as { reopenedAt?: string }).reopenedAt ?? null])).toEqual([
      ['account.compromise', null],
      ['account.compromise', '2026-11-20T08:10:00.000Z'],
    ]);
  });
});

describe('bad reports get a clear Russian message and change nothing', () => {
  it('a moment in the future', async () => {
    const t = await testApp();
    const director = await t.as('director');
    const before = await snapshot(t);
    const e = await failure(director.users.reportCompromised({ userId: 'u_office', from: '2026-11-21T09:00:00.000Z' }));
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/не может быть в будущем/);
    expect(e.problems?.[0]?.path).toBe('from');
    expect(await snapshot(t)).toBe(before);
  });

  it('a moment before the account existed', async () => {
    const t = await testApp();
    const director = await t.as('director');
    const before = await snapshot(t);
    const e = await failure(director.users.reportCompromised({ userId: 'u_office', from: '2020-01-01T00:00:00.000Z' }));
    expect(e.message).toMatch(/раньше создания учётной записи/);
    expect(await snapshot(t)).toBe(before);
  });

  it('an unknown account', async () => {
    const t = await testApp();
    const director = await t.as('director');
    const before = await snapshot(t);
    const e = await failure(director.users.reportCompromised({ userId: 'u_nobody' }));
    expect(e.message).toMatch(/Учётная запись не найдена/);
    expect(await snapshot(t)).toBe(before);
  });

  it('a class teacher for someone else', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const before = await snapshot(t);
    const e = await failure(teacher.users.reportCompromised({ userId: 'u_office' }));
    expect(e.code).toBe('forbidden');
    expect(e.message).toMatch(/недоступна/);
    expect(await snapshot(t)).toBe(before);
  });

  it('a moment that is not a moment', async () => {
    const t = await testApp();
    const director = await t.as('director');
    const e = await failure(director.users.reportCompromised({ userId: 'u_office', from: '20.11.2026' }));
    expect(e.code).toBe('validation');
    expect(e.message).toMatch(/ДД\.ММ\.ГГГГ/);
  });
});

describe('school file v1 → v2', () => {
  it('turns a reported compromise into a record a password change cannot erase, and brings the settings within the regulation', () => {
    const v1 = {
      schemaVersion: 1,
      users: [{ id: 'u1', compromisedAt: '2026-10-01T10:00:00.000Z' }, { id: 'u2' }],
      settings: { idleLockMinutes: 240, finalMarkDeadlineDays: 7 },
    };
    const v2 = migrate('school', structuredClone(v1), SCHEMA_VERSION.school) as unknown as Record<string, unknown> & { users: Array<Record<string, unknown>>; settings: Record<string, number> };
    expect(v2.schemaVersion).toBe(2);
    expect(v2.compromises).toEqual([expect.objectContaining({ userId: 'u1', from: '2026-10-01T10:00:00.000Z' })]);
    expect(v2.mutations).toEqual([]);
    expect(v2.users[0]!.compromisedAt).toBeUndefined();
    expect(v2.settings).toEqual({ idleLockMinutes: 60, finalMarkDeadlineDays: 3 });
  });
});
