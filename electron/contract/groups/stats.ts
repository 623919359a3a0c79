import { z } from 'zod';
import { method } from '../method.js';
import { Id, IsoDate, LessonType } from '../entities/common.js';
import { PeriodScheme } from '../entities/school.js';
import { ExportedFile } from './journal.js';

/**
 * Statistics for the director and the deputies: curriculum fulfilment, lessons by type, results
 * (успеваемость, качество знаний, СОУ) from period and final marks at every level, final marks
 * assigned / deferred / missing / late, and how the school keeps the regulations (consents,
 * refusals, 14+ applications, weekly paper information, diary views). Every report is computed
 * from the class partitions and the journal aggregates, never from every mark; every report can
 * be exported to XLSX and PDF.
 */

export const STATS_READERS = ['director', 'deputy'] as const;

/** A column of final marks across the school's classes: a period of one scheme, the year, exams, final marks. */
export const StatsPeriod = z.object({
  key: z.string(),
  kind: z.enum(['period', 'year', 'exam', 'final']),
  /** «I четверть», «Год», «Экзамен», «Итоговая». */
  title: z.string(),
  scheme: PeriodScheme.optional(),
  start: IsoDate,
  end: IsoDate,
  /** The period is over on the day of the report. */
  ended: z.boolean(),
  /** Classes that have this column. */
  classCount: z.number(),
});
export type StatsPeriod = z.infer<typeof StatsPeriod>;

/**
 * Students and final marks of a group (class × subject, class, parallel, subject, teacher, school).
 * `enrolled` students were in the class during the period; `left` of them left before its end;
 * `exempt` had «осв.»; N = enrolled − left − exempt = n5 + n4 + n3 + n2 + n1 + na + noMark
 * («н/а» and students still without a mark count in N). Sums over subjects for a class.
 */
export const Distribution = z.object({
  enrolled: z.number(),
  left: z.number(),
  exempt: z.number(),
  n5: z.number(),
  n4: z.number(),
  n3: z.number(),
  n2: z.number(),
  n1: z.number(),
  na: z.number(),
  noMark: z.number(),
  N: z.number(),
});
export type Distribution = z.infer<typeof Distribution>;

/**
 * Students of a class (or a parallel, or the school) by their final marks of the column, each
 * student counted once (stats/formulas.ts `studentStanding`): `enrolled` were in the class during
 * the period; `left` of them left before its end; `exempt` were exempted («осв.») from every
 * subject; N = enrolled − left − exempt = excellent + good + withThree + failing + incomplete.
 *   excellent — every mark «5»;  good — every mark «4» or «5», at least one «4»;
 *   withThree — every mark «3» or better, at least one «3»;
 *   failing   — at least one «2», «1» or «н/а»;  incomplete — no failing mark, but a subject
 *               still without a final mark (deferral, or not set yet).
 * успевающие = excellent + good + withThree; «на 4 и 5» = excellent + good.
 */
export const StudentCounts = z.object({
  enrolled: z.number(),
  left: z.number(),
  exempt: z.number(),
  N: z.number(),
  excellent: z.number(),
  good: z.number(),
  withThree: z.number(),
  failing: z.number(),
  incomplete: z.number(),
});
export type StudentCounts = z.infer<typeof StudentCounts>;

/**
 * What the shares of a row are over: «students» — успеваемость and качество are shares of the
 * students (class, parallel, school: each student once, by all his marks; subject and class ×
 * subject: the students with that subject's mark); «marks» — shares of final marks (a teacher:
 * each student once per subject he teaches). СОУ and the average mark are always over the marks.
 */
export const RESULT_BASES = ['students', 'marks'] as const;
export const ResultBasis = z.enum(RESULT_BASES);
export type ResultBasis = z.infer<typeof ResultBasis>;

/** The figures of a distribution: shares 0…1 (null when N = 0), the average mark (null without marks). */
export const ResultFigures = z.object({
  success: z.number().nullable(),
  quality: z.number().nullable(),
  sou: z.number().nullable(),
  average: z.number().nullable(),
});
export type ResultFigures = z.infer<typeof ResultFigures>;

