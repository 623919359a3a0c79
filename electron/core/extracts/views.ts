import { AppError } from '../../contract/errors.js';
import type { ExtractRow, StepView } from '../../contract/groups/extracts.js';
import { ROLE_LABELS } from '../../contract/roles.js';
import { fullName } from '../../contract/text/format.js';
import { isoDay } from '../util/dates.js';
import { codeOf, qrText } from '../../contract/extracts/code.js';
import type { ExtractContent } from './content.js';
import { contentOf, currentOf, guardiansOf, studentOf, type Current, type ExtractsLoad, type Source } from './load.js';
import type { PrintableExtract } from './pdf.js';
import type { ExtractRecord, ExtractStep } from './record.js';
import { problemsOf, signedOffValidly, stateOf } from './register.js';

/** What the screens and the PDF see of a record of the register. */

export function stepView(L: ExtractsLoad, s: ExtractStep): StepView {
  return { at: s.at, byId: s.by, byName: L.userName(s.by), role: ROLE_LABELS[s.role] };
}

/** A student's guardians as the extracts' screens list them. */
export function guardianRefs(src: Pick<Source, 'data'>, studentId: string): ExtractRow['guardians'] {
  return guardiansOf(src.data, studentId).map((g) => ({ id: g.id, name: fullName(g), relation: g.relation }));
}

/**
 * A row of the register. `cur`: the extract compared with the data now (its state may then be
 * `outdated`); without it the recorded state is shown.
 */
export function rowOf(L: ExtractsLoad, src: Pick<Source, 'cls' | 'data'>, rec: ExtractRecord, cur?: Current): ExtractRow {
  const student = studentOf(src.data, rec.studentId);
  const guardians = guardiansOf(src.data, rec.studentId);
  const checked = Boolean(cur?.content);
  const changed = checked && cur!.contentHash !== rec.contentHash;
  const state = stateOf(rec, checked ? cur!.contentHash : undefined, L.compromise);
  const problems = problemsOf(rec, L.compromise);
  if (changed && state === 'prepared') problems.push('Данные изменились после подготовки: при печати или утверждении выписка обновится (новый код).');
  const lastPrint = rec.printed.at(-1);
  const h = rec.handedOver;
  const hg = h ? guardians.find((g) => g.id === h.guardianId) : undefined;
  const an = rec.annulled;
  return {
    id: rec.id,
    number: rec.number,
    studentId: rec.studentId,
    studentName: student ? fullName(student) : '—',
    classId: src.cls.id,
    className: src.cls.name,
    periodStart: rec.periodStart,
    periodEnd: rec.periodEnd,
    reason: rec.reason,
    issuedOn: rec.issuedOn,
    state,
    code: codeOf(rec.contentHash),
    currentHash: cur?.contentHash ?? rec.contentHash,
    checked,
    prepared: stepView(L, rec.prepared),
    ...(rec.signedOff ? { signedOff: stepView(L, rec.signedOff) } : {}),
    printed: { count: rec.printed.length, ...(lastPrint ? { last: stepView(L, lastPrint) } : {}) },
    ...(h ? { handedOver: { ...stepView(L, h), date: h.date, guardianId: h.guardianId, guardianName: hg ? fullName(hg) : '—' } } : {}),
    ...(an ? { annulled: { ...stepView(L, an), reason: an.reason } } : {}),
    versions: rec.versions.length,
    problems,
    guardians: guardians.map((g) => ({ id: g.id, name: fullName(g), relation: g.relation })),
  };
}

/** What goes into the PDF of a record: its content, number, code, QR and a valid sign-off only. */
export function printable(L: ExtractsLoad, rec: ExtractRecord, content: ExtractContent): PrintableExtract {
  const signed = signedOffValidly(rec, L.compromise) ? rec.signedOff : undefined;
  return {
    content,
    number: rec.number,
    issuedOn: rec.issuedOn,
    code: codeOf(rec.contentHash),
    reason: rec.reason,
    ...(signed ? { signedOff: { role: signed.role, name: signed.signerName, at: signed.at } } : {}),
    qr: qrText({ number: rec.number, code: codeOf(rec.contentHash), centralUrl: L.centralUrl }),
    ...(rec.annulled ? { annulled: { on: isoDay(new Date(rec.annulled.at)), reason: rec.annulled.reason } } : {}),
  };
}

/**
 * The extract as a preview shows it: a handed-over or annulled one as it was issued (refused when
 * the data of a handed-over one changed since: the copy would not match the paper); an open one as
 * it is now — when its data changed, the new version it becomes, not yet signed off.
 */
export async function previewOf(L: ExtractsLoad, src: Source, rec: ExtractRecord): Promise<PrintableExtract> {
  if (rec.handedOver || rec.annulled) {
    const content = await contentOf(src, rec, rec.issuedOn);
    if (!content) throw new AppError('not_found', 'Ученик выписки не найден в классе.');
    if (!rec.annulled && src.hash(rec.number, rec.issuedOn, content) !== rec.contentHash) {
      throw new AppError('rule', `Данные выписки № ${rec.number} изменились после выдачи: копия не совпадёт с выданной. Подготовьте новую выписку.`);
    }
    return printable(L, rec, content);
  }
  const cur = await currentOf(src, rec, L.today);
  if (!cur.content) throw new AppError('not_found', 'Ученик выписки не найден в классе.');
  if (cur.contentHash === rec.contentHash) return printable(L, rec, cur.content);
  const view = structuredClone(rec);
  view.contentHash = cur.contentHash;
  view.issuedOn = cur.issuedOn;
  delete view.signedOff;
  return printable(L, view, cur.content);
}
