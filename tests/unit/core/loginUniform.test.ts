/**
 * Issue 13: the login tells an outsider nothing. A wrong login, a wrong password and an account
 * closed to logins (disabled, locked out after failures, compromised — even with the right password)
 * give the same answer after the same work: one scrypt verification, one school write, one audit
 * entry. The time itself is measured with the real password cost by scripts/login-timing.ts (a
 * timing assertion here would be flaky on a busy machine). Guessing across logins is slowed down
 * for every login alike.
 */
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import * as password from '../../../electron/core/auth/password.js';
import { LOGIN_REFUSED } from '../../../electron/core/services/auth.js';
import { passwordOf } from '../helpers/fixtureSchool.js';
import { testApp, type TestApp } from '../helpers/testApp.js';

vi.mock('../../../electron/core/auth/password.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../electron/core/auth/password.js')>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});
const verifyPassword = vi.mocked(password.verifyPassword);

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

/** The fixture school with one account closed in each way. */
async function schoolWithClosedAccounts(): Promise<TestApp> {
  const t = await testApp();
  const director = await t.as('director');
  await director.users.reportCompromised({ userId: 'u_teacher_5a' });
  await t.app.core.store.updateSchool((d) => {
    d.users.find((u) => u.login === 'teacher.9b')!.disabled = true;
    const zavuch = d.users.find((u) => u.login === 'zavuch')!;
    zavuch.failedAttempts = 5;
    zavuch.lockedUntil = new Date(t.clock.now.getTime() + 15 * 60_000).toISOString();
  });
  return t;
}

const CASES: Array<[kind: string, login: string, password: string]> = [
  ['a login that does not exist', 'no.such.user', 'some-password-1'],
  ['a wrong password', 'office', 'not-the-password'],
  ['a disabled account, right password', 'teacher.9b', passwordOf('teacher.9b')],
  ['a locked-out account, right password', 'zavuch', passwordOf('zavuch')],
  ['a compromised account, right (old) password', 'teacher.5a', passwordOf('teacher.5a')],
];

describe('one answer after the same work for every refused login', () => {
  it.each(CASES)('%s: the one answer, one scrypt verification, one school write, one audit entry', async (_kind, login, pw) => {
    const t = await schoolWithClosedAccounts();
    const writes = vi.spyOn(t.app.core.store, 'updateSchool');
    const audits = vi.spyOn(t.app.core.audit, 'append');
    verifyPassword.mockClear();
    const e = await failure(t.anonymous().auth.login({ login, password: pw }));
    expect([e.code, e.message]).toEqual(['unauthenticated', LOGIN_REFUSED]);
    expect(verifyPassword).toHaveBeenCalledTimes(1);
    expect(writes).toHaveBeenCalledTimes(1);
    expect(audits).toHaveBeenCalledTimes(1);
    expect(audits.mock.calls[0]![0].action).toBe('auth.loginFailed');
  });

  it('an unknown login is checked against a hash of the same cost as the users’ ones', async () => {
    const t = await testApp();
    verifyPassword.mockClear();
    await failure(t.anonymous().auth.login({ login: 'no.such.user', password: 'x' }));
    const [, hash] = verifyPassword.mock.calls[0]!;
    const office = (await t.app.core.user('u_office'))!;
    expect(hash.split('$').slice(0, 4)).toEqual(office.passwordHash.split('$').slice(0, 4));
    expect(hash).not.toBe(office.passwordHash);
  });

  it('only a wrong password on an open account counts toward its lockout', async () => {
    const t = await schoolWithClosedAccounts();
    const before = (await t.app.core.store.school()).users.map((u) => [u.login, u.failedAttempts, u.lockedUntil]);
    for (const [, login, pw] of CASES) await failure(t.anonymous().auth.login({ login, password: pw }));
    const after = (await t.app.core.store.school()).users.map((u) => [u.login, u.failedAttempts, u.lockedUntil]);
    expect(after).toEqual(before.map((row) => (row[0] === 'office' ? ['office', 1, undefined] : row)));
  });

  it('the right password still opens an open account', async () => {
    const t = await schoolWithClosedAccounts();
    expect((await t.anonymous().auth.login({ login: 'office', password: passwordOf('office') })).user.login).toBe('office');
  });
});

