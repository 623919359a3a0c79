import { AppError } from '../../contract/errors.js';
import type { journal, RiskItem } from '../../contract/groups/journal.js';
import type { Student } from '../../contract/entities/people.js';
import { fullName, ruDateTime, shortName } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import type { DateRange } from '../journal/calendarDays.js';
import { findStudent, gradedSubjects, loadClass, resolvePeriod, yearRange, type LoadedClass } from '../journal/loadClass.js';
import { riskDoc, riskFileName, riskList } from '../journal/atRisk.js';
import { classForecasts } from '../journal/forecast.js';
import { reportPdf } from '../stats/export/reportPdf.js';
import { reportXlsx } from '../stats/export/reportXlsx.js';
import { buildGrid, classList, periodView } from '../journal/grid.js';
import { currentPeriod } from '../journal/periods.js';
import { studentReportFileName, studentReportPdf } from '../journal/print/studentReportPdf.js';
import { buildStudentCard, missedLessons, unsatisfactoryMarks } from '../journal/studentReports.js';
import { classTeachers } from '../journal/teachers.js';
import { holidayViews, weekTimetable } from '../journal/timetable.js';
import type { JournalData } from '../store/schema.js';
import { isoDay } from '../util/dates.js';
import { toBase64 } from '../pdf/document.js';

export function journalHandlers(core: Core): GroupHandlers<typeof journal> {
  return {
    classInfo: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, today } = loaded;
      // The page asks for the grid next (and most tabs read the journal): its partition starts
      // loading now, so its read overlaps this answer's trip and the page's first render; the
      // store shares one read between concurrent readers. A failure is the grid call's to report.
      loaded.journal().catch(() => undefined);
      const ct = cc.cls.classTeacherId ? cc.teacherById.get(cc.cls.classTeacherId) : undefined;
      const current = currentPeriod(cc.periods, today);
      return {
        classId: cc.cls.id,
        className: cc.cls.name,
        grade: cc.cls.grade,
        yearId: cc.year.id,
        yearName: cc.year.name,
        periodScheme: cc.cls.periodScheme,
        classTeacherName: ct ? fullName(ct) : '',
        periods: cc.periods.map(periodView),
        ...(current ? { currentPeriodId: current.id } : {}),
        subjects: cc.subjects.map((s) => {
          const t = cc.teacherById.get(cc.subjectTeacher.get(s.id) ?? '');
          return { id: s.id, name: s.name, shortName: s.shortName, teacherName: t ? shortName(t) : '' };
        }),
        students: classList(data.students, yearRange(cc)).map((s) => ({
          id: s.id,
          name: fullName(s),
          enrolledOn: s.enrolledOn,
          ...(s.leftOn ? { leftOn: s.leftOn } : {}),
        })),
        today,
      };
    },

    grid: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, today, school } = loaded;
      const { range } = resolvePeriod(cc, input.periodId ?? 'year', today);
      return buildGrid({
        journal: await loaded.journal(),
        ctx: cc,
        subjectId: input.subjectId,
        students: data.students,
        range,
        forecastPeriod: input.periodId && input.periodId !== 'year' ? cc.periods.find((p) => p.id === input.periodId) : currentPeriod(cc.periods, today),
        asOf: today,
        rules: school.settings.forecast,
      });
    },

    studentCard: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, today, school } = loaded;
      const student = findStudent(data, input.studentId);
      const { range, name } = resolvePeriod(cc, input.periodId, today);
      return buildStudentCard({
        journal: await loaded.journal(),
        ctx: cc,
        student,
        recommendations: data.recommendations,
        range,
        rangeName: name,
        asOf: today,
        rules: school.settings.forecast,
      });
    },

    timetable: async (input, ctx) => {
      const { cc, school } = await loadClass(core, ctx, input.classId);
      return weekTimetable({ ctx: cc, weekOf: input.weekOf, slots: school.timetable, changes: school.timetableChanges, holidays: school.holidays });
    },

    tests: async (input, ctx) => {
      const { cc, school } = await loadClass(core, ctx, input.classId);
      return school.tests
        .filter((t) => t.classId === cc.cls.id && (!input.from || t.date >= input.from) && (!input.to || t.date <= input.to))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        .map((t) => ({ id: t.id, date: t.date, subjectName: cc.subjectById.get(t.subjectId)?.name ?? t.subjectId, kind: t.kind, topic: t.topic }));
    },

    holidays: async (input, ctx) => {
      const { cc, school } = await loadClass(core, ctx, input.classId);
      return holidayViews(school.holidays, cc.cls.grade);
    },

    teachers: async (input, ctx) => {
      const { cc, school } = await loadClass(core, ctx, input.classId);
      return classTeachers(cc, school.curriculum);
    },

    forecast: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, today, school } = loaded;
      const { period } = resolvePeriod(cc, input.periodId, today);
      if (!period) throw new AppError('not_found', 'У класса нет отчётных периодов: прогноз не строится.');
      const journalData = await loaded.journal();
      const subjects = await gradedSubjects(core, cc);
      const students = classList(data.students, period);
      const f = classForecasts(journalData, students, subjects.map((s) => s.id), { range: period, asOf: today }, school.settings.forecast);
      return {
        classId: cc.cls.id,
        className: cc.cls.name,
        period: periodView(period),
        asOf: today < period.end ? today : period.end,
        subjects: subjects.map((s) => ({ id: s.id, name: s.name, shortName: s.shortName })),
        rows: students.map((s) => ({ studentId: s.id, name: fullName(s), forecasts: subjects.map((subj) => f.get(s.id)!.get(subj.id)!) })),
      };
    },

    atRisk: async (input, ctx) => riskList(await collectRisks(core, ctx, input)),

    atRiskExport: async (input, ctx) => {
      const items = riskList(await collectRisks(core, ctx, input), input.categories);
      const school = await core.store.school();
      const cls = input.classId ? school.classes.find((c) => c.id === input.classId) : undefined;
      const scope = cls ? `${cls.name} класс` : 'все доступные классы';
      const asOf = isoDay(ctx.now);
      const doc = riskDoc(items, {
        schoolName: school.school.name,
        scope,
        asOf,
        generated: `Сформирован ${ruDateTime(ctx.now.toISOString())}, ${shortName(ctx.user.name)}`,
        rules: school.settings.forecast,
        categories: input.categories ?? [],
      });
      const bytes = input.format === 'pdf' ? reportPdf(doc) : await reportXlsx(doc);
      await core.record(ctx, {
        action: 'journal.atRiskExport',
        recordIds: [input.classId ?? 'school'],
        details: { format: input.format, rows: items.length, ...(input.categories?.length ? { categories: input.categories.join(',') } : {}) },
      });
      return {
        name: riskFileName(cls?.name ?? 'все классы', asOf, input.format),
        mime: input.format === 'pdf' ? ('application/pdf' as const) : ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const),
        base64: toBase64(bytes),
      };
    },

    studentReport: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const student = findStudent(loaded.data, input.studentId);
      return buildReport(loaded, student, { start: input.from, end: input.to }, await loaded.journal());
    },

    studentReportPdf: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const student = findStudent(loaded.data, input.studentId);
      const report = buildReport(loaded, student, { start: input.from, end: input.to }, await loaded.journal());
      const ct = loaded.cc.cls.classTeacherId ? loaded.cc.teacherById.get(loaded.cc.cls.classTeacherId) : undefined;
      const bytes = studentReportPdf(report, { schoolName: loaded.school.school.name, classTeacherName: ct ? shortName(ct) : '', issuedOn: loaded.today });
      await core.record(ctx, { action: 'journal.studentReportPdf', recordIds: [student.id], details: { from: input.from, to: input.to } });
      return { name: studentReportFileName(report), mime: 'application/pdf' as const, base64: toBase64(bytes) };
    },
  };
}

