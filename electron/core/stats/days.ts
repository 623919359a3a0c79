/**
 * Day arithmetic the reports do thousands of times, kept cheap. `localDayOf` is the journal's
 * `dayOfMoment` (the calendar day of a stored moment in the workstation's time zone, as
 * YYYY-MM-DD) without date-fns' formatter, remembered per moment.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function localDay(ts: string): string {
  const d = new Date(ts);
  return `${pad(d.getFullYear(), 4)}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** A memoizing `localDay` for one report. */
export function localDayOf(): (ts: string) => string {
  const memo = new Map<string, string>();
  return (ts) => {
    let d = memo.get(ts);
    if (d === undefined) memo.set(ts, (d = localDay(ts)));
    return d;
  };
}
