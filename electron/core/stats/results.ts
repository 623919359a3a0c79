import type { Distribution, ResultLevel, ResultRow, SouWeights, StudentCounts } from '../../contract/groups/stats.js';
import { compareRu } from '../../contract/text/collate.js';
import { shortName } from '../../contract/text/format.js';
import { activeDuring, type FinalColumn } from '../journal/periods.js';
import {
  addInto,
  addStudents,
  countOutcome,
  countStudent,
  emptyDistribution,
  emptyStudentCounts,
  figuresOf,
  groupFiguresOf,
  studentStanding,
  type StudentOutcome,
} from './formulas.js';
import { subjectsFor, type StatsClass } from './source.js';

/**
 * Results of a column (period, year, exam, final marks) from the final marks in force, per class
 * and subject, rolled up to classes, parallels, subjects, teachers and the school by adding the
 * counts. Who counts (see formulas.ts): students in the class during the period; those who left
 * before its end are counted as «left» and not in N; «осв.» as exempt, not in N. For exams and
 * final marks only the students with an entry count (not everybody sits every exam).
 * Class, parallel and school rows also count each student once (`students`): their успеваемость
 * and качество are shares of students; subject rows are shares of the students with the subject;
 * teacher rows shares of marks.
 */

export interface ClassColumnResult {
  c: StatsClass;
  col: FinalColumn;
  /** Per subject, in the school's order of subjects. */
  bySubject: Map<string, Distribution>;
  /** Each student's outcome per subject (students who were in the class during the period); empty unless asked for. */
  byStudent: Map<string, Map<string, StudentOutcome>>;
  /** The class's students, each counted once by all his marks. */
  students: StudentCounts;
}

export function isExamLike(col: Pick<FinalColumn, 'kind'>): boolean {
  return col.kind === 'exam' || col.kind === 'final';
}

/** Whether a student left the class before the end of the column's period (the day he leaves he is gone). */
export function leftBefore(student: { leftOn?: string | undefined }, col: Pick<FinalColumn, 'end'>): boolean {
  return student.leftOn !== undefined && student.leftOn <= col.end;
}

export function classColumnResult(c: StatsClass, col: FinalColumn, withStudents = false): ClassColumnResult {
  const subjects = subjectsFor(c, col.key);
  const examLike = isExamLike(col);
  const bySubject = new Map<string, Distribution>(subjects.map((s) => [s.id, emptyDistribution()]));
  const byStudent = new Map<string, Map<string, StudentOutcome>>();
  const students = emptyStudentCounts();
  const byColumn = c.finals.get(col.key);
  const outcomes: StudentOutcome[] = [];
  for (const s of c.data.students) {
    if (!examLike && !activeDuring(s, col)) continue;
    const left = !examLike && leftBefore(s, col);
    const own = withStudents ? new Map<string, StudentOutcome>() : null;
    const mine = byColumn?.get(s.id);
    outcomes.length = 0;
    for (const subj of subjects) {
      const entry = mine?.get(subj.id)?.at(-1);
      if (examLike && (!entry || (entry.value === null && !entry.deferral))) continue;
      const outcome: StudentOutcome = left ? { left: true } : { left: false, value: entry?.value ?? null };
      countOutcome(bySubject.get(subj.id)!, outcome);
      outcomes.push(outcome);
      own?.set(subj.id, outcome);
    }
    countStudent(students, studentStanding(outcomes));
    if (own && (own.size > 0 || !examLike)) byStudent.set(s.id, own);
  }
  for (const [id, d] of bySubject) if (d.enrolled === 0) bySubject.delete(id);
  return { c, col, bySubject, byStudent, students };
}

export interface ResultRows {
  school: ResultRow;
  parallels: ResultRow[];
  classes: ResultRow[];
  subjects: ResultRow[];
  teachers: ResultRow[];
  classSubjects: ResultRow[];
}

interface Acc {
  row: Omit<ResultRow, 'dist' | 'figures' | 'students' | 'basis'>;
  dist: Distribution;
  /** Students counted once: class, parallel and school rows. */
  students?: StudentCounts;
  order: [number, string];
}

/** Rows whose success and quality are shares of students counted once by all their marks. */
const STUDENT_LEVELS: ReadonlySet<ResultLevel> = new Set<ResultLevel>(['school', 'parallel', 'class']);

/** The figures of an accumulated row: shares of students (class, parallel, school), else of the row's marks. */
function rowFigures(a: Pick<Acc, 'dist' | 'students'>, weights: SouWeights) {
  return a.students ? groupFiguresOf(a.students, a.dist, weights) : figuresOf(a.dist, weights);
}

