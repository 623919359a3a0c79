import { AppError } from '../../contract/errors.js';
import type { Student } from '../../contract/entities/people.js';
import type { ExtractSection } from '../../contract/entities/settings.js';
import type { ExtractReason } from '../../contract/groups/extracts.js';
import type { Progress } from '../../contract/method.js';
import { ruDate } from '../../contract/text/format.js';
import type { DateRange } from '../journal/calendarDays.js';
import { isoDay } from '../util/dates.js';
import { newId } from '../util/ids.js';
import type { Week } from './duty.js';
import { currentOf, type ExtractsLoad, type Source } from './load.js';
import { extractFileName, extractsPdf, type PrintableExtract } from './pdf.js';
import type { ExtractRecord } from './record.js';
import { prepare, recordPrint, renew, type Actor } from './register.js';
import { printable } from './views.js';

/**
 * The one planner of a print of several extracts (a chosen list, or the week's batch of all who
 * are due): each extract of the register is renewed when its data changed and gets a print
 * recorded; a student due without an extract gets a new one, numbered in order. Planned class by
 * class — a class's journal is assembled once and let go when its last extract is planned (a batch
 * of the whole school holds one class's journal at a time) — and printed in the order asked.
 */

/** What a batch prints: an extract of the register (a copy to change), or a new one for a student. */
export type BatchEntry = { classId: string } & ({ rec: ExtractRecord } | { student: Student; period: DateRange; reason: ExtractReason });

export interface Planned {
  src: Source;
  rec: ExtractRecord;
  item: PrintableExtract;
}

export interface BatchPlan {
  /** In the order of the entries. */
  items: Planned[];
  /** Ids of the records made new (they take their numbers when written). */
  created: Set<string>;
  renewed: number;
}

/** Renews a changed extract and records a print; what goes into the PDF. */
async function planPrint(L: ExtractsLoad, src: Source, rec: ExtractRecord, actor: Actor): Promise<{ item: PrintableExtract; renewed: boolean }> {
  if (rec.annulled) throw new AppError('conflict', `Выписка № ${rec.number} аннулирована ${ruDate(isoDay(new Date(rec.annulled.at)))}: её не печатают снова. Для верных данных подготовьте новую выписку.`);
  if (rec.handedOver) throw new AppError('conflict', `Выписка № ${rec.number} уже выдана: её не печатают снова. Для новых данных подготовьте новую выписку.`);
  const cur = await currentOf(src, rec, L.today);
  if (!cur.content) throw new AppError('not_found', `Ученик выписки № ${rec.number} не найден в классе: напечатать её нельзя.`);
  const renewed = cur.contentHash !== rec.contentHash;
  if (renewed) renew(rec, cur, actor, L.ctx.now);
  recordPrint(rec, rec.contentHash, actor, L.ctx.now);
  return { item: printable(L, rec, cur.content), renewed };
}

/**
 * Plans the print of `entries`. `sections`: those of a new extract (the school's template).
 * Reports «Подготовка» as the first half of the work (the PDF is the second).
 */
export async function planBatch(
  L: ExtractsLoad,
  entries: readonly BatchEntry[],
  opts: { sections: readonly ExtractSection[]; progress: (p: Progress) => void },
): Promise<BatchPlan> {
  const actor = L.actor();
  const now = L.ctx.now;
  const total = entries.length;
  const groups = new Map<string, number[]>();
  entries.forEach((e, at) => {
    const list = groups.get(e.classId);
    if (list) list.push(at);
    else groups.set(e.classId, [at]);
  });
  const items = new Array<Planned>(total);
  const created = new Set<string>();
  let renewed = 0;
  let done = 0;
  let number: number | undefined;
  for (const [classId, ats] of groups) {
    const src = await L.src(classId);
    for (const at of ats) {
      const e = entries[at]!;
      if ('rec' in e) {
        const p = await planPrint(L, src, e.rec, actor);
        if (p.renewed) renewed++;
        items[at] = { src, rec: e.rec, item: p.item };
      } else {
        const content = await src.content({ student: e.student, period: e.period, issuedOn: L.today, sections: opts.sections });
        number ??= await L.nextNumber();
        const n = number++;
        const rec = prepare(
          {
            id: newId('ex'),
            number: n,
            studentId: e.student.id,
            classId: src.cls.id,
            periodStart: e.period.start,
            periodEnd: e.period.end,
            reason: e.reason,
            issuedOn: L.today,
            sections: [...opts.sections],
            contentHash: src.hash(n, L.today, content),
          },
          actor,
          now,
        );
        recordPrint(rec, rec.contentHash, actor, now);
        created.add(rec.id);
        items[at] = { src, rec, item: printable(L, rec, content) };
      }
      opts.progress({ done: ++done, total: total * 2, label: 'Подготовка' });
    }
    src.release();
  }
  return { items, created, renewed };
}

/** The PDF of a planned batch: one file of separate papers; «Печать» is the second half of the work. */
export function renderBatch(plan: BatchPlan, progress: (p: Progress) => void): Uint8Array {
  const total = plan.items.length;
  return extractsPdf(
    plan.items.map((p) => p.item),
    (done) => progress({ done: total + done, total: total * 2, label: 'Печать' }),
  );
}

/** The file of a batch: one extract is named after itself; several after the week and the scope. */
export function batchFileName(plan: BatchPlan, week: Week | null, scope: string): string {
  const count = plan.items.length;
  if (count === 1) return extractFileName(plan.items[0]!.item);
  const period = week ? ` за неделю ${ruDate(week.monday)}–${ruDate(week.sunday)}` : '';
  return `Выписки${period} — ${scope} (${count}).pdf`;
}
