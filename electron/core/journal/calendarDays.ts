/**
 * Calendar-day arithmetic on YYYY-MM-DD strings, in UTC so that no time zone or daylight saving
 * shift can move a date. The journal works in whole days: lesson dates, due dates, deadlines.
 */

const DAY_MS = 86_400_000;

function toUtc(iso: string): number {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  return Date.UTC(y, m - 1, d);
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromUtc(toUtc(iso) + days * DAY_MS);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** 1 = Monday … 7 = Sunday. */
export function weekdayOf(iso: string): number {
  const wd = new Date(toUtc(iso)).getUTCDay();
  return wd === 0 ? 7 : wd;
}

/** The Monday of the week containing the day. */
export function mondayOf(iso: string): string {
  return addDays(iso, 1 - weekdayOf(iso));
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}

/** A closed range of days, both ends included. */
export interface DateRange {
  start: string;
  end: string;
}

export function inRange(date: string, range: DateRange): boolean {
  return date >= range.start && date <= range.end;
}
