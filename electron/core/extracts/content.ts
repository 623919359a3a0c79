import type { AttendanceKind, LessonType } from '../../contract/entities/common.js';
import type { Lesson } from '../../contract/entities/journal.js';
import type { Recommendation, Student } from '../../contract/entities/people.js';
import { EXTRACT_SECTIONS, type ExtractSection } from '../../contract/entities/settings.js';
import { RISK_LABELS, type WeekTimetable } from '../../contract/groups/journal.js';
import { fullName, shortName } from '../../contract/text/format.js';
import { addDays, inRange, maxDate, type DateRange } from '../journal/calendarDays.js';
import { subjectName, teacherName, type ClassContext } from '../journal/classContext.js';
import { studentForecasts, typeWeight, weightedAverage } from '../journal/forecast.js';
import { compareLessons, indexJournal, type JournalIndex, type JournalLike } from '../journal/journalIndex.js';
import { currentPeriod } from '../journal/periods.js';
import { missedLessons, unsatisfactoryMarks } from '../journal/studentReports.js';
import { classTeachers } from '../journal/teachers.js';
import { holidayViews, weekTimetable } from '../journal/timetable.js';
import type { SchoolData } from '../store/schema.js';

/**
 * The content of an extract: plain data, section by section, assembled from the journal replica
 * for one student and one period. It is what the PDF prints and what the verification code is a
 * hash of, so it depends only on the data and the extract's identity (period, issue date) — never
 * on the moment it is assembled.
 *
 * «Next week», «upcoming» and «holidays ahead» are counted from the anchor day: the later of the
 * period's end and the issue date.
 */

export const CONTENT_FORMAT = 1;

export interface MarkItem {
  date: string;
  lessonNo: number;
  value: number;
  type: LessonType;
  weight: number;
  topic: string;
}

export interface SubjectMarks {
  subjectId: string;
  subjectName: string;
  teacherName: string;
  /** Weighted average of the period's marks. */
  average: number | null;
  marks: MarkItem[];
}

export interface ForecastRow {
  subjectName: string;
  average: number | null;
  forecast: number | null;
  marks: number;
  lessons: number;
  absences: number;
  /** Russian labels of the risk signs. */
  risks: string[];
}

export interface ExtractContent {
  format: number;
  school: { name: string; address: string; phone: string };
  student: { id: string; name: string };
  className: string;
  period: DateRange;
  sections: ExtractSection[];
  /** Subjects with marks in the period; subjects without marks are listed by name. */
  marks?: { subjects: SubjectMarks[]; withoutMarks: string[] };
  forecast?: { periodName: string; period: DateRange; asOf: string; rows: ForecastRow[] } | { periodName: null };
  absences?: Array<{ date: string; lessonNo: number; subjectName: string; topic: string; kind: AttendanceKind }>;
  unsatisfactory?: Array<{ date: string; subjectName: string; value: number; type: LessonType; topic: string }>;
  homework?: { range: DateRange; items: Array<{ date: string; subjectName: string; text: string; due?: string }> };
  recommendations?: Array<{ date: string; subjectName: string; teacherName: string; text: string }>;
  timetable?: WeekTimetable;
  tests?: { range: DateRange; items: Array<{ date: string; subjectName: string; kind: LessonType; topic: string }> };
  holidays?: Array<{ name: string; start: string; end: string; days: number }>;
  teachers?: { classTeacher: string; items: Array<{ subjectName: string; teacherName: string }> };
  /** For the signature block. */
  classTeacherName: string;
  directorName: string;
}

export interface ExtractSpec {
  student: Student;
  period: DateRange;
  issuedOn: string;
  sections: readonly ExtractSection[];
}

/** What the content of a class's extracts is made from (the store's data, read-only). */
export interface ClassSource {
  school: Pick<SchoolData, 'school' | 'settings' | 'curriculum' | 'timetable' | 'timetableChanges' | 'holidays' | 'tests'>;
  cc: ClassContext;
  recommendations: readonly Recommendation[];
  journal: JournalLike;
}

/** The day «next week», «upcoming tests» and «holidays ahead» are counted from. */
export function anchorOf(period: DateRange, issuedOn: string): string {
  return maxDate(period.end, issuedOn);
}

/** Sections in the template's order, those switched on. */
export function templateSections(template: Partial<Record<ExtractSection, boolean>>): ExtractSection[] {
  return EXTRACT_SECTIONS.filter((s) => template[s] !== false);
}

