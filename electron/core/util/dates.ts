import { format } from 'date-fns';
export { ruDate } from '../../contract/text/format.js';

/** The calendar day of a moment in the workstation's time zone, as YYYY-MM-DD. */
export function isoDay(d: Date): string {
  return format(d, 'yyyy-MM-dd');
}
