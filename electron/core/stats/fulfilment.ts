import { LESSON_TYPES, type LessonType } from '../../contract/entities/common.js';
import type { CurriculumItem, Holiday, TimetableSlot } from '../../contract/entities/school.js';
import type { FulfilmentFigures, FulfilmentRow, FulfilmentTotal, LessonTypeRow } from '../../contract/groups/stats.js';
import { shortName } from '../../contract/text/format.js';
import { addDays, minDate } from '../journal/calendarDays.js';
import type { ClassContext } from '../journal/classContext.js';
import type { FinalColumn } from '../journal/periods.js';
import { holidayAppliesTo } from '../journal/timetable.js';
import type { SubjectPeriodAggregate } from '../store/aggregates.js';

/**
 * Curriculum fulfilment (выполнение учебного плана): the hours of the plan against the lessons
 * conducted.
 *
 * The plan gives hours a year per class and subject. They are spread over the year by the
 * timetable: each lesson day of the class (a day of one of its periods, not a holiday for its
 * grade) carries as many lessons of the subject as the timetable has on that weekday. So
 *
 *   plan(range) = hoursPerYear × lessons of the subject by the timetable in the range
 *                                / lessons of the subject by the timetable in the year,
 *
 * and «planned to date» is the plan of the range up to the day of the report. A subject without
 * timetable slots is spread evenly over the class's lesson days. The plan of a row is rounded to
 * whole lessons (totals add the rounded rows, so they are the sums of what the rows show).
 * Lessons conducted, substituted, moved and cancelled come from the journal aggregates.
 */

const DAY_MS = 86_400_000;

export interface LessonCalendar {
  /** Lesson days of the class in the year, sorted. */
  days: string[];
  /** Per subject: prefix sums of its timetable lessons over `days` (length days.length + 1). */
  prefix: Map<string, number[]>;
  /** Prefix sums for subjects without slots: one per lesson day. */
  even: number[];
}

const dayCache = new Map<string, { days: string[]; wds: number[] }>();

/** Lesson days of a class: days of its periods on its weekdays, without its grade's holidays (shared by classes alike). */
function lessonDays(periods: readonly { start: string; end: string }[], weekdays: ReadonlySet<number>, holidays: readonly Holiday[]): { days: string[]; wds: number[] } {
  const key = JSON.stringify([periods.map((p) => [p.start, p.end]), [...weekdays].sort(), holidays.map((h) => [h.start, h.end])]);
  const hit = dayCache.get(key);
  if (hit) return hit;
  const days: string[] = [];
  const wds: number[] = [];
  const sorted = [...periods].sort((a, b) => (a.start < b.start ? -1 : 1));
  const off = holidays.map((h) => [Date.parse(`${h.start}T00:00:00Z`), Date.parse(`${h.end}T00:00:00Z`)] as const);
  let last = -Infinity;
  for (const p of sorted) {
    const from = Math.max(Date.parse(`${p.start}T00:00:00Z`), last + DAY_MS);
    const to = Date.parse(`${p.end}T00:00:00Z`);
    for (let ms = from; ms <= to; ms += DAY_MS) {
      last = ms;
      const wd = new Date(ms).getUTCDay() || 7;
      if (!weekdays.has(wd)) continue;
      if (off.some(([a, b]) => a <= ms && ms <= b)) continue;
      days.push(new Date(ms).toISOString().slice(0, 10));
      wds.push(wd);
    }
  }
  const out = { days, wds };
  if (dayCache.size > 64) dayCache.clear();
  dayCache.set(key, out);
  return out;
}

export function lessonCalendar(
  cc: Pick<ClassContext, 'cls' | 'periods'>,
  timetable: readonly Pick<TimetableSlot, 'classId' | 'weekday' | 'subjectId'>[],
  holidays: readonly Holiday[],
): LessonCalendar {
  const own = holidays.filter((h) => holidayAppliesTo(h, cc.cls.grade));
  const slots = timetable.filter((s) => s.classId === cc.cls.id);
  const weekdays = new Set(slots.map((s) => s.weekday));
  if (weekdays.size === 0) for (let d = 1; d <= 5; d++) weekdays.add(d);
  const { days, wds } = lessonDays(cc.periods, weekdays, own);
  const perWeekday = new Map<string, number[]>();
  for (const s of slots) {
    let w = perWeekday.get(s.subjectId);
    if (!w) perWeekday.set(s.subjectId, (w = [0, 0, 0, 0, 0, 0, 0, 0]));
    w[s.weekday]!++;
  }
  const prefix = new Map<string, number[]>();
  for (const [subjectId, w] of perWeekday) {
    const p = [0];
    for (let i = 0; i < days.length; i++) p.push(p[i]! + w[wds[i]!]!);
    prefix.set(subjectId, p);
  }
  const even = [0];
  for (let i = 0; i < days.length; i++) even.push(i + 1);
  return { days, prefix, even };
}

/** Index of the first day ≥ date. */
function lowerBound(days: readonly string[], date: string): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]! < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The share (0…1) of the subject's lessons of the year that fall on days from start to end, both included. */
export function yearShare(cal: LessonCalendar, subjectId: string, start: string, end: string): number {
  const p = cal.prefix.get(subjectId) ?? cal.even;
  const total = p[p.length - 1]!;
  if (total === 0 || end < start) return 0;
  const a = lowerBound(cal.days, start);
  const b = lowerBound(cal.days, addDays(end, 1));
  return (p[b]! - p[a]!) / total;
}

