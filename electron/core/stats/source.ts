import type { StatsPeriod } from '../../contract/groups/stats.js';
import { classContext, type ClassContext } from '../journal/classContext.js';
import type { StatusEntry } from '../journal/finalMarks.js';
import type { FinalColumn } from '../journal/periods.js';
import { markedSubjects, type JournalAggregates } from '../store/aggregates.js';
import type { ClassSummary, FinalIndex } from '../store/classSummary.js';
import type { SchoolData } from '../store/schema.js';
import { columnsOfClass, schoolColumns } from './columns.js';
import { remember } from './memo.js';

/**
 * What every report is computed from: the school file, and for each class the summary of its
 * partition (students, guardians, documents, handed-over extracts, final-mark cells, last diary
 * views: store/classSummary.ts) and its journal aggregates — never the marks, nor the whole
 * partition.
 */
export type StatsSchoolData = Pick<
  SchoolData,
  'school' | 'settings' | 'years' | 'periods' | 'classes' | 'subjects' | 'teachers' | 'curriculum' | 'timetable' | 'holidays'
>;

export type StatsClassData = ClassSummary;
export type { FinalIndex };

export interface StatsClass {
  cc: ClassContext;
  data: StatsClassData;
  agg: JournalAggregates;
  columns: FinalColumn[];
  /** Final-mark histories by column → student → subject, in clock order (the last is in force; see ClassSummary). */
  finals: FinalIndex;
  /** Subjects with current marks in the journal (grade 1 and subjects like ОРКСЭ have none). */
  graded: Set<string>;
  /** Subjects with final-mark entries, by column key. */
  entered: Map<string, Set<string>>;
  /** What besides the partition and the school the class's results depend on (its graded subjects). */
  key: string;
}

export interface StatsSource {
  school: StatsSchoolData;
  asOf: string;
  classes: StatsClass[];
  columns: StatsPeriod[];
}

export function prepareClass(school: StatsSchoolData, data: StatsClassData, agg: JournalAggregates): StatsClass | undefined {
  const cc = classContext(school, data.classId);
  if (!cc) return undefined;
  const graded = new Set<string>(markedSubjects(agg));
  const finals = data.finals;
  const { entered, columns } = remember(data, school, 'finals', () => {
    const entered = new Map<string, Set<string>>();
    for (const [column, byStudent] of finals) {
      const s = new Set<string>();
      for (const bySubject of byStudent.values()) for (const subjectId of bySubject.keys()) s.add(subjectId);
      entered.set(column, s);
    }
    return { entered, columns: columnsOfClass(cc, [...finals.keys()].map((periodId) => ({ periodId }))) };
  });
  return { cc, data, agg, columns, finals, graded, entered, key: [...graded].sort().join(',') };
}

const NONE: readonly StatusEntry[] = [];

/** The history of one cell, in clock order (empty when none). */
export function historyOf(c: Pick<StatsClass, 'finals'>, columnKey: string, studentId: string, subjectId: string): readonly StatusEntry[] {
  return c.finals.get(columnKey)?.get(studentId)?.get(subjectId) ?? NONE;
}

export function prepareSource(school: StatsSchoolData, parts: readonly { data: StatsClassData; agg: JournalAggregates }[], asOf: string): StatsSource {
  const classes: StatsClass[] = [];
  for (const p of parts) {
    const c = prepareClass(school, p.data, p.agg);
    if (c) classes.push(c);
  }
  classes.sort((a, b) => a.cc.cls.grade - b.cc.cls.grade || a.cc.cls.letter.localeCompare(b.cc.cls.letter, 'ru'));
  return { school, asOf, classes, columns: schoolColumns(classes, school.periods, asOf) };
}

/** The class's column with the key, if it has it. */
export function columnOf(c: StatsClass, key: string): FinalColumn | undefined {
  return c.columns.find((col) => col.key === key);
}

/** Subjects with final marks in a column: graded in the journal, or with entries in that column; in the school's order. */
export function subjectsFor(c: StatsClass, key: string): ClassContext['subjects'] {
  const entered = c.entered.get(key);
  const ids = new Set<string>([...c.graded, ...(entered ?? [])]);
  const known = c.cc.subjects.filter((s) => ids.has(s.id));
  // Entries for a subject the class context does not list (not in plan nor timetable): keep them.
  for (const id of ids) {
    if (known.some((s) => s.id === id)) continue;
    const s = c.cc.subjectById.get(id);
    if (s) known.push(s);
  }
  return known;
}

/** Names of the classes that do not have a column (another scheme of periods). */
export function otherScheme(src: StatsSource, key: string): string[] {
  return src.classes.filter((c) => !columnOf(c, key)).map((c) => c.cc.cls.name);
}
