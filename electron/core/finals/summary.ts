import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import { fullName } from '../../contract/text/format.js';
import type { Core } from '../core.js';
import type { ClassContext } from '../journal/classContext.js';
import { gradedSubjects, type LoadedClass } from '../journal/loadClass.js';
import { buildSummarySheet, type SummarySheet } from '../journal/summarySheet.js';

/** Subjects of the summary sheet: those graded in the journal, and any with final marks. */
export async function sheetSubjects(core: Pick<Core, 'store'>, cc: ClassContext, entries: readonly FinalMarkEntry[]): Promise<ClassContext['subjects']> {
  const graded = new Set((await gradedSubjects(core, cc)).map((s) => s.id));
  for (const e of entries) graded.add(e.subjectId);
  return cc.subjects.filter((s) => graded.has(s.id));
}

/** The summary sheet (сводная ведомость) of a loaded class. */
export async function summarySheetOf(core: Pick<Core, 'store'>, loaded: LoadedClass): Promise<SummarySheet> {
  const { cc, data, school, today } = loaded;
  const ct = cc.cls.classTeacherId ? cc.teacherById.get(cc.cls.classTeacherId) : undefined;
  return buildSummarySheet({
    schoolName: school.school.name,
    className: cc.cls.name,
    grade: cc.cls.grade,
    year: cc.year,
    classTeacherName: ct ? fullName(ct) : '',
    periods: cc.periods,
    subjects: (await sheetSubjects(core, cc, data.finalMarks)).map((s) => ({ id: s.id, name: s.name, shortName: s.shortName })),
    students: data.students,
    entries: data.finalMarks,
    today,
    deadlineDays: school.settings.finalMarkDeadlineDays,
  });
}