describe('guessing across logins', () => {
  const CLOSED = 'Слишком много неудачных попыток входа. Подождите 10 мин.';

  it('more than 20 failures in 10 minutes, whatever the logins, close every login for 10 minutes with one message', async () => {
    const t = await testApp();
    const c = t.anonymous();
    // One common password tried on many logins: no account gets 5 failures.
    const logins = ['office', 'director', 'zavuch', 'teacher.5a', 'ivanov', 'petrova', 'admin'];
    for (let i = 0; i < 21; i++) {
      expect((await failure(c.auth.login({ login: logins[i % logins.length]!, password: 'qwerty123456' }))).message).toBe(LOGIN_REFUSED);
      t.clock.now = new Date(t.clock.now.getTime() + 20_000);
    }
    for (const [login, pw] of [
      ['office', passwordOf('office')],
      ['no.such.user', 'whatever-1'],
    ] as const) {
      const e = await failure(c.auth.login({ login, password: pw }));
      expect([e.code, e.message]).toEqual(['account_locked', CLOSED]);
    }
    t.clock.now = new Date(t.clock.now.getTime() + 10 * 60_000);
    expect((await c.auth.login({ login: 'office', password: passwordOf('office') })).user.login).toBe('office');
  });

  it('a refused attempt costs no password check', async () => {
    const t = await testApp();
    const c = t.anonymous();
    for (let i = 0; i < 21; i++) await failure(c.auth.login({ login: `guess${i}`, password: 'x' }));
    verifyPassword.mockClear();
    expect((await failure(c.auth.login({ login: 'office', password: passwordOf('office') }))).code).toBe('account_locked');
    expect(verifyPassword).not.toHaveBeenCalled();
  });

  it('failed unlocks of an idle-locked session count too', async () => {
    const t = await testApp();
    const director = await t.as('director');
    t.clock.now = new Date(t.clock.now.getTime() + 11 * 60_000); // idle lock (10 minutes)
    expect((await failure(director.school.classes({}))).code).toBe('session_locked');
    for (let i = 0; i < 4; i++) expect((await failure(director.auth.unlock({ password: `guess-${i}` }))).message).toBe('Неверный пароль.');
    const c = t.anonymous();
    for (let i = 0; i < 17; i++) await failure(c.auth.login({ login: `guess${i}`, password: 'x' }));
    expect((await failure(director.auth.unlock({ password: passwordOf('director') }))).message).toBe(CLOSED);
  });

  it('five failed unlocks end the session and lock the account', async () => {
    const t = await testApp();
    const director = await t.as('director');
    t.clock.now = new Date(t.clock.now.getTime() + 11 * 60_000);
    for (let i = 0; i < 4; i++) await failure(director.auth.unlock({ password: `guess-${i}` }));
    const fifth = await failure(director.auth.unlock({ password: 'guess-5' }));
    expect(fifth.code).toBe('unauthenticated');
    expect((await director.auth.status({})).session).toBeNull();
    expect((await failure(t.anonymous().auth.login({ login: 'director', password: passwordOf('director') }))).message).toBe(LOGIN_REFUSED);
  });
});

