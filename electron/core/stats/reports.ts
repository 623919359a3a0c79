import { AppError } from '../../contract/errors.js';
import type {
  ClassStats,
  FinalsReport,
  FulfilmentReport,
  FulfilmentRow,
  LessonTypeRow,
  LessonTypesReport,
  Overview,
  RegulationsReport,
  ResultsReport,
  StatsPeriod,
  StudentStats,
  TrendPoint,
} from '../../contract/groups/stats.js';
import { STUDENT_CATEGORIES } from '../../contract/groups/stats.js';
import { fullName } from '../../contract/text/format.js';
import { localDayOf } from './days.js';
import { minDate } from '../journal/calendarDays.js';
import { yearKey, type FinalColumn } from '../journal/periods.js';
import { studentNote, studentRows, studentSubjects } from './classDetail.js';
import { defaultPeriod, previousPeriod, trendColumns } from './columns.js';
import { addFinals, classFinals, emptyFinalsCounts } from './finalsStats.js';
import { addStudents, emptyStudentCounts, groupFiguresOf, sumDistributions } from './formulas.js';
import { behindFirst, classFulfilment, classLessonTypes, lessonCalendar, totalOf, type FulfilmentInput, type LessonCalendar } from './fulfilment.js';
import { addRegulations, classRegulations, emptyRegulationCounts } from './regulations.js';
import { classColumnResult, resultRows, type ClassColumnResult } from './results.js';
import { remember } from './memo.js';
import { columnOf, otherScheme, type StatsClass, type StatsSource } from './source.js';

/**
 * The reports of the statistics, each a pure function of the loaded source (school file, class
 * partitions, journal aggregates) and the day of the report.
 */

export const DEFAULT_DAYS = 14;
/** A class × subject this many lessons behind plan counts as behind on the overview. */
export const BEHIND_FROM = 3;

export function pickPeriod(src: StatsSource, key: string | undefined): StatsPeriod {
  if (key) {
    const p = src.columns.find((c) => c.key === key);
    if (!p) throw new AppError('not_found', 'Такого периода нет. Выберите период из списка.');
    return p;
  }
  const p = defaultPeriod(src.columns, src.asOf);
  if (!p) throw new AppError('not_found', 'В школе нет классов с учебными периодами: статистику считать не из чего.');
  return p;
}

function subjectOrder(src: StatsSource): string[] {
  return src.school.subjects.map((s) => s.id);
}

function columnResults(src: StatsSource, key: string): ClassColumnResult[] {
  const out: ClassColumnResult[] = [];
  for (const c of src.classes) {
    const col = columnOf(c, key);
    if (col) out.push(remember(c.data, src.school, `results|${key}|${c.key}`, () => classColumnResult(c, col)));
  }
  return out;
}

export function resultsReport(src: StatsSource, key?: string): ResultsReport {
  const period = pickPeriod(src, key);
  const previous = previousPeriod(src.columns, src.school.periods, period);
  const rows = resultRows(columnResults(src, period.key), src.school.settings.sou, subjectOrder(src), previous ? columnResults(src, previous.key) : undefined);
  return {
    asOf: src.asOf,
    period,
    ...(previous ? { previous } : {}),
    weights: src.school.settings.sou,
    ...rows,
    otherScheme: otherScheme(src, period.key),
  };
}

/** Fulfilment and lesson types are about lessons: exams and final marks fall back to the year. */
function lessonColumn(c: StatsClass, period: StatsPeriod): FinalColumn | undefined {
  if (period.kind === 'exam' || period.kind === 'final' || period.kind === 'year') return columnOf(c, yearKey(c.cc.year.id));
  return columnOf(c, period.key);
}

const calendars = new WeakMap<StatsClass, LessonCalendar>();

function fulfilmentInput(src: StatsSource, c: StatsClass): FulfilmentInput {
  let calendar = calendars.get(c);
  if (!calendar) calendars.set(c, (calendar = lessonCalendar(c.cc, src.school.timetable, src.school.holidays)));
  return { cc: c.cc, lessons: c.agg.subjects, curriculum: src.school.curriculum, calendar };
}

function lessonPeriod(src: StatsSource, key: string | undefined): StatsPeriod {
  const period = pickPeriod(src, key);
  if (period.kind === 'period' || period.kind === 'year') return period;
  return src.columns.find((c) => c.kind === 'year') ?? period;
}

export function fulfilmentRows(src: StatsSource, period: StatsPeriod): FulfilmentRow[] {
  const rows: FulfilmentRow[] = [];
  for (const c of src.classes) {
    const col = lessonColumn(c, period);
    if (col) rows.push(...classFulfilment(fulfilmentInput(src, c), col, src.asOf));
  }
  return rows;
}

