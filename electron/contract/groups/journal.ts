import { z } from 'zod';
import { method } from '../method.js';
import { AttendanceKind, Id, IsoDate, LessonType } from '../entities/common.js';
import { PeriodScheme } from '../entities/school.js';

/**
 * The journal pages: a read-only replica of the central system's journal (marks, attendance,
 * lessons, timetable, tests, holidays, teachers), the forecast of final marks with its risk
 * signs, and the per-student reports the regulations ask for.
 */

/** Who reads the journal: the school's staff; a class teacher only his classes. */
export const JOURNAL_READERS = ['director', 'deputy', 'office', 'teacher'] as const;

/** The signs of risk, riskiest first: forecast «2», too many lessons missed (risk of «н/а»), too few marks. */
export const RISK_SIGNS = ['fail', 'absences', 'few_marks'] as const;
export const RiskSign = z.enum(RISK_SIGNS);
export type RiskSign = z.infer<typeof RiskSign>;

export const RISK_LABELS: Record<RiskSign, string> = {
  fail: 'прогноз «2»',
  few_marks: 'мало отметок',
  absences: 'много пропусков',
};

/** The categories of the at-risk list (a row's worst sign), as its filter and exports name them. */
export const RISK_CATEGORY_LABELS: Record<RiskSign, string> = {
  fail: 'прогноз «2»',
  absences: 'риск «н/а» (пропуски)',
  few_marks: 'мало отметок',
};

export const ATTENDANCE_LABELS: Record<z.infer<typeof AttendanceKind>, string> = {
  н: 'отсутствовал (неуважительная причина)',
  б: 'болел',
  у: 'отсутствовал по уважительной причине',
};

/** The reason of an absence in a few words, for tables. */
export const ABSENCE_REASONS: Record<z.infer<typeof AttendanceKind>, string> = {
  н: 'без уважительной причины',
  б: 'болезнь',
  у: 'уважительная причина',
};

/** Short labels of lesson types for narrow headers. */
export const LESSON_TYPE_SHORT: Record<z.infer<typeof LessonType>, string> = {
  урок: 'У',
  контрольная: 'К',
  практическая: 'П',
  лабораторная: 'Л',
  самостоятельная: 'С',
  проверочная: 'Пр',
  зачёт: 'З',
};

