/**
 * The cells of a class list: a class as schools write it (5А, 5 А, 5-а, 5 "А", 5«А», 10Б класс), a
 * person's full name, a date (ДД.ММ.ГГГГ or Excel's own date cell), gender, e-mail. One pure
 * function per rule; table test: tests/unit/exchange/classListCells.test.ts.
 */
import { parseDate, parseGender, type Parsed } from '../values.js';

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T = never>(message: string): Parsed<T> => ({ ok: false, message });

/** A cell as read: text, a number, or a date (Excel's date cells). */
export type CellValue = string | number | Date | null;

/** The text of a cell as Excel shows it (dates as ДД.ММ.ГГГГ, whole numbers without «.0»). */
export function cellText(v: CellValue): string {
  if (v === null) return '';
  if (v instanceof Date) {
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(v.getUTCDate())}.${p(v.getUTCMonth() + 1)}.${v.getUTCFullYear()}`;
  }
  return String(v).replace(/\s+/g, ' ').trim();
}

/** Latin letters that look like Cyrillic ones (a list typed on the wrong keyboard layout). */
const LOOKALIKE: Record<string, string> = { A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'У' };

/** A class: grade 1–11 and a letter (one Cyrillic letter, upper case); its name is «5А». */
export function parseClassName(cell: string): Parsed<{ grade: number; letter: string; name: string }> {
  const s = cell
    .trim()
    .replace(/\s*(класс|кл\.?)\s*$/i, '')
    .replace(/["'«»“”„]/g, ' ')
    .trim();
  const m = /^(\d{1,2})\s*[-–—.]?\s*([A-Za-zА-ЯЁа-яё])$/.exec(s);
  const grade = m ? Number(m[1]) : NaN;
  if (!m || grade < 1 || grade > 11) return bad(`«${cell.trim()}» — не класс: напишите номер класса (1–11) и букву, например 5А, 5 «А» или 5-а`);
  const raw = m[2]!.toUpperCase();
  const letter = LOOKALIKE[raw] ?? raw;
  if (!/^[А-ЯЁ]$/.test(letter)) return bad(`«${cell.trim()}»: буква класса — русская (А, Б, В, …)`);
  return ok({ grade, letter, name: `${grade}${letter}` });
}

/** A name part as a person writes it; ALL CAPITALS («ЁЛКИН») becomes «Ёлкин», ё is kept. */
export function tidyName(part: string): string {
  const s = part.replace(/\s+/g, ' ').trim();
  if (s.length > 1 && s === s.toUpperCase() && s !== s.toLowerCase()) return s.toLowerCase().replace(/(^|[-\s])(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase());
  return s;
}

/** «Фамилия Имя Отчество» in one cell: two words or more (a patronymic of several: «Тимур оглы»). */
export function splitFullName(cell: string): Parsed<{ lastName: string; firstName: string; middleName?: string }> {
  const words = cell.replace(/[,;]/g, ' ').trim().split(/\s+/).filter(Boolean).map(tidyName);
  if (words.length < 2) return bad('в ячейке ФИО меньше двух слов: напишите фамилию, имя и отчество (если есть) через пробел');
  const [lastName, firstName, ...rest] = words as [string, string, ...string[]];
  return ok({ lastName, firstName, ...(rest.length ? { middleName: rest.join(' ') } : {}) });
}

/** Days between 1899-12-30 and 1970-01-01: Excel's serial day 25569 is 01.01.1970. */
const EXCEL_EPOCH = 25569;

/** A date cell: Excel's date, a serial number of a date cell Excel did not format, ДД.ММ.ГГГГ, Д.М.ГГ, ГГГГ-ММ-ДД. Returns YYYY-MM-DD. */
export function parseDateCell(v: CellValue): Parsed<string> {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return bad('ячейка с датой повреждена: введите дату заново как ДД.ММ.ГГГГ');
    // Excel keeps days without a time zone; exceljs hands them as UTC midnight (a few ms off at times).
    const d = new Date(Math.round(v.getTime() / 86_400_000) * 86_400_000);
    return parseDate(d.toISOString().slice(0, 10));
  }
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1 || v > 80_000) return bad(`«${v}» — не дата: напишите ДД.ММ.ГГГГ, например 02.03.2015`);
    return parseDate(new Date((v - EXCEL_EPOCH) * 86_400_000).toISOString().slice(0, 10));
  }
  let s = cellText(v).replace(/\s*г\.?$/, '');
  if (/^\d{1,2}[/-]\d{1,2}[/-]\d{2,4}$/.test(s)) s = s.replace(/[/-]/g, '.');
  // Two-digit years (02.03.15): a child of a school list is born in this century.
  const short = /^(\d{1,2})\.(\d{1,2})\.(\d{2})$/.exec(s);
  if (short) return parseDate(`${short[1]}.${short[2]}.20${short[3]}`);
  return parseDate(s);
}

export { parseGender };

/** An e-mail address (checked loosely: one @, a dot in the domain, no spaces). */
export function parseEmail(cell: string): Parsed<string> {
  const s = cell.trim().replace(/^mailto:/i, '');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) || s.length > 120) return bad(`«${cell.trim()}» — не адрес электронной почты: напишите его как name@example.ru`);
  const at = s.lastIndexOf('@');
  return ok(`${s.slice(0, at)}@${s.slice(at + 1).toLowerCase()}`);
}