export const RESULT_LEVELS = ['school', 'parallel', 'class', 'subject', 'teacher', 'classSubject'] as const;
export const ResultLevel = z.enum(RESULT_LEVELS);
export type ResultLevel = z.infer<typeof ResultLevel>;

export const ResultRow = z.object({
  key: z.string(),
  level: ResultLevel,
  /** «5А», «5-е классы», «Математика», «Иванова А. Б.», «5А · Математика», «Школа». */
  label: z.string(),
  classId: Id.optional(),
  className: z.string().optional(),
  grade: z.number().optional(),
  subjectId: Id.optional(),
  subjectName: z.string().optional(),
  teacherId: Id.optional(),
  teacherName: z.string().optional(),
  /** Final marks of the group: per subject, each student with the subject once (summed over subjects for a class). */
  dist: Distribution,
  /** Students counted once each by all their marks: class, parallel and school rows only. */
  students: StudentCounts.optional(),
  /** What успеваемость and качество are shares of (see ResultBasis). */
  basis: ResultBasis,
  /**
   * success and quality: shares of students (`students` where present, else `dist`) or of marks
   * for a teacher; sou and average: over the final marks (`dist`).
   */
  figures: ResultFigures,
  /** The same group in the previous period of the scheme, where there is one. */
  prev: ResultFigures.optional(),
});
export type ResultRow = z.infer<typeof ResultRow>;

export const SouWeights = z.object({ w5: z.number(), w4: z.number(), w3: z.number(), w2: z.number(), w1: z.number(), na: z.number() });
export type SouWeights = z.infer<typeof SouWeights>;

export const ResultsReport = z.object({
  asOf: IsoDate,
  period: StatsPeriod,
  previous: StatsPeriod.optional(),
  weights: SouWeights,
  school: ResultRow,
  parallels: z.array(ResultRow),
  classes: z.array(ResultRow),
  subjects: z.array(ResultRow),
  teachers: z.array(ResultRow),
  classSubjects: z.array(ResultRow),
  /** Classes without this column (another scheme of periods). */
  otherScheme: z.array(z.string()),
});
export type ResultsReport = z.infer<typeof ResultsReport>;

/** Planned hours against lessons conducted for one class and subject (or a total). */
export const FulfilmentFigures = z.object({
  /** Hours of the plan for the whole period (the year's hours spread over its lesson days). */
  planPeriod: z.number(),
  /** Hours of the plan up to the day of the report. */
  planToDate: z.number(),
  held: z.number(),
  /** held / planToDate; null when nothing was planned yet. */
  share: z.number().nullable(),
  /** planToDate − held: lessons behind plan (negative: ahead). */
  lag: z.number(),
  substitutions: z.number(),
  moved: z.number(),
  cancelled: z.number(),
});
export type FulfilmentFigures = z.infer<typeof FulfilmentFigures>;

export const FulfilmentRow = FulfilmentFigures.extend({
  key: z.string(),
  classId: Id,
  className: z.string(),
  grade: z.number(),
  subjectId: Id,
  subjectName: z.string(),
  teacherName: z.string(),
  /** Hours a year in the curriculum; null: the subject has lessons but is not in the plan. */
  hoursPerYear: z.number().nullable(),
});
export type FulfilmentRow = z.infer<typeof FulfilmentRow>;

export const FulfilmentTotal = FulfilmentFigures.extend({ key: z.string(), label: z.string() });
export type FulfilmentTotal = z.infer<typeof FulfilmentTotal>;

export const FulfilmentReport = z.object({
  asOf: IsoDate,
  period: StatsPeriod,
  /** Behind plan first. */
  rows: z.array(FulfilmentRow),
  byClass: z.array(FulfilmentTotal.extend({ classId: Id, grade: z.number() })),
  bySubject: z.array(FulfilmentTotal.extend({ subjectId: Id })),
  school: FulfilmentTotal,
  otherScheme: z.array(z.string()),
});
export type FulfilmentReport = z.infer<typeof FulfilmentReport>;

