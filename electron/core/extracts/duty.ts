import { stepInvalid, type CompromiseRule } from '../auth/compromise.js';
import type { Student } from '../../contract/entities/people.js';
import type { PaperReason } from '../../contract/groups/registry.js';
import { addDays, mondayOf } from '../journal/calendarDays.js';
import { activeDuring } from '../journal/periods.js';
import type { PaperDuty } from './paperDuty.js';
import type { ExtractRecord } from './record.js';

/**
 * The weekly duty (regulations: paper information at least once a week): which students of a class
 * are due in a week, whether their family got an extract that week, and who is overdue — more than
 * a week since the last extract handed over (or since paper information became due).
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
 * The duty of a class in a week, judged on `asOf` (today, or the week's Sunday for a past week).
 * `duty(student)` is the registry's verdict on that day.
 */
export function classDuty(a: {
  students: readonly Student[];
  extracts: readonly ExtractRecord[];
  week: Week;
  asOf: string;
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
      if (date >= a.week.monday && date <= a.week.sunday) handedThisWeek = true;
    }
    const from = last ?? d.since ?? student.enrolledOn;
    const deadline = addDays(from, 7);
    const extract = weeklyExtractOf(a.extracts, student.id, a.week);
    out.push({
      student,
      reasons: d.reasons,
      ...(d.since ? { since: d.since } : {}),
      ...(last ? { lastHandedOverOn: last } : {}),
      deadline,
      overdue: !handedThisWeek && deadline < a.asOf,
      handedThisWeek,
      ...(extract ? { extract } : {}),
    });
  }
  return out;
}