describe('the password rules apply whenever a person sets a password', () => {
  const problemOf = async (p: Promise<unknown>) => {
    const e = await failure(p);
    return [e.code, ...(e.problems ?? []).map((x) => `${x.path}: ${x.message}`)];
  };

  it('setup: the first administrator', async () => {
    const t = await testApp({ empty: true });
    const c = t.anonymous();
    const admin = { login: 'director.school', name: { lastName: 'Кузнецова', firstName: 'Марина' } };
    expect(await problemOf(c.auth.setup({ mode: 'empty', schoolName: 'Школа № 1', admin: { ...admin, password: '12345678' } }))).toEqual([
      'validation',
      'admin.password: Пароль — не короче 10 символов',
    ]);
    expect(await problemOf(c.auth.setup({ mode: 'empty', schoolName: 'Школа № 1', admin: { ...admin, password: 'kuznetsova-1975' } }))).toEqual([
      'validation',
      'admin.password: Пароль не должен содержать фамилию, имя или отчество',
    ]);
    expect(await t.app.core.store.hasSchool()).toBe(false);
    await c.auth.setup({ mode: 'empty', schoolName: 'Школа № 1', admin: { ...admin, password: 'Сова-на-глобусе-42' } });
    expect(await t.app.core.store.hasSchool()).toBe(true);
  });

  it('users.create: the administrator’s temporary password', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    const input = { login: 'novikova.d', name: { lastName: 'Новикова', firstName: 'Дарья' }, role: 'office' as const, classIds: [] };
    expect(await problemOf(admin.users.create({ ...input, password: 'novikova.d!' }))).toEqual([
      'validation',
      'password: Пароль не должен совпадать с логином или содержать его',
    ]);
    expect(await problemOf(admin.users.create({ ...input, password: 'Qwerty2024!' }))).toEqual([
      'validation',
      'password: Это один из часто используемых паролей, их подбирают первыми. Придумайте другой: например, три-четыре не связанных слова',
    ]);
    expect((await t.app.core.store.school()).users.some((u) => u.login === 'novikova.d')).toBe(false);
    expect((await admin.users.create({ ...input, password: 'Пятница-тринадцатое-7' })).login).toBe('novikova.d');
  });

  it('changePassword: not a common one, not the current one, nor the previous one after a change', async () => {
    const t = await testApp();
    const office = await t.as('office');
    expect(await problemOf(office.auth.changePassword({ current: passwordOf('office'), next: 'parol-12345' }))).toEqual([
      'validation',
      'next: Это один из часто используемых паролей, их подбирают первыми. Придумайте другой: например, три-четыре не связанных слова',
    ]);
    const first = 'Гусь-в-яблоках-2026';
    const second = 'Кит-под-зонтиком-9';
    await office.auth.changePassword({ current: passwordOf('office'), next: first });
    const reused = ['validation', 'next: Пароль совпадает с текущим или прежним. Придумайте новый'];
    expect(await problemOf(office.auth.changePassword({ current: first, next: first }))).toEqual(reused);
    await office.auth.changePassword({ current: first, next: second });
    // Back to the previous one: refused; the password is still the second.
    expect(await problemOf(office.auth.changePassword({ current: second, next: first }))).toEqual(reused);
    expect((await t.anonymous().auth.login({ login: 'office', password: second })).user.login).toBe('office');
  });

  it('after the administrator’s reset, the user cannot go back to the password he had before it', async () => {
    const t = await testApp();
    const own = 'Гусь-в-яблоках-2026';
    await (await t.as('office')).auth.changePassword({ current: passwordOf('office'), next: own });
    const admin = await t.as('admin');
    expect(await problemOf(admin.users.resetPassword({ id: 'u_office', password: '1234567890' }))).toEqual([
      'validation',
      'password: Это один из часто используемых паролей, их подбирают первыми. Придумайте другой: например, три-четыре не связанных слова',
    ]);
    // Refused: nothing changed, his password still opens the account.
    await t.anonymous().auth.login({ login: 'office', password: own });
    const reusedByAdmin = ['validation', 'password: Пароль совпадает с текущим или прежним. Придумайте новый'];
    expect(await problemOf(admin.users.resetPassword({ id: 'u_office', password: own }))).toEqual(reusedByAdmin);
    // Two resets in a row (the first temporary password never used): his own password is still remembered.
    await admin.users.resetPassword({ id: 'u_office', password: 'Временный-ключ-4829' });
    await admin.users.resetPassword({ id: 'u_office', password: 'Второй-временный-ключ-17' });
    const office = t.anonymous();
    await office.auth.login({ login: 'office', password: 'Второй-временный-ключ-17' });
    const reused = ['validation', 'next: Пароль совпадает с текущим или прежним. Придумайте новый'];
    expect(await problemOf(office.auth.changePassword({ current: 'Второй-временный-ключ-17', next: 'Второй-временный-ключ-17' }))).toEqual(reused);
    expect(await problemOf(office.auth.changePassword({ current: 'Второй-временный-ключ-17', next: own }))).toEqual(reused);
    await office.auth.changePassword({ current: 'Второй-временный-ключ-17', next: 'Кит-под-зонтиком-9' });
    // The password replaced by that change was the temporary one: his own before the reset stays the previous one.
    expect(await problemOf(office.auth.changePassword({ current: 'Кит-под-зонтиком-9', next: own }))).toEqual(reused);
  });
});
