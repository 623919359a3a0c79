import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { passwordOf } from '../helpers/fixtureSchool.js';
import { testApp } from '../helpers/testApp.js';

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an error');
}

describe('login and lockout', () => {
  it('logs in with the right password and not with a wrong one', async () => {
    const t = await testApp();
    const c = t.anonymous();
    const wrong = await errorOf(c.auth.login({ login: 'office', password: 'nope' }));
    expect(wrong.code).toBe('unauthenticated');
    expect(wrong.message).toBe('Неверный логин или пароль.');
    const s = await c.auth.login({ login: 'OFFICE', password: passwordOf('office') });
    expect(s.user.role).toBe('office');
    expect((await c.auth.status({})).session?.user.login).toBe('office');
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password', async () => {
    const t = await testApp();
    const c = t.anonymous();
    for (let i = 0; i < 4; i++) expect((await errorOf(c.auth.login({ login: 'office', password: 'x' }))).code).toBe('unauthenticated');
    const fifth = await errorOf(c.auth.login({ login: 'office', password: 'x' }));
    expect(fifth.code).toBe('account_locked');
    expect(fifth.message).toContain('15 мин');
    const locked = await errorOf(c.auth.login({ login: 'office', password: passwordOf('office') }));
    expect(locked.code).toBe('account_locked');
    t.clock.now = new Date(t.clock.now.getTime() + 14 * 60_000);
    expect((await errorOf(c.auth.login({ login: 'office', password: passwordOf('office') }))).code).toBe('account_locked');
    t.clock.now = new Date(t.clock.now.getTime() + 2 * 60_000);
    const s = await c.auth.login({ login: 'office', password: passwordOf('office') });
    expect(s.user.login).toBe('office');
  });

  it('a success resets the failure count', async () => {
    const t = await testApp();
    const c = t.anonymous();
    for (let i = 0; i < 4; i++) await errorOf(c.auth.login({ login: 'office', password: 'x' }));
    await c.auth.login({ login: 'office', password: passwordOf('office') });
    for (let i = 0; i < 4; i++) expect((await errorOf(c.auth.login({ login: 'office', password: 'x' }))).code).toBe('unauthenticated');
  });
});

describe('idle lock', () => {
  it('locks the session after the idle minutes and unlocks with the password', async () => {
    const t = await testApp();
    const c = await t.as('director');
    await c.school.classes({});
    t.clock.now = new Date(t.clock.now.getTime() + 9 * 60_000);
    await c.school.classes({}); // activity keeps it open
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
    const e = await errorOf(c.school.classes({}));
    expect(e.code).toBe('session_locked');
    expect((await c.auth.status({})).session?.locked).toBe(true);
    expect((await errorOf(c.auth.unlock({ password: 'wrong' }))).code).toBe('unauthenticated');
    await c.auth.unlock({ password: passwordOf('director') });
    expect((await c.school.classes({})).length).toBe(2);
  });

  it('follows the configured idle minutes', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    const { settings } = await admin.school.overview({});
    await admin.school.updateSettings({ ...settings, idleLockMinutes: 2 });
    t.clock.now = new Date(t.clock.now.getTime() + 3 * 60_000);
    expect((await errorOf(admin.school.overview({}))).code).toBe('session_locked');
  });
});

describe('compromised login', () => {
  it('ends the sessions, requires a new password and marks operations from the report as invalid', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const other = await t.as('office'); // a second session, e.g. the one of whoever stole the password
    await t.app.core.store.updateClass('c5a', (d) => {
      d.mutations.push({ id: 'ws-test:1', seq: 1, kind: 'test', payload: {}, hlc: 'a', author: 'u_office', createdAt: '2026-11-20T08:00:00.000Z' });
      d.mutations.push({ id: 'ws-test:2', seq: 2, kind: 'test', payload: {}, hlc: 'b', author: 'u_office', createdAt: '2026-11-20T09:30:00.000Z' });
    });
    t.clock.now = new Date('2026-11-20T09:05:00.000Z');
    const r = await office.auth.reportCompromised({});
    expect(r.invalidatedOperations).toBeGreaterThanOrEqual(1);
    const muts = (await t.app.core.store.classData('c5a')).mutations;
    expect(muts.find((m) => m.id === 'ws-test:1')?.invalid).toBeUndefined();
    expect(muts.find((m) => m.id === 'ws-test:2')?.invalid).toBe(true);
    expect((await errorOf(other.school.classes({}))).code).toBe('unauthenticated');
    // Logging in again works, but nothing but a password change.
    await office.auth.login({ login: 'office', password: passwordOf('office') });
    expect((await errorOf(office.school.classes({}))).code).toBe('password_change_required');
    await office.auth.changePassword({ current: passwordOf('office'), next: 'a-new-secret-1' });
    expect((await office.school.classes({})).length).toBe(2);
    // The audit log derives which entries are invalid from the report.
    const admin = await t.as('admin');
    const recent = await admin.audit.recent({ limit: 100 });
    expect(recent.some((e) => e.action === 'auth.compromised')).toBe(true);
  });
});

describe('users', () => {
  it('the administrator creates a user who must set his own password', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    const u = await admin.users.create({
      login: 'teacher.new',
      name: { lastName: 'Новикова', firstName: 'Дарья', middleName: 'Олеговна' },
      role: 'teacher',
      classIds: ['c5a'],
      password: 'temporary-1',
    });
    expect(u.mustChangePassword).toBe(true);
    const dup = await errorOf(admin.users.create({ login: 'teacher.new', name: u.name, role: 'office', classIds: [], password: 'temporary-1' }));
    expect(dup.code).toBe('conflict');
    const c = t.anonymous();
    await c.auth.login({ login: 'teacher.new', password: 'temporary-1' });
    expect((await errorOf(c.school.classes({}))).code).toBe('password_change_required');
  });
});
