/**
 * Errors of the durable store. Each is an AppError (code 'storage' or 'crypto') with a Russian
 * message that says what happened and what to do. Messages name the file only by its logical name
 * (e.g. «classes/7a.json»), never by its path (which may contain a user name) and never quote
 * file contents. The original errno code is kept in `errno` for logs and tests.
 */
import { AppError } from '../../../contract/errors.js';

export type StorageReason =
  // the operating system refused (code 'storage')
  | 'no_space'
  | 'io'
  | 'access_denied'
  | 'read_only'
  | 'too_many_open_files'
  | 'not_found'
  | 'os_error'
  // the contents (code 'storage')
  | 'damaged'
  | 'recovered'
  | 'unsupported_format'
  | 'decode_failed'
  // keys and authentication (code 'crypto')
  | 'wrong_key'
  | 'auth_failed'
  | 'key_invalid'
  | 'key_missing';

/** Why a file's bytes were not accepted (for logs and for `onRecovered`). */
export type DamageDetail =
  | 'missing'
  | 'bad_magic'
  | 'bad_header'
  | 'truncated'
  | 'length_mismatch'
  | 'unsupported_version'
  | 'auth_failed'
  | 'decode_failed';

export type StorageOperation = 'read' | 'write' | 'append';

const CRYPTO_REASONS: ReadonlySet<StorageReason> = new Set(['wrong_key', 'auth_failed', 'key_invalid', 'key_missing']);

export interface StorageErrorDetails {
  /** errno code of the underlying failure ('ENOSPC', 'EIO', …), when there was one. */
  errno?: string | undefined;
  /** The system call that failed, when known ('write', 'fsync', 'rename', …). */
  syscall?: string | undefined;
  /** The logical name of the file ('school.json'); never a path. */
  logicalName?: string | undefined;
  detail?: DamageDetail | undefined;
}

export class StorageError extends AppError {
  readonly reason: StorageReason;
  readonly errno: string | undefined;
  readonly syscall: string | undefined;
  readonly logicalName: string | undefined;
  readonly detail: DamageDetail | undefined;

  constructor(reason: StorageReason, message: string, details: StorageErrorDetails = {}) {
    super(CRYPTO_REASONS.has(reason) ? 'crypto' : 'storage', message);
    this.name = 'StorageError';
    this.reason = reason;
    this.errno = details.errno;
    this.syscall = details.syscall;
    this.logicalName = details.logicalName;
    this.detail = details.detail;
  }
}

export function isStorageError(e: unknown): e is StorageError {
  return e instanceof StorageError;
}

/** The data folder cannot be written at all (read-only, full, no permission): reading still works. */
export function cannotWrite(e: unknown): boolean {
  return e instanceof StorageError && (e.reason === 'read_only' || e.reason === 'no_space' || e.reason === 'access_denied');
}

