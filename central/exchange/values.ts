/**
 * The values of the exchange format's cells: one pure function per rule (dates, numbers, marks of
 * other scales and special marks, attendance codes, final marks, words of the Russian journal).
 * Each returns the value or a Russian message that says what the cell must hold; the caller adds
 * the file, row and column. Table tests: tests/unit/exchange/values.test.ts.
 */
import { GUARDIAN_RELATIONS } from '../../electron/contract/entities/people.js';
import { LESSON_TYPES, type AttendanceKind, type LessonType } from '../../electron/contract/entities/common.js';
import type { FinalValue } from '../../electron/contract/entities/journal.js';
import type { Channel } from '../../electron/contract/entities/documents.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T = never>(message: string): Parsed<T> => ({ ok: false, message });

/** Words compared as people write them: case, ё/е, spaces and a trailing dot do not matter. */
export const norm = (s: string) => s.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').replace(/\.$/, '');

function realDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A date: ДД.ММ.ГГГГ (as Excel shows it) or ГГГГ-ММ-ДД; returns YYYY-MM-DD. */
export function parseDate(cell: string): Parsed<string> {
  const s = cell.trim();
  let y: number, m: number, d: number;
  let r = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s);
  if (r) [d, m, y] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else if ((r = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) [y, m, d] = [Number(r[1]), Number(r[2]), Number(r[3])];
  else return bad(`«${s}» — не дата: напишите ДД.ММ.ГГГГ (например, 01.09.2026) или ГГГГ-ММ-ДД`);
  if (y < 1900 || y > 2100 || !realDate(y, m, d)) return bad(`даты ${pad(d)}.${pad(m)}.${y} нет в календаре: проверьте день и месяц`);
  return ok(`${y}-${pad(m)}-${pad(d)}`);
}

/**
 * A moment: ISO 8601 with an offset (kept as written when it is already UTC with milliseconds, the
 * form this system writes), or ДД.ММ.ГГГГ ЧЧ:ММ[:СС] / ГГГГ-ММ-ДД ЧЧ:ММ[:СС] in the time zone of
 * the export (manifest `timezone`, default +03:00). Returns an ISO string in UTC.
 */
export function parseMoment(cell: string, tz = '+03:00'): Parsed<string> {
  const s = cell.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(s) && !Number.isNaN(Date.parse(s))) return ok(s);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const t = Date.parse(s);
    if (!Number.isNaN(t)) return ok(new Date(t).toISOString());
  }
  const r = /^(\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(s);
  if (r) {
    const date = parseDate(r[1]!);
    if (!date.ok) return date;
    const [h, mi, se] = [Number(r[2]), Number(r[3]), Number(r[4] ?? 0)];
    if (h > 23 || mi > 59 || se > 59) return bad(`«${s}»: нет такого времени суток`);
    const t = Date.parse(`${date.value}T${pad(h)}:${pad(mi)}:${pad(se)}${tz}`);
    if (!Number.isNaN(t)) return ok(new Date(t).toISOString());
  }
  return bad(`«${s}» — не момент времени: напишите ДД.ММ.ГГГГ ЧЧ:ММ или 2026-09-01T08:30:00Z`);
}

/** A whole number in [min, max]. */
export function parseInt(cell: string, min: number, max: number): Parsed<number> {
  const s = cell.trim().replace(/\s/g, '');
  if (!/^-?\d+$/.test(s)) return bad(`«${cell.trim()}» — не целое число: напишите число от ${min} до ${max}`);
  const n = Number(s);
  if (n < min || n > max) return bad(`${n} — вне допустимого: от ${min} до ${max}`);
  return ok(n);
}

/** A decimal number with a comma or a dot (as Excel writes it in Russian) in [min, max]. */
export function parseDecimal(cell: string, min: number, max: number): Parsed<number> {
  const s = cell.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return bad(`«${cell.trim()}» — не число: напишите число от ${min} до ${max} (дробная часть через запятую)`);
  const n = Number(s);
  if (n < min || n > max) return bad(`${s.replace('.', ',')} — вне допустимого: от ${min} до ${max}`);
  return ok(n);
}

/** Yes / no. */
export function parseBool(cell: string): Parsed<boolean> {
  const s = norm(cell);
  if (['да', '1', 'true', 'yes', 'д', '+'].includes(s)) return ok(true);
  if (['нет', '0', 'false', 'no', 'н', '-'].includes(s)) return ok(false);
  return bad(`«${cell.trim()}»: напишите «да» или «нет»`);
}

