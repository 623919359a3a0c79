import type { AttentionItem } from '../../contract/groups/finals.js';
import { fullName } from '../../contract/text/format.js';
import { daysBetween } from '../journal/calendarDays.js';
import type { ClassContext } from '../journal/classContext.js';
import { dayOfMoment, entryHistories, entryKey, finalMarkStatus } from '../journal/finalMarks.js';
import { activeDuring } from '../journal/periods.js';
import type { ClassData } from '../store/schema.js';
import { classColumns } from './columns.js';

/** What needs attention in a class: deferrals that came due, results late to reach the family, missing marks. */
export function attentionOf(cc: ClassContext, data: ClassData, subjects: ClassContext['subjects'], today: string, deadlineDays: number): AttentionItem[] {
  const columns = classColumns(cc, data.finalMarks);
  const histories = entryHistories(data.finalMarks);
  const out: AttentionItem[] = [];
  for (const col of columns) {
    for (const s of data.students) {
      if (!activeDuring(s, col)) continue;
      for (const subj of subjects) {
        const key = entryKey(s.id, subj.id, col.key);
        const history = histories.get(key);
        // Exam and final marks: only what was entered is checked (not every student sits every exam).
        if ((col.kind === 'exam' || col.kind === 'final') && !history) continue;
        const st = finalMarkStatus(key, history ?? [], col, today, deadlineDays);
        const base = {
          classId: cc.cls.id,
          className: cc.cls.name,
          studentId: s.id,
          studentName: fullName(s),
          subjectId: subj.id,
          subjectName: subj.name,
          periodKey: col.key,
          columnTitle: col.title,
          ...(st.entry ? { entryId: st.entry.id } : {}),
        };
        if (st.state === 'deferral_due' && st.deferral) out.push({ ...base, kind: 'deferral_due', date: st.deferral.dueOn, days: st.deferral.daysOverdue });
        else if (st.state === 'missing') out.push({ ...base, kind: 'missing', date: col.end, days: daysBetween(col.end, today) });
        else if (st.lateness?.late) {
          out.push({ ...base, kind: st.lateness.pending ? 'unpublished_late' : 'late', date: st.lateness.deadline, days: st.lateness.daysLate });
        }
      }
    }
  }
  return out;
}

/** Pending change requests of a class as attention items (the director's and deputies' work). */
export function requestAttentionOf(cc: ClassContext, data: ClassData, today: string): AttentionItem[] {
  const columns = new Map(classColumns(cc, data.finalMarks).map((c) => [c.key, c]));
  const students = new Map(data.students.map((s) => [s.id, s]));
  const subjects = new Map(cc.subjects.map((s) => [s.id, s]));
  const out: AttentionItem[] = [];
  for (const r of data.finalMarkRequests ?? []) {
    if (r.status !== 'pending') continue;
    const s = students.get(r.studentId);
    const requestedOn = dayOfMoment(r.requestedAt);
    out.push({
      kind: 'change_requested',
      classId: cc.cls.id,
      className: cc.cls.name,
      studentId: r.studentId,
      studentName: s ? fullName(s) : '—',
      subjectId: r.subjectId,
      subjectName: subjects.get(r.subjectId)?.name ?? '—',
      periodKey: r.periodId,
      columnTitle: columns.get(r.periodId)?.title ?? r.periodId,
      date: requestedOn,
      days: Math.max(0, daysBetween(requestedOn, today)),
      entryId: r.baseEntryId,
    });
  }
  return out;
}