export function fulfilmentReport(src: StatsSource, key?: string): FulfilmentReport {
  const period = lessonPeriod(src, key);
  const rows = fulfilmentRows(src, period);
  const byClass = src.classes
    .filter((c) => rows.some((r) => r.classId === c.cc.cls.id))
    .map((c) => ({ ...totalOf(c.cc.cls.id, c.cc.cls.name, rows.filter((r) => r.classId === c.cc.cls.id)), classId: c.cc.cls.id, grade: c.cc.cls.grade }));
  const subjects = src.school.subjects.filter((s) => rows.some((r) => r.subjectId === s.id));
  const bySubject = subjects.map((s) => ({ ...totalOf(s.id, s.name, rows.filter((r) => r.subjectId === s.id)), subjectId: s.id }));
  return {
    asOf: src.asOf,
    period,
    rows: behindFirst(rows),
    byClass,
    bySubject,
    school: totalOf('school', 'Школа', rows),
    otherScheme: period.kind === 'period' ? otherScheme(src, period.key) : [],
  };
}

export function lessonTypesReport(src: StatsSource, key?: string): LessonTypesReport {
  const period = lessonPeriod(src, key);
  const rows: LessonTypeRow[] = [];
  for (const c of src.classes) {
    const col = lessonColumn(c, period);
    if (col) rows.push(...classLessonTypes(fulfilmentInput(src, c), col, src.asOf));
  }
  const byType = new Map<LessonTypeRow['type'], { type: LessonTypeRow['type']; held: number; planYear: number; planToDate: number }>();
  for (const r of rows) {
    let t = byType.get(r.type);
    if (!t) byType.set(r.type, (t = { type: r.type, held: 0, planYear: 0, planToDate: 0 }));
    t.held += r.held;
    t.planYear += r.planYear ?? 0;
    t.planToDate += r.planToDate ?? 0;
  }
  return { asOf: src.asOf, period, rows, byType: [...byType.values()], otherScheme: period.kind === 'period' ? otherScheme(src, period.key) : [] };
}

export function finalsReport(src: StatsSource, key?: string, dayOf: (ts: string) => string = localDayOf()): FinalsReport {
  const period = pickPeriod(src, key);
  const school = emptyFinalsCounts();
  const classes: FinalsReport['classes'] = [];
  const items: FinalsReport['items'] = [];
  for (const c of src.classes) {
    const col = columnOf(c, period.key);
    if (!col) continue;
    const deadline = src.school.settings.finalMarkDeadlineDays;
    const r = remember(c.data, src.school, `finals|${period.key}|${src.asOf}|${deadline}|${c.key}`, () => classFinals(c, col, src.asOf, deadline, dayOf));
    classes.push(r.row);
    items.push(...r.items);
    addFinals(school, r.row);
  }
  return { asOf: src.asOf, period, deadlineDays: src.school.settings.finalMarkDeadlineDays, classes, school, items, otherScheme: otherScheme(src, period.key) };
}

export function regulationsReport(src: StatsSource, key?: string, days = DEFAULT_DAYS, dayOf: (ts: string) => string = localDayOf()): RegulationsReport {
  const period = pickPeriod(src, key);
  const start = period.start <= src.asOf ? period.start : src.asOf;
  const end = minDate(period.end, src.asOf);
  const school = emptyRegulationCounts();
  const classes: RegulationsReport['classes'] = [];
  const notViewed: RegulationsReport['notViewed'] = [];
  const paper: RegulationsReport['paper'] = [];
  for (const c of src.classes) {
    const r = remember(c.data, src.school, `regulations|${src.asOf}|${start}|${end}|${days}`, () => classRegulations(c.data, c.cc.cls, { asOf: src.asOf, paper: { start, end }, holidays: src.school.holidays, days, dayOf }));
    classes.push(r.row);
    notViewed.push(...r.notViewed);
    paper.push(...r.paper);
    addRegulations(school, r.row);
  }
  return { asOf: src.asOf, range: { start, end }, period, days, classes, school, notViewed, paper };
}

export function trendOf(src: StatsSource, period: StatsPeriod): TrendPoint[] {
  const out: TrendPoint[] = [];
  for (const p of trendColumns(src.columns, period)) {
    // A period still going on has few final marks yet: its figures would mislead.
    if (!p.ended) continue;
    const results = columnResults(src, p.key);
    const d = sumDistributions(results.flatMap((r) => [...r.bySubject.values()]));
    const students = emptyStudentCounts();
    for (const r of results) if (r.bySubject.size > 0) addStudents(students, r.students);
    if (students.N === 0) continue;
    out.push({ key: p.key, title: p.title, figures: groupFiguresOf(students, d, src.school.settings.sou), N: students.N });
  }
  return out;
}

