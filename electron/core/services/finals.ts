import { finalMarkInvalid } from '../auth/compromise.js';
import { AppError } from '../../contract/errors.js';
import { FINAL_MARK_EDITORS, type AttentionItem, type FinalCell, type finals } from '../../contract/groups/finals.js';
import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import { fullName, shortName } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { daysBetween } from '../journal/calendarDays.js';
import type { ClassContext } from '../journal/classContext.js';
import {
  checkFinalEntry,
  entryHistories,
  entryKey,
  finalMarkStatus,
  type FinalMarkStatus,
} from '../journal/finalMarks.js';
import { classForecasts } from '../journal/forecast.js';
import { classList } from '../journal/grid.js';
import { activeDuring, currentPeriod, examKey, finalColumns, finalKey, type FinalColumn } from '../journal/periods.js';
import { summarySheetFileName, summarySheetPdf } from '../journal/print/summarySheetPdf.js';
import { summarySheetXlsx } from '../journal/print/summarySheetXlsx.js';
import { buildSummarySheet, type SummarySheet } from '../journal/summarySheet.js';
import { toBase64 } from '../pdf/document.js';
import type { ClassData } from '../store/schema.js';
import { addMutation, reserveStamp } from '../sync/mutations.js';
import { newId } from '../util/ids.js';
import { gradedSubjects, loadClass, type LoadedClass } from './journal.js';

/** The kinds of pending mutations this group writes. */
export const FINAL_MARK_MUTATION = 'final_mark';
export const FINAL_MARK_PUBLISHED_MUTATION = 'final_mark_published';

/** Subjects of the summary sheet: those graded in the journal, and any with final marks. */
export async function sheetSubjects(core: Core, cc: ClassContext, entries: readonly FinalMarkEntry[]): Promise<ClassContext['subjects']> {
  const graded = new Set((await gradedSubjects(core, cc)).map((s) => s.id));
  for (const e of entries) graded.add(e.subjectId);
  return cc.subjects.filter((s) => graded.has(s.id));
}

/** The final-mark columns of a class (exam and final where the grade has them or marks exist). */
export function classColumns(cc: ClassContext, entries: readonly FinalMarkEntry[]): FinalColumn[] {
  return finalColumns(cc.periods, cc.year, {
    grade: cc.cls.grade,
    withExam: entries.some((e) => e.periodId === examKey(cc.year.id)),
    withFinal: entries.some((e) => e.periodId === finalKey(cc.year.id)),
  });
}

/** Days after a period's end during which its final marks are what the office is entering. */
export const FINALS_SEASON_DAYS = 14;

/**
 * The column shown first: a period that ended in the last two weeks (its final marks are being
 * set), else the current period; the year once the periods are over.
 */
export function defaultColumn(columns: readonly FinalColumn[], cc: ClassContext, today: string): FinalColumn {
  const lastEnd = cc.periods.at(-1)?.end;
  if (lastEnd && today > lastEnd) return columns.find((c) => c.kind === 'year') ?? columns[0]!;
  const justEnded = [...cc.periods].reverse().find((p) => p.end < today && daysBetween(p.end, today) <= FINALS_SEASON_DAYS);
  const p = justEnded ?? currentPeriod(cc.periods, today);
  return columns.find((c) => c.key === p?.id) ?? columns[0]!;
}

function toCell(subjectId: string, st: FinalMarkStatus, extra: { forecast?: number | null; inactive?: boolean } = {}): FinalCell {
  return {
    subjectId,
    state: st.state,
    value: st.value,
    ...(st.deferral ? { deferral: st.deferral } : {}),
    wasDeferred: st.wasDeferred,
    ...(st.lateness ? { lateness: st.lateness } : {}),
    ...(st.entry ? { entryId: st.entry.id, knownOn: st.entry.knownOn } : {}),
    ...(extra.forecast !== undefined ? { forecast: extra.forecast } : {}),
    ...(extra.inactive ? { inactive: true } : {}),
  };
}

export async function summarySheetOf(core: Core, loaded: LoadedClass): Promise<SummarySheet> {
  const { cc, data, school, today } = loaded;
  const ct = cc.cls.classTeacherId ? cc.teacherById.get(cc.cls.classTeacherId) : undefined;
  return buildSummarySheet({
    schoolName: school.school.name,
    className: cc.cls.name,
    grade: cc.cls.grade,
    year: cc.year,
    classTeacherName: ct ? fullName(ct) : '',
    periods: cc.periods,
    subjects: (await sheetSubjects(core, cc, data.finalMarks)).map((s) => ({ id: s.id, name: s.name, shortName: s.shortName })),
    students: data.students,
    entries: data.finalMarks,
    today,
    deadlineDays: school.settings.finalMarkDeadlineDays,
  });
}

