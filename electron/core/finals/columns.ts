import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import { daysBetween } from '../journal/calendarDays.js';
import type { ClassContext } from '../journal/classContext.js';
import { currentPeriod, examKey, finalColumns, finalKey, type FinalColumn } from '../journal/periods.js';

/** The final-mark columns of a class (exam and final where the grade has them or marks exist). */
export function classColumns(cc: ClassContext, entries: readonly FinalMarkEntry[]): FinalColumn[] {
  return finalColumns(cc.periods, cc.year, {
    grade: cc.cls.grade,
    withExam: entries.some((e) => e.periodId === examKey(cc.year.id)),
    withFinal: entries.some((e) => e.periodId === finalKey(cc.year.id)),
  });
}

/** Days after a period's end during which its final marks are what the office is entering. */
export const FINALS_SEASON_DAYS = 14;

/**
 * The column shown first: a period that ended in the last two weeks (its final marks are being
 * set), else the current period; the year once the periods are over.
 */
export function defaultColumn(columns: readonly FinalColumn[], cc: ClassContext, today: string): FinalColumn {
  const lastEnd = cc.periods.at(-1)?.end;
  if (lastEnd && today > lastEnd) return columns.find((c) => c.kind === 'year') ?? columns[0]!;
  const justEnded = [...cc.periods].reverse().find((p) => p.end < today && daysBetween(p.end, today) <= FINALS_SEASON_DAYS);
  const p = justEnded ?? currentPeriod(cc.periods, today);
  return columns.find((c) => c.key === p?.id) ?? columns[0]!;
}
