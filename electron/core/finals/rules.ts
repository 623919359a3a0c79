import type { FieldProblem } from '../../contract/errors.js';
import type { FinalMarkEntry, FinalValue } from '../../contract/entities/journal.js';
import type { Role } from '../../contract/roles.js';
import { ruDate } from '../../contract/text/format.js';
import { addDays, type DateRange } from '../journal/calendarDays.js';
import type { FinalKind } from '../journal/periods.js';
import { isoDay } from '../util/dates.js';

/**
 * Final marks: who sets them and when (issue 14, п. 6). Each rule is one pure function; the
 * service (services/finals.ts) only asks them.
 */

// ---------------------------------------------------------------- who

/** What a user may do with the final marks of a class. */
export type FinalMarkRight = 'set' | 'read' | 'none';

/**
 * Who sets final marks.
 * - The class teacher sets the final marks of his own classes (he sees no other class).
 * - The director and the deputies set them in any class under the same rules (a class without a
 *   class teacher, or one who is away). They are the ones who confirm a late change: a change of
 *   a locked mark they make themselves carries their reason and their own confirmation.
 * - The office reads them (and records that a result reached the family: it hands the paper
 *   over), but never sets or changes a mark. The administrator sees no child and no mark.
 */
export function finalMarkRight(role: Role, ownClass: boolean): FinalMarkRight {
  switch (role) {
    case 'teacher':
      return ownClass ? 'set' : 'none';
    case 'director':
    case 'deputy':
      return 'set';
    case 'office':
      return 'read';
    case 'admin':
      return 'none';
  }
}

/** Who confirms (or refuses) the change of a locked final mark: the director and the deputies. */
export function mayConfirmFinalChanges(role: Role): boolean {
  return role === 'director' || role === 'deputy';
}

// ---------------------------------------------------------------- when a change is locked

/**
 * The first day a column counts as closed: its end plus the days the school gives results to
 * reach the family (`finalMarkDeadlineDays`, the deadline the app uses for lateness), plus one.
 * A quarter ending 24.10 with a 1-day deadline is closed from 26.10.
 */
export function closedFrom(column: Pick<DateRange, 'end'>, deadlineDays: number): string {
  // The same deadline as a result's (journal/finalMarks.ts publicationDeadline), from the period's end.
  return addDays(column.end, deadlineDays + 1);
}

export type LockReason = 'closed' | 'published';

/**
 * Whether a new entry over the one in force is a change that needs a reason and a deputy's or the
 * director's confirmation, and why: the entry in force holds a result («5»…«1», «н/а», «осв.»)
 * and either its column is closed (`closedFrom`) or the result was already made available to the
 * family. The first mark of a cell, and the mark that ends a deferral, are not changes: nothing
 * was in force. Returns the reasons (closed first), empty when the change is free.
 */
export function changeLock(
  current: Pick<FinalMarkEntry, 'value' | 'publishedAt'> | undefined,
  column: Pick<DateRange, 'end'>,
  today: string,
  deadlineDays: number,
): LockReason[] {
  if (!current || current.value === null) return [];
  const out: LockReason[] = [];
  if (today >= closedFrom(column, deadlineDays)) out.push('closed');
  if (current.publishedAt) out.push('published');
  return out;
}

/** How a change reaches the journal: at once; at once with the changer's own reason; by a request. */
export type ChangeRoute = 'direct' | 'with_reason' | 'request';

/**
 * The way of a change: a free change is written at once; a locked one is written at once only by
 * the director or a deputy, with a reason (they confirm it themselves); a class teacher sends a
 * request with a reason, which the director or a deputy confirms or refuses.
 */
export function changeRoute(lock: readonly LockReason[], role: Role): ChangeRoute {
  if (lock.length === 0) return 'direct';
  return mayConfirmFinalChanges(role) ? 'with_reason' : 'request';
}

/** What the user reads about a lock: «Период закрыт 26.10.2026» / «Отметка доведена до семьи 27.10.2026». */
export function lockText(lock: readonly LockReason[], column: Pick<DateRange, 'end'>, deadlineDays: number, publishedAt?: string): string {
  const parts: string[] = [];
  if (lock.includes('closed')) parts.push(`период закрыт с ${ruDate(closedFrom(column, deadlineDays))}`);
  if (lock.includes('published')) parts.push(publishedAt ? `отметка доведена до семьи ${ruDate(isoDay(new Date(publishedAt)))}` : 'отметка доведена до семьи');
  return parts.join(', ');
}

// ---------------------------------------------------------------- the reason of a change

export const MIN_REASON_WORDS = 3;
export const MIN_REASON_CHARS = 12;

/**
 * The reason of a change of a locked mark: a few words a deputy can judge and a check can follow
 * (at least 3 words and 12 characters: «пересдача контрольной работы 12.11»), not «ошибка».
 */
export function checkChangeReason(text: string | undefined): FieldProblem | null {
  const t = (text ?? '').trim();
  const words = t.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w));
  if (t.length === 0) {
    return { path: 'reason', message: 'Укажите причину изменения (например, «пересдача контрольной работы 12.11, приказ № 45»).' };
  }
  if (words.length < MIN_REASON_WORDS || t.length < MIN_REASON_CHARS) {
    return { path: 'reason', message: 'Опишите причину изменения подробнее — хотя бы тремя словами (например, «пересдача контрольной работы 12.11»).' };
  }
  return null;
}

// ---------------------------------------------------------------- a mark before its period ends

/**
 * A mark of a period (or of the year) set before the period ends asks for confirmation: the
 * forecast may still change. On the period's last day the mark is expected and nothing is asked.
 * Deferrals and the removal of a mark are not marks; exam and final marks come with the exams.
 * Returns the period's last day when the mark is early, else null.
 */
export function earlyMark(value: FinalValue | null, column: { kind: FinalKind; end: string }, today: string): string | null {
  if (value === null) return null;
  if (column.kind !== 'period' && column.kind !== 'year') return null;
  return today < column.end ? column.end : null;
}

/** The question the dialog asks (and the message of the refusal without `confirmEarly`). */
export function earlyMarkQuestion(endsOn: string): string {
  return `Период ещё не закончился (до ${ruDate(endsOn)}). Выставить отметку досрочно?`;
}

// ---------------------------------------------------------------- deferrals

/**
 * A deferral's date: after today (the mark is due then) and no later than the end of the school
 * year (a deferral never crosses into the next year).
 */
export function checkDeferralDue(dueOn: string, today: string, yearEnd: string): FieldProblem | null {
  if (dueOn <= today) return { path: 'deferral.dueOn', message: 'Срок отсрочки должен быть позже сегодняшнего дня.' };
  if (dueOn > yearEnd) return { path: 'deferral.dueOn', message: `Отсрочка возможна не дольше конца учебного года — до ${ruDate(yearEnd)}.` };
  return null;
}
