/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, UTC): the generator walks
 * hundreds of thousands of lesson-days, so it avoids Date objects in the hot loops.
 */
export type Day = number;

const MS_PER_DAY = 86_400_000;
const isoCache = new Map<Day, string>();

export function dayOf(iso: string): Day {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`Not a date: ${iso}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`No such date: ${iso}`);
  }
  return Math.round(t / MS_PER_DAY);
}

export function makeDay(year: number, month: number, date: number): Day {
  return Math.round(Date.UTC(year, month - 1, date) / MS_PER_DAY);
}

export function isoOf(day: Day): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    isoCache.set(day, s);
  }
  return s;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(day: Day): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

export function yearOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCFullYear();
}

/** Month 1–12. */
export function monthOf(day: Day): number {
  return new Date(day * MS_PER_DAY).getUTCMonth() + 1;
}

/** A UTC timestamp string for a day and a Moscow (UTC+3) wall-clock time. */
export function moscowTimestamp(day: Day, hour: number, minute: number, second = 0): string {
  const ms = day * MS_PER_DAY + ((hour - 3) * 3600 + minute * 60 + second) * 1000;
  return new Date(ms).toISOString();
}

export function timestampMs(day: Day, hour: number, minute: number, second = 0): number {
  return day * MS_PER_DAY + ((hour - 3) * 3600 + minute * 60 + second) * 1000;
}

/** Age in whole years on a day, for a birth date. */
export function ageOn(birth: Day, on: Day): number {
  const b = new Date(birth * MS_PER_DAY);
  const o = new Date(on * MS_PER_DAY);
  let age = o.getUTCFullYear() - b.getUTCFullYear();
  const beforeBirthday =
    o.getUTCMonth() < b.getUTCMonth() || (o.getUTCMonth() === b.getUTCMonth() && o.getUTCDate() < b.getUTCDate());
  if (beforeBirthday) age--;
  return age;
}

/** The day a person born on `birth` turns `years` (29 February → 1 March). */
export function birthdayAt(birth: Day, years: number): Day {
  const b = new Date(birth * MS_PER_DAY);
  return Math.round(Date.UTC(b.getUTCFullYear() + years, b.getUTCMonth(), b.getUTCDate()) / MS_PER_DAY);
}
