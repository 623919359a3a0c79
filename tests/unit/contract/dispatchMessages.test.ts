import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/testApp.js';

/** What a user reads when the contract refuses an input: the app's Russian, with the field's name. */
describe('validation errors through the app speak the app’s Russian', () => {
  const cell = { classId: 'c5a', studentId: 's1', subjectId: 'math', periodKey: 'y2026-q1' };

  it('a too long reason names the field and the limit', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const e = await office.finals.set({ ...cell, value: null, deferral: { reason: 'я'.repeat(301), dueOn: '2026-11-01' }, knownOn: '2026-10-24' }).catch((x: unknown) => x);
    expect(e).toMatchObject({
      code: 'validation',
      message: 'Проверьте данные: Поле «Причина отсрочки» слишком длинное: не больше 300 знаков',
      problems: [{ path: 'deferral.reason', message: 'Поле «Причина отсрочки» слишком длинное: не больше 300 знаков' }],
    });
  });

  it('a missing field is asked for by its name', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const e = await office.finals.set({ ...cell, value: '5' } as never).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'validation', message: 'Проверьте данные: Заполните поле «Дата получения результата»' });
  });
});