export const LessonTypeRow = z.object({
  key: z.string(),
  classId: Id,
  className: z.string(),
  grade: z.number(),
  subjectId: Id,
  subjectName: z.string(),
  type: LessonType,
  held: z.number(),
  /** Lessons of this type in the plan for the year, where the plan names them. */
  planYear: z.number().nullable(),
  /** The plan's share up to the day of the report (rounded). */
  planToDate: z.number().nullable(),
  /** held − planToDate (negative: fewer than planned). */
  diff: z.number().nullable(),
});
export type LessonTypeRow = z.infer<typeof LessonTypeRow>;

export const LessonTypesReport = z.object({
  asOf: IsoDate,
  period: StatsPeriod,
  rows: z.array(LessonTypeRow),
  byType: z.array(z.object({ type: LessonType, held: z.number(), planYear: z.number(), planToDate: z.number() })),
  otherScheme: z.array(z.string()),
});
export type LessonTypesReport = z.infer<typeof LessonTypesReport>;

export const FinalsCounts = z.object({
  /** Cells where a final mark is expected (student in the class to the end of the period × graded subject). */
  expected: z.number(),
  assigned: z.number(),
  /** A deferral in force whose date has not come. */
  deferred: z.number(),
  /** A deferral whose date has come, still without a mark. */
  deferralDue: z.number(),
  /** The period is over and there is neither a mark nor a deferral. */
  missing: z.number(),
  /** The period is not over yet and nothing is set. */
  open: z.number(),
  /** Results that reached the family after the deadline. */
  late: z.number(),
  /** Results not yet published whose deadline has passed. */
  unpublishedLate: z.number(),
});
export type FinalsCounts = z.infer<typeof FinalsCounts>;

export const FinalsClassRow = FinalsCounts.extend({ classId: Id, className: z.string(), grade: z.number(), students: z.number(), subjects: z.number() });
export type FinalsClassRow = z.infer<typeof FinalsClassRow>;

export const FINALS_ITEM_KINDS = ['deferred', 'deferral_due', 'missing', 'late', 'unpublished_late'] as const;
export const FINALS_ITEM_LABELS: Record<(typeof FINALS_ITEM_KINDS)[number], string> = {
  deferred: 'отсрочка',
  deferral_due: 'срок отсрочки наступил',
  missing: 'не выставлена',
  late: 'доведена с опозданием',
  unpublished_late: 'не доведена, срок прошёл',
};
export const FinalsItem = z.object({
  key: z.string(),
  kind: z.enum(FINALS_ITEM_KINDS),
  classId: Id,
  className: z.string(),
  studentId: Id,
  studentName: z.string(),
  subjectName: z.string(),
  /** The deferral's due date, the publication deadline, or the end of the period. */
  date: IsoDate,
  /** Days past that date (0 when it has not come). */
  days: z.number(),
  reason: z.string().optional(),
});
export type FinalsItem = z.infer<typeof FinalsItem>;

export const FinalsReport = z.object({
  asOf: IsoDate,
  period: StatsPeriod,
  deadlineDays: z.number(),
  classes: z.array(FinalsClassRow),
  school: FinalsCounts,
  items: z.array(FinalsItem),
  otherScheme: z.array(z.string()),
});
export type FinalsReport = z.infer<typeof FinalsReport>;

/** Paper information in the weeks of a range: student-weeks due, handed over in the week, later, not at all. */
export const PaperWeeks = z.object({
  due: z.number(),
  onTime: z.number(),
  late: z.number(),
  missed: z.number(),
  /** The current week, not handed over yet and not overdue. */
  pending: z.number(),
});
export type PaperWeeks = z.infer<typeof PaperWeeks>;

export const RegulationCounts = z.object({
  /** Students in the class on the day of the report. */
  students: z.number(),
  /** Consent to personal-data processing in force (a guardian's, or the student's own with his application). */
  consent: z.number(),
  nonconsent: z.number(),
  noConsent: z.number(),
  disputed: z.number(),
  electronic: z.number(),
  /** Students whose electronic service is off because of a refusal in force. */
  refusals: z.number(),
  /** Refusals annulled (annulments in force). */
  annulments: z.number(),
  /** Students' own applications (14+) in force. */
  applications: z.number(),
  /** Students 14+ without the service who could apply themselves. */
  canApply: z.number(),
  paperDue: z.number(),
  paper: PaperWeeks,
  /** Guardians of students with the electronic service. */
  guardians: z.number(),
  notViewed: z.number(),
  neverViewed: z.number(),
});
export type RegulationCounts = z.infer<typeof RegulationCounts>;

