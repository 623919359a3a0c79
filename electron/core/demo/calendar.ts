import type { Holiday, Period, PeriodScheme, Year } from '../../contract/entities/school.js';
import { dayOf, isoOf, makeDay, monthOf, weekdayOf, yearOf, type Day } from './dates.js';

/**
 * The school year (1 September – 31 May), its periods and holidays, computed for any year the way
 * the Ministry's recommendations place them: autumn, winter and spring breaks of about nine days,
 * an extra February week for first graders, and the public holidays (4 ноября, 23 февраля,
 * 8 марта, 1 и 9 мая; one falling on a weekend moves to the next Monday).
 */
export interface DemoCalendar {
  startYear: number;
  year: Year;
  /** All periods of all schemes of the year. */
  periods: Period[];
  holidays: Holiday[];
  /** The extra February holidays apply only to grade 1 (the Holiday entity has no scope of its own). */
  firstGradeHolidayId: string;
  start: Day;
  end: Day;
  /** The last day of lessons (periods end here; the days to 31 May are for exams and summaries). */
  lastLessonDay: Day;
}

/** The start year of the school year containing a day; June–August belong to the year just ended. */
export function schoolYearStart(day: Day): number {
  const y = yearOf(day);
  return monthOf(day) >= 9 ? y : y - 1;
}

export function yearId(startYear: number): string {
  return `y${startYear}`;
}

export function schemeForGrade(grade: number): PeriodScheme {
  if (grade === 1) return 'trimesters';
  if (grade >= 10) return 'halves';
  return 'quarters';
}

/** The Saturday on or before a day. */
function saturdayOnOrBefore(day: Day): Day {
  const wd = weekdayOf(day);
  return day - ((wd + 1) % 7);
}

function firstSundayOnOrAfter(day: Day): Day {
  return day + ((7 - weekdayOf(day)) % 7);
}

/** A public holiday; on a weekend it takes the following Monday as well. */
function publicHoliday(id: string, name: string, day: Day): Holiday {
  const wd = weekdayOf(day);
  const end = wd === 6 ? day + 2 : wd === 7 ? day + 1 : day;
  return { id, name, start: isoOf(day), end: isoOf(end) };
}

