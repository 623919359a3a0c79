import type { FieldProblem } from '../../contract/errors.js';
import type { FinalMarkEntry, FinalValue } from '../../contract/entities/journal.js';
import { FINAL_STATE_LABELS, type FinalState } from '../../contract/groups/finals.js';
import { checkDeferralDue } from '../finals/rules.js';
import { compareByClock } from '../util/clockOrder.js';
import { isoDay } from '../util/dates.js';
import { addDays, daysBetween, type DateRange } from './calendarDays.js';
import { activeDuring, type FinalColumn } from './periods.js';

/**
 * Final marks (итоговые отметки) per student, subject and period, with deferrals (отсрочка) and
 * the deadline by which a result must reach the family (1 or 3 days, a school setting).
 *
 * Entries are never edited: each change is a new entry, and the latest (by hybrid logical
 * clock, then id) is in force. The history of a cell is therefore its lifecycle:
 * deferral → (deferral extended) → mark.
 */

export function entryKey(studentId: string, subjectId: string, periodKey: string): string {
  return `${studentId}|${subjectId}|${periodKey}`;
}

/** Entries in clock order (util/clockOrder.ts). */
export function compareEntries(a: FinalMarkEntry, b: FinalMarkEntry): number {
  return compareByClock(a, b);
}

/** All entries grouped by cell, each group in clock order (the last is in force). */
export function entryHistories(entries: readonly FinalMarkEntry[]): Map<string, FinalMarkEntry[]> {
  const out = new Map<string, FinalMarkEntry[]>();
  for (const e of entries) {
    const k = entryKey(e.studentId, e.subjectId, e.periodId);
    const list = out.get(k);
    if (list) list.push(e);
    else out.set(k, [e]);
  }
  for (const list of out.values()) list.sort(compareEntries);
  return out;
}

/** The entry in force of each cell. */
export function entriesInForce(entries: readonly FinalMarkEntry[]): Map<string, FinalMarkEntry> {
  const out = new Map<string, FinalMarkEntry>();
  for (const e of entries) {
    const k = entryKey(e.studentId, e.subjectId, e.periodId);
    const cur = out.get(k);
    if (!cur || compareEntries(cur, e) < 0) out.set(k, e);
  }
  return out;
}

/**
 * Where a cell stands:
 * - `open`: the period is not over and nothing is set;
 * - `missing`: the period is over and there is neither a mark nor a deferral;
 * - `assigned`: a mark, «н/а» or «осв.» is in force;
 * - `deferred`: a deferral is in force and its date has not come;
 * - `deferral_due`: a deferral is in force and its date has come: the mark is due now.
 */
export { FINAL_STATE_LABELS, type FinalState };

/** Whether the result reached the family in time: published (or due to be) by knownOn + N days. */
export interface Lateness {
  /** The last day the result may reach the family. */
  deadline: string;
  /** The day it was published or handed over, if it was. */
  publishedOn?: string;
  /** Days past the deadline: of the publication, or (not yet published) of today. */
  daysLate: number;
  late: boolean;
  /** Not yet published. */
  pending: boolean;
}

/** What the status of a cell reads of an entry (a whole entry, or the part a summary keeps). */
export type StatusEntry = Pick<FinalMarkEntry, 'value' | 'deferral' | 'knownOn' | 'publishedAt'>;

export interface FinalMarkStatus<E extends StatusEntry = FinalMarkEntry> {
  key: string;
  state: FinalState;
  value: FinalValue | null;
  deferral?: { reason: string; dueOn: string; daysOverdue: number };
  /** A deferral preceded the mark in force (the lifecycle ended with a mark). */
  wasDeferred: boolean;
  lateness?: Lateness;
  entry?: E;
}

export function publicationDeadline(knownOn: string, deadlineDays: number): string {
  return addDays(knownOn, deadlineDays);
}

/** The day of a stored moment, in the workstation's time zone. */
export function dayOfMoment(ts: string): string {
  return isoDay(new Date(ts));
}

/**
 * Lateness of an entry with a result (a mark, «н/а» or «осв.»): the regulations want it
 * available to the family no later than `deadlineDays` days after it became known.
 * Deferrals are not results: null.
 */
export function latenessOf(entry: StatusEntry, deadlineDays: number, today: string, dayOf: (ts: string) => string = dayOfMoment): Lateness | null {
  if (entry.value === null) return null;
  const deadline = publicationDeadline(entry.knownOn, deadlineDays);
  if (entry.publishedAt) {
    const publishedOn = dayOf(entry.publishedAt);
    const daysLate = Math.max(0, daysBetween(deadline, publishedOn));
    return { deadline, publishedOn, daysLate, late: daysLate > 0, pending: false };
  }
  const daysLate = Math.max(0, daysBetween(deadline, today));
  return { deadline, daysLate, late: daysLate > 0, pending: true };
}