/** Rolls the class results up to every level. `prev` (the previous period) adds the comparison. */
export function resultRows(results: readonly ClassColumnResult[], weights: SouWeights, subjectOrder: readonly string[], prev?: readonly ClassColumnResult[]): ResultRows {
  const current = accumulate(results, subjectOrder);
  const before = prev ? accumulate(prev, subjectOrder) : undefined;
  const finish = (level: ResultLevel): ResultRow[] =>
    [...current.values()]
      .filter((a) => a.row.level === level)
      .sort((a, b) => a.order[0] - b.order[0] || compareRu(a.order[1], b.order[1]))
      .map((a): ResultRow => {
        const p = before?.get(a.row.key);
        return {
          ...a.row,
          dist: a.dist,
          ...(a.students ? { students: a.students } : {}),
          basis: a.row.level === 'teacher' ? 'marks' : 'students',
          figures: rowFigures(a, weights),
          ...(p ? { prev: rowFigures(p, weights) } : {}),
        };
      });
  const school = finish('school')[0]!;
  return {
    school,
    parallels: finish('parallel'),
    classes: finish('class'),
    subjects: finish('subject'),
    teachers: finish('teacher'),
    classSubjects: finish('classSubject'),
  };
}

function accumulate(results: readonly ClassColumnResult[], subjectOrder: readonly string[]): Map<string, Acc> {
  const out = new Map<string, Acc>();
  const subjectIndex = new Map(subjectOrder.map((id, i) => [id, i]));
  const add = (key: string, make: () => Omit<Acc, 'dist'>, d: Distribution) => {
    let a = out.get(key);
    if (!a) {
      const m = make();
      out.set(key, (a = { ...m, dist: emptyDistribution(), ...(STUDENT_LEVELS.has(m.row.level) ? { students: emptyStudentCounts() } : {}) }));
    }
    addInto(a.dist, d);
    return a;
  };
  add('school', () => ({ row: { key: 'school', level: 'school', label: 'Школа' }, order: [0, ''] }), emptyDistribution());
  for (const r of results) {
    const { cls } = r.c.cc;
    const classOrder = cls.grade * 100;
    if (r.bySubject.size > 0) {
      // Each student once, in his class, its parallel and the school.
      addStudents(out.get('school')!.students!, r.students);
      addStudents(add(`g${cls.grade}`, () => ({ row: { key: `g${cls.grade}`, level: 'parallel', label: `${cls.grade}-е классы`, grade: cls.grade }, order: [cls.grade, ''] }), emptyDistribution()).students!, r.students);
      addStudents(
        add(
          `c:${cls.id}`,
          () => ({ row: { key: `c:${cls.id}`, level: 'class', label: cls.name, classId: cls.id, className: cls.name, grade: cls.grade }, order: [classOrder, cls.letter] }),
          emptyDistribution(),
        ).students!,
        r.students,
      );
    }
    for (const [subjectId, d] of r.bySubject) {
      const subj = r.c.cc.subjectById.get(subjectId);
      const subjectName = subj?.name ?? subjectId;
      const teacherId = r.c.cc.subjectTeacher.get(subjectId);
      const teacher = teacherId ? r.c.cc.teacherById.get(teacherId) : undefined;
      const teacherName = teacher ? shortName(teacher) : '';
      const si = subjectIndex.get(subjectId) ?? 999;
      add('school', () => ({ row: { key: 'school', level: 'school', label: 'Школа' }, order: [0, ''] }), d);
      add(`g${cls.grade}`, () => ({ row: { key: `g${cls.grade}`, level: 'parallel', label: `${cls.grade}-е классы`, grade: cls.grade }, order: [cls.grade, ''] }), d);
      add(
        `c:${cls.id}`,
        () => ({ row: { key: `c:${cls.id}`, level: 'class', label: cls.name, classId: cls.id, className: cls.name, grade: cls.grade }, order: [classOrder, cls.letter] }),
        d,
      );
      add(`s:${subjectId}`, () => ({ row: { key: `s:${subjectId}`, level: 'subject', label: subjectName, subjectId, subjectName }, order: [si, subjectName] }), d);
      if (teacherId) {
        add(`t:${teacherId}`, () => ({ row: { key: `t:${teacherId}`, level: 'teacher', label: teacherName, teacherId, teacherName }, order: [0, teacherName] }), d);
      }
      add(
        `cs:${cls.id}:${subjectId}`,
        () => ({
          row: {
            key: `cs:${cls.id}:${subjectId}`,
            level: 'classSubject',
            label: `${cls.name} · ${subjectName}`,
            classId: cls.id,
            className: cls.name,
            grade: cls.grade,
            subjectId,
            subjectName,
            ...(teacherId ? { teacherId, teacherName } : {}),
          },
          order: [classOrder, `${cls.letter} ${String(si).padStart(3, '0')}`],
        }),
        d,
      );
    }
  }
  return out;
}
