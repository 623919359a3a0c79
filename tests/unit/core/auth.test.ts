import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { LOGIN_REFUSED } from '../../../electron/core/services/auth.js';
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
    expect(wrong.message).toBe(LOGIN_REFUSED);
    const s = await c.auth.login({ login: 'OFFICE', password: passwordOf('office') });
    expect(s.user.role).toBe('office');
    expect((await c.auth.status({})).session?.user.login).toBe('office');
  });

  it('locks the account for 15 minutes after 5 failures, even for the right password, with the one answer of wrong passwords', async () => {
    const t = await testApp();
    const c = t.anonymous();
    for (let i = 0; i < 4; i++) expect((await errorOf(c.auth.login({ login: 'office', password: 'x' }))).code).toBe('unauthenticated');
    const fifth = await errorOf(c.auth.login({ login: 'office', password: 'x' }));
    expect([fifth.code, fifth.message]).toEqual(['unauthenticated', LOGIN_REFUSED]);
    expect((await t.app.core.user('u_office'))?.lockedUntil).toBe(new Date(t.clock.now.getTime() + 15 * 60_000).toISOString());
    // The lock says nothing an outsider could tell from a wrong password.
    const locked = await errorOf(c.auth.login({ login: 'office', password: passwordOf('office') }));
    expect([locked.code, locked.message]).toEqual(['unauthenticated', LOGIN_REFUSED]);
    t.clock.now = new Date(t.clock.now.getTime() + 14 * 60_000);
    expect((await errorOf(c.auth.login({ login: 'office', password: passwordOf('office') }))).message).toBe(LOGIN_REFUSED);
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

// The compromised login: tests/unit/auth/compromise.test.ts (blocked at once, windows never erased).

describe('users', () => {
  it('the administrator creates a user who must set his own password', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    const u = await admin.users.create({
      login: 'teacher.new',
      name: { lastName: 'Новикова', firstName: 'Дарья', middleName: 'Олеговна' },
      role: 'teacher',
      classIds: ['c5a'],
      password: 'Sinii-kluch-ot-seifa',
    });
    expect(u.mustChangePassword).toBe(true);
    const dup = await errorOf(admin.users.create({ login: 'teacher.new', name: u.name, role: 'office', classIds: [], password: 'Sinii-kluch-ot-seifa' }));
    expect(dup.code).toBe('conflict');
    const c = t.anonymous();
    await c.auth.login({ login: 'teacher.new', password: 'Sinii-kluch-ot-seifa' });
    expect((await errorOf(c.school.classes({}))).code).toBe('password_change_required');
  });
});