export const RegulationsClassRow = RegulationCounts.extend({ classId: Id, className: z.string(), grade: z.number() });
export type RegulationsClassRow = z.infer<typeof RegulationsClassRow>;

export const NotViewedItem = z.object({
  key: z.string(),
  classId: Id,
  className: z.string(),
  guardianName: z.string(),
  relation: z.string(),
  studentNames: z.string(),
  lastViewedOn: IsoDate.optional(),
  /** Days since the last view; null: never viewed. */
  days: z.number().nullable(),
});
export type NotViewedItem = z.infer<typeof NotViewedItem>;

export const PaperItem = z.object({
  key: z.string(),
  classId: Id,
  className: z.string(),
  studentName: z.string(),
  weeksDue: z.number(),
  onTime: z.number(),
  late: z.number(),
  missed: z.number(),
  lastHandedOverOn: IsoDate.optional(),
});
export type PaperItem = z.infer<typeof PaperItem>;

export const RegulationsReport = z.object({
  asOf: IsoDate,
  /** The weeks of paper information counted: from the start of the period to the day of the report. */
  range: z.object({ start: IsoDate, end: IsoDate }),
  period: StatsPeriod,
  days: z.number(),
  classes: z.array(RegulationsClassRow),
  school: RegulationCounts,
  notViewed: z.array(NotViewedItem),
  paper: z.array(PaperItem),
});
export type RegulationsReport = z.infer<typeof RegulationsReport>;

export const STUDENT_CATEGORIES = ['excellent', 'good', 'oneThree', 'three', 'failing', 'incomplete', 'exempt', 'left'] as const;
export const StudentCategory = z.enum(STUDENT_CATEGORIES);
export type StudentCategory = z.infer<typeof StudentCategory>;
export const STUDENT_CATEGORY_LABELS: Record<StudentCategory, string> = {
  excellent: 'отличник',
  good: 'на «4» и «5»',
  oneThree: 'с одной «3»',
  three: 'с «3»',
  failing: 'с «2» / «н/а»',
  incomplete: 'не все отметки',
  exempt: 'освобождён от всех предметов',
  left: 'выбыл',
};

export const StudentResultRow = z.object({
  studentId: Id,
  name: z.string(),
  /** «выбыл 12.10.2026», «прибыл 01.10.2026», «осв.: Физическая культура». */
  note: z.string(),
  category: StudentCategory,
  n5: z.number(),
  n4: z.number(),
  n3: z.number(),
  n2: z.number(),
  na: z.number(),
  noMark: z.number(),
  /** Mean of the final marks of the period. */
  average: z.number().nullable(),
  /** Weighted mean of the current marks in the period (journal aggregates). */
  currentAverage: z.number().nullable(),
  marks: z.number(),
  absences: z.number(),
  /** Subjects with «2», «1» or «н/а». */
  failingSubjects: z.array(z.string()),
});
export type StudentResultRow = z.infer<typeof StudentResultRow>;

export const ClassStats = z.object({
  asOf: IsoDate,
  period: StatsPeriod,
  periods: z.array(StatsPeriod),
  classId: Id,
  className: z.string(),
  grade: z.number(),
  classTeacherName: z.string(),
  result: ResultRow,
  subjects: z.array(ResultRow),
  categories: z.record(StudentCategory, z.number()),
  students: z.array(StudentResultRow),
  fulfilment: z.array(FulfilmentRow),
});
export type ClassStats = z.infer<typeof ClassStats>;

export const StudentSubjectRow = z.object({
  subjectId: Id,
  subjectName: z.string(),
  teacherName: z.string(),
  /** Final marks per column of the class (text as in the journal: «5», «н/а», «осв.», «отср.», ''). */
  finals: z.array(z.string()),
  marks: z.number(),
  average: z.number().nullable(),
  counts: z.array(z.number()),
  held: z.number(),
  absent: z.number(),
  ill: z.number(),
  excused: z.number(),
});
export type StudentSubjectRow = z.infer<typeof StudentSubjectRow>;

