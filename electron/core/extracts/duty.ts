import { stepInvalid, type CompromiseRule } from '../../contract/auth/compromise.js';
import type { Student } from '../../contract/entities/people.js';
import type { Holiday } from '../../contract/entities/school.js';
import type { PaperReason } from '../../contract/groups/registry.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName } from '../../contract/text/format.js';
import { addDays, maxDate, minDate, mondayOf } from '../journal/calendarDays.js';
import { activeDuring } from '../journal/periods.js';
import { holidayOn } from '../journal/timetable.js';
import type { PaperDuty } from './paperDuty.js';
import type { ExtractRecord } from './record.js';

/**
 * The weekly duty (regulations, item 2: families who declared they cannot use the electronic
 * service are informed of the results «не реже чем один раз в неделю» by a printout): which
 * students of a class are due in a week, whether the week's paper was handed over, and who is
 * overdue — more than a week since the last extract handed over or, without one this school year,
 * since the family became due in this school year.
 */

export interface Week {
  monday: string;
  sunday: string;
}

export function weekOf(day: string): Week {
  const monday = mondayOf(day);
  return { monday, sunday: addDays(monday, 6) };
}

export interface DutyItem {
  student: Student;
  reasons: PaperReason[];
  since?: string;
  lastHandedOverOn?: string;
  deadline: string;
  overdue: boolean;
  handedThisWeek: boolean;
  /** The weekly extract of the week, if prepared. */
  extract?: ExtractRecord;
}

/** The weekly extract of a student for a week (there is at most one: preparing is idempotent). */
export function weeklyExtractOf(extracts: readonly ExtractRecord[], studentId: string, week: Week): ExtractRecord | undefined {
  return extracts.find((e) => e.studentId === studentId && e.reason === 'weekly' && e.periodStart === week.monday && e.periodEnd === week.sunday);
}

/**
 * The week a hand-over closes (its Monday): the week its extract was made for — the week of the
 * extract's last day — or, for an extract whose period runs past the day it was handed over, the
 * week of the hand-over. A weekly extract closes its own week whenever it is handed over; an
 * extract on request for 01.09–04.12 handed over on 04.12 closes the week of 04.12 only. So one
 * hand-over closes exactly one week: a late one never covers the earlier weeks nobody was informed.
 */
export function closedWeek(e: Pick<ExtractRecord, 'periodEnd'> & { handedOver: { date: string } }): string {
  return mondayOf(minDate(e.periodEnd, e.handedOver.date));
}

/**
 * The first day of a class's school year: its year's start, or — for a class whose year the
 * replica does not hold — 1 September on or before `day`.
 */
export function schoolYearStart(years: readonly { id: string; start: string }[], yearId: string, day: string): string {
  const y = years.find((x) => x.id === yearId);
  if (y) return y.start;
  const year = Number(day.slice(0, 4));
  return day.slice(5) >= '09-01' ? `${year}-09-01` : `${year - 1}-09-01`;
}

/** The days of the class's school holidays (каникулы: no lessons, nothing to inform of). */
export function holidayDays(holidays: readonly Holiday[], grade: number): (day: string) => boolean {
  return (day) => holidayOn(holidays, day, grade) !== undefined;
}

/**
 * «Выдать до» of a family and whether it is overdue, on a day (`today`):
 * - the duty counts from `start`: the later of the school year's start and the day the family
 *   became due (`dueSince`; a refusal signed in 2016 makes the family due from 01.09 of this year);
 * - the next paper is due a week (7 days) after the last hand-over on or after `start`, or a week
 *   after `start` when there was none; days of school holidays (`isHoliday`) do not count in the
 *   week: there are no lessons to inform of, so paper of 30.10 before the autumn break (31.10–08.11)
 *   is due again by 15.11;
 * - overdue: that day has passed (is before `today`) and the paper of the week is not handed over.
 */
export function paperDeadline(a: {
  dueSince: string;
  yearStart: string;
  lastHandedOverOn?: string | undefined;
  handedThisWeek: boolean;
  today: string;
  isHoliday?: (day: string) => boolean;
}): { start: string; deadline: string; overdue: boolean } {
  const start = maxDate(a.dueSince, a.yearStart);
  const from = a.lastHandedOverOn ? maxDate(a.lastHandedOverOn, start) : start;
  let deadline = from;
  // At most a year of holidays is skipped (a calendar with every day a holiday cannot loop).
  for (let counted = 0, n = 0; counted < 7 && n < 366; n++) {
    deadline = addDays(deadline, 1);
    if (!a.isHoliday?.(deadline)) counted++;
  }
  return { start, deadline, overdue: !a.handedThisWeek && deadline < a.today };
}

/** The duty list's order: the school's class order is the caller's; within a class by ФИО, ё as е. */
export function byStudentName(a: DutyItem, b: DutyItem): number {
  return compareRu(fullName(a.student), fullName(b.student)) || (a.student.id < b.student.id ? -1 : a.student.id > b.student.id ? 1 : 0);
}

/**
 * The duty of a class in a week, judged on `asOf` (today, or the week's Sunday for a past week),
 * sorted by ФИО. `duty(student)` is the registry's verdict on that day; `yearStart` the first day of
 * the class's school year (nobody is due before it, whatever was signed in earlier years);
 * `isHoliday` its holidays (they do not count in the week, see `paperDeadline`).
 */
export function classDuty(a: {
  students: readonly Student[];
  extracts: readonly ExtractRecord[];
  week: Week;
  asOf: string;
  yearStart: string;
  /** The school's holidays (`holidayDays` of the class's grade). */
  isHoliday: (day: string) => boolean;
  duty: (s: Student) => PaperDuty;
  /** A hand-over recorded with a compromised login does not count (auth/compromise.ts). */
  rule?: CompromiseRule;
}): DutyItem[] {
  const out: DutyItem[] = [];
  for (const student of a.students) {
    if (student.enrolledOn > a.asOf || !activeDuring(student, { start: a.week.monday, end: a.asOf })) continue;
    const d = a.duty(student);
    if (!d.due) continue;
    let last: string | undefined;
    let handedThisWeek = false;
    for (const e of a.extracts) {
      if (e.studentId !== student.id || !e.handedOver) continue;
      if (a.rule && stepInvalid(a.rule, e.handedOver)) continue;
      const date = e.handedOver.date;
      if (date > a.asOf) continue;
      if (!last || date > last) last = date;
      if (closedWeek({ periodEnd: e.periodEnd, handedOver: e.handedOver }) === a.week.monday) handedThisWeek = true;
    }
    const { deadline, overdue } = paperDeadline({ dueSince: d.since ?? student.enrolledOn, yearStart: a.yearStart, lastHandedOverOn: last, handedThisWeek, today: a.asOf, isHoliday: a.isHoliday });
    const extract = weeklyExtractOf(a.extracts, student.id, a.week);
    out.push({
      student,
      reasons: d.reasons,
      ...(d.since ? { since: d.since } : {}),
      ...(last ? { lastHandedOverOn: last } : {}),
      deadline,
      overdue,
      handedThisWeek,
      ...(extract ? { extract } : {}),
    });
  }
  return out.sort(byStudentName);
}
