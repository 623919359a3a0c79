import { format } from 'date-fns';

/** The calendar day of a moment in the workstation's time zone, as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return format(d, 'yyyy-MM-dd');
}

/** ДД.ММ.ГГГГ from YYYY-MM-DD. */
export function ruDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}