/**
 * The status of one cell from its history (clock order) and its column. It reads only the entry in
 * force (the last) and whether an earlier entry had a deferral: the class summary
 * (store/classSummary.ts) keeps just those two entries of a history and relies on it.
 */
export function finalMarkStatus<E extends StatusEntry = FinalMarkEntry>(
  key: string,
  history: readonly E[],
  column: DateRange,
  today: string,
  deadlineDays: number,
  dayOf: (ts: string) => string = dayOfMoment,
): FinalMarkStatus<E> {
  const entry = history.at(-1);
  const wasDeferred = history.slice(0, -1).some((e) => e.deferral);
  if (!entry || (entry.value === null && !entry.deferral)) {
    return { key, state: today > column.end ? 'missing' : 'open', value: null, wasDeferred, ...(entry ? { entry } : {}) };
  }
  if (entry.value === null && entry.deferral) {
    const daysOverdue = Math.max(0, daysBetween(entry.deferral.dueOn, today));
    const due = today >= entry.deferral.dueOn;
    return {
      key,
      state: due ? 'deferral_due' : 'deferred',
      value: null,
      deferral: { reason: entry.deferral.reason, dueOn: entry.deferral.dueOn, daysOverdue },
      wasDeferred,
      entry,
    };
  }
  const lateness = latenessOf(entry, deadlineDays, today, dayOf);
  return { key, state: 'assigned', value: entry.value, wasDeferred: wasDeferred || Boolean(entry.deferral), ...(lateness ? { lateness } : {}), entry };
}

/** What the user enters for a cell. */
export interface FinalEntryDraft {
  studentId: string;
  subjectId: string;
  periodKey: string;
  value: FinalValue | null;
  deferral?: { reason: string; dueOn: string } | undefined;
  knownOn: string;
}

export interface FinalEntryContext {
  today: string;
  column: FinalColumn | undefined;
  student: { enrolledOn: string; leftOn?: string | undefined } | undefined;
  subjectIds: ReadonlySet<string>;
  /** The entry now in force for the cell, if any. */
  current?: FinalMarkEntry | undefined;
  /** The last day of the school year: a deferral lasts no longer. */
  yearEnd: string;
}

/**
 * The rules for a new entry; each problem names its field. A deferral replaces the mark (never
 * both); its date is after today and within the school year (finals/rules.ts); a result cannot be known in the future or before its period
 * began; the student must have been in the class during the period.
 */
export function checkFinalEntry(draft: FinalEntryDraft, ctx: FinalEntryContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!ctx.column) problems.push({ path: 'periodKey', message: 'У класса нет такого периода. Выберите период из списка.' });
  if (!ctx.subjectIds.has(draft.subjectId)) problems.push({ path: 'subjectId', message: 'Этот предмет не изучается в классе. Выберите предмет из списка.' });
  if (!ctx.student) problems.push({ path: 'studentId', message: 'Ученик не найден в этом классе.' });
  else if (ctx.column && !activeDuring(ctx.student, ctx.column)) {
    problems.push({ path: 'studentId', message: 'Ученик не обучался в классе в этом периоде: итоговая отметка ему здесь не выставляется.' });
  }
  if (draft.value !== null && draft.deferral) {
    problems.push({ path: 'deferral', message: 'Отсрочка ставится вместо отметки: уберите отметку или отсрочку.' });
  }
  if (draft.knownOn > ctx.today) problems.push({ path: 'knownOn', message: 'Дата получения результата не может быть позже сегодняшнего дня.' });
  if (ctx.column && draft.knownOn < ctx.column.start) {
    problems.push({ path: 'knownOn', message: 'Дата получения результата раньше начала периода. Проверьте дату.' });
  }
  if (draft.deferral) {
    const due = checkDeferralDue(draft.deferral.dueOn, ctx.today, ctx.yearEnd);
    if (due) problems.push(due);
    if (draft.deferral.reason.trim().length < 3) problems.push({ path: 'deferral.reason', message: 'Укажите причину отсрочки (например, «болезнь, справка № …»).' });
  }
  if (draft.value === null && !draft.deferral && (!ctx.current || (ctx.current.value === null && !ctx.current.deferral))) {
    problems.push({ path: 'value', message: 'Выберите отметку или оформите отсрочку.' });
  }
  return problems;
}

/** The text of a cell in the journal's words: «5», «н/а», «осв.», «отср.», or empty. */
export function cellText(status: Pick<FinalMarkStatus, 'state' | 'value'>): string {
  if (status.state === 'assigned' && status.value !== null) return status.value;
  if (status.state === 'deferred' || status.state === 'deferral_due') return 'отср.';
  return '';
}
