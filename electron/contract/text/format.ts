import type { PersonName } from '../entities/common.js';

/** ДД.ММ.ГГГГ from YYYY-MM-DD or an ISO timestamp (its date part, as stored). */
export function ruDate(iso: string | undefined | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

/** ДД.ММ.ГГГГ ЧЧ:ММ of a moment, in the workstation's time zone. */
export function ruDateTime(iso: string | undefined | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}.${p(d.getMonth() + 1)}.${d.getFullYear()} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** «Фамилия Имя Отчество». */
export function fullName(n: PersonName): string {
  return [n.lastName, n.firstName, n.middleName].filter(Boolean).join(' ');
}

/** «Фамилия И. О.» */
export function shortName(n: PersonName): string {
  const initials = [n.firstName, n.middleName].filter((x): x is string => Boolean(x)).map((x) => `${x[0]}.`);
  return [n.lastName, initials.join(' ')].filter(Boolean).join(' ');
}

/**
 * A moment typed as ДД.ММ.ГГГГ and ЧЧ:ММ, in the workstation's time zone, as an ISO timestamp;
 * null when either is not a real date or time.
 */
export function parseRuDateTime(date: string, time: string): string | null {
  const d = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(date);
  const t = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(time);
  if (!d || !t) return null;
  const [day, month, year, hh, mm] = [Number(d[1]), Number(d[2]), Number(d[3]), Number(t[1]), Number(t[2])];
  if (hh > 23 || mm > 59) return null;
  const v = new Date(year, month - 1, day, hh, mm);
  if (v.getFullYear() !== year || v.getMonth() !== month - 1 || v.getDate() !== day) return null;
  return v.toISOString();
}

/** A date typed as ДД.ММ.ГГГГ (Д.М.ГГГГ too) as YYYY-MM-DD; null when it is not a real date. */
export function parseRuDate(text: string): string | null {
  const d = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(text);
  if (!d) return null;
  const [day, month, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const v = new Date(Date.UTC(year, month - 1, day));
  if (v.getUTCFullYear() !== year || v.getUTCMonth() !== month - 1 || v.getUTCDate() !== day) return null;
  return v.toISOString().slice(0, 10);
}

/** The Russian plural form for a count: plural(1, 'запись', 'записи', 'записей') → «запись», 2 → «записи», 5 → «записей». */
export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}