/** What needs attention in a class: deferrals that came due, results late to reach the family, missing marks. */
export function attentionOf(cc: ClassContext, data: ClassData, subjects: ClassContext['subjects'], today: string, deadlineDays: number): AttentionItem[] {
  const columns = classColumns(cc, data.finalMarks);
  const histories = entryHistories(data.finalMarks);
  const out: AttentionItem[] = [];
  for (const col of columns) {
    for (const s of data.students) {
      if (!activeDuring(s, col)) continue;
      for (const subj of subjects) {
        const key = entryKey(s.id, subj.id, col.key);
        const history = histories.get(key);
        // Exam and final marks: only what was entered is checked (not every student sits every exam).
        if ((col.kind === 'exam' || col.kind === 'final') && !history) continue;
        const st = finalMarkStatus(key, history ?? [], col, today, deadlineDays);
        const base = {
          classId: cc.cls.id,
          className: cc.cls.name,
          studentId: s.id,
          studentName: fullName(s),
          subjectId: subj.id,
          subjectName: subj.name,
          periodKey: col.key,
          columnTitle: col.title,
          ...(st.entry ? { entryId: st.entry.id } : {}),
        };
        if (st.state === 'deferral_due' && st.deferral) out.push({ ...base, kind: 'deferral_due', date: st.deferral.dueOn, days: st.deferral.daysOverdue });
        else if (st.state === 'missing') out.push({ ...base, kind: 'missing', date: col.end, days: daysBetween(col.end, today) });
        else if (st.lateness?.late) {
          out.push({ ...base, kind: st.lateness.pending ? 'unpublished_late' : 'late', date: st.lateness.deadline, days: st.lateness.daysLate });
        }
      }
    }
  }
  return out;
}

function canEdit(core: Core, ctx: AuthedContext, classId: string): boolean {
  return (FINAL_MARK_EDITORS as readonly string[]).includes(ctx.user.role) && core.canSeeClass(ctx.user, classId);
}

