import type { MissedLesson, StudentCard, UnsatisfactoryMark } from '../../contract/groups/journal.js';
import type { Recommendation, Student } from '../../contract/entities/people.js';
import { fullName } from '../../contract/text/format.js';
import { inRange, type DateRange } from './calendarDays.js';
import { subjectName, teacherName, type ClassContext } from './classContext.js';
import { studentForecasts, typeWeight, type ForecastRules } from './forecast.js';
import { compareLessons, indexJournal, type JournalLike } from './journalIndex.js';

/**
 * What the regulations ask to tell a family about one student for any period: the lessons missed
 * (date, subject, topic, reason) and the unsatisfactory marks (subject, topic); and the student's
 * card with all marks, absences, homework and teachers' recommendations.
 */

type Names = Pick<ClassContext, 'subjectById'>;

/** Lessons the student missed in the range, in date order. */
export function missedLessons(journal: JournalLike, studentId: string, range: DateRange, names: Names): MissedLesson[] {
  const ix = indexJournal(journal);
  const out: (MissedLesson & { _no: number })[] = [];
  for (const a of ix.attendanceOf(studentId)) {
    const l = ix.lessonById.get(a.lessonId);
    if (!l || !inRange(l.date, range)) continue;
    out.push({ date: l.date, lessonNo: l.lessonNo, subjectId: l.subjectId, subjectName: subjectName(names, l.subjectId), topic: l.topic, kind: a.kind, _no: l.lessonNo });
  }
  out.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x._no - y._no));
  return out.map(({ _no, ...m }) => m);
}

/** Marks «2» and «1» in the range, with the topic of their lesson, in date order. */
export function unsatisfactoryMarks(journal: JournalLike, studentId: string, range: DateRange, names: Names): UnsatisfactoryMark[] {
  const ix = indexJournal(journal);
  const found: { l: NonNullable<ReturnType<typeof ix.lessonById.get>>; value: number }[] = [];
  for (const m of ix.marksOf(studentId)) {
    if (m.value > 2) continue;
    const l = ix.lessonById.get(m.lessonId);
    if (l && inRange(l.date, range)) found.push({ l, value: m.value });
  }
  found.sort((a, b) => compareLessons(a.l, b.l));
  return found.map(({ l, value }) => ({ date: l.date, subjectId: l.subjectId, subjectName: subjectName(names, l.subjectId), topic: l.topic, type: l.type, value }));
}

export interface CardArgs {
  journal: JournalLike;
  ctx: ClassContext;
  student: Student;
  recommendations: readonly Recommendation[];
  range: DateRange;
  rangeName: string;
  asOf: string;
  rules: ForecastRules;
}

export function buildStudentCard(a: CardArgs): StudentCard {
  const ix = indexJournal(a.journal);
  const subjectIds = a.ctx.subjects.map((s) => s.id);
  const forecasts = studentForecasts(a.journal, a.student, subjectIds, { range: a.range, asOf: a.asOf }, a.rules);
  const marksBySubject = new Map<string, StudentCard['subjects'][number]['marks']>();
  const ordered = [...ix.marksOf(a.student.id)]
    .map((m) => ({ m, l: ix.lessonById.get(m.lessonId) }))
    .filter((x): x is { m: (typeof x)['m']; l: NonNullable<(typeof x)['l']> } => Boolean(x.l && inRange(x.l.date, a.range)))
    .sort((x, y) => compareLessons(x.l, y.l));
  for (const { m, l } of ordered) {
    const list = marksBySubject.get(l.subjectId) ?? [];
    list.push({ date: l.date, value: m.value, weight: typeWeight(a.rules, l.type), type: l.type, topic: l.topic });
    marksBySubject.set(l.subjectId, list);
  }
  const homework: StudentCard['homework'] = [];
  for (const l of [...a.journal.lessons].filter((x) => x.homework && inRange(x.date, a.range)).sort(compareLessons)) {
    homework.push({ date: l.date, subjectName: subjectName(a.ctx, l.subjectId), text: l.homework!, ...(l.homeworkDue ? { due: l.homeworkDue } : {}) });
  }
  return {
    studentId: a.student.id,
    name: fullName(a.student),
    classId: a.ctx.cls.id,
    className: a.ctx.cls.name,
    birthDate: a.student.birthDate,
    enrolledOn: a.student.enrolledOn,
    ...(a.student.leftOn ? { leftOn: a.student.leftOn } : {}),
    range: { start: a.range.start, end: a.range.end },
    rangeName: a.rangeName,
    subjects: a.ctx.subjects.map((s) => ({
      subjectId: s.id,
      name: s.name,
      teacherName: teacherName(a.ctx, a.ctx.subjectTeacher.get(s.id)),
      marks: marksBySubject.get(s.id) ?? [],
      forecast: forecasts.get(s.id)!,
    })),
    absences: missedLessons(a.journal, a.student.id, a.range, a.ctx).map((m) => ({ date: m.date, lessonNo: m.lessonNo, subjectName: m.subjectName, topic: m.topic, kind: m.kind })),
    homework,
    recommendations: a.recommendations
      .filter((r) => r.studentId === a.student.id && inRange(r.date, a.range))
      .sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0))
      .map((r) => ({ date: r.date, subjectName: subjectName(a.ctx, r.subjectId), teacherName: teacherName(a.ctx, r.teacherId), text: r.text })),
  };
}