export function buildCalendar(startYear: number): DemoCalendar {
  const Y = startYear;
  const yid = yearId(Y);
  const start = makeDay(Y, 9, 1);
  const end = makeDay(Y + 1, 5, 31);
  const lastLessonDay = makeDay(Y + 1, 5, 26);

  // Autumn: from the last Saturday of October for nine days (to Sunday); stretched to 4 November
  // when the national holiday falls right after it.
  const autumnStart = saturdayOnOrBefore(makeDay(Y, 10, 31));
  let autumnEnd = autumnStart + 8;
  const nov4 = makeDay(Y, 11, 4);
  if (nov4 > autumnEnd && nov4 - autumnEnd <= 2) autumnEnd = nov4;
  // Winter: 31 December to the first Sunday after Christmas (7 January).
  const winterStart = makeDay(Y, 12, 31);
  const winterEnd = firstSundayOnOrAfter(makeDay(Y + 1, 1, 8));
  // Extra week for grade 1: from the Saturday before the week of 16 February, nine days.
  const feb16 = makeDay(Y + 1, 2, 16);
  const firstGradeStart = saturdayOnOrBefore(feb16 - (weekdayOf(feb16) - 1) - 1);
  const firstGradeEnd = firstGradeStart + 8;
  // Spring: from the last Saturday of March for nine days.
  const springStart = saturdayOnOrBefore(makeDay(Y + 1, 3, 28));
  const springEnd = springStart + 8;

  const firstGradeHolidayId = `${yid}.h.grade1`;
  const holidays: Holiday[] = [
    { id: `${yid}.h.autumn`, name: 'Осенние каникулы', start: isoOf(autumnStart), end: isoOf(autumnEnd) },
    { id: `${yid}.h.winter`, name: 'Зимние каникулы', start: isoOf(winterStart), end: isoOf(winterEnd) },
    { id: firstGradeHolidayId, name: 'Дополнительные каникулы для 1-х классов', start: isoOf(firstGradeStart), end: isoOf(firstGradeEnd) },
    { id: `${yid}.h.spring`, name: 'Весенние каникулы', start: isoOf(springStart), end: isoOf(springEnd) },
  ];
  if (nov4 < autumnStart || nov4 > autumnEnd) holidays.push(publicHoliday(`${yid}.h.nov4`, 'День народного единства', nov4));
  holidays.push(publicHoliday(`${yid}.h.feb23`, 'День защитника Отечества', makeDay(Y + 1, 2, 23)));
  const mar8 = makeDay(Y + 1, 3, 8);
  if (mar8 < springStart || mar8 > springEnd) holidays.push(publicHoliday(`${yid}.h.mar8`, 'Международный женский день', mar8));
  holidays.push(publicHoliday(`${yid}.h.may1`, 'Праздник Весны и Труда', makeDay(Y + 1, 5, 1)));
  holidays.push(publicHoliday(`${yid}.h.may9`, 'День Победы', makeDay(Y + 1, 5, 9)));
  holidays.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));

  const p = (scheme: PeriodScheme, index: number, name: string, from: Day, to: Day): Period => ({
    id: `${yid}.${scheme[0]}${index}`,
    yearId: yid,
    scheme,
    index,
    name,
    start: isoOf(from),
    end: isoOf(to),
  });
  const periods: Period[] = [
    p('quarters', 1, '1 четверть', start, autumnStart - 1),
    p('quarters', 2, '2 четверть', autumnEnd + 1, winterStart - 1),
    p('quarters', 3, '3 четверть', winterEnd + 1, springStart - 1),
    p('quarters', 4, '4 четверть', springEnd + 1, lastLessonDay),
    p('halves', 1, '1 полугодие', start, winterStart - 1),
    p('halves', 2, '2 полугодие', winterEnd + 1, lastLessonDay),
    p('trimesters', 1, '1 триместр', start, makeDay(Y, 11, 30)),
    p('trimesters', 2, '2 триместр', makeDay(Y, 12, 1), makeDay(Y + 1, 3, 1) - 1),
    p('trimesters', 3, '3 триместр', makeDay(Y + 1, 3, 1), lastLessonDay),
  ];

  return {
    startYear: Y,
    year: { id: yid, name: `${Y}/${Y + 1} учебный год`, start: isoOf(start), end: isoOf(end) },
    periods,
    holidays,
    firstGradeHolidayId,
    start,
    end,
    lastLessonDay,
  };
}

export function periodsOf(cal: DemoCalendar, scheme: PeriodScheme): Period[] {
  return cal.periods.filter((p) => p.scheme === scheme);
}

/**
 * The days lessons are given in a grade: within a period of its scheme, not a holiday that
 * applies to it, not Sunday, and not Saturday on a five-day week.
 */
export function schoolDays(cal: DemoCalendar, grade: number, daysPerWeek: number): Day[] {
  const off = new Set<Day>();
  for (const h of cal.holidays) {
    if (h.id === cal.firstGradeHolidayId && grade !== 1) continue;
    for (let d = dayOf(h.start); d <= dayOf(h.end); d++) off.add(d);
  }
  const ranges = periodsOf(cal, schemeForGrade(grade)).map((p) => [dayOf(p.start), dayOf(p.end)] as const);
  const days: Day[] = [];
  for (let d = cal.start; d <= cal.lastLessonDay; d++) {
    if (weekdayOf(d) > daysPerWeek) continue;
    if (off.has(d)) continue;
    if (!ranges.some(([a, b]) => d >= a && d <= b)) continue;
    days.push(d);
  }
  return days;
}

/** The index (0-based) of the period containing a day, in a list of periods; -1 if none. */
export function periodIndexOf(periods: readonly Period[], day: Day): number {
  const iso = isoOf(day);
  return periods.findIndex((p) => p.start <= iso && iso <= p.end);
}