/** The errno code of a Node error ('ENOENT', …), or undefined. */
export function errnoOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'code' in e) {
    const code = (e as { code: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function syscallOf(e: unknown): string | undefined {
  if (typeof e === 'object' && e !== null && 'syscall' in e) {
    const s = (e as { syscall: unknown }).syscall;
    if (typeof s === 'string') return s;
  }
  return undefined;
}

function named(logicalName: string | undefined): string {
  return logicalName ? ` («${logicalName}»)` : '';
}

const PREFIX: Record<StorageOperation, string> = {
  write: 'Не удалось сохранить данные',
  read: 'Не удалось прочитать данные',
  append: 'Не удалось дописать запись в журнал',
};

const UNCHANGED: Record<StorageOperation, string> = {
  write: 'Данные не изменены.',
  read: 'Данные не изменены.',
  append: 'Запись не добавлена, прежние записи не изменены.',
};

/**
 * Turns a failed filesystem call into a StorageError with a message for the user.
 * An error that is already a StorageError is returned as is.
 */
export function storageIoError(op: StorageOperation, cause: unknown, logicalName?: string): StorageError {
  if (cause instanceof StorageError) return cause;
  const errno = errnoOf(cause);
  const details: StorageErrorDetails = { errno, syscall: syscallOf(cause), logicalName };
  const head = `${PREFIX[op]}${named(logicalName)}`;
  const unchanged = UNCHANGED[op];
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new StorageError(
        'no_space',
        `${head}: на диске нет свободного места. Освободите место и повторите операцию; ${unchanged.charAt(0).toLowerCase()}${unchanged.slice(1)}`,
        details,
      );
    case 'EIO':
      return new StorageError(
        'io',
        `${head}: ошибка чтения или записи диска. ${unchanged} Проверьте диск и повторите операцию; если ошибка повторится, сообщите администратору.`,
        details,
      );
    case 'EPERM':
    case 'EACCES':
    case 'EBUSY':
      return new StorageError(
        'access_denied',
        `${head}: файл занят другой программой (например, антивирусом) или нет прав доступа к папке данных. ${unchanged} Повторите операцию через несколько секунд; если ошибка повторится, сообщите администратору.`,
        details,
      );
    case 'EROFS':
      return new StorageError(
        'read_only',
        `${head}: папка данных доступна только для чтения. ${unchanged} Сообщите администратору.`,
        details,
      );
    case 'EMFILE':
    case 'ENFILE':
      return new StorageError(
        'too_many_open_files',
        `${head}: открыто слишком много файлов. ${unchanged} Закройте лишние программы и повторите операцию.`,
        details,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new StorageError(
        'not_found',
        `${head}: папка данных не найдена. ${unchanged} Проверьте, что диск с данными подключён; если ошибка повторится, сообщите администратору.`,
        details,
      );
    default:
      return new StorageError(
        'os_error',
        `${head}: системная ошибка${errno ? ` ${errno}` : ''}. ${unchanged} Повторите операцию; если ошибка повторится, сообщите администратору.`,
        details,
      );
  }
}

/** The bytes of one file are not a valid envelope (torn, zero-filled, truncated, garbled). */
export function corruptFileError(logicalName: string, detail: DamageDetail): StorageError {
  return new StorageError(
    'damaged',
    `Файл данных «${logicalName}» повреждён и не может быть прочитан. Данные не изменены. Восстановите его из резервной копии или сообщите администратору.`,
    { logicalName, detail },
  );
}

/** Neither the file nor its previous version can be read, and the key is right. */
export function damagedError(logicalName: string, detail?: DamageDetail): StorageError {
  return new StorageError(
    'damaged',
    `Файл данных «${logicalName}» повреждён и не может быть прочитан; исправной предыдущей версии нет. Файл оставлен как есть и не будет перезаписан. Восстановите папку данных из резервной копии или сообщите администратору.`,
    { logicalName, detail },
  );
}

/** Not thrown: handed to `onRecovered` when the previous version of a file was used. */
export function recoveredNotice(logicalName: string, detail?: DamageDetail): StorageError {
  return new StorageError(
    'recovered',
    `Файл данных «${logicalName}» повреждён (например, после сбоя питания), восстановлена предыдущая версия. Последние изменения в нём могли быть потеряны: проверьте их и при необходимости внесите снова; сообщите администратору.`,
    { logicalName, detail },
  );
}

export function unsupportedFormatError(logicalName: string): StorageError {
  return new StorageError(
    'unsupported_format',
    `Файл данных «${logicalName}» создан более новой версией программы. Данные не изменены. Обновите «ЭЖД Офис» до последней версии.`,
    { logicalName, detail: 'unsupported_version' },
  );
}

export function decodeFailedError(logicalName: string): StorageError {
  return new StorageError(
    'decode_failed',
    `Файл данных «${logicalName}» расшифрован, но его содержимое не удалось разобрать. Файл оставлен как есть и не будет перезаписан. Сообщите администратору.`,
    { logicalName, detail: 'decode_failed' },
  );
}

export function wrongKeyError(): StorageError {
  return new StorageError(
    'wrong_key',
    'Неверный ключ шифрования данных: папка данных зашифрована другим ключом. Данные не изменены. Запустите программу с тем ключом, с которым создавалась папка данных (переменная EZHD_DATA_KEY или файл ключа), или сообщите администратору.',
    { logicalName: 'keycheck.bin', detail: 'auth_failed' },
  );
}

export function authFailedError(logicalName: string): StorageError {
  return new StorageError(
    'auth_failed',
    `Не удалось расшифровать файл данных «${logicalName}»: ключ шифрования неверен или файл изменён посторонней программой. Данные не изменены. Проверьте ключ шифрования или восстановите файл из резервной копии; сообщите администратору.`,
    { logicalName, detail: 'auth_failed' },
  );
}

export function keyInvalidError(source: 'env' | 'file'): StorageError {
  const where = source === 'env' ? 'в переменной EZHD_DATA_KEY' : 'в файле ключа';
  return new StorageError(
    'key_invalid',
    `Ключ шифрования данных ${where} задан неверно: нужен ключ из 32 байт в кодировке base64. Данные не изменены. Исправьте ключ или сообщите администратору.`,
  );
}

export function keyMissingError(): StorageError {
  return new StorageError(
    'key_missing',
    'Ключ шифрования данных не найден: задайте переменную EZHD_DATA_KEY или восстановите файл ключа. Без ключа данные прочитать нельзя; сообщите администратору.',
  );
}
