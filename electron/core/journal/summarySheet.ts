import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import type { Student } from '../../contract/entities/people.js';
import type { Period, Year } from '../../contract/entities/school.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName, ruDate, shortName } from '../../contract/text/format.js';
import { cellText, entryHistories, entryKey, finalMarkStatus, type FinalState } from './finalMarks.js';
import { activeDuring, examKey, finalColumns, finalKey, type FinalColumn } from './periods.js';

/**
 * The summary sheet (сводная ведомость) of a class: students × subjects × final-mark columns
 * (its periods, the year, and the exam and final marks where the class has them), with «н/а»,
 * «осв.» and deferrals; the table the regulations want at the end of the class journal.
 */

export interface SheetSubject {
  id: string;
  name: string;
  shortName: string;
}

export interface SheetCell {
  /** «5», «н/а», «осв.», «отср.» or empty. */
  text: string;
  state: FinalState;
  /** Days a result is late reaching the family (0 when on time). */
  daysLate: number;
}

export interface SheetRow {
  no: number;
  studentId: string;
  name: string;
  short: string;
  /** «выбыл 12.02.2027», «прибыл 10.11.2026». */
  note: string;
  /** cells[subject][column], in the order of `subjects` and `columns`. */
  cells: SheetCell[][];
}

export interface SheetDeferral {
  studentName: string;
  subjectName: string;
  columnTitle: string;
  reason: string;
  dueOn: string;
  state: FinalState;
}

export interface SummarySheet {
  schoolName: string;
  className: string;
  yearName: string;
  classTeacherName: string;
  /** The day the sheet is made. */
  date: string;
  columns: FinalColumn[];
  subjects: SheetSubject[];
  rows: SheetRow[];
  /** Deferrals in force, for the footnote under the table. */
  deferrals: SheetDeferral[];
}

export interface SheetInput {
  schoolName: string;
  className: string;
  grade: number;
  year: Year;
  classTeacherName: string;
  /** The class's reporting periods, in order. */
  periods: readonly Period[];
  subjects: readonly SheetSubject[];
  students: readonly Student[];
  entries: readonly FinalMarkEntry[];
  today: string;
  deadlineDays: number;
}

function studentNote(s: Student, year: Year): string {
  if (s.leftOn) return `выбыл${s.gender === 'f' ? 'а' : ''} ${ruDate(s.leftOn)}`;
  if (s.enrolledOn > year.start) return `прибыл${s.gender === 'f' ? 'а' : ''} ${ruDate(s.enrolledOn)}`;
  return '';
}

export function buildSummarySheet(input: SheetInput): SummarySheet {
  const withExam = input.entries.some((e) => e.periodId === examKey(input.year.id));
  const withFinal = input.entries.some((e) => e.periodId === finalKey(input.year.id));
  const columns = finalColumns(input.periods, input.year, { grade: input.grade, withExam, withFinal });
  const yearRange = { start: columns[0]?.start ?? input.year.start, end: input.year.end };
  const students = input.students
    .filter((s) => activeDuring(s, yearRange))
    .sort((a, b) => compareRu(fullName(a), fullName(b)) || (a.id < b.id ? -1 : 1));
  const histories = entryHistories(input.entries);
  const subjectName = new Map(input.subjects.map((s) => [s.id, s.name]));
  const deferrals: SheetDeferral[] = [];

  const rows = students.map((s, i): SheetRow => {
    const cells = input.subjects.map((subj) =>
      columns.map((col): SheetCell => {
        if (!activeDuring(s, col)) return { text: '', state: 'open', daysLate: 0 };
        const key = entryKey(s.id, subj.id, col.key);
        const st = finalMarkStatus(key, histories.get(key) ?? [], col, input.today, input.deadlineDays);
        if (st.deferral) {
          deferrals.push({
            studentName: shortName(s),
            subjectName: subjectName.get(subj.id) ?? subj.id,
            columnTitle: col.title,
            reason: st.deferral.reason,
            dueOn: st.deferral.dueOn,
            state: st.state,
          });
        }
        return { text: cellText(st), state: st.state, daysLate: st.lateness?.daysLate ?? 0 };
      }),
    );
    return { no: i + 1, studentId: s.id, name: fullName(s), short: shortName(s), note: studentNote(s, input.year), cells };
  });

  return {
    schoolName: input.schoolName,
    className: input.className,
    yearName: input.year.name,
    classTeacherName: input.classTeacherName,
    date: input.today,
    columns,
    subjects: [...input.subjects],
    rows,
    deferrals,
  };
}

export const SHEET_LEGEND = '«н/а» — не аттестован; «осв.» — освобождён; «отср.» — отсрочка итоговой отметки (срок и причина — под таблицей).';
