import { AppError } from '../../contract/errors.js';
import type { extracts } from '../../contract/groups/extracts.js';
import { ROLE_LABELS } from '../../contract/roles.js';
import { ruDate } from '../../contract/text/format.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { batchFileName, planBatch, renderBatch, type BatchEntry } from '../extracts/batchPlan.js';
import { templateSections } from '../extracts/content.js';
import { weekOf } from '../extracts/duty.js';
import { handoverSheetFileName, handoverSheetPdf } from '../extracts/handoverSheet.js';
import { handoverSheetRows } from '../extracts/handoverList.js';
import { dutyClasses, dutyList, dutyOf, registerRows } from '../extracts/lists.js';
import { currentOf, ExtractsLoad, guardiansOf, type Current, type Source } from '../extracts/load.js';
import { extractFileName, extractsPdf } from '../extracts/pdf.js';
import { prepareExtract } from '../extracts/prepareExtract.js';
import type { ExtractRecord } from '../extracts/record.js';
import { annul, handOver, signOff, type Actor } from '../extracts/register.js';
import { registerXlsx } from '../extracts/registerXlsx.js';
import { saveByClass, saveRecords } from '../extracts/save.js';
import { verifyCode } from '../extracts/verify.js';
import { previewOf, rowOf } from '../extracts/views.js';
import { toBase64 } from '../pdf/document.js';
import { KeyedMutex } from '../util/mutex.js';

/**
 * The extracts group: the weekly duty list, the register, and the steps of an extract (prepare,
 * sign off, print, hand over, annul), each recorded in the register and in the audit log (ids only).
 * Every change of the register runs under one lock, so numbers are never given twice. What an
 * extract is made of and how a batch is planned live in `extracts/`; this file checks rights,
 * calls and records.
 */

const PDF_MIME = 'application/pdf' as const;
const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const;

