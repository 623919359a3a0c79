import { AppError } from '../../contract/errors.js';
import type { ExtractReason } from '../../contract/groups/extracts.js';
import { activeDuring } from '../journal/periods.js';
import { templateSections } from './content.js';
import { currentOf, studentOf, type Current, type ExtractsLoad, type Source } from './load.js';
import { periodProblem } from './period.js';
import type { ExtractRecord } from './record.js';
import { prepare, renew } from './register.js';
import { newId } from '../util/ids.js';

/** What preparing an extract for a student and a period gives: a new record, or the open one of the same period. */
export type Prepared =
  | { kind: 'new'; src: Source; rec: ExtractRecord; cur: Current }
  /** `renewed`: its data changed, it became a new version (same number, new code). */
  | { kind: 'existing'; src: Source; rec: ExtractRecord; cur: Current; renewed: boolean };

/**
 * Prepares an extract (not written yet). The period is checked before anything is assembled or
 * numbered: a refused attempt takes no number. An extract of the same student, reason and period
 * not yet handed over or annulled is the one returned, renewed when its data changed.
 */
export async function prepareExtract(L: ExtractsLoad, classId: string, input: { studentId: string; from: string; to: string; reason: ExtractReason }): Promise<Prepared> {
  const src = await L.src(classId);
  const student = studentOf(src.data, input.studentId)!;
  const period = { start: input.from, end: input.to };
  const problem = periodProblem({ reason: input.reason, from: input.from, to: input.to, today: L.today, year: L.school.years.find((y) => y.id === src.cls.yearId) });
  if (problem) throw new AppError('validation', problem.message, [{ path: problem.path, message: problem.short }]);
  if (!activeDuring(student, period)) {
    throw new AppError('rule', 'В эти даты ученик не учился в этом классе. Выберите другие даты.', [{ path: 'from', message: 'Ученик не в классе' }]);
  }
  const actor = L.actor();
  const existing = src.data.extracts.find(
    (e) => e.studentId === student.id && e.reason === input.reason && e.periodStart === period.start && e.periodEnd === period.end && !e.handedOver && !e.annulled,
  );
  if (existing) {
    const rec = structuredClone(existing);
    const cur = await currentOf(src, rec, L.today);
    const renewed = Boolean(cur.content && cur.contentHash !== rec.contentHash);
    if (renewed) renew(rec, cur, actor, L.ctx.now);
    return { kind: 'existing', src, rec, cur, renewed };
  }
  const sections = templateSections(L.school.settings.extractSections);
  const number = await L.nextNumber();
  const content = await src.content({ student, period, issuedOn: L.today, sections });
  const rec = prepare(
    {
      id: newId('ex'),
      number,
      studentId: student.id,
      classId,
      periodStart: period.start,
      periodEnd: period.end,
      reason: input.reason,
      issuedOn: L.today,
      sections,
      contentHash: src.hash(number, L.today, content),
    },
    actor,
    L.ctx.now,
  );
  return { kind: 'new', src, rec, cur: { contentHash: rec.contentHash, issuedOn: rec.issuedOn, content } };
}
