import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import type { Period, PeriodScheme } from '../../contract/entities/school.js';
import type { StatsPeriod } from '../../contract/groups/stats.js';
import type { ClassContext } from '../journal/classContext.js';
import { examKey, finalColumns, finalKey, type FinalColumn } from '../journal/periods.js';

/**
 * The columns of final marks across the school. Classes may follow different schemes (quarters,
 * trimesters, halves), so a school-wide report is about one column: a period of one scheme (the
 * classes of that scheme take part, the others are named as «another scheme»), or the year
 * (every class), the exam or the final marks.
 */

/** The columns of a class: its periods, the year, and exam / final marks where the grade has them or marks exist. */
export function columnsOfClass(cc: Pick<ClassContext, 'cls' | 'year' | 'periods'>, entries: readonly Pick<FinalMarkEntry, 'periodId'>[]): FinalColumn[] {
  return finalColumns(cc.periods, cc.year, {
    grade: cc.cls.grade,
    withExam: entries.some((e) => e.periodId === examKey(cc.year.id)),
    withFinal: entries.some((e) => e.periodId === finalKey(cc.year.id)),
  });
}

const SCHEME_ORDER: Record<PeriodScheme, number> = { quarters: 0, trimesters: 1, halves: 2 };
const KIND_ORDER = { period: 0, year: 1, exam: 2, final: 3 } as const;

/** The school's columns (one entry per key), with the number of classes that have each. */
export function schoolColumns(
  classes: readonly { columns: readonly FinalColumn[] }[],
  periods: readonly Period[],
  asOf: string,
): StatsPeriod[] {
  const byId = new Map(periods.map((p) => [p.id, p]));
  const out = new Map<string, StatsPeriod>();
  for (const c of classes) {
    for (const col of c.columns) {
      const seen = out.get(col.key);
      if (seen) {
        seen.classCount++;
        if (col.start < seen.start) seen.start = col.start;
        if (col.end > seen.end) seen.end = col.end;
        seen.ended = asOf > seen.end;
        continue;
      }
      const p = col.kind === 'period' ? byId.get(col.key) : undefined;
      out.set(col.key, {
        key: col.key,
        kind: col.kind,
        title: col.title,
        ...(p ? { scheme: p.scheme } : {}),
        start: col.start,
        end: col.end,
        ended: asOf > col.end,
        classCount: 1,
      });
    }
  }
  const index = (s: StatsPeriod) => byId.get(s.key)?.index ?? 0;
  return [...out.values()].sort(
    (a, b) =>
      KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
      (a.scheme && b.scheme ? SCHEME_ORDER[a.scheme] - SCHEME_ORDER[b.scheme] : 0) ||
      index(a) - index(b) ||
      (a.key < b.key ? -1 : 1),
  );
}

/**
 * The column a report opens with: the last period that ended in the scheme most classes follow;
 * before any ended, that scheme's current period; after the year, the year.
 */
export function defaultPeriod(columns: readonly StatsPeriod[], asOf: string): StatsPeriod | undefined {
  const periods = columns.filter((c) => c.kind === 'period');
  const year = columns.find((c) => c.kind === 'year');
  if (periods.length === 0) return year ?? columns[0];
  const count = new Map<string, number>();
  for (const p of periods) count.set(p.scheme ?? '', Math.max(count.get(p.scheme ?? '') ?? 0, p.classCount));
  const scheme = [...count.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const own = periods.filter((p) => (p.scheme ?? '') === scheme);
  if (own.every((p) => p.ended) && year) return year;
  const ended = own.filter((p) => p.ended);
  if (ended.length > 0) return ended.at(-1);
  return own.find((p) => p.start <= asOf && asOf <= p.end) ?? own[0];
}

/** The period before a period of the same scheme (none for the year, exams, final marks, or the first period). */
export function previousPeriod(columns: readonly StatsPeriod[], periods: readonly Period[], current: StatsPeriod): StatsPeriod | undefined {
  if (current.kind !== 'period') return undefined;
  const p = periods.find((x) => x.id === current.key);
  if (!p) return undefined;
  const prev = periods.find((x) => x.yearId === p.yearId && x.scheme === p.scheme && x.index === p.index - 1);
  return prev ? columns.find((c) => c.key === prev.id) : undefined;
}

/** The periods of the same scheme as `current` (for the year: the scheme most classes follow), in order: the trend. */
export function trendColumns(columns: readonly StatsPeriod[], current: StatsPeriod): StatsPeriod[] {
  const periods = columns.filter((c) => c.kind === 'period');
  let scheme = current.scheme;
  if (!scheme) {
    const best = [...periods].sort((a, b) => b.classCount - a.classCount)[0];
    scheme = best?.scheme;
  }
  const out: StatsPeriod[] = periods.filter((p) => p.scheme === scheme);
  const year = columns.find((c) => c.kind === 'year');
  if (year) out.push(year);
  return out;
}
