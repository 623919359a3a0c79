/**
 * A Russian phone number as people write it (8 (916) 123-45-67, +7 916 1234567, 89161234567,
 * 916-123-45-67, 7(916)123 45 67, a number cell of Excel) in the one form the app shows:
 * «+7 (XXX) XXX-XX-XX». A cell with several numbers (separated by a comma, «;» or «/») gives the
 * first one. Table test: tests/unit/exchange/classListCells.test.ts.
 */
import type { Parsed } from '../values.js';

export function normalizePhone(cell: string): Parsed<string> {
  const first = cell.split(/[,;/]|\s{2,}|\bили\b/)[0]!.trim();
  // An extension («доб. 12») is not kept: the number before it is.
  const main = first.replace(/(доб|ext|вн)\.?.*$/i, '');
  if (/[^\d\s()+\-.]/.test(main.trim())) return { ok: false, message: `«${first}» — не номер телефона: напишите 11 цифр, например +7 (912) 345-67-89 или 8 912 345-67-89` };
  const foreign = /^\s*\+\s*([0-689]\d{0,2})/.exec(main);
  if (foreign) return { ok: false, message: `«${first}» — номер другой страны (+${foreign[1]}): программа хранит российские номера, +7 (XXX) XXX-XX-XX` };
  let digits = main.replace(/\D/g, '');
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) digits = digits.slice(1);
  if (digits.length !== 10) {
    return {
      ok: false,
      message:
        digits.length < 10
          ? `в номере «${first}» ${digits.length} цифр — не хватает кода города или оператора: напишите номер целиком, например +7 (912) 345-67-89`
          : `в номере «${first}» ${digits.length} цифр — больше, чем в российском номере: напишите 11 цифр, например +7 (912) 345-67-89`,
    };
  }
  if (!/^[3489]/.test(digits)) return { ok: false, message: `«${first}»: российский номер начинается с кода 3xx, 4xx, 8xx или 9xx после +7 — проверьте номер` };
  return { ok: true, value: `+7 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6, 8)}-${digits.slice(8, 10)}` };
}
