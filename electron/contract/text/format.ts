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