export function parseGender(cell: string): Parsed<'m' | 'f'> {
  const s = norm(cell);
  if (['m', 'м', 'муж', 'мужской', 'мальчик'].includes(s)) return ok('m');
  if (['f', 'ж', 'жен', 'женский', 'девочка'].includes(s)) return ok('f');
  return bad(`«${cell.trim()}»: напишите «м» или «ж»`);
}

const RELATION_SYNONYMS: Record<string, (typeof GUARDIAN_RELATIONS)[number]> = { мама: 'мать', папа: 'отец', бабушка: 'бабушка', дедушка: 'дедушка' };

export function parseRelation(cell: string): Parsed<(typeof GUARDIAN_RELATIONS)[number]> {
  const s = norm(cell);
  const hit = GUARDIAN_RELATIONS.find((r) => norm(r) === s) ?? RELATION_SYNONYMS[s];
  return hit ? ok(hit) : bad(`«${cell.trim()}»: напишите одно из: ${GUARDIAN_RELATIONS.join(', ')}`);
}

/** A lesson's type; the journal's words with or without «работа»; empty is «урок». */
export function parseLessonType(cell: string): Parsed<LessonType> {
  const s = norm(cell).replace(/ работа$/, '');
  if (s === '') return ok('урок');
  if (s === 'зачет') return ok('зачёт');
  const hit = LESSON_TYPES.find((t) => norm(t) === s);
  return hit ? ok(hit) : bad(`«${cell.trim()}»: тип урока — одно из: ${LESSON_TYPES.join(', ')}`);
}

const SCHEMES = { quarters: 'quarters', четверти: 'quarters', trimesters: 'trimesters', триместры: 'trimesters', halves: 'halves', полугодия: 'halves' } as const;

export function parseScheme(cell: string): Parsed<'quarters' | 'trimesters' | 'halves'> {
  const hit = SCHEMES[norm(cell) as keyof typeof SCHEMES];
  return hit ? ok(hit) : bad(`«${cell.trim()}»: напишите «четверти», «триместры» или «полугодия»`);
}

/** Monday is 1; a number or the Russian day (пн, вторник, …). */
export function parseWeekday(cell: string): Parsed<number> {
  const s = norm(cell);
  const days = ['пн', 'вт', 'ср', 'чт', 'пт', 'сб'];
  const full = ['понедельник', 'вторник', 'среда', 'четверг', 'пятница', 'суббота'];
  const i = days.indexOf(s) >= 0 ? days.indexOf(s) : full.indexOf(s);
  if (i >= 0) return ok(i + 1);
  return parseInt(cell, 1, 6);
}

const CHANGE_KINDS = { substitution: 'substitution', замена: 'substitution', moved: 'moved', перенос: 'moved', cancelled: 'cancelled', отмена: 'cancelled' } as const;

export function parseChangeKind(cell: string): Parsed<'substitution' | 'moved' | 'cancelled'> {
  const hit = CHANGE_KINDS[norm(cell) as keyof typeof CHANGE_KINDS];
  return hit ? ok(hit) : bad(`«${cell.trim()}»: напишите «замена», «перенос» или «отмена»`);
}

/** Channels of a contacts statement: sms, email, paper (or смс, почта, бумага), separated by spaces, commas or «|». */
export function parseChannels(cell: string): Parsed<Channel[]> {
  const map: Record<string, Channel> = { sms: 'sms', смс: 'sms', email: 'email', 'e-mail': 'email', почта: 'email', paper: 'paper', бумага: 'paper', бумажно: 'paper' };
  const out: Channel[] = [];
  for (const w of cell.split(/[\s,|]+/).map(norm).filter(Boolean)) {
    const c = map[w];
    if (!c) return bad(`«${w}»: способ получения — sms, email или paper (смс, почта, бумага)`);
    if (!out.includes(c)) out.push(c);
  }
  return out.length ? ok(out) : bad('укажите хотя бы один способ получения: sms, email или paper');
}

export function parseContactSource(cell: string): Parsed<'written' | 'edoc'> {
  const s = norm(cell);
  if (['written', 'письменно', 'заявление', 'бумага'].includes(s)) return ok('written');
  if (['edoc', 'электронно', 'эл', 'электронный документ'].includes(s)) return ok('edoc');
  return bad(`«${cell.trim()}»: напишите «written» (письменное заявление) или «edoc» (электронный документ)`);
}

// ---------------------------------------------------------------- marks

/** What a cell of marks.csv becomes: a mark of the 5-point journal, an absence, or a special mark the journal does not keep. */
export type MarkValue = { kind: 'mark'; value: number } | { kind: 'absence'; code: AttendanceKind } | { kind: 'special'; label: string };

