import type { Period, SchoolClass, Subject, Teacher, Year } from '../../contract/entities/school.js';
import { shortName } from '../../contract/text/format.js';
import type { SchoolData } from '../store/schema.js';
import { classPeriods } from './periods.js';

/**
 * What the journal computations need to know about a class from the school file: its year, its
 * reporting periods, its subjects (from the curriculum plan and the timetable, in the school's
 * order of subjects) and who teaches them.
 */
export interface ClassContext {
  cls: SchoolClass;
  year: Year;
  periods: Period[];
  subjects: Subject[];
  /** Teacher of each subject in this class (curriculum first, then the timetable). */
  subjectTeacher: Map<string, string>;
  teacherById: Map<string, Teacher>;
  subjectById: Map<string, Subject>;
}

export function classContext(school: Pick<SchoolData, 'classes' | 'years' | 'periods' | 'subjects' | 'teachers' | 'curriculum' | 'timetable'>, classId: string): ClassContext | undefined {
  const cls = school.classes.find((c) => c.id === classId);
  if (!cls) return undefined;
  const year = school.years.find((y) => y.id === cls.yearId);
  if (!year) return undefined;
  const subjectTeacher = new Map<string, string>();
  for (const item of school.curriculum) if (item.classId === classId && !subjectTeacher.has(item.subjectId)) subjectTeacher.set(item.subjectId, item.teacherId);
  for (const slot of school.timetable) if (slot.classId === classId && !subjectTeacher.has(slot.subjectId)) subjectTeacher.set(slot.subjectId, slot.teacherId);
  const subjects = school.subjects.filter((s) => subjectTeacher.has(s.id));
  return {
    cls,
    year,
    periods: classPeriods(school.periods, cls),
    subjects,
    subjectTeacher,
    teacherById: new Map(school.teachers.map((t) => [t.id, t])),
    subjectById: new Map(school.subjects.map((s) => [s.id, s])),
  };
}

export function teacherName(ctx: Pick<ClassContext, 'teacherById'>, id: string | undefined): string {
  const t = id ? ctx.teacherById.get(id) : undefined;
  return t ? shortName(t) : '';
}

export function subjectName(ctx: Pick<ClassContext, 'subjectById'>, id: string): string {
  return ctx.subjectById.get(id)?.name ?? id;
}
