import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCalendar, schoolDays, schoolYearStart } from '../../../electron/core/demo/calendar.js';
import { layoutClasses } from '../../../electron/core/demo/classes.js';
import { dayOf, isoOf, weekdayOf } from '../../../electron/core/demo/dates.js';
import { feminineSurname, patronymic } from '../../../electron/core/demo/names.js';
import { createRng } from '../../../electron/core/demo/rng.js';
import { weeklyPlan } from '../../../electron/core/demo/subjects.js';

describe('seeded generator', () => {
  it('gives the same sequence for the same seed and labels, another for another', () => {
    const a = createRng(42, 'x');
    const b = createRng(42, 'x');
    const c = createRng(43, 'x');
    const d = createRng(42, 'y');
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
    expect(Array.from({ length: 20 }, () => d.next())).not.toEqual(seqA);
  });

  it('forks independent streams that do not depend on how much the parent was used', () => {
    const a = createRng(7);
    const b = createRng(7);
    b.next();
    b.next();
    expect(a.fork('class', 'c5a').next()).toBe(b.fork('class', 'c5a').next());
  });

  it('stays within bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 100 }), (seed, min, span) => {
        const r = createRng(seed);
        for (let i = 0; i < 50; i++) {
          const x = r.next();
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThan(1);
          const n = r.int(min, min + span);
          expect(n).toBeGreaterThanOrEqual(min);
          expect(n).toBeLessThanOrEqual(min + span);
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('Russian names', () => {
  it('gives surnames their feminine form', () => {
    expect(feminineSurname('Иванов')).toBe('Иванова');
    expect(feminineSurname('Семёнов')).toBe('Семёнова');
    expect(feminineSurname('Ильин')).toBe('Ильина');
    expect(feminineSurname('Вишневский')).toBe('Вишневская');
    expect(feminineSurname('Троицкий')).toBe('Троицкая');
    expect(feminineSurname('Толстой')).toBe('Толстая');
    expect(feminineSurname('Шевченко')).toBe('Шевченко');
    expect(feminineSurname('Черных')).toBe('Черных');
  });

  it('forms patronymics from the father’s name', () => {
    expect(patronymic('Сергей', 'm')).toBe('Сергеевич');
    expect(patronymic('Сергей', 'f')).toBe('Сергеевна');
    expect(patronymic('Пётр', 'm')).toBe('Петрович');
    expect(patronymic('Илья', 'f')).toBe('Ильинична');
    expect(patronymic('Юрий', 'm')).toBe('Юрьевич');
    expect(patronymic('Фёдор', 'f')).toBe('Фёдоровна');
  });
});

describe('calendar', () => {
  const cal = buildCalendar(2026);

  it('takes the school year containing the day; summer belongs to the year just ended', () => {
    expect(schoolYearStart(dayOf('2026-09-01'))).toBe(2026);
    expect(schoolYearStart(dayOf('2027-05-31'))).toBe(2026);
    expect(schoolYearStart(dayOf('2027-07-15'))).toBe(2026);
    expect(schoolYearStart(dayOf('2026-08-31'))).toBe(2025);
    expect(cal.year).toMatchObject({ id: 'y2026', start: '2026-09-01', end: '2027-05-31' });
  });

  it('has the breaks and the public holidays', () => {
    const names = cal.holidays.map((h) => h.name).join('|');
    for (const n of ['Осенние', 'Зимние', 'Весенние', '1-х классов', 'защитника', 'женский', 'Весны и Труда', 'Победы']) expect(names).toContain(n);
    const covered = (iso: string) => cal.holidays.some((h) => h.start <= iso && iso <= h.end);
    for (const d of ['2026-11-04', '2027-01-01', '2027-01-07', '2027-02-23', '2027-03-08', '2027-05-01', '2027-05-09']) expect(covered(d), d).toBe(true);
  });

  it('has quarters, halves and trimesters that tile the year between the breaks', () => {
    const byScheme = (s: string) => cal.periods.filter((p) => p.scheme === s);
    expect(byScheme('quarters')).toHaveLength(4);
    expect(byScheme('halves')).toHaveLength(2);
    expect(byScheme('trimesters')).toHaveLength(3);
    for (const p of cal.periods) expect(p.start < p.end).toBe(true);
    expect(byScheme('quarters')[0]?.start).toBe('2026-09-01');
  });

  it('gives no school day on a weekend or a holiday', () => {
    for (const [grade, week] of [[1, 5], [5, 5], [10, 6]] as const) {
      const days = schoolDays(cal, grade, week);
      expect(days.length).toBeGreaterThan(150);
      for (const d of days) {
        expect(weekdayOf(d)).toBeLessThanOrEqual(week);
        const iso = isoOf(d);
        const hol = cal.holidays.filter((h) => h.start <= iso && iso <= h.end && (h.id !== cal.firstGradeHolidayId || grade === 1));
        expect(hol, iso).toEqual([]);
      }
    }
  });
});

describe('class layout', () => {
  it('puts exactly the requested number of students into classes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3000 }), fc.integer(), (n, seed) => {
        const classes = layoutClasses(n, createRng(seed));
        expect(classes.reduce((a, c) => a + c.size, 0)).toBe(n);
        expect(new Set(classes.map((c) => c.id)).size).toBe(classes.length);
        for (const c of classes) expect(c.grade).toBeGreaterThanOrEqual(1);
        if (n >= 300) {
          expect(new Set(classes.map((c) => c.grade)).size).toBe(11);
          for (const c of classes) expect(c.size).toBeGreaterThanOrEqual(18);
          for (const c of classes) expect(c.size).toBeLessThanOrEqual(34);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('has a curriculum for every grade with the federal weekly load', () => {
    const load = (g: number) => weeklyPlan(g).reduce((a, w) => a + w.hours, 0);
    expect(load(1)).toBe(21);
    expect(load(2)).toBe(23);
    expect(load(9)).toBe(33);
    for (let g = 1; g <= 11; g++) expect(load(g)).toBeLessThanOrEqual(g >= 10 ? 37 : 33);
  });
});