/** Lessons of a column from the aggregates: the period's bucket, or every bucket for the year. */
export function lessonsOf(rows: readonly SubjectPeriodAggregate[], subjectId: string, col: Pick<FinalColumn, 'key' | 'kind'>): SubjectPeriodAggregate[] {
  return rows.filter((r) => r.subjectId === subjectId && (col.kind !== 'period' || r.periodId === col.key));
}

export function figures(planPeriod: number, planToDate: number, held: number, substitutions: number, moved: number, cancelled: number): FulfilmentFigures {
  return { planPeriod, planToDate, held, share: planToDate > 0 ? held / planToDate : null, lag: planToDate - held, substitutions, moved, cancelled };
}

export interface FulfilmentInput {
  cc: ClassContext;
  lessons: readonly SubjectPeriodAggregate[];
  curriculum: readonly CurriculumItem[];
  calendar: LessonCalendar;
}

/** The rows of a class for a column (a period, or the year): the plan's subjects and any other with lessons. */
export function classFulfilment(input: FulfilmentInput, col: FinalColumn, asOf: string): FulfilmentRow[] {
  const { cc } = input;
  const plan = new Map(input.curriculum.filter((c) => c.classId === cc.cls.id).map((c) => [c.subjectId, c]));
  const ids = new Set<string>(plan.keys());
  for (const r of input.lessons) if (r.held > 0 && (col.kind !== 'period' || r.periodId === col.key)) ids.add(r.subjectId);
  const order = new Map(cc.subjects.map((s, i) => [s.id, i]));
  const sorted = [...ids].sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || (a < b ? -1 : 1));
  const toDate = minDate(col.end, asOf);
  return sorted.map((subjectId) => {
    const item = plan.get(subjectId);
    const rows = lessonsOf(input.lessons, subjectId, col);
    const sum = (f: (r: SubjectPeriodAggregate) => number) => rows.reduce((n, r) => n + f(r), 0);
    const hours = item?.hoursPerYear ?? null;
    const planPeriod = hours === null ? 0 : Math.round(hours * yearShare(input.calendar, subjectId, col.start, col.end));
    const planToDate = hours === null ? 0 : Math.round(hours * yearShare(input.calendar, subjectId, col.start, toDate));
    const teacherId = item?.teacherId ?? cc.subjectTeacher.get(subjectId);
    const teacher = teacherId ? cc.teacherById.get(teacherId) : undefined;
    return {
      key: `${cc.cls.id}:${subjectId}`,
      classId: cc.cls.id,
      className: cc.cls.name,
      grade: cc.cls.grade,
      subjectId,
      subjectName: cc.subjectById.get(subjectId)?.name ?? subjectId,
      teacherName: teacher ? shortName(teacher) : '',
      hoursPerYear: hours,
      ...figures(planPeriod, planToDate, sum((r) => r.held), sum((r) => r.substitutions), sum((r) => r.moved), sum((r) => r.cancelled)),
    };
  });
}

/** Adds rows of the plan (rows without a plan are left out of totals: they have nothing to compare with). */
export function totalOf(key: string, label: string, rows: readonly FulfilmentRow[]): FulfilmentTotal {
  let planPeriod = 0;
  let planToDate = 0;
  let held = 0;
  let subs = 0;
  let moved = 0;
  let cancelled = 0;
  for (const r of rows) {
    if (r.hoursPerYear === null) continue;
    planPeriod += r.planPeriod;
    planToDate += r.planToDate;
    held += r.held;
    subs += r.substitutions;
    moved += r.moved;
    cancelled += r.cancelled;
  }
  return { key, label, ...figures(planPeriod, planToDate, held, subs, moved, cancelled) };
}

/** Behind plan first (the largest lag), then by share, class and subject. */
export function behindFirst<T extends FulfilmentFigures & { key: string }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => b.lag - a.lag || (a.share ?? 2) - (b.share ?? 2) || (a.key < b.key ? -1 : 1));
}

/** Lessons by type against the plan where it names the type, for a column. */
export function classLessonTypes(input: FulfilmentInput, col: FinalColumn, asOf: string): LessonTypeRow[] {
  const { cc } = input;
  const plan = new Map(input.curriculum.filter((c) => c.classId === cc.cls.id).map((c) => [c.subjectId, c]));
  const ids = new Set<string>(plan.keys());
  for (const r of input.lessons) if (r.held > 0) ids.add(r.subjectId);
  const order = new Map(cc.subjects.map((s, i) => [s.id, i]));
  const sorted = [...ids].sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || (a < b ? -1 : 1));
  const toDate = minDate(col.end, asOf);
  const out: LessonTypeRow[] = [];
  for (const subjectId of sorted) {
    const item = plan.get(subjectId);
    const held = new Map<string, number>();
    for (const r of lessonsOf(input.lessons, subjectId, col)) for (const [t, n] of Object.entries(r.byType)) held.set(t, (held.get(t) ?? 0) + n);
    const share = yearShare(input.calendar, subjectId, col.start, toDate);
    for (const type of LESSON_TYPES) {
      const h = held.get(type) ?? 0;
      const planYear = item?.typesPlan?.[type] ?? null;
      if (h === 0 && !planYear) continue;
      const planToDate = planYear === null ? null : Math.round(planYear * share);
      out.push({
        key: `${cc.cls.id}:${subjectId}:${type}`,
        classId: cc.cls.id,
        className: cc.cls.name,
        grade: cc.cls.grade,
        subjectId,
        subjectName: cc.subjectById.get(subjectId)?.name ?? subjectId,
        type: type as LessonType,
        held: h,
        planYear,
        planToDate,
        diff: planToDate === null ? null : h - planToDate,
      });
    }
  }
  return out;
}
