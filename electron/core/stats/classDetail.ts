import type { StudentCategory, StudentResultRow, StudentSubjectRow } from '../../contract/groups/stats.js';
import type { Student } from '../../contract/entities/people.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName, ruDate, shortName } from '../../contract/text/format.js';
import { cellText, entryKey, finalMarkStatus } from '../journal/finalMarks.js';
import type { FinalColumn } from '../journal/periods.js';
import type { AggCell } from '../store/aggregates.js';
import { studentStanding, type StudentOutcome } from './formulas.js';
import type { ClassColumnResult } from './results.js';
import { historyOf, type StatsClass } from './source.js';

/**
 * The drill-down below a class: each student's final marks of the column in one line, his
 * category as the teachers' council counts them (отличник, на «4» и «5», с одной «3», с «3»,
 * с «2» или «н/а», not all marks yet), and his current marks and absences from the journal
 * aggregates; and one student's subjects with all his final marks.
 */

export function studentNote(s: Pick<Student, 'leftOn' | 'enrolledOn' | 'gender'>, col: Pick<FinalColumn, 'start' | 'end'>): string {
  if (s.leftOn && s.leftOn <= col.end) return `выбыл${s.gender === 'f' ? 'а' : ''} ${ruDate(s.leftOn)}`;
  if (s.enrolledOn > col.start) return `прибыл${s.gender === 'f' ? 'а' : ''} ${ruDate(s.enrolledOn)}`;
  return '';
}

/**
 * The category of a student from his outcomes (exempt subjects aside): his standing
 * (formulas.ts `studentStanding`, the rule of успеваемость and качество), with «с «3»» split
 * into one «3» and more, as teachers' councils count them.
 */
export function categoryOf(outcomes: Iterable<StudentOutcome>): StudentCategory {
  const list = [...outcomes];
  const standing = studentStanding(list) ?? 'incomplete';
  if (standing !== 'withThree') return standing;
  const threes = list.filter((o) => !o.left && o.value === '3').length;
  return threes === 1 ? 'oneThree' : 'three';
}

/** Cells of the aggregates for the column: the period's bucket, or all of them for the year. */
function cellsFor(cells: readonly AggCell[], col: Pick<FinalColumn, 'key' | 'kind'>): AggCell[] {
  return cells.filter((c) => col.kind !== 'period' || c.periodId === col.key);
}

export function studentRows(r: ClassColumnResult): StudentResultRow[] {
  const { c, col } = r;
  const cells = cellsFor(c.agg.cells, col);
  const byStudent = new Map<string, AggCell[]>();
  for (const cell of cells) {
    const list = byStudent.get(cell.studentId);
    if (list) list.push(cell);
    else byStudent.set(cell.studentId, [cell]);
  }
  const students = new Map(c.data.students.map((s) => [s.id, s]));
  const out: StudentResultRow[] = [];
  for (const [studentId, outcomes] of r.byStudent) {
    const s = students.get(studentId)!;
    let n5 = 0;
    let n4 = 0;
    let n3 = 0;
    let n2 = 0;
    let na = 0;
    let noMark = 0;
    let sum = 0;
    let count = 0;
    const failingSubjects: string[] = [];
    const exempt: string[] = [];
    for (const [subjectId, o] of outcomes) {
      if (o.left) continue;
      const name = c.cc.subjectById.get(subjectId)?.name ?? subjectId;
      if (o.value === '5') n5++;
      else if (o.value === '4') n4++;
      else if (o.value === '3') n3++;
      else if (o.value === '2' || o.value === '1') {
        n2++;
        failingSubjects.push(name);
      } else if (o.value === 'н/а') {
        na++;
        failingSubjects.push(name);
      } else if (o.value === 'осв.') exempt.push(name);
      else noMark++;
      if (o.value && /^[1-5]$/.test(o.value)) {
        sum += Number(o.value);
        count++;
      }
    }
    let vw = 0;
    let w = 0;
    let marks = 0;
    let absences = 0;
    for (const cell of byStudent.get(studentId) ?? []) {
      vw += cell.sumVW;
      w += cell.sumW;
      marks += cell.marks;
      absences += cell.absences.н + cell.absences.б + cell.absences.у;
    }
    const note = [studentNote(s, col), exempt.length ? `осв.: ${exempt.join(', ')}` : ''].filter(Boolean).join('; ');
    out.push({
      studentId,
      name: fullName(s),
      note,
      category: categoryOf(outcomes.values()),
      n5,
      n4,
      n3,
      n2,
      na,
      noMark,
      average: count > 0 ? sum / count : null,
      currentAverage: w > 0 ? vw / w : null,
      marks,
      absences,
      failingSubjects,
    });
  }
  return out.sort((a, b) => compareRu(a.name, b.name));
}

/** One student: each subject of the class with his final marks in every column and his current marks in the column's period. */
export function studentSubjects(c: StatsClass, studentId: string, col: FinalColumn, asOf: string, deadlineDays: number): StudentSubjectRow[] {
  const cells = cellsFor(c.agg.cells, col).filter((x) => x.studentId === studentId);
  const ids = new Set<string>([...c.graded]);
  for (const cell of cells) ids.add(cell.subjectId);
  for (const byStudent of c.finals.values()) for (const subjectId of byStudent.get(studentId)?.keys() ?? []) ids.add(subjectId);
  const order = new Map(c.cc.subjects.map((s, i) => [s.id, i]));
  return [...ids]
    .sort((a, b) => (order.get(a) ?? 999) - (order.get(b) ?? 999) || (a < b ? -1 : 1))
    .map((subjectId) => {
      const own = cells.filter((x) => x.subjectId === subjectId);
      const counts = [0, 0, 0, 0, 0];
      let vw = 0;
      let w = 0;
      let marks = 0;
      let held = 0;
      const ab = { н: 0, б: 0, у: 0 };
      for (const x of own) {
        x.counts.forEach((n, i) => (counts[i]! += n));
        vw += x.sumVW;
        w += x.sumW;
        marks += x.marks;
        held += x.held;
        ab.н += x.absences.н;
        ab.б += x.absences.б;
        ab.у += x.absences.у;
      }
      const teacherId = c.cc.subjectTeacher.get(subjectId);
      const teacher = teacherId ? c.cc.teacherById.get(teacherId) : undefined;
      return {
        subjectId,
        subjectName: c.cc.subjectById.get(subjectId)?.name ?? subjectId,
        teacherName: teacher ? shortName(teacher) : '',
        finals: c.columns.map((k) => {
          const key = entryKey(studentId, subjectId, k.key);
          return cellText(finalMarkStatus(key, historyOf(c, k.key, studentId, subjectId), k, asOf, deadlineDays));
        }),
        marks,
        average: w > 0 ? vw / w : null,
        counts,
        held,
        absent: ab.н,
        ill: ab.б,
        excused: ab.у,
      };
    });
}