export const MARK_SCALES = ['5', '10', '100'] as const;
export type MarkScale = (typeof MARK_SCALES)[number];

/** 10-point marks on the 5-point journal: 9–10 → 5, 7–8 → 4, 4–6 → 3, 1–3 → 2. */
export function tenToFive(n: number): number {
  return n >= 9 ? 5 : n >= 7 ? 4 : n >= 4 ? 3 : 2;
}

/** 100-point (percent) results: 85–100 → 5, 65–84 → 4, 45–64 → 3, 0–44 → 2. */
export function hundredToFive(n: number): number {
  return n >= 85 ? 5 : n >= 65 ? 4 : n >= 45 ? 3 : 2;
}

/** Special marks of the real systems that are not marks of the journal (counted in the report, not imported). */
export const SPECIAL_MARKS: Record<string, string> = {
  '.': 'точка (долг)',
  точка: 'точка (долг)',
  долг: 'точка (долг)',
  зач: 'зачёт',
  зачет: 'зачёт',
  зачтено: 'зачёт',
  незач: 'незачёт',
  незачет: 'незачёт',
  'не зачтено': 'незачёт',
  осв: 'освобождён',
  освобожден: 'освобождён',
  'н/а': 'не аттестован',
  на: 'не аттестован',
};

export function parseMark(cell: string, scaleCell: string): Parsed<MarkValue> {
  const s = cell.trim() === '.' ? '.' : norm(cell);
  if (s === '') return bad('пустая отметка: напишите отметку или удалите строку');
  const absence = parseAttendanceCode(s);
  if (absence.ok && absence.value !== null) return ok({ kind: 'absence', code: absence.value });
  const special = SPECIAL_MARKS[s];
  if (special) return ok({ kind: 'special', label: special });
  const scale = scaleCell.trim() === '' ? '5' : scaleCell.trim();
  if (!(MARK_SCALES as readonly string[]).includes(scale)) return bad(`шкала «${scale}»: напишите 5, 10 или 100`);
  if (scale === '5') {
    // «4+», «5-», «3/4» (a double mark takes its first value): the journal keeps the whole mark.
    const r = /^([1-5])(?:[+-]|\/[1-5])?$/.exec(s);
    return r ? ok({ kind: 'mark', value: Number(r[1]) }) : bad(`«${cell.trim()}» — не отметка пятибалльной шкалы: 1–5 (можно с + или −), н, б, у или особая отметка (зач, осв, н/а, точка)`);
  }
  const n = parseInt(s, scale === '10' ? 1 : 0, scale === '10' ? 10 : 100);
  if (!n.ok) return n;
  return ok({ kind: 'mark', value: scale === '10' ? tenToFive(n.value) : hundredToFive(n.value) });
}

// ---------------------------------------------------------------- attendance

const ATTENDANCE_CODES: Record<string, AttendanceKind | null> = {
  н: 'н',
  нб: 'н',
  'н/б': 'н',
  нп: 'н',
  прогул: 'н',
  отсутствовал: 'н',
  б: 'б',
  бол: 'б',
  болел: 'б',
  болезнь: 'б',
  у: 'у',
  уп: 'у',
  ув: 'у',
  'уважительная причина': 'у',
  // Late arrivals are not absences: the journal keeps none of them.
  оп: null,
  опоздал: null,
  опоздание: null,
};

/** An attendance code of a real system → н (absent), б (ill), у (excused); null: not an absence (опоздание). */
export function parseAttendanceCode(cell: string): Parsed<AttendanceKind | null> {
  const s = norm(cell);
  if (Object.hasOwn(ATTENDANCE_CODES, s)) return ok(ATTENDANCE_CODES[s]!);
  return bad(`«${cell.trim()}»: код посещаемости — н (НБ, НП), б (Б, бол), у (УП, ув) или оп (опоздание, не переносится)`);
}

// ---------------------------------------------------------------- final marks

const FINAL_SYNONYMS: Record<string, FinalValue> = { 'н/а': 'н/а', на: 'н/а', 'не аттестован': 'н/а', осв: 'осв.', освобожден: 'осв.', освобождена: 'осв.' };

/** A final mark: 1–5, н/а, осв.; empty: no mark (an entry that clears the mark). */
export function parseFinalValue(cell: string): Parsed<FinalValue | null> {
  const s = norm(cell);
  if (s === '') return ok(null);
  if (/^[1-5]$/.test(s)) return ok(s as FinalValue);
  const hit = FINAL_SYNONYMS[s];
  return hit ? ok(hit) : bad(`«${cell.trim()}»: итоговая отметка — 1–5, н/а или осв. (пустая ячейка — отметки нет)`);
}