/** Rows with a sign of risk in a class (or every class the user sees, each in its current period). */
async function collectRisks(core: Core, ctx: AuthedContext, input: { classId?: string | undefined; periodId?: string | undefined }): Promise<RiskItem[]> {
  const school = await core.store.school();
  const classIds = input.classId ? [input.classId] : school.classes.filter((c) => core.canSeeClass(ctx.user, c.id)).map((c) => c.id);
  const out: RiskItem[] = [];
  let done = 0;
  for (const classId of classIds) {
    const loaded = await loadClass(core, ctx, classId);
    const { cc, data, today } = loaded;
    const { period } = resolvePeriod(cc, input.classId ? input.periodId : undefined, today);
    ctx.progress({ done: ++done, total: classIds.length, label: cc.cls.name });
    if (!period) continue;
    const journalData = await loaded.journal();
    const subjects = await gradedSubjects(core, cc);
    const students = classList(data.students, period);
    const f = classForecasts(journalData, students, subjects.map((s) => s.id), { range: period, asOf: today }, school.settings.forecast);
    for (const s of students) {
      for (const subj of subjects) {
        const fc = f.get(s.id)!.get(subj.id)!;
        if (fc.risks.length === 0) continue;
        out.push({ classId, className: cc.cls.name, periodName: period.name, studentId: s.id, studentName: fullName(s), subjectId: subj.id, subjectName: subj.name, forecast: fc });
      }
    }
  }
  return out;
}

function buildReport(loaded: LoadedClass, student: Student, range: DateRange, journalData: JournalData) {
  if (range.end < range.start) throw new AppError('validation', 'Дата окончания периода раньше даты начала. Проверьте даты.', [{ path: 'to', message: 'Раньше даты начала' }]);
  return {
    studentId: student.id,
    name: fullName(student),
    className: loaded.cc.cls.name,
    range,
    missed: missedLessons(journalData, student.id, range, loaded.cc),
    unsatisfactory: unsatisfactoryMarks(journalData, student.id, range, loaded.cc),
  };
}