export function finalsHandlers(core: Core): GroupHandlers<typeof finals> {
  return {
    board: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, school, today } = loaded;
      const columns = classColumns(cc, data.finalMarks);
      const column = input.periodKey ? columns.find((c) => c.key === input.periodKey) : defaultColumn(columns, cc, today);
      if (!column) throw new AppError('not_found', 'У класса нет такого периода. Выберите период из списка.');
      const subjects = await sheetSubjects(core, cc, data.finalMarks);
      const students = classList(data.students, column);
      const histories = entryHistories(data.finalMarks);
      const forecasts =
        column.kind === 'period'
          ? classForecasts(await loaded.journal(), students, subjects.map((s) => s.id), { range: column, asOf: today }, school.settings.forecast)
          : undefined;
      const deadlineDays = school.settings.finalMarkDeadlineDays;
      return {
        classId: cc.cls.id,
        className: cc.cls.name,
        columns,
        column,
        subjects: subjects.map((s) => ({ id: s.id, name: s.name, shortName: s.shortName })),
        rows: students.map((s) => ({
          studentId: s.id,
          name: fullName(s),
          note: s.leftOn ? `выбыл${s.gender === 'f' ? 'а' : ''} ${s.leftOn.split('-').reverse().join('.')}` : '',
          cells: subjects.map((subj) => {
            const key = entryKey(s.id, subj.id, column.key);
            const st = finalMarkStatus(key, histories.get(key) ?? [], column, today, deadlineDays);
            const f = forecasts?.get(s.id)?.get(subj.id);
            return toCell(subj.id, st, f ? { forecast: f.forecast } : {});
          }),
        })),
        deadlineDays,
        today,
        canEdit: canEdit(core, ctx, cc.cls.id),
      };
    },

    set: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, school, today } = loaded;
      const columns = classColumns(cc, data.finalMarks);
      const column = columns.find((c) => c.key === input.periodKey);
      const student = data.students.find((s) => s.id === input.studentId);
      const key = entryKey(input.studentId, input.subjectId, input.periodKey);
      const history = entryHistories(data.finalMarks).get(key) ?? [];
      const problems = checkFinalEntry(
        { studentId: input.studentId, subjectId: input.subjectId, periodKey: input.periodKey, value: input.value, deferral: input.deferral, knownOn: input.knownOn },
        { today, column, student, subjectIds: new Set(cc.subjects.map((s) => s.id)), current: history.at(-1) },
      );
      if (problems.length > 0) throw new AppError('validation', problems[0]!.message, problems);

      const stamp = await reserveStamp(core.store, ctx.now);
      const entry: FinalMarkEntry = {
        id: newId('fm'),
        studentId: input.studentId,
        subjectId: input.subjectId,
        periodId: input.periodKey,
        value: input.value,
        ...(input.deferral ? { deferral: { reason: input.deferral.reason.trim(), dueOn: input.deferral.dueOn } } : {}),
        knownOn: input.knownOn,
        enteredBy: ctx.user.id,
        enteredAt: ctx.now.toISOString(),
        hlc: stamp.hlc,
      };
      await core.store.updateClass(cc.cls.id, (d) => {
        d.finalMarks.push(entry);
        addMutation(d, stamp, { kind: FINAL_MARK_MUTATION, payload: entry, author: ctx.user.id, now: ctx.now });
      });
      await core.record(ctx, {
        action: 'finals.set',
        recordIds: [entry.id, input.studentId],
        details: { subjectId: input.subjectId, periodKey: input.periodKey, kind: input.deferral ? 'deferral' : input.value === null ? 'cleared' : 'mark' },
      });
      const st = finalMarkStatus(key, [...history, entry], column!, today, school.settings.finalMarkDeadlineDays);
      return toCell(input.subjectId, st);
    },

    history: async (input, ctx) => {
      const { allFinalMarks, school, rule } = await loadClass(core, ctx, input.classId);
      const users = new Map(school.users.map((u) => [u.id, u.name]));
      const teachers = new Map(school.teachers.map((t) => [t.id, t]));
      const history = entryHistories(allFinalMarks).get(entryKey(input.studentId, input.subjectId, input.periodKey)) ?? [];
      return history.map((e) => {
        const who = users.get(e.enteredBy) ?? teachers.get(e.enteredBy);
        return {
          id: e.id,
          value: e.value,
          ...(e.deferral ? { deferral: e.deferral } : {}),
          knownOn: e.knownOn,
          ...(e.publishedAt ? { publishedAt: e.publishedAt } : {}),
          enteredByName: who ? shortName(who) : '—',
          enteredAt: e.enteredAt,
          ...(finalMarkInvalid(rule, e) ? { invalid: true } : {}),
        };
      });
    },

    markPublished: async (input, ctx) => {
      const { cc, today } = await loadClass(core, ctx, input.classId);
      if (input.publishedOn > today) {
        throw new AppError('validation', 'Дата не может быть позже сегодняшнего дня.', [{ path: 'publishedOn', message: 'Дата в будущем' }]);
      }
      const at = input.publishedOn === today ? ctx.now.toISOString() : new Date(`${input.publishedOn}T12:00:00`).toISOString();
      const wanted = new Set(input.entryIds);
      const stamp = await reserveStamp(core.store, ctx.now);
      const changed = await core.store.updateClass(cc.cls.id, (d) => {
        const ids: string[] = [];
        for (const e of d.finalMarks) {
          if (!wanted.has(e.id) || e.value === null || e.publishedAt) continue;
          e.publishedAt = at;
          ids.push(e.id);
        }
        if (ids.length > 0) addMutation(d, stamp, { kind: FINAL_MARK_PUBLISHED_MUTATION, payload: { entryIds: ids, publishedAt: at }, author: ctx.user.id, now: ctx.now });
        return ids;
      });
      if (changed.length > 0) await core.record(ctx, { action: 'finals.markPublished', recordIds: changed });
      return { count: changed.length };
    },

    attention: async (input, ctx) => {
      const school = await core.store.school();
      const classIds = input.classId ? [input.classId] : school.classes.filter((c) => core.canSeeClass(ctx.user, c.id)).map((c) => c.id);
      const out: AttentionItem[] = [];
      let done = 0;
      for (const classId of classIds) {
        const loaded = await loadClass(core, ctx, classId);
        ctx.progress({ done: ++done, total: classIds.length, label: loaded.cc.cls.name });
        const subjects = await sheetSubjects(core, loaded.cc, loaded.data.finalMarks);
        out.push(...attentionOf(loaded.cc, loaded.data, subjects, loaded.today, school.settings.finalMarkDeadlineDays));
      }
      return out;
    },

    sheet: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      return { classId: input.classId, ...(await summarySheetOf(core, loaded)) };
    },

    sheetPdf: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const sheet = await summarySheetOf(core, loaded);
      const ct = loaded.cc.cls.classTeacherId ? loaded.cc.teacherById.get(loaded.cc.cls.classTeacherId) : undefined;
      const bytes = summarySheetPdf(sheet, { directorName: shortName(loaded.school.school.director), ...(ct ? { classTeacherShort: shortName(ct) } : {}) });
      await core.record(ctx, { action: 'finals.sheetPdf', recordIds: [input.classId] });
      return { name: summarySheetFileName(sheet, 'pdf'), mime: 'application/pdf' as const, base64: toBase64(bytes) };
    },

    sheetXlsx: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const sheet = await summarySheetOf(core, loaded);
      const bytes = await summarySheetXlsx(sheet);
      await core.record(ctx, { action: 'finals.sheetXlsx', recordIds: [input.classId] });
      return {
        name: summarySheetFileName(sheet, 'xlsx'),
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const,
        base64: toBase64(bytes),
      };
    },
  };
}
