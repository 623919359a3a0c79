import { finalMarkInvalid, type CompromiseRule } from '../auth/compromise.js';
import { AppError } from '../../contract/errors.js';
import type { AttentionItem, FinalCell, FinalChangeRequestView, finals } from '../../contract/groups/finals.js';
import type { FinalMarkEntry, FinalValue } from '../../contract/entities/journal.js';
import type { PersonName } from '../../contract/entities/common.js';
import { fullName, shortName } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { confirmedEntry, decisionProblem, pendingRequestOf, type FinalChangeRequest } from '../finals/changeRequests.js';
import {
  changeLock,
  changeRoute,
  checkChangeReason,
  closedFrom,
  earlyMark,
  earlyMarkQuestion,
  finalMarkRight,
  lockText,
  mayConfirmFinalChanges,
  type LockReason,
} from '../finals/rules.js';
import { daysBetween } from '../journal/calendarDays.js';
import type { ClassContext } from '../journal/classContext.js';
import {
  checkFinalEntry,
  dayOfMoment,
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
import type { ClassData, SchoolData } from '../store/schema.js';
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

interface CellExtra {
  forecast?: number | null;
  inactive?: boolean;
  locked?: LockReason[];
  request?: FinalChangeRequest | undefined;
}

function toCell(subjectId: string, st: FinalMarkStatus, extra: CellExtra = {}): FinalCell {
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
    ...(extra.locked && extra.locked.length > 0 ? { locked: extra.locked } : {}),
    ...(extra.request
      ? { request: { id: extra.request.id, value: extra.request.value, ...(extra.request.deferral ? { deferral: extra.request.deferral } : {}) } }
      : {}),
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

/** Pending change requests of a class as attention items (the director's and deputies' work). */
export function requestAttentionOf(cc: ClassContext, data: ClassData, today: string): AttentionItem[] {
  const columns = new Map(classColumns(cc, data.finalMarks).map((c) => [c.key, c]));
  const students = new Map(data.students.map((s) => [s.id, s]));
  const subjects = new Map(cc.subjects.map((s) => [s.id, s]));
  const out: AttentionItem[] = [];
  for (const r of data.finalMarkRequests ?? []) {
    if (r.status !== 'pending') continue;
    const s = students.get(r.studentId);
    const requestedOn = dayOfMoment(r.requestedAt);
    out.push({
      kind: 'change_requested',
      classId: cc.cls.id,
      className: cc.cls.name,
      studentId: r.studentId,
      studentName: s ? fullName(s) : '—',
      subjectId: r.subjectId,
      subjectName: subjects.get(r.subjectId)?.name ?? '—',
      periodKey: r.periodId,
      columnTitle: columns.get(r.periodId)?.title ?? r.periodId,
      date: requestedOn,
      days: Math.max(0, daysBetween(requestedOn, today)),
      entryId: r.baseEntryId,
    });
  }
  return out;
}

/** Whether the user sets final marks in the class (finals/rules.ts decides who). */
function canEdit(ctx: AuthedContext, classId: string): boolean {
  return finalMarkRight(ctx.user.role, ctx.user.classIds.includes(classId)) === 'set';
}

/** A user's or teacher's short name by id, for histories and request lists («—» when unknown). */
function namer(school: SchoolData): (id: string | undefined) => string {
  const people = new Map<string, PersonName>();
  for (const t of school.teachers) people.set(t.id, t);
  for (const u of school.users) people.set(u.id, u.name);
  return (id) => {
    const p = id ? people.get(id) : undefined;
    return p ? shortName(p) : '—';
  };
}

function requestView(
  r: FinalChangeRequest,
  o: { cc: ClassContext; data: ClassData; school: SchoolData; rule: CompromiseRule; today: string; deadlineDays: number; allFinalMarks: readonly FinalMarkEntry[] },
): FinalChangeRequestView {
  const name = namer(o.school);
  const student = o.data.students.find((s) => s.id === r.studentId);
  const column = classColumns(o.cc, o.data.finalMarks).find((c) => c.key === r.periodId);
  const base = o.allFinalMarks.find((e) => e.id === r.baseEntryId);
  const invalid = o.rule.isInvalidAt(r.requestedBy, r.requestedAt);
  return {
    id: r.id,
    classId: o.cc.cls.id,
    className: o.cc.cls.name,
    studentId: r.studentId,
    studentName: student ? fullName(student) : '—',
    subjectId: r.subjectId,
    subjectName: o.cc.subjects.find((s) => s.id === r.subjectId)?.name ?? '—',
    periodKey: r.periodId,
    columnTitle: column?.title ?? r.periodId,
    fromValue: base?.value ?? null,
    value: r.value,
    ...(r.deferral ? { deferral: r.deferral } : {}),
    knownOn: r.knownOn,
    reason: r.reason,
    // Why the mark was locked, as of the day of the request.
    locked: base && column ? changeLock(base, column, dayOfMoment(r.requestedAt), o.deadlineDays) : [],
    requestedByName: name(r.requestedBy),
    requestedAt: r.requestedAt,
    status: r.status,
    ...(r.decidedBy ? { decidedByName: name(r.decidedBy) } : {}),
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...(invalid ? { invalid: true } : {}),
  };
}

/** The checks a new entry (a set or a request) passes before anything else: the entry's own rules and the early-mark question. */
function checkDraft(
  input: { studentId: string; subjectId: string; periodKey: string; value: FinalValue | null; deferral?: { reason: string; dueOn: string } | undefined; knownOn: string; confirmEarly?: boolean | undefined },
  loaded: LoadedClass,
) {
  const { cc, data, today } = loaded;
  const columns = classColumns(cc, data.finalMarks);
  const column = columns.find((c) => c.key === input.periodKey);
  const student = data.students.find((s) => s.id === input.studentId);
  const key = entryKey(input.studentId, input.subjectId, input.periodKey);
  const history = entryHistories(data.finalMarks).get(key) ?? [];
  const problems = checkFinalEntry(
    { studentId: input.studentId, subjectId: input.subjectId, periodKey: input.periodKey, value: input.value, deferral: input.deferral, knownOn: input.knownOn },
    { today, column, student, subjectIds: new Set(cc.subjects.map((s) => s.id)), current: history.at(-1), yearEnd: cc.year.end },
  );
  if (problems.length > 0 || !column) throw new AppError('validation', problems[0]?.message ?? 'Проверьте отметку.', problems);
  const early = earlyMark(input.value, column, today);
  if (early && !input.confirmEarly) {
    const question = earlyMarkQuestion(early);
    throw new AppError('rule', question, [{ path: 'confirmEarly', message: question }]);
  }
  const lock = changeLock(history.at(-1), column, today, loaded.school.settings.finalMarkDeadlineDays);
  return { column, key, history, lock };
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
      const requests = data.finalMarkRequests ?? [];
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
            return toCell(subj.id, st, {
              ...(f ? { forecast: f.forecast } : {}),
              locked: changeLock(st.entry, column, today, deadlineDays),
              request: pendingRequestOf(requests, { studentId: s.id, subjectId: subj.id, periodId: column.key }),
            });
          }),
        })),
        deadlineDays,
        today,
        canEdit: canEdit(ctx, cc.cls.id),
        canConfirm: mayConfirmFinalChanges(ctx.user.role),
        closedFrom: closedFrom(column, deadlineDays),
        yearEnd: cc.year.end,
      };
    },

    set: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, school, today } = loaded;
      if (!canEdit(ctx, cc.cls.id)) throw new AppError('forbidden', 'Итоговые отметки этого класса выставляет его классный руководитель.');
      const deadlineDays = school.settings.finalMarkDeadlineDays;
      const { column, history, lock } = checkDraft(input, loaded);
      const route = changeRoute(lock, ctx.user.role);
      if (route === 'request') {
        const why = lockText(lock, column, deadlineDays, history.at(-1)?.publishedAt);
        throw new AppError(
          'rule',
          `Эту отметку изменить сразу нельзя: ${why}. Укажите причину и отправьте запрос — его подтверждает заместитель директора или директор.`,
          [{ path: 'reason', message: 'Нужна причина и подтверждение заместителя директора или директора.' }],
        );
      }
      if (route === 'with_reason') {
        const problem = checkChangeReason(input.reason);
        if (problem) throw new AppError('validation', problem.message, [problem]);
      }
      const reason = input.reason?.trim();
      const stamp = await reserveStamp(core.store, ctx.now);
      const at = ctx.now.toISOString();
      const entry: FinalMarkEntry = {
        id: newId('fm'),
        studentId: input.studentId,
        subjectId: input.subjectId,
        periodId: input.periodKey,
        value: input.value,
        ...(input.deferral ? { deferral: { reason: input.deferral.reason.trim(), dueOn: input.deferral.dueOn } } : {}),
        knownOn: input.knownOn,
        enteredBy: ctx.user.id,
        enteredAt: at,
        hlc: stamp.hlc,
        ...(reason && reason.length >= 3 ? { reason } : {}),
        ...(route === 'with_reason' ? { confirmedBy: ctx.user.id, confirmedAt: at } : {}),
      };
      await core.store.updateClass(cc.cls.id, (d) => {
        d.finalMarks.push(entry);
        addMutation(d, stamp, { kind: FINAL_MARK_MUTATION, payload: entry, author: ctx.user.id, now: ctx.now });
      });
      await core.record(ctx, {
        action: 'finals.set',
        recordIds: [entry.id, input.studentId],
        details: {
          subjectId: input.subjectId,
          periodKey: input.periodKey,
          kind: input.deferral ? 'deferral' : input.value === null ? 'cleared' : 'mark',
          ...(route === 'with_reason' ? { locked: lock.join(','), confirmed: true } : {}),
        },
      });
      const st = finalMarkStatus(entryKey(input.studentId, input.subjectId, input.periodKey), [...history, entry], column, today, deadlineDays);
      return toCell(input.subjectId, st, { locked: changeLock(entry, column, today, deadlineDays) });
    },

    requestChange: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, school, today } = loaded;
      if (!canEdit(ctx, cc.cls.id)) throw new AppError('forbidden', 'Итоговые отметки этого класса выставляет его классный руководитель.');
      const { history, lock } = checkDraft(input, loaded);
      const current = history.at(-1);
      if (lock.length === 0 || !current) {
        throw new AppError('rule', 'Эта отметка не закрыта: её можно изменить без запроса — нажмите «Сохранить».');
      }
      const problem = checkChangeReason(input.reason);
      if (problem) throw new AppError('validation', problem.message, [problem]);
      const cell = { studentId: input.studentId, subjectId: input.subjectId, periodId: input.periodKey };
      if (pendingRequestOf(data.finalMarkRequests, cell)) {
        throw new AppError('conflict', 'По этой отметке уже есть запрос, который ждёт решения заместителя директора или директора. Дождитесь решения.');
      }
      const request: FinalChangeRequest = {
        id: newId('fmr'),
        ...cell,
        value: input.value,
        ...(input.deferral ? { deferral: { reason: input.deferral.reason.trim(), dueOn: input.deferral.dueOn } } : {}),
        knownOn: input.knownOn,
        reason: input.reason.trim(),
        baseEntryId: current.id,
        requestedBy: ctx.user.id,
        requestedAt: ctx.now.toISOString(),
        status: 'pending',
      };
      await core.store.updateClass(cc.cls.id, (d) => {
        if (pendingRequestOf(d.finalMarkRequests, cell)) throw new AppError('conflict', 'По этой отметке уже есть запрос, который ждёт решения. Дождитесь решения.');
        (d.finalMarkRequests ??= []).push(request);
      });
      await core.record(ctx, {
        action: 'finals.requestChange',
        recordIds: [request.id, input.studentId],
        details: { subjectId: input.subjectId, periodKey: input.periodKey, locked: lock.join(',') },
      });
      return requestView(request, { ...loaded, deadlineDays: school.settings.finalMarkDeadlineDays, today });
    },

    requests: async (input, ctx) => {
      const school = await core.store.school();
      const classIds = input.classId ? [input.classId] : school.classes.filter((c) => core.canSeeClass(ctx.user, c.id)).map((c) => c.id);
      const out: FinalChangeRequestView[] = [];
      for (const classId of classIds) {
        const loaded = await loadClass(core, ctx, classId);
        for (const r of loaded.data.finalMarkRequests ?? []) {
          if (input.pendingOnly && r.status !== 'pending') continue;
          if (input.cell && (r.studentId !== input.cell.studentId || r.subjectId !== input.cell.subjectId || r.periodId !== input.cell.periodKey)) continue;
          out.push(requestView(r, { ...loaded, deadlineDays: loaded.school.settings.finalMarkDeadlineDays }));
        }
      }
      return out.sort((a, b) => (a.status === 'pending') !== (b.status === 'pending') ? (a.status === 'pending' ? -1 : 1) : b.requestedAt.localeCompare(a.requestedAt));
    },

    decide: async (input, ctx) => {
      const loaded = await loadClass(core, ctx, input.classId);
      const { cc, data, school, today, rule } = loaded;
      const request = (data.finalMarkRequests ?? []).find((r) => r.id === input.requestId);
      if (!request) throw new AppError('not_found', 'Запрос не найден. Обновите список запросов.');
      const history = entryHistories(data.finalMarks).get(entryKey(request.studentId, request.subjectId, request.periodId)) ?? [];
      const problem = decisionProblem(request, input.decision, {
        deciderId: ctx.user.id,
        inForceId: history.at(-1)?.id,
        requesterCompromised: rule.isInvalidAt(request.requestedBy, request.requestedAt),
      });
      if (problem) throw new AppError(input.decision === 'confirm' ? 'rule' : 'conflict', problem);
      const at = ctx.now.toISOString();
      const note = input.note?.trim();
      if (input.decision === 'refuse') {
        const decided: FinalChangeRequest = { ...request, status: 'refused', decidedBy: ctx.user.id, decidedAt: at, ...(note ? { note } : {}) };
        await core.store.updateClass(cc.cls.id, (d) => {
          const list = d.finalMarkRequests ?? [];
          const i = list.findIndex((r) => r.id === request.id && r.status === 'pending');
          if (i < 0) throw new AppError('conflict', 'Этот запрос уже рассмотрен. Обновите список запросов.');
          list[i] = decided;
        });
        await core.record(ctx, { action: 'finals.decide', recordIds: [request.id, request.studentId], details: { decision: 'refuse', subjectId: request.subjectId, periodKey: request.periodId } });
        return requestView(decided, { ...loaded, deadlineDays: school.settings.finalMarkDeadlineDays });
      }
      // The change is checked again as of today (a deferral's date may have passed meanwhile).
      const column = classColumns(cc, data.finalMarks).find((c) => c.key === request.periodId);
      const problems = checkFinalEntry(
        { studentId: request.studentId, subjectId: request.subjectId, periodKey: request.periodId, value: request.value, deferral: request.deferral, knownOn: request.knownOn },
        { today, column, student: data.students.find((s) => s.id === request.studentId), subjectIds: new Set(cc.subjects.map((s) => s.id)), current: history.at(-1), yearEnd: cc.year.end },
      );
      if (problems.length > 0) throw new AppError('rule', `Изменение нельзя подтвердить: ${problems[0]!.message} Отклоните запрос.`, problems);
      const stamp = await reserveStamp(core.store, ctx.now);
      const entry = confirmedEntry(request, { id: newId('fm'), by: ctx.user.id, at, hlc: stamp.hlc });
      const decided: FinalChangeRequest = { ...request, status: 'confirmed', decidedBy: ctx.user.id, decidedAt: at, entryId: entry.id, ...(note ? { note } : {}) };
      await core.store.updateClass(cc.cls.id, (d) => {
        const list = d.finalMarkRequests ?? [];
        const i = list.findIndex((r) => r.id === request.id && r.status === 'pending');
        if (i < 0) throw new AppError('conflict', 'Этот запрос уже рассмотрен. Обновите список запросов.');
        list[i] = decided;
        d.finalMarks.push(entry);
        addMutation(d, stamp, { kind: FINAL_MARK_MUTATION, payload: entry, author: ctx.user.id, now: ctx.now });
      });
      await core.record(ctx, {
        action: 'finals.decide',
        recordIds: [request.id, entry.id, request.studentId],
        details: { decision: 'confirm', subjectId: request.subjectId, periodKey: request.periodId },
      });
      return requestView(decided, { ...loaded, deadlineDays: school.settings.finalMarkDeadlineDays });
    },

    history: async (input, ctx) => {
      const { allFinalMarks, school, rule } = await loadClass(core, ctx, input.classId);
      const name = namer(school);
      const history = entryHistories(allFinalMarks).get(entryKey(input.studentId, input.subjectId, input.periodKey)) ?? [];
      return history.map((e) => {
        return {
          id: e.id,
          value: e.value,
          ...(e.deferral ? { deferral: e.deferral } : {}),
          knownOn: e.knownOn,
          ...(e.publishedAt ? { publishedAt: e.publishedAt } : {}),
          enteredByName: name(e.enteredBy),
          enteredAt: e.enteredAt,
          ...(finalMarkInvalid(rule, e) ? { invalid: true } : {}),
          ...(e.reason ? { reason: e.reason } : {}),
          ...(e.confirmedBy ? { confirmedByName: name(e.confirmedBy) } : {}),
          ...(e.confirmedAt ? { confirmedAt: e.confirmedAt } : {}),
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
        out.push(...requestAttentionOf(loaded.cc, loaded.data, loaded.today));
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
