import type { LessonType } from '../../contract/entities/common.js';
import type { Settings } from '../../contract/entities/settings.js';
import { RISK_LABELS, RISK_SIGNS, type RiskSign } from '../../contract/groups/journal.js';
import { addDays, type DateRange } from './calendarDays.js';
import { countInRange, indexJournal, type JournalLike } from './journalIndex.js';

/**
 * The forecast of a period's final mark (прогноз итоговой отметки): the weighted average of the
 * period's marks, each weighted by the school's weight for the type of its lesson, rounded by the
 * school's rule, with the signs that the student is at risk.
 */

export type ForecastRules = Settings['forecast'];

export { RISK_LABELS, RISK_SIGNS, type RiskSign };

/** Same shape as the contract's ForecastView. */
export interface Forecast {
  /** The weighted average, unrounded; null without marks. */
  average: number | null;
  /** The average rounded by the school's rule; null without marks. */
  forecast: number | null;
  /** Marks that count (weight above zero). */
  marks: number;
  /** Marks the rule expects for the lessons held (`expectedMarks`). */
  expected: number;
  /** Lessons of the subject held in the range while the student was in the class. */
  lessons: number;
  /** Of those, the lessons missed (н, б or у). */
  absences: number;
  /** absences / lessons; 0 without lessons. */
  absenceShare: number;
  risks: RiskSign[];
}

/** Floating-point slack: 13/5 must count as 2.6, not 2.5999999999999996. */
const EPS = 1e-9;

/**
 * Rounds an average to a mark: up when its fraction reaches `roundUpFrom`.
 * roundUpFrom 0.5: 2.5 → 3, 2.49 → 2; roundUpFrom 0.6: 2.6 → 3, 2.59 → 2, 2.5 → 2.
 */
export function roundMark(average: number, roundUpFrom: number): number {
  const whole = Math.floor(average + EPS);
  const fraction = average - whole;
  const mark = fraction + EPS >= roundUpFrom ? whole + 1 : whole;
  return Math.min(5, Math.max(1, mark));
}

export interface WeightedValue {
  value: number;
  weight: number;
}

/** Σ value·weight / Σ weight; null when no weight. */
export function weightedAverage(items: readonly WeightedValue[]): number | null {
  let sum = 0;
  let weights = 0;
  for (const i of items) {
    if (!(i.weight > 0)) continue;
    sum += i.value * i.weight;
    weights += i.weight;
  }
  return weights > 0 ? sum / weights : null;
}

/** The school's weight of a mark given at a lesson of this type (1 when the settings name none). */
export function typeWeight(rules: Pick<ForecastRules, 'typeWeights'>, type: LessonType): number {
  return rules.typeWeights[type] ?? 1;
}

/**
 * One mark expected per this many lessons held (when the settings predate the rule, too): the
 * pace of the usual minimum, 3 marks a quarter for a subject of 1 hour a week (about 9 lessons).
 */
export const DEFAULT_LESSONS_PER_MARK = 3;

/**
 * How many marks the rule expects after `lessons` lessons held: one per `lessonsPerMark` lessons,
 * never more than the period's minimum (`minMarks`). With 3 and 3: 0–2 lessons → 0, 3–5 → 1,
 * 6–8 → 2, 9 and more → 3.
 */
export function expectedMarks(lessons: number, rules: Pick<ForecastRules, 'minMarks' | 'lessonsPerMark'>): number {
  const per = Math.max(1, rules.lessonsPerMark ?? DEFAULT_LESSONS_PER_MARK);
  return Math.min(rules.minMarks, Math.floor(Math.max(0, lessons) / per));
}

/** «Мало отметок»: fewer marks than the rule expects for the lessons held. */
export function fewMarks(marks: number, lessons: number, rules: Pick<ForecastRules, 'minMarks' | 'lessonsPerMark'>): boolean {
  return marks < expectedMarks(lessons, rules);
}

/**
 * The forecast from a period's marks (value and lesson type) and attendance counts.
 * Risk signs: the forecast is «2» or lower; fewer marks than the rule expects for the lessons
 * held (`fewMarks`); the share of missed lessons above the school's maximum (a risk of «н/а»).
 */
export function forecastFromMarks(
  marks: readonly { value: number; type: LessonType }[],
  attendance: { lessons: number; absences: number },
  rules: ForecastRules,
): Forecast {
  const weighted = marks.map((m) => ({ value: m.value, weight: typeWeight(rules, m.type) }));
  const counted = weighted.filter((m) => m.weight > 0).length;
  const average = weightedAverage(weighted);
  const forecast = average === null ? null : roundMark(average, rules.roundUpFrom);
  const absenceShare = attendance.lessons > 0 ? attendance.absences / attendance.lessons : 0;
  const risks: RiskSign[] = [];
  if (forecast !== null && forecast <= 2) risks.push('fail');
  const expected = expectedMarks(attendance.lessons, rules);
  if (attendance.lessons > 0 && absenceShare > rules.maxAbsenceShare + EPS) risks.push('absences');
  if (counted < expected) risks.push('few_marks');
  return { average, forecast, marks: counted, expected, lessons: attendance.lessons, absences: attendance.absences, absenceShare, risks };
}