export function overview(src: StatsSource, key?: string, days = DEFAULT_DAYS, dayOf: (ts: string) => string = localDayOf()): Overview {
  const results = resultsReport(src, key);
  const year = src.columns.find((c) => c.kind === 'year');
  const fulfil = fulfilmentReport(src, year?.key ?? results.period.key);
  const finals = finalsReport(src, results.period.key, dayOf);
  const regs = regulationsReport(src, results.period.key, days, dayOf);
  return {
    asOf: src.asOf,
    schoolName: src.school.school.shortName,
    period: results.period,
    periods: src.columns,
    ...(results.previous ? { previous: results.previous } : {}),
    weights: results.weights,
    results: results.school,
    byClass: results.classes,
    trend: trendOf(src, results.period),
    fulfilment: fulfil.school,
    fulfilmentBySubject: fulfil.bySubject,
    behindRows: fulfil.rows.filter((r) => r.hoursPerYear !== null && r.lag >= BEHIND_FROM).length,
    finals: finals.school,
    regulations: regs.school,
    days,
    otherScheme: results.otherScheme,
  };
}

function classOf(src: StatsSource, classId: string): StatsClass {
  const c = src.classes.find((x) => x.cc.cls.id === classId);
  if (!c) throw new AppError('not_found', 'Класс не найден. Обновите страницу.');
  return c;
}

/** The period for one class: the asked one if the class has it, else the class's own default. */
function classPeriod(src: StatsSource, c: StatsClass, key: string | undefined): { period: StatsPeriod; col: FinalColumn; periods: StatsPeriod[] } {
  const periods = src.columns.filter((p) => columnOf(c, p.key));
  const wanted = key ? periods.find((p) => p.key === key) : undefined;
  const period = wanted ?? defaultPeriod(periods, src.asOf);
  const col = period ? columnOf(c, period.key) : undefined;
  if (!period || !col) throw new AppError('not_found', 'У класса нет учебных периодов.');
  return { period, col, periods };
}

export function classStats(src: StatsSource, classId: string, key?: string): ClassStats {
  const c = classOf(src, classId);
  const { period, col, periods } = classPeriod(src, c, key);
  const prevPeriod = previousPeriod(src.columns, src.school.periods, period);
  const prevCol = prevPeriod ? columnOf(c, prevPeriod.key) : undefined;
  const result = classColumnResult(c, col, true);
  const rows = resultRows([result], src.school.settings.sou, subjectOrder(src), prevCol ? [classColumnResult(c, prevCol)] : undefined);
  const students = studentRows(result);
  const categories = Object.fromEntries(STUDENT_CATEGORIES.map((k) => [k, students.filter((s) => s.category === k).length])) as ClassStats['categories'];
  const lesson = col.kind === 'period' ? col : columnOf(c, yearKey(c.cc.year.id))!;
  const ct = c.cc.cls.classTeacherId ? c.cc.teacherById.get(c.cc.cls.classTeacherId) : undefined;
  return {
    asOf: src.asOf,
    period,
    periods,
    classId,
    className: c.cc.cls.name,
    grade: c.cc.cls.grade,
    classTeacherName: ct ? fullName(ct) : '',
    result: rows.classes[0] ?? { ...rows.school, key: `c:${classId}`, level: 'class', label: c.cc.cls.name, classId, className: c.cc.cls.name, grade: c.cc.cls.grade },
    subjects: rows.classSubjects,
    categories,
    students,
    fulfilment: behindFirst(classFulfilment(fulfilmentInput(src, c), lesson, src.asOf)),
  };
}

export function studentStats(src: StatsSource, classId: string, studentId: string, key?: string): StudentStats {
  const c = classOf(src, classId);
  const student = c.data.students.find((s) => s.id === studentId);
  if (!student) throw new AppError('not_found', 'Ученик не найден в этом классе.');
  const { period, col } = classPeriod(src, c, key);
  return {
    asOf: src.asOf,
    period,
    studentId,
    name: fullName(student),
    classId,
    className: c.cc.cls.name,
    note: studentNote(student, col),
    columns: c.columns.map((k) => ({ key: k.key, title: k.title, short: k.short })),
    subjects: studentSubjects(c, studentId, col, src.asOf, src.school.settings.finalMarkDeadlineDays),
  };
}
