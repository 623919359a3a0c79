import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import type { FinalChangeRequest } from '../store/schema.js';

/**
 * Requests to change a locked final mark (its period closed, or the result already with the
 * family): the class teacher asks with a reason; the director or a deputy confirms — then the
 * change is written as a final-mark entry carrying the reason and who confirmed it, and goes to the
 * central system like any entry — or refuses. Requests are kept in the class partition
 * (`ClassData.finalMarkRequests`) of the workstation where they were made; they are not sent to
 * the central system (the entry a confirmation writes is).
 */

/** The request's shape is the class partition's (store/schema.ts: the store defines what it keeps). */
export { REQUEST_STATUSES, type FinalChangeRequest, type RequestStatus } from '../store/schema.js';

export type Decision = 'confirm' | 'refuse';

/**
 * Whether a request may be decided, and why not (a Russian message), or null:
 * - a decided request stays decided;
 * - nobody decides his own request;
 * - a confirmation needs the cell as it was when asked (another change since makes the request
 *   stale: refuse it and ask again);
 * - a request made with a login reported known to others is invalid and is never confirmed.
 */
export function decisionProblem(
  request: Pick<FinalChangeRequest, 'status' | 'requestedBy' | 'baseEntryId'>,
  decision: Decision,
  ctx: { deciderId: string; inForceId: string | undefined; requesterCompromised: boolean },
): string | null {
  if (request.status !== 'pending') return 'Этот запрос уже рассмотрен. Обновите список запросов.';
  if (request.requestedBy === ctx.deciderId) return 'Свой запрос на изменение подтверждает или отклоняет другой руководитель.';
  if (decision === 'refuse') return null;
  if (ctx.requesterCompromised) {
    return 'Запрос сделан с учётной записи, логин которой стал известен посторонним: он недействителен и не может быть подтверждён. Отклоните его.';
  }
  if (ctx.inForceId !== request.baseEntryId) {
    return 'Отметка изменилась после того, как был сделан запрос. Отклоните этот запрос; классный руководитель при необходимости отправит новый.';
  }
  return null;
}

/** The entry a confirmation writes: the class teacher's change, with his reason and who confirmed it. */
export function confirmedEntry(
  request: FinalChangeRequest,
  confirm: { id: string; by: string; at: string; hlc: string },
): FinalMarkEntry {
  return {
    id: confirm.id,
    studentId: request.studentId,
    subjectId: request.subjectId,
    periodId: request.periodId,
    value: request.value,
    ...(request.deferral ? { deferral: { reason: request.deferral.reason, dueOn: request.deferral.dueOn } } : {}),
    knownOn: request.knownOn,
    enteredBy: request.requestedBy,
    enteredAt: request.requestedAt,
    hlc: confirm.hlc,
    reason: request.reason,
    confirmedBy: confirm.by,
    confirmedAt: confirm.at,
  };
}

/** The pending request of a cell, if any (one at a time per cell). */
export function pendingRequestOf(
  requests: readonly FinalChangeRequest[] | undefined,
  cell: { studentId: string; subjectId: string; periodId: string },
): FinalChangeRequest | undefined {
  return (requests ?? []).find(
    (r) => r.status === 'pending' && r.studentId === cell.studentId && r.subjectId === cell.subjectId && r.periodId === cell.periodId,
  );
}
