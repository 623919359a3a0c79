/**
 * A Russian phone number as people write it (8 912 345-67-89, +79123456789, 9123456789,
 * (912)3456789, 8-912-345-67-89) in the one form the app stores and shows: «+7 (912) 345-67-89».
 * Pure and dependency-free: the core (registry contacts), the renderer (the phone field) and
 * `central/` (class-list import) all use it. Table test: tests/unit/contract/phone.test.ts.
 */

export type PhoneReading = { ok: true; value: string } | { ok: false; message: string };

const EXAMPLE = 'например +7 (912) 345-67-89';

/** The ten digits after +7 of a number as typed, or why it is not a Russian phone number. */
function tenDigits(text: string): { digits: string } | { message: string } {
  const t = text.trim();
  if (/[^\d\s()+\-.]/.test(t)) return { message: `Это не номер телефона: только цифры, ${EXAMPLE}` };
  if (t.indexOf('+') > 0 || (t.startsWith('+') && !t.startsWith('+7'))) return { message: `Номер телефона российский, начинается с +7 или 8: ${EXAMPLE}` };
  let digits = t.replace(/\D/g, '');
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) digits = digits.slice(1);
  else if (t.startsWith('+7') && digits.length !== 11) return { message: `После +7 нужно 10 цифр, а в номере ${digits.length - 1}: ${EXAMPLE}` };
  if (digits.length < 10) return { message: `В номере не хватает цифр (${digits.length} из 10 после +7): напишите номер целиком с кодом, ${EXAMPLE}` };
  if (digits.length > 10) return { message: `В номере лишние цифры: ${EXAMPLE}` };
  if (!/^[3489]/.test(digits)) return { message: `Код после +7 начинается с 3, 4, 8 или 9 — проверьте номер, ${EXAMPLE}` };
  return { digits };
}

const layout = (d: string) => `+7 (${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6, 8)}-${d.slice(8, 10)}`;

/** «+7 (912) 345-67-89» from a number as typed; a Russian message when it is not one. */
export function normalizePhone(text: string): PhoneReading {
  const r = tenDigits(text);
  return 'digits' in r ? { ok: true, value: layout(r.digits) } : { ok: false, message: r.message };
}

/**
 * The phone field's text as it is typed: the digits laid out as «+7 (912) 345-67-», a leading 8
 * or 7 read as the country code. Anything but digits is dropped; the rest is checked on saving.
 */
export function maskPhone(typed: string): string {
  let d = typed.replace(/\D/g, '');
  if (d === '') return typed.trim().startsWith('+') ? '+' : '';
  if (d[0] === '7' || d[0] === '8') d = d.slice(1);
  else if (typed.trim().startsWith('+')) return `+${d}`.slice(0, 18);
  d = d.slice(0, 10);
  let s = '+7';
  if (d.length > 0) s += ` (${d.slice(0, 3)}`;
  // The closing bracket comes with the fourth digit, so a backspace after the code is not undone.
  if (d.length > 3) s += `) ${d.slice(3, 6)}`;
  if (d.length > 6) s += `-${d.slice(6, 8)}`;
  if (d.length > 8) s += `-${d.slice(8, 10)}`;
  return s;
}

/** A stored number as the app shows it: «+7 (912) 345-67-89», or as stored when it is not a Russian number. */
export function displayPhone(stored: string): string {
  const r = normalizePhone(stored);
  return r.ok ? r.value : stored;
}
