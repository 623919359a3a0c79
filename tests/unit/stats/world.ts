import { DEFAULT_SETTINGS } from '../../../electron/contract/entities/settings.js';
import type { FinalMarkEntry, FinalValue } from '../../../electron/contract/entities/journal.js';
import type { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { Student } from '../../../electron/contract/entities/people.js';
import type { CurriculumItem, Period, SchoolClass, TimetableSlot } from '../../../electron/contract/entities/school.js';
import type { JournalAggregates, SubjectPeriodAggregate } from '../../../electron/core/store/aggregates.js';
import { expandClassSummary, summarizeClass } from '../../../electron/core/store/classSummary.js';
import { emptyClassData, type ClassData } from '../../../electron/core/store/schema.js';
import { prepareSource, type StatsSchoolData, type StatsSource } from '../../../electron/core/stats/source.js';

/**
 * Hand-made schools for the statistics tests: classes, students, final marks and journal
 * aggregates written out as small tables, so the expected figures can be worked by hand.
 */

export const YEAR = 'y1';
export const Q1: Period = { id: 'q1', yearId: YEAR, scheme: 'quarters', index: 1, name: '1 четверть', start: '2026-09-01', end: '2026-10-24' };
export const Q2: Period = { id: 'q2', yearId: YEAR, scheme: 'quarters', index: 2, name: '2 четверть', start: '2026-11-03', end: '2026-12-28' };
export const H1: Period = { id: 'h1', yearId: YEAR, scheme: 'halves', index: 1, name: '1 полугодие', start: '2026-09-01', end: '2026-12-28' };

export function school(over: Partial<StatsSchoolData> = {}): StatsSchoolData {
  return {
    school: {
      id: 'sch',
      name: 'МБОУ «Средняя школа № 1»',
      shortName: 'СШ № 1',
      address: '',
      phone: '',
      director: { lastName: 'Орлова', firstName: 'Анна', middleName: 'Юрьевна' },
    },
    settings: structuredClone(DEFAULT_SETTINGS),
    years: [{ id: YEAR, name: '2026/2027', start: '2026-09-01', end: '2027-05-31' }],
    periods: [Q1, Q2, H1],
    classes: [],
    subjects: [
      { id: 'math', name: 'Математика', shortName: 'Матем.' },
      { id: 'rus', name: 'Русский язык', shortName: 'Рус.' },
      { id: 'pe', name: 'Физическая культура', shortName: 'Физк.' },
      { id: 'orkse', name: 'ОРКСЭ', shortName: 'ОРКСЭ' },
    ],
    teachers: [
      { id: 't1', lastName: 'Семёнова', firstName: 'Ольга', middleName: 'Петровна' },
      { id: 't2', lastName: 'Ершов', firstName: 'Илья', middleName: 'Андреевич' },
      { id: 't3', lastName: 'Быкова', firstName: 'Нина' },
    ],
    curriculum: [],
    timetable: [],
    holidays: [],
    ...over,
  };
}

export function cls(id: string, grade: number, letter = 'А', scheme: SchoolClass['periodScheme'] = 'quarters'): SchoolClass {
  return { id, yearId: YEAR, grade, letter, name: `${grade}${letter}`, periodScheme: scheme };
}

export function plan(classId: string, subjectId: string, teacherId: string, hoursPerYear: number, typesPlan?: CurriculumItem['typesPlan']): CurriculumItem {
  return { classId, subjectId, teacherId, hoursPerYear, ...(typesPlan ? { typesPlan } : {}) };
}

export function student(id: string, classId: string, over: Partial<Student> = {}): Student {
  return { id, classId, lastName: 'Ученик', firstName: id, birthDate: '2015-01-01', gender: 'm', enrolledOn: '2022-09-01', ...over };
}

let seq = 0;
export function mark(studentId: string, subjectId: string, periodId: string, value: FinalValue | null, over: Partial<FinalMarkEntry> = {}): FinalMarkEntry {
  seq++;
  return {
    id: `fm${seq}`,
    studentId,
    subjectId,
    periodId,
    value,
    knownOn: '2026-10-24',
    publishedAt: '2026-10-24T15:00:00.000Z',
    enteredBy: 'u1',
    enteredAt: '2026-10-24T14:00:00.000Z',
    hlc: `${String(1_000_000 + seq).padStart(13, '0')}-0000-ws`,
    ...over,
  };
}

/** Aggregates with marks in the graded subjects (so they count as graded) and the given lesson rows. */
export function aggregates(classId: string, graded: { studentId: string; subjectId: string; periodId: string | null }[], lessons: SubjectPeriodAggregate[] = []): JournalAggregates {
  return {
    yearId: YEAR,
    classId,
    periods: [],
    cells: graded.map((g) => ({ ...g, marks: 3, sumVW: 12, sumW: 3, counts: [0, 0, 0, 3, 0], absences: { н: 1, б: 0, у: 0 }, held: 10 })),
    subjects: lessons,
  };
}

export function lessonRow(subjectId: string, periodId: string | null, held: number, byType: Record<string, number> = { урок: held }, extra: Partial<SubjectPeriodAggregate> = {}): SubjectPeriodAggregate {
  return { subjectId, periodId, held, byType, substitutions: 0, moved: 0, cancelled: 0, ...extra };
}

export interface ClassSpec {
  cls: SchoolClass;
  students: Student[];
  finalMarks?: FinalMarkEntry[];
  documents?: RegistryDocument[];
  agg?: JournalAggregates;
  extra?: Partial<ClassData>;
}

export function source(specs: ClassSpec[], asOf: string, over: Partial<StatsSchoolData> = {}): StatsSource {
  const s = school({ classes: specs.map((c) => c.cls), ...over });
  return prepareSource(
    s,
    specs.map((c) => ({
      // As the store gives it: the summary of the class partition.
      data: expandClassSummary(summarizeClass({ ...emptyClassData(c.cls.id), students: c.students, finalMarks: c.finalMarks ?? [], documents: c.documents ?? [], ...c.extra }, null)),
      agg: c.agg ?? aggregates(c.cls.id, []),
    })),
    asOf,
  );
}

export function slot(classId: string, weekday: number, lessonNo: number, subjectId: string, teacherId = 't1'): TimetableSlot {
  return { id: `${classId}-${weekday}-${lessonNo}`, classId, weekday, lessonNo, subjectId, teacherId, room: '1' };
}
