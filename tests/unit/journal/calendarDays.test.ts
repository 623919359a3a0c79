import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, mondayOf } from '../../../electron/core/journal/calendarDays.js';

const DAY_MS = 86_400_000;

describe('calendarDays', () => {
  it('addDays gives the same day as Date.toISOString, across leap years and centuries', () => {
    for (let z = -50_000; z <= 120_000; z += 7) {
      for (const frac of [0, 0.25, 0.999]) {
        expect(addDays('1970-01-01', z + frac)).toBe(new Date((z + frac) * DAY_MS).toISOString().slice(0, 10));
      }
    }
  });

  it('handles month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(daysBetween('2026-09-01', addDays('2026-09-01', 10))).toBe(10);
    expect(mondayOf('2026-11-22')).toBe('2026-11-16');
  });

  it('an invalid date still throws', () => {
    expect(() => addDays('xxxx-01-01', 1)).toThrow(RangeError);
  });
});
