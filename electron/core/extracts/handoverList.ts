import { AppError } from '../../contract/errors.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName, ruDate, shortName } from '../../contract/text/format.js';
import type { SheetRow } from './handoverSheet.js';
import { guardiansOf, studentOf, type ExtractsLoad } from './load.js';
import { signedOffValidly, stateOf } from './register.js';

/**
 * The lines of a hand-over sheet: only extracts signed off validly, not handed over, not annulled;
 * the guardian chosen (or the first of the student's), in the school's order of classes, then by
 * ФИО and number. An extract asked twice is one line.
 */
export async function handoverSheetRows(L: ExtractsLoad, items: ReadonlyArray<{ id: string; guardianId?: string | undefined }>): Promise<{ rows: SheetRow[]; ids: string[] }> {
  const rows: Array<SheetRow & { grade: number; letter: string }> = [];
  const ids: string[] = [];
  for (const item of items) {
    if (ids.includes(item.id)) continue;
    const { src, rec } = await L.locate(item.id);
    const state = stateOf(rec, undefined, L.compromise);
    if (state === 'annulled') throw new AppError('rule', `Выписка № ${rec.number} аннулирована: в ведомость её не включают.`);
    if (state === 'handed_over') throw new AppError('rule', `Выписка № ${rec.number} уже выдана ${ruDate(rec.handedOver!.date)}: уберите её из ведомости.`);
    if (!signedOffValidly(rec, L.compromise)) throw new AppError('rule', `Выписка № ${rec.number} ещё не утверждена директором или заместителем: в ведомость включают только утверждённые.`);
    const student = studentOf(src.data, rec.studentId);
    const guardians = guardiansOf(src.data, rec.studentId);
    const g = guardians.find((x) => x.id === item.guardianId) ?? guardians[0];
    if (item.guardianId && g?.id !== item.guardianId) throw new AppError('validation', `Выписка № ${rec.number}: выберите законного представителя этого ученика.`);
    ids.push(rec.id);
    rows.push({
      number: rec.number,
      issuedOn: rec.issuedOn,
      studentName: student ? fullName(student) : '—',
      className: src.cls.name,
      guardianName: g ? shortName(g) : '',
      grade: src.cls.grade,
      letter: src.cls.letter,
    });
  }
  rows.sort((a, b) => a.grade - b.grade || compareRu(a.letter, b.letter) || compareRu(a.studentName, b.studentName) || a.number - b.number);
  return { rows, ids };
}
