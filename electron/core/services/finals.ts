import { AppError } from '../../contract/errors.js';
import type { AttentionItem, FinalChangeRequestView, finals } from '../../contract/groups/finals.js';
import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import { MUTATION_KINDS } from '../../contract/sync/kinds.js';
import { fullName, shortName } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { attentionOf, requestAttentionOf } from '../finals/attention.js';
import { confirmedEntry, decisionProblem, pendingRequestOf, type FinalChangeRequest } from '../finals/changeRequests.js';
import { classColumns, defaultColumn } from '../finals/columns.js';
import { checkConfirmation, checkDraft } from '../finals/draft.js';
import { changeLock, changeRoute, checkChangeReason, closedFrom, finalMarkRight, lockText, mayConfirmFinalChanges } from '../finals/rules.js';
import { sheetSubjects, summarySheetOf } from '../finals/summary.js';
import { historyRows, requestView, toCell } from '../finals/views.js';
import { entryHistories, entryKey, finalMarkStatus } from '../journal/finalMarks.js';
import { classForecasts } from '../journal/forecast.js';
import { classList } from '../journal/grid.js';
import { loadClass } from '../journal/loadClass.js';
import { summarySheetFileName, summarySheetPdf } from '../journal/print/summarySheetPdf.js';
import { summarySheetXlsx } from '../journal/print/summarySheetXlsx.js';
import { toBase64 } from '../pdf/document.js';
import { addMutation, reserveStamp } from '../sync/mutations.js';
import { newId } from '../util/ids.js';

/**
 * The final marks group: the board of a class, setting a mark (or asking to change a locked one),
 * the requests and their decisions, histories, the attention list and the summary sheet. The rules
 * live in `finals/` (rules.ts, changeRequests.ts, columns.ts, draft.ts) and `journal/finalMarks.ts`;
 * this file checks rights, calls, writes and records.
 */

/** Whether the user sets final marks in the class (finals/rules.ts decides who). */
function canEdit(ctx: AuthedContext, classId: string): boolean {
  return finalMarkRight(ctx.user.role, ctx.user.classIds.includes(classId)) === 'set';
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
        addMutation(d, stamp, { kind: MUTATION_KINDS.finalMark, payload: entry, author: ctx.user.id, now: ctx.now });
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
      const { cc, data, school, rule } = loaded;
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
      checkConfirmation(request, loaded, history.at(-1));
      const stamp = await reserveStamp(core.store, ctx.now);
      const entry = confirmedEntry(request, { id: newId('fm'), by: ctx.user.id, at, hlc: stamp.hlc });
      const decided: FinalChangeRequest = { ...request, status: 'confirmed', decidedBy: ctx.user.id, decidedAt: at, entryId: entry.id, ...(note ? { note } : {}) };
      await core.store.updateClass(cc.cls.id, (d) => {
        const list = d.finalMarkRequests ?? [];
        const i = list.findIndex((r) => r.id === request.id && r.status === 'pending');
        if (i < 0) throw new AppError('conflict', 'Этот запрос уже рассмотрен. Обновите список запросов.');
        list[i] = decided;
        d.finalMarks.push(entry);
        addMutation(d, stamp, { kind: MUTATION_KINDS.finalMark, payload: entry, author: ctx.user.id, now: ctx.now });
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
      const history = entryHistories(allFinalMarks).get(entryKey(input.studentId, input.subjectId, input.periodKey)) ?? [];
      return historyRows(history, school, rule);
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
        if (ids.length > 0) addMutation(d, stamp, { kind: MUTATION_KINDS.finalMarkPublished, payload: { entryIds: ids, publishedAt: at }, author: ctx.user.id, now: ctx.now });
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
