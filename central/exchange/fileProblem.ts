/**
 * What the administrator reads when a file or folder named in a command cannot be read or written:
 * Russian words chosen by the system's error code (ENOENT, EACCES, …), saying what to do — never
 * Node's English text («EACCES: permission denied, open '…'»).
 */

/** The code of a system error (`ENOENT`), or undefined when `e` is not one. */
export function systemErrorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z0-9]+$/.test(code) ? code : undefined;
}

/** The reason and the advice for a file or folder that could not be read (`read`) or written (`write`). */
export function fileProblemText(code: string | undefined, intent: 'read' | 'write'): string {
  switch (code) {
    case 'ENOENT':
      return intent === 'read' ? 'нет такого файла или папки: проверьте путь' : 'нет папки, в которую нужно записать: проверьте путь';
    case 'ENOTDIR':
      return 'в пути файл стоит на месте папки: проверьте путь';
    case 'EISDIR':
      return 'это папка, а нужен файл: укажите файл';
    case 'EEXIST':
      return 'на этом месте уже есть файл, а нужна папка: укажите другую папку';
    case 'EACCES':
    case 'EPERM':
      return intent === 'read'
        ? 'нет прав на чтение: скопируйте файл в папку, доступную центральной системе, или дайте ей право читать его'
        : 'нет прав на запись в эту папку: укажите другую папку или дайте центральной системе право записи в неё';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'на диске не осталось места: освободите место и повторите';
    case 'EROFS':
      return 'диск доступен только для чтения: укажите папку на другом диске';
    case 'EBUSY':
      return 'файл занят другой программой: закройте её (например, Excel) и повторите';
    case 'ELOOP':
      return 'путь ведёт по кругу через ссылки: укажите сам файл или саму папку';
    case 'ENAMETOOLONG':
      return 'путь слишком длинный: перенесите файл в папку поближе к корню диска';
    case 'EMFILE':
    case 'ENFILE':
      return 'открыто слишком много файлов: повторите немного позже';
    case 'EIO':
      return 'диск не читается: проверьте диск или скопируйте файл на другой';
    default:
      return intent === 'read'
        ? `файл не читается (ошибка системы${code ? ` ${code}` : ''}): проверьте путь и права на файл`
        : `не удалось записать (ошибка системы${code ? ` ${code}` : ''}): проверьте путь, права на папку и место на диске`;
  }
}
