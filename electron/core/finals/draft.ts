import { AppError } from '../../contract/errors.js';
import type { FinalMarkEntry, FinalValue } from '../../contract/entities/journal.js';
import { checkFinalEntry, entryHistories, entryKey } from '../journal/finalMarks.js';
import type { LoadedClass } from '../journal/loadClass.js';
import type { FinalChangeRequest } from './changeRequests.js';
import { classColumns } from './columns.js';
import { changeLock, earlyMark, earlyMarkQuestion } from './rules.js';

/** The checks a new entry (a set or a request) passes before anything else: the entry's own rules and the early-mark question. */
export function checkDraft(
  input: { studentId: string; subjectId: string; periodKey: string; value: FinalValue | null; deferral?: { reason: string; dueOn: string } | undefined; knownOn: string; confirmEarly?: boolean | undefined },
  loaded: LoadedClass,
) {
  const { cc, data, today } = loaded;
  const columns = classColumns(cc, data.finalMarks);
  const column = columns.find((c) => c.key === input.periodKey);
  const student = data.students.find((s) => s.id === input.studentId);
  const key = entryKey(input.studentId, input.subjectId, input.periodKey);
  const history = entryHistories(data.finalMarks).get(key) ?? [];
  const problems = checkFinalEntry(
    { studentId: input.studentId, subjectId: input.subjectId, periodKey: input.periodKey, value: input.value, deferral: input.deferral, knownOn: input.knownOn },
    { today, column, student, subjectIds: new Set(cc.subjects.map((s) => s.id)), current: history.at(-1), yearEnd: cc.year.end },
  );
  if (problems.length > 0 || !column) throw new AppError('validation', problems[0]?.message ?? 'Проверьте отметку.', problems);
  const early = earlyMark(input.value, column, today);
  if (early && !input.confirmEarly) {
    const question = earlyMarkQuestion(early);
    throw new AppError('rule', question, [{ path: 'confirmEarly', message: question }]);
  }
  const lock = changeLock(history.at(-1), column, today, loaded.school.settings.finalMarkDeadlineDays);
  return { column, key, history, lock };
}

/**
 * A change request about to be confirmed is checked again as of today (a deferral's date may have
 * passed meanwhile): it must still be an entry the rules accept.
 */
export function checkConfirmation(request: FinalChangeRequest, loaded: LoadedClass, current: FinalMarkEntry | undefined): void {
  const { cc, data, today } = loaded;
  const column = classColumns(cc, data.finalMarks).find((c) => c.key === request.periodId);
  const problems = checkFinalEntry(
    { studentId: request.studentId, subjectId: request.subjectId, periodKey: request.periodId, value: request.value, deferral: request.deferral, knownOn: request.knownOn },
    { today, column, student: data.students.find((s) => s.id === request.studentId), subjectIds: new Set(cc.subjects.map((s) => s.id)), current, yearEnd: cc.year.end },
  );
  if (problems.length > 0) throw new AppError('rule', `Изменение нельзя подтвердить: ${problems[0]!.message} Отклоните запрос.`, problems);
}
