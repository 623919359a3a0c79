import type { Grid, GridLesson, GridRow, PeriodView } from '../../contract/groups/journal.js';
import type { Student } from '../../contract/entities/people.js';
import type { Period } from '../../contract/entities/school.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName } from '../../contract/text/format.js';
import { inRange, type DateRange } from './calendarDays.js';
import { subjectName, teacherName, type ClassContext } from './classContext.js';
import { subjectForecasts, typeWeight, weightedAverage, type ForecastRules } from './forecast.js';
import { indexJournal, type JournalLike } from './journalIndex.js';
import { activeDuring, periodOn } from './periods.js';

/**
 * The journal page of a class in a subject: one column per lesson in date order (topic, type and
 * weight in its header), one row per student, marks and attendance marks in the cells, the
 * average of the marks shown and the forecast of the current period.
 */

export function periodView(p: Period): PeriodView {
  return { id: p.id, index: p.index, name: p.name, start: p.start, end: p.end };
}

/** Students of the class who were in it during the range, in the order of the class list. */
export function classList(students: readonly Student[], range: DateRange): Student[] {
  return students.filter((s) => activeDuring(s, range)).sort((a, b) => compareRu(fullName(a), fullName(b)) || (a.id < b.id ? -1 : 1));
}

export interface GridArgs {
  journal: JournalLike;
  ctx: ClassContext;
  subjectId: string;
  students: readonly Student[];
  range: DateRange;
  /** The period the forecast column is about. */
  forecastPeriod?: Period | undefined;
  asOf: string;
  rules: ForecastRules;
}

export function buildGrid(a: GridArgs): Grid {
  const ix = indexJournal(a.journal);
  const all = ix.lessonsBySubject.get(a.subjectId) ?? [];
  const lessons = all.filter((l) => inRange(l.date, a.range));
  const column = new Map<string, number>();
  const gridLessons: GridLesson[] = lessons.map((l, i) => {
    column.set(l.id, i);
    const p = periodOn(a.ctx.periods, l.date);
    return {
      id: l.id,
      date: l.date,
      lessonNo: l.lessonNo,
      topic: l.topic,
      type: l.type,
      weight: typeWeight(a.rules, l.type),
      ...(l.homework ? { homework: l.homework } : {}),
      ...(l.homeworkDue ? { homeworkDue: l.homeworkDue } : {}),
      teacherName: teacherName(a.ctx, l.teacherId),
      ...(p ? { periodId: p.id } : {}),
    };
  });

  const students = classList(a.students, a.range);
  const rowOf = new Map(students.map((s, i) => [s.id, i]));
  const marks: string[][] = students.map(() => new Array<string>(lessons.length).fill(''));
  const absent: string[][] = students.map(() => new Array<string>(lessons.length).fill(''));
  const sums = students.map(() => ({ values: [] as { value: number; weight: number }[] }));
  for (const l of lessons) {
    const col = column.get(l.id)!;
    const w = typeWeight(a.rules, l.type);
    for (const m of ix.marksByLesson.get(l.id) ?? []) {
      const r = rowOf.get(m.studentId);
      if (r === undefined) continue;
      const row = marks[r]!;
      row[col] = row[col] ? `${row[col]}/${m.value}` : String(m.value);
      sums[r]!.values.push({ value: m.value, weight: w });
    }
    for (const at of ix.attendanceByLesson.get(l.id) ?? []) {
      const r = rowOf.get(at.studentId);
      if (r !== undefined) absent[r]![col] = at.kind;
    }
  }

  const fp = a.forecastPeriod;
  const forecasts = subjectForecasts(a.journal, students, a.subjectId, { range: fp ?? a.range, asOf: a.asOf }, a.rules);
  const rows: GridRow[] = students.map((s, r) => ({
    studentId: s.id,
    name: fullName(s),
    enrolledOn: s.enrolledOn,
    ...(s.leftOn ? { leftOn: s.leftOn } : {}),
    cells: marks[r]!.map((m, c) => {
      const k = absent[r]![c]!;
      return m && k ? `${m} ${k}` : m || k;
    }),
    average: weightedAverage(sums[r]!.values),
    forecast: forecasts.get(s.id)!,
  }));

  return {
    classId: a.ctx.cls.id,
    subjectId: a.subjectId,
    subjectName: subjectName(a.ctx, a.subjectId),
    teacherName: teacherName(a.ctx, a.ctx.subjectTeacher.get(a.subjectId)),
    range: { start: a.range.start, end: a.range.end },
    ...(fp ? { forecastPeriod: periodView(fp) } : {}),
    periods: a.ctx.periods.map(periodView),
    lessons: gridLessons,
    rows,
  };
}
