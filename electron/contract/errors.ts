/**
 * Errors that cross the contract. Every message is Russian and tells the user what to do;
 * nothing here ever carries a stack trace or personal data.
 */
export const ERROR_CODES = [
  'validation', // input does not match the schema
  'unauthenticated', // no session or the session expired
  'session_locked', // the idle lock is on: enter the password again
  'forbidden', // the role or the class binding does not allow it
  'password_change_required',
  'account_locked', // too many failed logins
  'not_found',
  'rule', // a rule of the regulations forbids it
  'conflict',
  'storage', // the data folder cannot be read or written
  'crypto', // wrong key or a tampered file
  'network',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldProblem {
  /** Dotted path of the field in the input, '' for the whole input. */
  path: string;
  message: string;
}

export interface AppErrorPayload {
  code: ErrorCode;
  message: string;
  problems?: FieldProblem[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly problems: FieldProblem[] | undefined;

  constructor(code: ErrorCode, message: string, problems?: FieldProblem[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.problems = problems;
  }

  toPayload(): AppErrorPayload {
    return this.problems ? { code: this.code, message: this.message, problems: this.problems } : { code: this.code, message: this.message };
  }

  static fromPayload(p: AppErrorPayload): AppError {
    return new AppError(p.code, p.message, p.problems);
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const INTERNAL_ERROR_MESSAGE =
  'Внутренняя ошибка программы. Операция не выполнена, данные не изменены. Повторите попытку; если ошибка повторится, сообщите администратору.';
