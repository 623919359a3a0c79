import { AppError } from '../contract/errors.js';

/**
 * What the person who starts the web host reads when it does not start: the core's Russian message
 * (the data folder, its key), or Russian words chosen by a system error's code — never Node's
 * English text («listen EADDRINUSE: address already in use …»), never a stack trace.
 */
export function startFailureText(e: unknown): string {
  if (e instanceof AppError) return e.message;
  const code = (e as { code?: unknown } | null | undefined)?.code;
  switch (code) {
    case 'EADDRINUSE':
      return 'порт уже занят другой программой: укажите другой (--port или EZHD_PORT) или остановите её';
    case 'EACCES':
    case 'EPERM':
      return 'нет прав: проверьте права на папку данных и на порт (порты ниже 1024 требуют прав администратора)';
    case 'ENOENT':
      return 'нет нужного файла или папки: соберите программу (npm run build) и проверьте путь к папке данных';
    case 'ENOSPC':
      return 'на диске не осталось места: освободите место и запустите снова';
    default:
      return `непредвиденная ошибка${typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? ` (${code})` : ''}: запустите снова; если ошибка повторится, сообщите разработчикам`;
  }
}