export const ExportedFile = z.object({
  name: z.string(),
  mime: z.enum(['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
  base64: z.string(),
});
export type ExportedFile = z.infer<typeof ExportedFile>;

export const Range = z.object({ start: IsoDate, end: IsoDate });
export type Range = z.infer<typeof Range>;

export const PeriodView = z.object({ id: z.string(), index: z.number(), name: z.string(), start: IsoDate, end: IsoDate });
export type PeriodView = z.infer<typeof PeriodView>;

export const ForecastView = z.object({
  average: z.number().nullable(),
  forecast: z.number().nullable(),
  marks: z.number(),
  /** Marks the school's rule expects for the lessons held («мало отметок» below it). */
  expected: z.number(),
  lessons: z.number(),
  absences: z.number(),
  absenceShare: z.number(),
  risks: z.array(RiskSign),
});
export type ForecastView = z.infer<typeof ForecastView>;

export const ClassJournalInfo = z.object({
  classId: Id,
  className: z.string(),
  grade: z.number(),
  yearId: Id,
  yearName: z.string(),
  periodScheme: PeriodScheme,
  classTeacherName: z.string(),
  periods: z.array(PeriodView),
  currentPeriodId: z.string().optional(),
  subjects: z.array(z.object({ id: Id, name: z.string(), shortName: z.string(), teacherName: z.string() })),
  students: z.array(z.object({ id: Id, name: z.string(), enrolledOn: IsoDate, leftOn: IsoDate.optional() })),
  today: IsoDate,
});
export type ClassJournalInfo = z.infer<typeof ClassJournalInfo>;

export const GridLesson = z.object({
  id: Id,
  date: IsoDate,
  lessonNo: z.number(),
  topic: z.string(),
  type: LessonType,
  /** The school's weight of marks of this lesson type (what the forecast uses). */
  weight: z.number(),
  homework: z.string().optional(),
  homeworkDue: IsoDate.optional(),
  teacherName: z.string(),
  /** The reporting period of the lesson, if it falls in one. */
  periodId: z.string().optional(),
});
export type GridLesson = z.infer<typeof GridLesson>;

export const GridRow = z.object({
  studentId: Id,
  name: z.string(),
  enrolledOn: IsoDate,
  leftOn: IsoDate.optional(),
  /**
   * One cell per lesson, in the order of `lessons`: the marks joined by «/», then the attendance
   * mark after a space («5», «4/5», «н», «2 н»); empty when nothing is recorded.
   */
  cells: z.array(z.string()),
  /** Weighted average of the marks shown. */
  average: z.number().nullable(),
  /** The forecast for the current period. */
  forecast: ForecastView,
});
export type GridRow = z.infer<typeof GridRow>;

export const Grid = z.object({
  classId: Id,
  subjectId: Id,
  subjectName: z.string(),
  teacherName: z.string(),
  range: Range,
  forecastPeriod: PeriodView.optional(),
  periods: z.array(PeriodView),
  lessons: z.array(GridLesson),
  rows: z.array(GridRow),
});
export type Grid = z.infer<typeof Grid>;

export const StudentCard = z.object({
  studentId: Id,
  name: z.string(),
  classId: Id,
  className: z.string(),
  birthDate: IsoDate,
  enrolledOn: IsoDate,
  leftOn: IsoDate.optional(),
  range: Range,
  rangeName: z.string(),
  subjects: z.array(
    z.object({
      subjectId: Id,
      name: z.string(),
      teacherName: z.string(),
      marks: z.array(z.object({ date: IsoDate, value: z.number(), weight: z.number(), type: LessonType, topic: z.string() })),
      forecast: ForecastView,
    }),
  ),
  absences: z.array(z.object({ date: IsoDate, lessonNo: z.number(), subjectName: z.string(), topic: z.string(), kind: AttendanceKind })),
  homework: z.array(z.object({ date: IsoDate, subjectName: z.string(), text: z.string(), due: IsoDate.optional() })),
  recommendations: z.array(z.object({ date: IsoDate, subjectName: z.string(), teacherName: z.string(), text: z.string() })),
});
export type StudentCard = z.infer<typeof StudentCard>;

export const TIMETABLE_CHANGE_KINDS = ['substitution', 'moved_out', 'moved_in', 'cancelled'] as const;
export const TimetableLessonView = z.object({
  lessonNo: z.number(),
  subjectName: z.string(),
  teacherName: z.string(),
  room: z.string(),
  change: z.enum(TIMETABLE_CHANGE_KINDS).optional(),
  /** For a substitution: the teacher in the timetable. */
  plannedTeacherName: z.string().optional(),
  /** The same in the genitive, for «вместо Ефремова Д. В.». */
  plannedTeacherNameGenitive: z.string().optional(),
  /** For a moved lesson: the other end of the move. */
  movedDate: IsoDate.optional(),
  movedLessonNo: z.number().optional(),
  note: z.string().optional(),
});
export type TimetableLessonView = z.infer<typeof TimetableLessonView>;

export const WeekTimetable = z.object({
  classId: Id,
  monday: IsoDate,
  days: z.array(z.object({ date: IsoDate, weekday: z.number(), holiday: z.string().optional(), lessons: z.array(TimetableLessonView) })),
});
export type WeekTimetable = z.infer<typeof WeekTimetable>;

export const TestView = z.object({ id: Id, date: IsoDate, subjectName: z.string(), kind: LessonType, topic: z.string() });
export type TestView = z.infer<typeof TestView>;

export const HolidayView = z.object({ id: Id, name: z.string(), start: IsoDate, end: IsoDate, days: z.number() });
export type HolidayView = z.infer<typeof HolidayView>;

export const ClassTeachers = z.object({
  classTeacher: z.object({ id: Id, name: z.string(), position: z.string().optional() }).optional(),
  items: z.array(
    z.object({
      subjectId: Id,
      subjectName: z.string(),
      teacherId: Id,
      teacherName: z.string(),
      position: z.string().optional(),
      hoursPerYear: z.number().optional(),
    }),
  ),
});
export type ClassTeachers = z.infer<typeof ClassTeachers>;

export const ClassForecast = z.object({
  classId: Id,
  className: z.string(),
  period: PeriodView,
  asOf: IsoDate,
  subjects: z.array(z.object({ id: Id, name: z.string(), shortName: z.string() })),
  rows: z.array(z.object({ studentId: Id, name: z.string(), forecasts: z.array(ForecastView) })),
});
export type ClassForecast = z.infer<typeof ClassForecast>;

export const RiskItem = z.object({
  classId: Id,
  className: z.string(),
  periodName: z.string(),
  studentId: Id,
  studentName: z.string(),
  subjectId: Id,
  subjectName: z.string(),
  forecast: ForecastView,
});
export type RiskItem = z.infer<typeof RiskItem>;

export const MissedLesson = z.object({
  date: IsoDate,
  lessonNo: z.number(),
  subjectId: Id,
  subjectName: z.string(),
  topic: z.string(),
  kind: AttendanceKind,
});
export type MissedLesson = z.infer<typeof MissedLesson>;

export const UnsatisfactoryMark = z.object({
  date: IsoDate,
  subjectId: Id,
  subjectName: z.string(),
  topic: z.string(),
  type: LessonType,
  value: z.number(),
});
export type UnsatisfactoryMark = z.infer<typeof UnsatisfactoryMark>;

export const StudentReport = z.object({
  studentId: Id,
  name: z.string(),
  className: z.string(),
  range: Range,
  missed: z.array(MissedLesson),
  unsatisfactory: z.array(UnsatisfactoryMark),
});
export type StudentReport = z.infer<typeof StudentReport>;

const ClassInput = z.object({ classId: Id });
const optionalRange = { from: IsoDate.optional(), to: IsoDate.optional() };

export const journal = {
  classInfo: method({ title: 'Журнал класса: периоды, предметы, ученики', access: JOURNAL_READERS, input: ClassInput, output: ClassJournalInfo }),
  grid: method({
    title: 'Журнал: отметки класса по предмету',
    access: JOURNAL_READERS,
    input: z.object({ classId: Id, subjectId: Id, periodId: z.string().max(80).optional() }),
    output: Grid,
  }),
  studentCard: method({
    title: 'Карточка ученика',
    access: JOURNAL_READERS,
    input: z.object({ classId: Id, studentId: Id, periodId: z.string().max(80).optional() }),
    output: StudentCard,
  }),
  timetable: method({
    title: 'Расписание класса на неделю',
    access: JOURNAL_READERS,
    input: z.object({ classId: Id, weekOf: IsoDate }),
    output: WeekTimetable,
  }),
  tests: method({ title: 'График контрольных работ', access: JOURNAL_READERS, input: z.object({ classId: Id, ...optionalRange }), output: z.array(TestView) }),
  holidays: method({ title: 'Каникулы и праздники', access: JOURNAL_READERS, input: ClassInput, output: z.array(HolidayView) }),
  teachers: method({ title: 'Учителя класса', access: JOURNAL_READERS, input: ClassInput, output: ClassTeachers }),
  forecast: method({
    title: 'Прогноз итоговых отметок класса',
    access: JOURNAL_READERS,
    input: z.object({ classId: Id, periodId: z.string().max(80).optional() }),
    output: ClassForecast,
  }),
  atRisk: method({
    title: 'Ученики в зоне риска',
    access: JOURNAL_READERS,
    progress: true,
    input: z.object({ classId: Id.optional(), periodId: z.string().max(80).optional() }),
    output: z.array(RiskItem),
  }),
  atRiskExport: method({
    title: 'Ученики в зоне риска: выгрузка (XLSX, PDF)',
    access: JOURNAL_READERS,
    progress: true,
    input: z.object({ classId: Id.optional(), periodId: z.string().max(80).optional(), categories: z.array(RiskSign).max(RISK_SIGNS.length).optional(), format: z.enum(['pdf', 'xlsx']) }),
    output: ExportedFile,
  }),
  studentReport: method({
    title: 'Пропуски и неудовлетворительные отметки ученика',
    access: JOURNAL_READERS,
    input: z.object({ classId: Id, studentId: Id, from: IsoDate, to: IsoDate }),
    output: StudentReport,
  }),
  studentReportPdf: method({
    title: 'Печать: пропуски и неудовлетворительные отметки ученика',
    access: JOURNAL_READERS,
    input: z.object({ classId: Id, studentId: Id, from: IsoDate, to: IsoDate }),
    output: ExportedFile,
  }),
};
