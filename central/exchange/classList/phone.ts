/**
 * A phone cell of a school's class list in the one form the app shows, «+7 (XXX) XXX-XX-XX».
 * What is particular to a spreadsheet cell is decided here: a cell with several numbers (separated
 * by a comma, «;», «/» or «или») gives the first one, an extension («доб. 12») is not kept. The
 * number itself is read by the app's one phone rule, `electron/contract/text/phone.ts`.
 * Table test: tests/unit/exchange/classListCells.test.ts.
 */
import { normalizePhone as normalizeNumber } from '../../../electron/contract/text/phone.js';
import type { Parsed } from '../values.js';

export function normalizePhone(cell: string): Parsed<string> {
  const first = cell.split(/[,;/]|\s{2,}|\bили\b/)[0]!.trim();
  const main = first.replace(/(доб|ext|вн)\.?.*$/i, '');
  const r = normalizeNumber(main);
  return r.ok ? r : { ok: false, message: `«${first}»: ${r.message[0]!.toLocaleLowerCase('ru')}${r.message.slice(1)}` };
}
