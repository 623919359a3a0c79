/**
 * What the person who runs `npm run central:admin` (or starts the central server) reads when a
 * command fails: the Russian message of an error written for them (AdminError and its kin), or
 * Russian words chosen by the code of a system or database error — never Node's, PostgreSQL's or a
 * library's English text, never a stack trace. Such text may also quote a row's values (a child's
 * name in a duplicate key), so it is not shown at all.
 */
import { fileProblemText, systemErrorCode } from './exchange/fileProblem.js';

/** An error whose message is written for the administrator, in Russian, and is shown as it is. */
export class AdminError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdminError';
  }
}

/** An error of the network or of a connection (the database's, the running server's). */
const CONNECTION: Record<string, string> = {
  ECONNREFUSED: 'соединение не принято: сервер по этому адресу не запущен или порт другой',
  ENOTFOUND: 'адрес не найден: проверьте имя сервера',
  EAI_AGAIN: 'адрес не найден: проверьте имя сервера и сеть',
  ETIMEDOUT: 'сервер не ответил вовремя: проверьте адрес и сеть',
  ECONNRESET: 'соединение оборвано: повторите команду',
  EHOSTUNREACH: 'сервер недоступен: проверьте адрес и сеть',
  EADDRINUSE: 'порт уже занят другой программой: укажите другой порт (--port) или остановите её',
  EADDRNOTAVAIL: 'такого адреса нет на этой машине: проверьте --host',
};

/** PostgreSQL's errors by their SQLSTATE code (its own text is English and may quote a row). */
function databaseText(code: string): string {
  if (code === '28P01' || code === '28000') return 'PostgreSQL не принимает имя пользователя или пароль: проверьте адрес базы данных (--db или EZHD_CENTRAL_DB)';
  if (code === '3D000') return 'в PostgreSQL нет базы данных с таким именем: создайте её или проверьте адрес базы данных (--db или EZHD_CENTRAL_DB)';
  if (code === '42501') return 'у пользователя PostgreSQL нет прав на таблицы центральной системы: дайте ему права или подключитесь владельцем базы данных';
  if (code === '53100') return 'на диске базы данных не осталось места: освободите место и повторите';
  if (code === '53300') return 'у PostgreSQL кончились свободные подключения: повторите позже или увеличьте max_connections';
  if (code === '57014') return 'PostgreSQL прервал долгий запрос (statement_timeout): повторите, когда база данных свободнее, или увеличьте statement_timeout';
  if (code.startsWith('08')) return 'соединение с PostgreSQL оборвано: повторите команду';
  return `база данных ответила ошибкой (код ${code}): команда не выполнена, повторите её; если ошибка повторится, сообщите разработчикам`;
}

/** A database error: a five-character SQLSTATE code (PostgreSQL, PGlite). */
const sqlState = (e: unknown): string | undefined => {
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('E') ? code : undefined;
};

/**
 * The Russian text of any error a command ends with. `told`: the errors of the caller's own kind
 * whose message is written for the administrator (the central server's CentralError).
 */
export function adminErrorText(e: unknown, told: (e: unknown) => boolean = () => false): string {
  if (e instanceof AdminError || told(e)) return (e as Error).message;
  const system = systemErrorCode(e);
  if (system !== undefined) {
    const path = (e as { path?: unknown }).path;
    const where = typeof path === 'string' ? ` (${path})` : '';
    return `${CONNECTION[system] ?? fileProblemText(system, 'read')}${where}`;
  }
  const state = sqlState(e);
  if (state !== undefined) return databaseText(state);
  const name = e instanceof Error ? e.name : typeof e;
  return `команда не выполнена из-за внутренней ошибки (${name}): повторите её; если ошибка повторится, сообщите разработчикам`;
}
