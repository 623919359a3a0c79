import { describe, expect, it } from 'vitest';
import { addDays, dateOfIsoDay, isoDayOf, mondayOf } from '../../../renderer/src/lib/days';

describe('the renderer’s day arithmetic', () => {
  it.each([
    ['2026-12-04', 1, '2026-12-05'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-10-25', 7, '2026-11-01'],
    ['2026-03-29', -7, '2026-03-22'],
    ['2026-12-04', -30, '2026-11-04'],
    ['2026-12-04', 0, '2026-12-04'],
  ])('%s + %i days = %s', (iso, days, expected) => {
    expect(addDays(iso, days)).toBe(expected);
  });

  it.each([
    ['2026-11-30', '2026-11-30'], // a Monday
    ['2026-12-04', '2026-11-30'], // a Friday
    ['2026-12-06', '2026-11-30'], // a Sunday belongs to the week before
    ['2027-01-01', '2026-12-28'],
  ])('the Monday of %s is %s', (iso, monday) => {
    expect(mondayOf(iso)).toBe(monday);
  });

  it('reads and writes ISO days on the local calendar', () => {
    const d = dateOfIsoDay('2026-04-12');
    expect([d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]).toEqual([2026, 3, 12, 0]);
    expect(isoDayOf(new Date(2026, 3, 12, 23, 59))).toBe('2026-04-12');
  });
});
