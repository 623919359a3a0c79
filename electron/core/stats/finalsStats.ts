import type { FinalsClassRow, FinalsCounts, FinalsItem } from '../../contract/groups/stats.js';
import { fullName } from '../../contract/text/format.js';
import { daysBetween } from '../journal/calendarDays.js';
import { entryKey, finalMarkStatus } from '../journal/finalMarks.js';
import { activeDuring, type FinalColumn } from '../journal/periods.js';
import { isExamLike, leftBefore } from './results.js';
import { historyOf, subjectsFor, type StatsClass } from './source.js';

/**
 * Final marks of a column: where each expected cell stands (the journal's `finalMarkStatus`:
 * assigned, deferred, deferral due, missing, open) and whether results reached the family by the
 * school's deadline. A cell is expected for a student who was in the class to the end of the
 * period and a subject graded in the journal: first grades and subjects without marks (ОРКСЭ)
 * have no marks and are never «missing»; students who left before the end are not counted (as
 * in N). Exams and final marks: only the cells with an entry.
 */

export function emptyFinalsCounts(): FinalsCounts {
  return { expected: 0, assigned: 0, deferred: 0, deferralDue: 0, missing: 0, open: 0, late: 0, unpublishedLate: 0 };
}

export function addFinals(a: FinalsCounts, b: FinalsCounts): FinalsCounts {
  for (const k of Object.keys(a) as (keyof FinalsCounts)[]) a[k] += b[k];
  return a;
}

export function classFinals(
  c: StatsClass,
  col: FinalColumn,
  asOf: string,
  deadlineDays: number,
  dayOf?: (ts: string) => string,
): { row: FinalsClassRow; items: FinalsItem[] } {
  const counts = emptyFinalsCounts();
  const items: FinalsItem[] = [];
  const examLike = isExamLike(col);
  const subjects = subjectsFor(c, col.key);
  let students = 0;
  const { cls } = c.cc;
  for (const s of c.data.students) {
    if (!examLike && (!activeDuring(s, col) || leftBefore(s, col))) continue;
    let counted = false;
    for (const subj of subjects) {
      const key = entryKey(s.id, subj.id, col.key);
      const history = historyOf(c, col.key, s.id, subj.id);
      if (examLike && history.length === 0) continue;
      counted = true;
      const st = finalMarkStatus(key, history, col, asOf, deadlineDays, dayOf);
      counts.expected++;
      const item = (kind: FinalsItem['kind'], date: string, days: number, reason?: string) =>
        items.push({
          key: `${kind}:${key}`,
          kind,
          classId: cls.id,
          className: cls.name,
          studentId: s.id,
          studentName: fullName(s),
          subjectName: subj.name,
          date,
          days: Math.max(0, days),
          ...(reason ? { reason } : {}),
        });
      switch (st.state) {
        case 'assigned':
          counts.assigned++;
          break;
        case 'deferred':
          counts.deferred++;
          item('deferred', st.deferral!.dueOn, 0, st.deferral!.reason);
          break;
        case 'deferral_due':
          counts.deferralDue++;
          item('deferral_due', st.deferral!.dueOn, st.deferral!.daysOverdue, st.deferral!.reason);
          break;
        case 'missing':
          counts.missing++;
          item('missing', col.end, daysBetween(col.end, asOf));
          break;
        case 'open':
          counts.open++;
          break;
      }
      if (st.lateness?.late) {
        if (st.lateness.pending) {
          counts.unpublishedLate++;
          item('unpublished_late', st.lateness.deadline, st.lateness.daysLate);
        } else {
          counts.late++;
          item('late', st.lateness.deadline, st.lateness.daysLate);
        }
      }
    }
    if (counted || (!examLike && subjects.length > 0)) students++;
  }
  return { row: { classId: cls.id, className: cls.name, grade: cls.grade, students, subjects: subjects.length, ...counts }, items };
}
