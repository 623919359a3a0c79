/**
 * Day arithmetic of the renderer in one place (date-fns): ISO days (YYYY-MM-DD) in, ISO days out,
 * counted on the local calendar, so a day is never lost or doubled by a time zone or a DST change.
 */
import { addDays as addCalendarDays, format, parseISO, startOfISOWeek } from 'date-fns';

/** The ISO day of a local date. */
export function isoDayOf(date: Date): string {
  return format(date, 'yyyy-MM-dd');
}

/** The local midnight of an ISO day. */
export function dateOfIsoDay(iso: string): Date {
  return parseISO(iso.slice(0, 10));
}

/** The day `days` days after (before, when negative) an ISO day. */
export function addDays(iso: string, days: number): string {
  return isoDayOf(addCalendarDays(dateOfIsoDay(iso), days));
}

/** The Monday of the week of an ISO day. */
export function mondayOf(iso: string): string {
  return isoDayOf(startOfISOWeek(dateOfIsoDay(iso)));
}
