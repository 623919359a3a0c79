import type { Period, PeriodScheme, SchoolClass, Year } from '../../contract/entities/school.js';
import type { DateRange } from './calendarDays.js';

/**
 * Reporting periods (четверти, триместры, полугодия) of a class, and the keys under which final
 * marks are kept: a period's id, or `year:<yearId>`, `exam:<yearId>`, `final:<yearId>` for the
 * year, exam and final (итоговая) marks.
 */

export const SCHEME_LABELS: Record<PeriodScheme, string> = {
  quarters: 'четверти',
  trimesters: 'триместры',
  halves: 'полугодия',
};

/** The periods of the class's scheme in its year, in order. */
export function classPeriods(periods: readonly Period[], cls: Pick<SchoolClass, 'yearId' | 'periodScheme'>): Period[] {
  return periods.filter((p) => p.yearId === cls.yearId && p.scheme === cls.periodScheme).sort((a, b) => a.index - b.index);
}

/** The period containing the day, if any (holidays between periods belong to none). */
export function periodOn(periods: readonly Period[], date: string): Period | undefined {
  return periods.find((p) => p.start <= date && date <= p.end);
}

/**
 * The period a forecast is about on a day: the one containing it; in holidays between periods
 * the one just ended (its final marks are being set); before the first, the first; after the
 * last, the last.
 */
export function currentPeriod(periods: readonly Period[], asOf: string): Period | undefined {
  const sorted = [...periods].sort((a, b) => (a.start < b.start ? -1 : 1));
  const inside = periodOn(sorted, asOf);
  if (inside) return inside;
  const started = sorted.filter((p) => p.start <= asOf);
  return started.at(-1) ?? sorted[0];
}

export type FinalKind = 'period' | 'year' | 'exam' | 'final';

export function yearKey(yearId: string): string {
  return `year:${yearId}`;
}
export function examKey(yearId: string): string {
  return `exam:${yearId}`;
}
export function finalKey(yearId: string): string {
  return `final:${yearId}`;
}

export function parsePeriodKey(key: string): { kind: FinalKind; id: string } {
  const m = /^(year|exam|final):(.+)$/.exec(key);
  if (m) return { kind: m[1] as FinalKind, id: m[2]! };
  return { kind: 'period', id: key };
}

/** Grades that sit state exams (ОГЭ in the 9th, ЕГЭ in the 11th): their sheet has exam and final columns. */
export function hasExams(grade: number): boolean {
  return grade === 9 || grade === 11;
}

/** A column of final marks: a reporting period, the year, the exam or the final mark. */
export interface FinalColumn extends DateRange {
  key: string;
  kind: FinalKind;
  /** «1 четверть», «Год», «Экзамен», «Итоговая». */
  title: string;
  /** Short label for narrow tables: «1 ч.», «Год», «Экз.», «Итог». */
  short: string;
}

const SHORT: Record<PeriodScheme, string> = { quarters: 'ч.', trimesters: 'тр.', halves: 'п/г' };

export function periodColumn(p: Period): FinalColumn {
  return { key: p.id, kind: 'period', title: p.name, short: `${p.index} ${SHORT[p.scheme]}`, start: p.start, end: p.end };
}

/**
 * The columns of final marks of a class: its periods, the year, and for exam grades (or when
 * such marks exist) the exam and final marks. The year mark is known when the last period ends;
 * exam and final marks by the end of the school year.
 */
export function finalColumns(
  periods: readonly Period[],
  year: Year,
  opts: { grade: number; withExam?: boolean; withFinal?: boolean },
): FinalColumn[] {
  const cols = periods.map(periodColumn);
  const first = periods[0]?.start ?? year.start;
  const last = periods.at(-1)?.end ?? year.end;
  cols.push({ key: yearKey(year.id), kind: 'year', title: 'Год', short: 'Год', start: first, end: last });
  const exams = hasExams(opts.grade);
  if (exams || opts.withExam) cols.push({ key: examKey(year.id), kind: 'exam', title: 'Экзамен', short: 'Экз.', start: first, end: year.end });
  if (exams || opts.withFinal) cols.push({ key: finalKey(year.id), kind: 'final', title: 'Итоговая', short: 'Итог', start: first, end: year.end });
  return cols;
}

/** The day after which a column's result is expected (its end). */
export function columnDueOn(col: FinalColumn): string {
  return col.end;
}

/** Whether a student was in the class for at least one day of a range. */
export function activeDuring(student: { enrolledOn: string; leftOn?: string | undefined }, range: DateRange): boolean {
  return student.enrolledOn <= range.end && (!student.leftOn || student.leftOn > range.start);
}

/** Whether a student was in the class on a day (the day he left he is gone). */
export function activeOn(student: { enrolledOn: string; leftOn?: string | undefined }, date: string): boolean {
  return student.enrolledOn <= date && (!student.leftOn || student.leftOn > date);
}

