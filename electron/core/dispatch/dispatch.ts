import type { z } from 'zod';
import { AppError, INTERNAL_ERROR_MESSAGE, type FieldProblem } from '../../contract/errors.js';
import { lookupMethod, type ContractTable, type Progress } from '../../contract/method.js';
import type { CallResult } from '../../contract/transport.js';
import type { CallContext } from '../context.js';
import type { Core } from '../core.js';
import { compromiseRule } from '../../contract/auth/compromise.js';

export interface CallRequest {
  path: string;
  input: unknown;
  /** The session the host associates with the caller (a window, an HTTP client). */
  sessionId: string | undefined;
}

type AnyHandler = (input: unknown, ctx: CallContext) => Promise<unknown>;
export type HandlerTable = Record<string, Record<string, AnyHandler>>;

function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

/**
 * The one entry point of both hosts: look the method up in the contract table, validate the
 * input, check the session and the role, run the handler, and map every failure to a Russian
 * message. A host only moves requests and answers.
 */
export async function dispatch(
  core: Core,
  table: ContractTable,
  handlers: HandlerTable,
  req: CallRequest,
  onProgress: (p: Progress) => void = () => undefined,
  bindSession: (sessionId: string | null) => void = () => undefined,
): Promise<CallResult> {
  const def = lookupMethod(table, req.path);
  const handler = def ? handlers[req.path.split('.')[0]!]?.[req.path.split('.')[1]!] : undefined;
  if (!def || !handler) {
    return { ok: false, error: { code: 'not_found', message: 'Неизвестная операция. Обновите программу.' } };
  }
  try {
    const parsed = def.input.safeParse(req.input);
    if (!parsed.success) {
      const problems = problemsOf(parsed.error);
      const first = problems[0];
      throw new AppError('validation', first ? `Проверьте данные: ${first.message}` : 'Проверьте введённые данные.', problems);
    }
    const idle = await core.idleLockMinutes();
    let session = core.sessions.get(req.sessionId, idle) ?? null;
    let user = session && (await core.store.hasSchool()) ? ((await core.user(session.userId)) ?? null) : null;
    // An account reported compromised loses its open sessions wherever the report came from: this
    // workstation ends them when it records it, but a report pulled from the central system (or a
    // restored backup) only reaches the school file, so every call checks the rule.
    if (session && user && compromiseRule((await core.store.school()).compromises).isBlocked(user.id)) {
      core.sessions.endAllOf(user.id);
      session = null;
      user = null;
    }
    if (def.access !== 'public') {
      if (!session || !user || user.disabled) throw new AppError('unauthenticated', 'Войдите в программу.');
      if (session.locked) throw new AppError('session_locked', 'Сеанс заблокирован после простоя. Введите пароль, чтобы продолжить.');
      if (user.mustChangePassword) throw new AppError('password_change_required', 'Смените пароль, чтобы продолжить работу.');
      if (def.access !== 'authenticated' && !def.access.includes(user.role)) {
        throw new AppError('forbidden', 'Эта операция недоступна для вашей роли.');
      }
      // No call extends the session: polling (status bar, sync), progress streams and lists would
      // keep an unattended screen open forever. Only `auth.touch`, sent on the user's own input,
      // counts as activity (see SessionTable.touch).
    }
    const ctx: CallContext = { session, user, now: core.now(), progress: onProgress, bindSession };
    const value = await handler(parsed.data, ctx);
    return { ok: true, value };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toPayload() };
    // Only the method and the error's class go to the log: messages may quote personal data.
    core.log(`internal error in ${req.path}: ${e instanceof Error ? e.name : typeof e}`);
    return { ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } };
  }
}
