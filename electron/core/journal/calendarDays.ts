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

const TWO = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The day of a UTC moment, YYYY-MM-DD: civil date from the day number by arithmetic (statistics
 * call this for every final mark; `toISOString` was a tenth of a cold dashboard). Moments outside
 * years 1000…9999 (and invalid ones) go through Date as before.
 */
function fromUtc(ms: number): string {
  let z = Math.floor(ms / DAY_MS);
  if (!(z >= -354_285 && z <= 2_932_896)) return new Date(ms).toISOString().slice(0, 10);
  z += 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${TWO[m]!}-${TWO[d]!}`;
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