export const StudentStats = z.object({
  asOf: IsoDate,
  period: StatsPeriod,
  studentId: Id,
  name: z.string(),
  classId: Id,
  className: z.string(),
  note: z.string(),
  columns: z.array(z.object({ key: z.string(), title: z.string(), short: z.string() })),
  subjects: z.array(StudentSubjectRow),
});
export type StudentStats = z.infer<typeof StudentStats>;

/** N: students counted once (the school's N of the period). */
export const TrendPoint = z.object({ key: z.string(), title: z.string(), figures: ResultFigures, N: z.number() });
export type TrendPoint = z.infer<typeof TrendPoint>;

export const Overview = z.object({
  asOf: IsoDate,
  schoolName: z.string(),
  period: StatsPeriod,
  periods: z.array(StatsPeriod),
  previous: StatsPeriod.optional(),
  weights: SouWeights,
  results: ResultRow,
  byClass: z.array(ResultRow),
  trend: z.array(TrendPoint),
  /** Year to the day of the report (all classes). */
  fulfilment: FulfilmentTotal,
  fulfilmentBySubject: z.array(FulfilmentTotal.extend({ subjectId: Id })),
  /** Class × subject rows more than 2 lessons behind plan (year to date). */
  behindRows: z.number(),
  finals: FinalsCounts,
  regulations: RegulationCounts,
  days: z.number(),
  otherScheme: z.array(z.string()),
});
export type Overview = z.infer<typeof Overview>;

export const STATS_REPORTS = ['overview', 'fulfilment', 'lessonTypes', 'results', 'finals', 'regulations', 'class', 'student'] as const;
export const StatsReportId = z.enum(STATS_REPORTS);
export type StatsReportId = z.infer<typeof StatsReportId>;
export const STATS_REPORT_TITLES: Record<StatsReportId, string> = {
  overview: 'Сводка показателей',
  fulfilment: 'Выполнение учебного плана',
  lessonTypes: 'Уроки по видам',
  results: 'Успеваемость и качество знаний',
  finals: 'Итоговые отметки: выставление и сроки',
  regulations: 'Соблюдение регламента',
  class: 'Итоги класса',
  student: 'Итоги ученика',
};

/** What every report is asked for: the column (default: the last period that ended), and for regulations N days. */
const Query = {
  periodKey: z.string().min(1).max(80).optional(),
  /** Guardians who have not viewed the diary for this many days. */
  days: z.number().int().min(1).max(365).optional(),
};

export const stats = {
  overview: method({ title: 'Статистика: сводка', access: STATS_READERS, input: z.object(Query), output: Overview }),
  fulfilment: method({ title: 'Статистика: выполнение учебного плана', access: STATS_READERS, input: z.object(Query), output: FulfilmentReport }),
  lessonTypes: method({ title: 'Статистика: уроки по видам', access: STATS_READERS, input: z.object(Query), output: LessonTypesReport }),
  results: method({ title: 'Статистика: успеваемость и качество', access: STATS_READERS, input: z.object(Query), output: ResultsReport }),
  finals: method({ title: 'Статистика: итоговые отметки', access: STATS_READERS, input: z.object(Query), output: FinalsReport }),
  regulations: method({ title: 'Статистика: соблюдение регламента', access: STATS_READERS, input: z.object(Query), output: RegulationsReport }),
  classStats: method({ title: 'Статистика: итоги класса', access: STATS_READERS, input: z.object({ ...Query, classId: Id }), output: ClassStats }),
  studentStats: method({ title: 'Статистика: итоги ученика', access: STATS_READERS, input: z.object({ ...Query, studentId: Id }), output: StudentStats }),
  export: method({
    title: 'Статистика: выгрузка отчёта (XLSX, PDF)',
    access: STATS_READERS,
    input: z.object({ ...Query, report: StatsReportId, format: z.enum(['pdf', 'xlsx']), classId: Id.optional(), studentId: Id.optional() }),
    output: ExportedFile,
  }),
};
