import { describe, expect, it } from 'vitest';
import '../../../electron/contract/index.js';
import { clampSettingsToRegulations, DEFAULT_SETTINGS, Settings } from '../../../electron/contract/entities/settings.js';
import { AppError } from '../../../electron/contract/errors.js';
import { testApp } from '../helpers/testApp.js';

const DEADLINE_MESSAGE = 'Срок — 1 или 3 дня (положение о ЭЖД)';
const IDLE_MESSAGE = 'Блокировка после простоя — от 1 до 60 минут, целым числом';

function problemOf(patch: Partial<Record<keyof Settings, unknown>>): string | undefined {
  const r = Settings.safeParse({ ...DEFAULT_SETTINGS, ...patch });
  return r.success ? undefined : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

describe('settings within the regulations', () => {
  it.each([
    { days: 1, ok: true },
    { days: 3, ok: true },
    { days: 0, ok: false },
    { days: 2, ok: false },
    { days: 4, ok: false },
    { days: 10, ok: false },
    { days: '3', ok: false },
    { days: 1.5, ok: false },
  ])('the deadline of final results: $days day(s) → ok: $ok', ({ days, ok }) => {
    expect(problemOf({ finalMarkDeadlineDays: days })).toBe(ok ? undefined : `finalMarkDeadlineDays: ${DEADLINE_MESSAGE}`);
  });

  it.each([
    { minutes: 1, ok: true },
    { minutes: 10, ok: true },
    { minutes: 60, ok: true },
    { minutes: 0, ok: false },
    { minutes: -5, ok: false },
    { minutes: 61, ok: false },
    { minutes: 240, ok: false },
    { minutes: 1.5, ok: false },
    { minutes: Number.NaN, ok: false },
    { minutes: '10', ok: false },
  ])('the idle limit: $minutes min → ok: $ok', ({ minutes, ok }) => {
    expect(problemOf({ idleLockMinutes: minutes })).toBe(ok ? undefined : `idleLockMinutes: ${IDLE_MESSAGE}`);
  });

  it.each([
    { before: { finalMarkDeadlineDays: 1, idleLockMinutes: 10 }, after: { finalMarkDeadlineDays: 1, idleLockMinutes: 10 } },
    { before: { finalMarkDeadlineDays: 3, idleLockMinutes: 60 }, after: { finalMarkDeadlineDays: 3, idleLockMinutes: 60 } },
    { before: { finalMarkDeadlineDays: 2, idleLockMinutes: 240 }, after: { finalMarkDeadlineDays: 1, idleLockMinutes: 60 } },
    { before: { finalMarkDeadlineDays: 10, idleLockMinutes: 0 }, after: { finalMarkDeadlineDays: 3, idleLockMinutes: 1 } },
    { before: { finalMarkDeadlineDays: 5, idleLockMinutes: 7.9 }, after: { finalMarkDeadlineDays: 3, idleLockMinutes: 8 } },
    { before: { finalMarkDeadlineDays: 2.5, idleLockMinutes: 0.4 }, after: { finalMarkDeadlineDays: 1, idleLockMinutes: 1 } },
    { before: { finalMarkDeadlineDays: 0, idleLockMinutes: 61 }, after: { finalMarkDeadlineDays: 1, idleLockMinutes: 60 } },
    { before: { finalMarkDeadlineDays: '3', idleLockMinutes: '15' }, after: { finalMarkDeadlineDays: 3, idleLockMinutes: 15 } },
    { before: { finalMarkDeadlineDays: null, idleLockMinutes: 'много' }, after: { finalMarkDeadlineDays: 1, idleLockMinutes: 10 } },
    { before: { finalMarkDeadlineDays: '', idleLockMinutes: Number.POSITIVE_INFINITY }, after: { finalMarkDeadlineDays: 1, idleLockMinutes: 10 } },
    { before: {}, after: { finalMarkDeadlineDays: 1, idleLockMinutes: 10 } },
  ])('older settings are brought within the regulations: $before → $after', ({ before, after }) => {
    const clamped = clampSettingsToRegulations(before);
    expect(clamped).toEqual(after);
    expect(problemOf(clamped)).toBeUndefined();
  });

  it('the core refuses settings outside the regulations with the Russian message and keeps the old ones', async () => {
    const t = await testApp();
    const director = await t.as('director');
    const { settings } = await director.school.overview({});
    for (const [patch, message] of [
      [{ finalMarkDeadlineDays: 2 }, DEADLINE_MESSAGE],
      [{ idleLockMinutes: 240 }, IDLE_MESSAGE],
    ] as const) {
      const error = await director.school.updateSettings({ ...settings, ...patch } as Settings).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('validation');
      expect((error as AppError).problems?.[0]?.message).toBe(message);
    }
    expect((await director.school.overview({})).settings).toEqual(settings);
    const saved = await director.school.updateSettings({ ...settings, finalMarkDeadlineDays: 3, idleLockMinutes: 60 });
    expect(saved).toMatchObject({ finalMarkDeadlineDays: 3, idleLockMinutes: 60 });
  });
});