export interface StudentSpan {
  id: string;
  enrolledOn: string;
  leftOn?: string | undefined;
}

export interface ForecastScope {
  /** The period (or any range) the forecast is for. */
  range: DateRange;
  /** Count only what happened up to this day (the forecast «today»); default: the whole range. */
  asOf?: string | undefined;
}

function effectiveRange(scope: ForecastScope): DateRange {
  const end = scope.asOf && scope.asOf < scope.range.end ? scope.asOf : scope.range.end;
  return { start: scope.range.start, end };
}

/**
 * The days a student's lessons count: the range cut to the days he was in the class (the day he
 * left he is gone).
 */
function studentRange(student: StudentSpan, range: DateRange): DateRange {
  const start = student.enrolledOn > range.start ? student.enrolledOn : range.start;
  const lastDay = student.leftOn ? addDays(student.leftOn, -1) : range.end;
  return { start, end: lastDay < range.end ? lastDay : range.end };
}

/**
 * Forecasts of one student in several subjects, in one pass over the student's marks and
 * absences. Lessons count only while the student was in the class.
 */
export function studentForecasts(
  journal: JournalLike,
  student: StudentSpan,
  subjectIds: readonly string[],
  scope: ForecastScope,
  rules: ForecastRules,
): Map<string, Forecast> {
  const ix = indexJournal(journal);
  const range = effectiveRange(scope);
  const own = studentRange(student, range);
  const marks = new Map<string, { value: number; type: LessonType }[]>();
  const absences = new Map<string, number>();
  for (const id of subjectIds) marks.set(id, []);
  for (const m of ix.joinedMarksOf(student.id)) {
    if (m.date < range.start || m.date > range.end) continue;
    marks.get(m.subjectId)?.push(m);
  }
  for (const a of ix.joinedAbsencesOf(student.id)) {
    if (a.date < own.start || a.date > own.end || !marks.has(a.subjectId)) continue;
    absences.set(a.subjectId, (absences.get(a.subjectId) ?? 0) + 1);
  }
  const out = new Map<string, Forecast>();
  for (const subjectId of subjectIds) {
    const lessons = countInRange(ix.lessonDates.get(subjectId) ?? [], own.start, own.end);
    out.set(subjectId, forecastFromMarks(marks.get(subjectId)!, { lessons, absences: absences.get(subjectId) ?? 0 }, rules));
  }
  return out;
}

/**
 * Forecasts of several students in one subject, from that subject's lessons only (the journal
 * page of a subject shows them).
 */
export function subjectForecasts(
  journal: JournalLike,
  students: readonly StudentSpan[],
  subjectId: string,
  scope: ForecastScope,
  rules: ForecastRules,
): Map<string, Forecast> {
  const ix = indexJournal(journal);
  const range = effectiveRange(scope);
  const own = new Map(students.map((s) => [s.id, studentRange(s, range)]));
  const marks = new Map<string, { value: number; type: LessonType }[]>(students.map((s) => [s.id, []]));
  const absences = new Map<string, number>();
  for (const l of ix.lessonsBySubject.get(subjectId) ?? []) {
    if (l.date < range.start) continue;
    if (l.date > range.end) break;
    for (const m of ix.marksByLesson.get(l.id) ?? []) marks.get(m.studentId)?.push({ value: m.value, type: l.type });
    for (const a of ix.attendanceByLesson.get(l.id) ?? []) {
      const r = own.get(a.studentId);
      if (r && l.date >= r.start && l.date <= r.end) absences.set(a.studentId, (absences.get(a.studentId) ?? 0) + 1);
    }
  }
  const dates = ix.lessonDates.get(subjectId) ?? [];
  const out = new Map<string, Forecast>();
  for (const s of students) {
    const r = own.get(s.id)!;
    out.set(s.id, forecastFromMarks(marks.get(s.id)!, { lessons: countInRange(dates, r.start, r.end), absences: absences.get(s.id) ?? 0 }, rules));
  }
  return out;
}

/**
 * The forecast of a student's final mark in a subject for a period: what extracts print and the
 * class pages show.
 */
export function forecastFor(
  journal: JournalLike,
  student: StudentSpan,
  subjectId: string,
  scope: ForecastScope,
  rules: ForecastRules,
): Forecast {
  return studentForecasts(journal, student, [subjectId], scope, rules).get(subjectId)!;
}

/** Forecasts of a whole class in all its subjects: student id → subject id → forecast. */
export function classForecasts(
  journal: JournalLike,
  students: readonly StudentSpan[],
  subjectIds: readonly string[],
  scope: ForecastScope,
  rules: ForecastRules,
): Map<string, Map<string, Forecast>> {
  const out = new Map<string, Map<string, Forecast>>();
  for (const s of students) out.set(s.id, studentForecasts(journal, s, subjectIds, scope, rules));
  return out;
}

/** «3,45» — an average as the journal prints it (two decimals, Russian comma). */
export function formatAverage(average: number | null): string {
  return average === null ? '—' : average.toFixed(2).replace('.', ',');
}