/**
 * Assembles extracts of one class. What does not depend on the student (timetable, tests,
 * holidays, teachers, homework) is computed once per anchor and reused across the class.
 */
export class ClassExtracts {
  private readonly memo = new Map<string, unknown>();
  private readonly ix: JournalIndex;
  private readonly gradedIds: string[];
  private readonly homeworkLessons: Lesson[];

  constructor(private readonly src: ClassSource) {
    this.ix = indexJournal(src.journal);
    const ix = this.ix;
    this.gradedIds = src.cc.subjects.filter((s) => ix.gradedSubjects.has(s.id)).map((s) => s.id);
    this.homeworkLessons = src.journal.lessons.filter((l) => l.homework).sort(compareLessons);
  }

  private once<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
  }

  content(spec: ExtractSpec): ExtractContent {
    const { cc, school } = this.src;
    const sections = EXTRACT_SECTIONS.filter((s) => spec.sections.includes(s));
    const on = new Set(sections);
    const anchor = anchorOf(spec.period, spec.issuedOn);
    const classTeacher = cc.cls.classTeacherId ? cc.teacherById.get(cc.cls.classTeacherId) : undefined;
    const c: ExtractContent = {
      format: CONTENT_FORMAT,
      school: { name: school.school.name, address: school.school.address, phone: school.school.phone },
      student: { id: spec.student.id, name: fullName(spec.student) },
      className: cc.cls.name,
      period: { start: spec.period.start, end: spec.period.end },
      sections,
      classTeacherName: classTeacher ? shortName(classTeacher) : '',
      directorName: shortName(school.school.director),
    };
    if (on.has('marks')) c.marks = this.marks(spec.student.id, spec.period);
    if (on.has('forecast')) c.forecast = this.forecast(spec.student, spec.period);
    if (on.has('absences')) {
      c.absences = missedLessons(this.src.journal, spec.student.id, spec.period, cc).map((m) => ({
        date: m.date,
        lessonNo: m.lessonNo,
        subjectName: m.subjectName,
        topic: m.topic,
        kind: m.kind,
      }));
    }
    if (on.has('unsatisfactory')) {
      c.unsatisfactory = unsatisfactoryMarks(this.src.journal, spec.student.id, spec.period, cc).map((m) => ({
        date: m.date,
        subjectName: m.subjectName,
        value: m.value,
        type: m.type,
        topic: m.topic,
      }));
    }
    if (on.has('homework')) c.homework = this.homework(spec.period, anchor);
    if (on.has('recommendations')) {
      c.recommendations = this.src.recommendations
        .filter((r) => r.studentId === spec.student.id && inRange(r.date, spec.period))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))
        .map((r) => ({ date: r.date, subjectName: subjectName(cc, r.subjectId), teacherName: teacherName(cc, r.teacherId), text: r.text }));
    }
    if (on.has('timetable')) c.timetable = this.timetable(anchor);
    if (on.has('tests')) c.tests = this.tests(anchor);
    if (on.has('holidays')) c.holidays = this.holidays(spec.period.start);
    if (on.has('teachers')) c.teachers = this.teachers();
    return c;
  }

  private marks(studentId: string, period: DateRange): NonNullable<ExtractContent['marks']> {
    const { cc, school } = this.src;
    const rules = school.settings.forecast;
    const bySubject = new Map<string, { m: MarkItem; no: number }[]>();
    for (const m of this.ix.marksOf(studentId)) {
      const l = this.ix.lessonById.get(m.lessonId);
      if (!l || !inRange(l.date, period)) continue;
      const item: MarkItem = { date: l.date, lessonNo: l.lessonNo, value: m.value, type: l.type, weight: typeWeight(rules, l.type), topic: l.topic };
      const list = bySubject.get(l.subjectId);
      if (list) list.push({ m: item, no: l.lessonNo });
      else bySubject.set(l.subjectId, [{ m: item, no: l.lessonNo }]);
    }
    const subjects: SubjectMarks[] = [];
    const withoutMarks: string[] = [];
    for (const s of cc.subjects) {
      const list = bySubject.get(s.id);
      if (!list) {
        if (this.gradedIds.includes(s.id)) withoutMarks.push(s.name);
        continue;
      }
      list.sort((a, b) => (a.m.date < b.m.date ? -1 : a.m.date > b.m.date ? 1 : a.no - b.no || a.m.value - b.m.value));
      const marks = list.map((x) => x.m);
      subjects.push({
        subjectId: s.id,
        subjectName: s.name,
        teacherName: teacherName(cc, cc.subjectTeacher.get(s.id)),
        average: weightedAverage(marks.map((x) => ({ value: x.value, weight: x.weight }))),
        marks,
      });
    }
    return { subjects, withoutMarks };
  }

  private forecast(student: Student, period: DateRange): NonNullable<ExtractContent['forecast']> {
    const { cc, school } = this.src;
    const p = currentPeriod(cc.periods, period.end);
    if (!p) return { periodName: null };
    const range = { start: p.start, end: p.end };
    const asOf = period.end < p.end ? period.end : p.end;
    const f = studentForecasts(this.src.journal, student, this.gradedIds, { range, asOf }, school.settings.forecast);
    return {
      periodName: p.name,
      period: range,
      asOf,
      rows: this.gradedIds.map((id) => {
        const x = f.get(id)!;
        return {
          subjectName: subjectName(cc, id),
          average: x.average,
          forecast: x.forecast,
          marks: x.marks,
          lessons: x.lessons,
          absences: x.absences,
          risks: x.risks.map((r) => RISK_LABELS[r]),
        };
      }),
    };
  }

  /** Homework given in the period, and homework due from its start to the end of the next week. */
  private homework(period: DateRange, anchor: string): NonNullable<ExtractContent['homework']> {
    return this.once(`hw:${period.start}:${period.end}:${anchor}`, () => {
      const nextWeek = this.nextWeek(anchor);
      const dueRange = { start: period.start, end: nextWeek.end };
      const items = this.homeworkLessons
        .filter((l) => inRange(l.date, period) || (l.homeworkDue !== undefined && inRange(l.homeworkDue, dueRange) && l.date <= anchor))
        .map((l) => ({ date: l.date, subjectName: subjectName(this.src.cc, l.subjectId), text: l.homework!, ...(l.homeworkDue ? { due: l.homeworkDue } : {}) }));
      return { range: { start: period.start, end: nextWeek.end }, items };
    });
  }

  private nextWeek(anchor: string): DateRange {
    const t = this.timetable(anchor);
    return { start: t.monday, end: addDays(t.monday, 6) };
  }

  /** The timetable of the week after the anchor day, with its changes. */
  private timetable(anchor: string): WeekTimetable {
    return this.once(`tt:${anchor}`, () => {
      const { cc, school } = this.src;
      return weekTimetable({ ctx: cc, weekOf: addDays(anchor, 1), slots: school.timetable, changes: school.timetableChanges, holidays: school.holidays });
    });
  }

  /** Tests after the anchor day: to the end of the reporting period, and at least two weeks ahead. */
  private tests(anchor: string): NonNullable<ExtractContent['tests']> {
    return this.once(`tests:${anchor}`, () => {
      const { cc, school } = this.src;
      const start = addDays(anchor, 1);
      const p = currentPeriod(cc.periods, start);
      const end = maxDate(addDays(anchor, 14), p && p.end >= start ? p.end : start);
      const items = school.tests
        .filter((t) => t.classId === cc.cls.id && inRange(t.date, { start, end }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1))
        .map((t) => ({ date: t.date, subjectName: subjectName(cc, t.subjectId), kind: t.kind, topic: t.topic }));
      return { range: { start, end }, items };
    });
  }

  /** The school year's holidays that have not ended before the period. */
  private holidays(from: string): NonNullable<ExtractContent['holidays']> {
    return this.once(`hol:${from}`, () =>
      holidayViews(this.src.school.holidays, this.src.cc.cls.grade)
        .filter((h) => h.end >= from && h.start <= this.src.cc.year.end)
        .map((h) => ({ name: h.name, start: h.start, end: h.end, days: h.days })),
    );
  }

  private teachers(): NonNullable<ExtractContent['teachers']> {
    return this.once('teachers', () => {
      const t = classTeachers(this.src.cc, this.src.school.curriculum);
      return { classTeacher: t.classTeacher?.name ?? '', items: t.items.map((i) => ({ subjectName: i.subjectName, teacherName: i.teacherName })) };
    });
  }
}
