/**
 * A compromise that reaches a workstation without being recorded there (pulled from the central
 * system, or in a restored backup) ends the account's open sessions on that workstation too: the
 * next call of such a session finds no session, whatever the method. Found by the adversary's
 * end-to-end test (tests/e2e/compromise.spec.ts): the adversary's session on the second workstation
 * kept working after it had pulled the director's report.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { testApp } from '../helpers/testApp.js';

describe('sessions of an account whose compromise arrived in the school file', () => {
  it('end at the next call; other accounts and a reopened account keep theirs', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const office = await t.as('office');
    expect((await teacher.auth.status({})).session?.user.login).toBe('teacher.5a');

    // What a pull does: the record lands in school.json; no code of this workstation ended anything.
    const userId = (await t.app.core.store.school()).users.find((u) => u.login === 'teacher.5a')!.id;
    await t.app.core.store.updateSchool((d) => {
      d.compromises.push({ id: 'cmp-ws-other-7', userId, from: '2026-11-20T08:30:00.000Z', recordedAt: '2026-11-20T08:55:00.000Z', recordedBy: 'u_director' });
    });

    const refused = await teacher.registry.student({ studentId: 's1' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('unauthenticated');
    // The session is gone, not only refused once: the public status shows no one logged in.
    expect((await teacher.auth.status({})).session).toBeNull();
    expect(await office.registry.student({ studentId: 's1' })).toBeTruthy();

    // A session of a blocked account is ended even when its first call is a public one.
    const t2 = await testApp();
    const teacher2 = await t2.as('teacher.5a');
    await t2.app.core.store.updateSchool((d) => {
      d.compromises.push({ id: 'cmp-ws-other-8', userId, from: '2026-11-20T08:30:00.000Z', recordedAt: '2026-11-20T08:55:00.000Z', recordedBy: 'u_director' });
    });
    expect((await teacher2.auth.status({})).session).toBeNull();

    // Reopened (window closed): a new login works and its session stays.
    await t2.app.core.store.updateSchool((d) => {
      d.compromises[0]!.reopenedAt = '2026-11-20T08:58:00.000Z';
    });
    expect((await t2.as('teacher.5a').then((c) => c.auth.status({}))).session?.user.login).toBe('teacher.5a');
  });
});
