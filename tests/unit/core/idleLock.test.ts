import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { isIdlePast } from '../../../electron/core/auth/sessions.js';
import { passwordOf } from '../helpers/fixtureSchool.js';
import { testApp, type TestApp } from '../helpers/testApp.js';

async function errorOf(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** A school with a 1-minute idle limit and a director logged in at 09:00:00. */
async function oneMinuteSchool(): Promise<{ t: TestApp; director: Awaited<ReturnType<TestApp['as']>>; start: number }> {
  const t = await testApp();
  const admin = await t.as('admin');
  const { settings } = await admin.school.overview({});
  await admin.school.updateSettings({ ...settings, idleLockMinutes: 1 });
  const director = await t.as('director');
  return { t, director, start: t.clock.now.getTime() };
}

const at = (t: TestApp, start: number, seconds: number) => {
  t.clock.now = new Date(start + seconds * 1000);
};

describe('idle rule', () => {
  it.each([
    { idle: 0, minutes: 1, locked: false },
    { idle: 59_999, minutes: 1, locked: false },
    { idle: 60_000, minutes: 1, locked: true },
    { idle: 61_000, minutes: 1, locked: true },
    { idle: 599_999, minutes: 10, locked: false },
    { idle: 600_000, minutes: 10, locked: true },
    { idle: 3_599_999, minutes: 60, locked: false },
    { idle: 3_600_000, minutes: 60, locked: true },
  ])('$idle ms without input, limit $minutes min → locked: $locked', ({ idle, minutes, locked }) => {
    expect(isIdlePast(1_000_000, 1_000_000 + idle, minutes)).toBe(locked);
  });
});

describe('idle lock: only the user’s own input keeps the session open', () => {
  it('polling (status bar, sync status, app status, lists) does not extend the session: it locks at the limit', async () => {
    const { t, director, start } = await oneMinuteSchool();
    // What an unattended screen sends: the status bar every 15 s, the lock check every 5 s, a list reload.
    for (let s = 5; s < 60; s += 5) {
      at(t, start, s);
      expect((await director.auth.status({})).session?.locked).toBe(false);
      if (s % 15 === 0) {
        await director.sync.status({});
        await director.school.classes({});
        await director.finals.attention({});
      }
    }
    at(t, start, 60);
    expect((await errorOf(director.sync.status({}))).code).toBe('session_locked');
    expect((await director.auth.status({})).session?.locked).toBe(true);
  });

  it('auth.touch (keys, clicks) extends the session; the limit counts from the last one', async () => {
    const { t, director, start } = await oneMinuteSchool();
    at(t, start, 50);
    expect(await director.auth.touch({})).toEqual({ locked: false });
    at(t, start, 100);
    expect((await director.school.classes({})).length).toBeGreaterThan(0);
    at(t, start, 109);
    expect((await director.auth.status({})).session?.locked).toBe(false);
    at(t, start, 110);
    expect((await errorOf(director.school.classes({}))).code).toBe('session_locked');
  });

  it('a locked session refuses every non-public call, and no call (touch included) resets its timer', async () => {
    const { t, director, start } = await oneMinuteSchool();
    at(t, start, 60);
    // The limit is reached exactly when the touch arrives: too late, the session is already locked.
    expect(await director.auth.touch({})).toEqual({ locked: true });
    for (const call of [
      () => director.school.classes({}),
      () => director.school.overview({}),
      () => director.sync.status({}),
      () => director.finals.attention({}),
      () => director.audit.verify({}),
    ]) {
      expect((await errorOf(call())).code).toBe('session_locked');
    }
    // Input and calls while locked do not open it again, however many.
    for (let s = 61; s < 70; s++) {
      at(t, start, s);
      expect(await director.auth.touch({})).toEqual({ locked: true });
      await errorOf(director.sync.status({}));
    }
    expect((await errorOf(director.school.classes({}))).code).toBe('session_locked');
    expect((await director.auth.status({})).session?.locked).toBe(true);
    // A wrong password keeps it locked; the right one opens it and the limit counts from then.
    expect((await errorOf(director.auth.unlock({ password: 'wrong' }))).code).toBe('unauthenticated');
    expect((await errorOf(director.school.classes({}))).code).toBe('session_locked');
    at(t, start, 70);
    expect((await director.auth.unlock({ password: passwordOf('director') })).locked).toBe(false);
    at(t, start, 129);
    expect((await director.school.classes({})).length).toBeGreaterThan(0);
    at(t, start, 130);
    expect((await errorOf(director.school.classes({}))).code).toBe('session_locked');
  });

  it('one session locking leaves the others of the workstation as they are', async () => {
    const { t, director, start } = await oneMinuteSchool();
    const office = await t.as('office');
    at(t, start, 40);
    await office.auth.touch({});
    at(t, start, 60);
    expect((await errorOf(director.school.classes({}))).code).toBe('session_locked');
    expect((await office.school.classes({})).length).toBeGreaterThan(0);
  });
});