export function extractsHandlers(core: Core): GroupHandlers<typeof extracts> {
  const lock = new KeyedMutex();
  /** Every change of the register, one at a time: numbers are unique, checks hold until written. */
  const exclusive = <R>(fn: () => Promise<R>): Promise<R> => lock.run('extracts', fn);
  const load = (ctx: AuthedContext) => ExtractsLoad.of(core, ctx);
  const by = (ctx: AuthedContext) => ({ author: ctx.user.id, now: ctx.now });

  /** Records a hand-over to a guardian of the student (checked by the register's rules). */
  async function handOverOne(L: ExtractsLoad, src: Source, rec: ExtractRecord, a: { guardianId: string; date: string; actor: Actor }): Promise<void> {
    const cur = await currentOf(src, rec, L.today);
    handOver(rec, {
      guardianId: a.guardianId,
      guardianIds: guardiansOf(src.data, rec.studentId).map((g) => g.id),
      date: a.date,
      today: L.today,
      currentHash: cur.contentHash,
      actor: a.actor,
      now: L.ctx.now,
      rule: L.compromise,
    });
  }

  return {
    duty: async (input, ctx) => {
      if (input.classId) core.assertClassAccess(ctx, input.classId);
      const L = await load(ctx);
      const week = weekOf(input.weekOf ?? L.today);
      // Comparing every extract with the journal needs each class's journal: done for one class.
      const entries = await dutyOf(L, dutyClasses(L, input.classId, week), week, { check: Boolean(input.classId) });
      return dutyList(week, L.today, input.classId, entries);
    },

    register: async (input, ctx) => {
      if (input.classId) core.assertClassAccess(ctx, input.classId);
      return registerRows(await load(ctx), input);
    },

    prepare: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const classId = await core.classOfStudent(ctx, input.studentId);
        const p = await prepareExtract(L, classId, input);
        if (p.kind === 'new') {
          await saveRecords(core.store, classId, [p.rec], new Set([p.rec.id]), by(ctx));
          await core.record(ctx, { action: 'extracts.prepare', recordIds: [p.rec.id, input.studentId], details: { number: p.rec.number, reason: input.reason } });
        } else if (p.renewed) {
          await saveRecords(core.store, classId, [p.rec], new Set(), by(ctx));
          await core.record(ctx, { action: 'extracts.renew', recordIds: [p.rec.id, input.studentId], details: { number: p.rec.number } });
        }
        return rowOf(L, p.src, p.rec, p.cur);
      }),

    preview: async (input, ctx) => {
      const L = await load(ctx);
      const { src, rec } = await L.locate(input.id);
      const item = await previewOf(L, src, rec);
      const bytes = extractsPdf([item]);
      await core.record(ctx, { action: 'extracts.preview', recordIds: [rec.id] });
      return { name: extractFileName(item), mime: PDF_MIME, base64: toBase64(bytes) };
    },

    print: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const entries: BatchEntry[] = [];
        for (const id of [...new Set(input.ids)]) {
          const { src, rec } = await L.locate(id);
          entries.push({ classId: src.cls.id, rec });
        }
        const plan = await planBatch(L, entries, { sections: [], progress: ctx.progress });
        const bytes = renderBatch(plan, ctx.progress);
        await saveByClass(core.store, plan.items, plan.created, by(ctx));
        const ids = plan.items.map((p) => p.rec.id);
        await core.record(ctx, { action: 'extracts.print', recordIds: ids, details: { count: ids.length, renewed: plan.renewed } });
        const file = { name: batchFileName(plan, null, 'выбранные'), mime: PDF_MIME, base64: toBase64(bytes) };
        return { file, count: ids.length, prepared: 0, renewed: plan.renewed, skipped: 0 };
      }),

    printDue: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const week = weekOf(input.weekOf ?? L.today);
        if (week.monday > L.today) throw new AppError('rule', 'Эта неделя ещё не началась: выписки за неё печатать рано.');
        if (input.classId) core.assertClassAccess(ctx, input.classId);
        const classes = dutyClasses(L, input.classId, week);
        const due = await dutyOf(L, classes, week, { check: false, ...(input.studentIds ? { students: new Set(input.studentIds) } : {}) });
        const todo = due.filter((d) => !d.row.handedThisWeek);
        if (todo.length === 0) {
          throw new AppError(
            'rule',
            due.length ? 'Всем семьям из списка выписки на этой неделе уже выданы: печатать нечего.' : 'На этой неделе нет учеников, которым нужна бумажная выписка.',
          );
        }
        const period = { start: week.monday, end: week.sunday };
        const entries: BatchEntry[] = todo.map((d) => (d.rec ? { classId: d.cls.id, rec: structuredClone(d.rec) } : { classId: d.cls.id, student: d.student, period, reason: 'weekly' }));
        const plan = await planBatch(L, entries, { sections: templateSections(L.school.settings.extractSections), progress: ctx.progress });
        const bytes = renderBatch(plan, ctx.progress);
        await saveByClass(core.store, plan.items, plan.created, by(ctx));
        if (plan.created.size) await core.record(ctx, { action: 'extracts.prepare', recordIds: [...plan.created], details: { count: plan.created.size, reason: 'weekly' } });
        const ids = plan.items.map((p) => p.rec.id);
        await core.record(ctx, { action: 'extracts.print', recordIds: ids, details: { count: ids.length, renewed: plan.renewed, batch: true } });
        const scope = input.classId ? `${L.cls(input.classId).name} класс` : classes.length === 1 ? `${classes[0]!.name} класс` : 'вся школа';
        const file = { name: batchFileName(plan, week, scope), mime: PDF_MIME, base64: toBase64(bytes) };
        return { file, count: ids.length, prepared: plan.created.size, renewed: plan.renewed, skipped: due.length - todo.length };
      }),

    signOff: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const actor = L.actor();
        const done: Array<{ src: Source; rec: ExtractRecord; cur: Current }> = [];
        for (const item of input.items) {
          const { src, rec } = await L.locate(item.id);
          const cur = await currentOf(src, rec, L.today);
          if (!cur.content && !rec.handedOver && !rec.annulled) throw new AppError('not_found', `Ученик выписки № ${rec.number} не найден в классе.`);
          signOff(rec, { seenHash: item.contentHash, current: cur, actor, now: ctx.now, rule: L.compromise });
          done.push({ src, rec, cur });
        }
        await saveByClass(core.store, done, new Set(), by(ctx));
        await core.record(ctx, { action: 'extracts.signOff', recordIds: done.map((d) => d.rec.id), details: { count: done.length } });
        return done.map((d) => rowOf(L, d.src, d.rec, d.cur));
      }),

    handOver: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const { src, rec } = await L.locate(input.id);
        await handOverOne(L, src, rec, { guardianId: input.guardianId, date: input.date, actor: L.actor() });
        await saveRecords(core.store, src.cls.id, [rec], new Set(), by(ctx));
        await core.record(ctx, { action: 'extracts.handOver', recordIds: [rec.id, rec.studentId, input.guardianId], details: { number: rec.number } });
        return rowOf(L, src, rec);
      }),

    annul: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const { src, rec } = await L.locate(input.id);
        annul(rec, { reason: input.reason, actor: L.actor(), now: ctx.now });
        await saveRecords(core.store, src.cls.id, [rec], new Set(), by(ctx));
        // The reason may name the child: it stays in the register, not in the audit log.
        await core.record(ctx, { action: 'extracts.annul', recordIds: [rec.id, rec.studentId], details: { number: rec.number } });
        return rowOf(L, src, rec);
      }),

    handOverSheet: async (input, ctx) => {
      const L = await load(ctx);
      const { rows, ids } = await handoverSheetRows(L, input.items);
      const actor = L.actor();
      const bytes = handoverSheetPdf({ schoolName: L.school.school.name, date: L.today, rows, issuer: { role: ROLE_LABELS[actor.role], name: actor.name } });
      await core.record(ctx, { action: 'extracts.handOverSheet', recordIds: ids, details: { count: ids.length } });
      return { name: handoverSheetFileName(L.today, rows.length), mime: PDF_MIME, base64: toBase64(bytes) };
    },

    handOverBatch: async (input, ctx) =>
      exclusive(async () => {
        const L = await load(ctx);
        const actor = L.actor();
        const done: Array<{ src: Source; rec: ExtractRecord }> = [];
        // Every row is checked before anything is written: one wrong row records nothing.
        for (const item of input.items) {
          if (done.some((d) => d.rec.id === item.id)) continue;
          const { src, rec } = await L.locate(item.id);
          await handOverOne(L, src, rec, { guardianId: item.guardianId, date: input.date, actor });
          done.push({ src, rec });
        }
        await saveByClass(core.store, done, new Set(), by(ctx));
        await core.record(ctx, { action: 'extracts.handOver', recordIds: done.map((d) => d.rec.id), details: { count: done.length, batch: true } });
        return { count: done.length, rows: done.map((d) => rowOf(L, d.src, d.rec)) };
      }),

    verify: async (input, ctx) => {
      const { answer, audit } = await verifyCode(await load(ctx), input.code);
      if (audit) await core.record(ctx, { action: 'extracts.verify', recordIds: audit.recordIds, details: { result: audit.result } });
      return answer;
    },

    exportXlsx: async (input, ctx) => {
      if (input.classId) core.assertClassAccess(ctx, input.classId);
      const L = await load(ctx);
      const rows = await registerRows(L, input);
      const scope = input.classId ? `${L.cls(input.classId).name} класс` : 'Все классы';
      const bytes = await registerXlsx(rows, { scope, date: L.today });
      await core.record(ctx, { action: 'extracts.exportXlsx', recordIds: input.classId ? [input.classId] : [], details: { count: rows.length } });
      return { name: `Реестр выписок — ${scope} — ${ruDate(L.today)}.xlsx`, mime: XLSX_MIME, base64: toBase64(bytes) };
    },

    setTemplate: async (input, ctx) => {
      const sections = await core.store.updateSchool((d) => {
        d.settings.extractSections = { ...input.sections };
        return structuredClone(d.settings.extractSections);
      });
      await core.record(ctx, { action: 'extracts.setTemplate', recordIds: [], details: { sections: Object.values(sections).filter(Boolean).length } });
      return sections;
    },
  };
}
