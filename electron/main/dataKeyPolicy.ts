/**
 * Whether and how the app may get its data-encryption key — the pure half of dataKey.ts.
 *
 * The key (32 random bytes) is stored only encrypted by the system's secret store (safeStorage:
 * DPAPI on Windows, Keychain on macOS, GNOME Keyring / KWallet on Linux), Signal Desktop's way.
 * On Linux without a secret store Electron falls back to a key written in plain text
 * ('basic_text'): children's data must not be protected by that, so the app refuses to run.
 * The store that was used is recorded, and a silent change of it is refused too.
 */

export const ENV_KEY_VARIABLE = 'EZHD_DATA_KEY';
/** Tests only: with this set to 1, an unpackaged app takes the key from EZHD_DATA_KEY. */
export const ENV_KEY_ALLOW_VARIABLE = 'EZHD_ALLOW_ENV_KEY';

export interface StoredKeyFile {
  version: 1;
  /** The secret store that encrypted the key: 'gnome_libsecret', 'kwallet5', 'dpapi', 'keychain'… */
  backend: string;
  /** safeStorage's encryption of the key's base64, itself in base64. */
  encryptedKey: string;
  createdAt: string;
}

export interface KeyPolicyInput {
  platform: NodeJS.Platform;
  /** safeStorage.getSelectedStorageBackend(), on Linux only. */
  linuxBackend?: string | undefined;
  encryptionAvailable: boolean;
  stored: StoredKeyFile | null;
  /** The data folder already holds files (then a missing key must not be silently replaced). */
  dataFolderHasData: boolean;
  packaged: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

export type KeyDecision =
  | { action: 'env' }
  | { action: 'create'; backend: string }
  | { action: 'unlock'; backend: string }
  | { action: 'refuse'; title: string; message: string };

const PLAIN_TEXT_BACKENDS = new Set(['basic_text', 'unknown', '']);

export function backendName(platform: NodeJS.Platform, linuxBackend: string | undefined): string {
  if (platform === 'win32') return 'dpapi';
  if (platform === 'darwin') return 'keychain';
  return linuxBackend ?? 'unknown';
}

const BACKEND_TITLES: Readonly<Record<string, string>> = {
  gnome_libsecret: 'GNOME Keyring (libsecret)',
  kwallet: 'KWallet',
  kwallet5: 'KWallet 5',
  kwallet6: 'KWallet 6',
  dpapi: 'Windows DPAPI',
  keychain: 'Связка ключей macOS',
  basic_text: 'открытый текст',
};

export function backendTitle(backend: string): string {
  return BACKEND_TITLES[backend] ?? backend;
}

const NO_SECRET_STORE: KeyDecision = {
  action: 'refuse',
  title: 'Нет защищённого хранилища ключей',
  message:
    'ЭЖД Офис хранит данные учеников зашифрованными, а ключ шифрования — в системном хранилище паролей ' +
    '(GNOME Keyring или KWallet). В этом сеансе такого хранилища нет, и ключ пришлось бы записать открытым текстом.\n\n' +
    'Данные детей нельзя защищать ключом, записанным открытым текстом, поэтому программа закроется.\n\n' +
    'Что сделать: войдите в рабочий стол, где работает GNOME Keyring или KWallet (или попросите администратора ' +
    'установить пакет gnome-keyring), и запустите программу снова.',
};

/** Decides what to do with the key; the caller does it (or shows the refusal and quits). */
export function decideKeyAction(input: KeyPolicyInput): KeyDecision {
  if (!input.packaged && input.env[ENV_KEY_ALLOW_VARIABLE] === '1' && (input.env[ENV_KEY_VARIABLE] ?? '').trim() !== '') {
    return { action: 'env' };
  }
  const backend = backendName(input.platform, input.linuxBackend);
  if (input.platform === 'linux' && PLAIN_TEXT_BACKENDS.has(backend)) return NO_SECRET_STORE;
  if (!input.encryptionAvailable) {
    return input.platform === 'linux'
      ? NO_SECRET_STORE
      : {
          action: 'refuse',
          title: 'Хранилище ключей недоступно',
          message:
            'Системное хранилище ключей недоступно, а без него ключ шифрования данных учеников не защитить. ' +
            'Программа закроется. Перезагрузите компьютер и войдите под своей учётной записью; если не поможет — обратитесь к администратору.',
        };
  }
  if (input.stored) {
    if (input.stored.backend !== backend) {
      return {
        action: 'refuse',
        title: 'Хранилище ключей сменилось',
        message:
          `Ключ шифрования данных был сохранён в хранилище «${backendTitle(input.stored.backend)}», а сейчас система предлагает ` +
          `«${backendTitle(backend)}». Программа не меняет хранилище ключей молча: ключ мог бы оказаться защищён слабее или потеряться.\n\n` +
          `Запустите программу в том же рабочем окружении, что и раньше (с хранилищем «${backendTitle(input.stored.backend)}»), ` +
          'или обратитесь к администратору.',
      };
    }
    return { action: 'unlock', backend };
  }
  if (input.dataFolderHasData) {
    return {
      action: 'refuse',
      title: 'Ключ шифрования не найден',
      message:
        'Папка данных уже содержит данные, а ключ шифрования к ним не найден (файл data-key.json в папке программы). ' +
        'Новый ключ не откроет эти данные, поэтому программа закроется ничего не изменив.\n\n' +
        'Восстановите папку программы из резервной копии или обратитесь к администратору.',
    };
  }
  return { action: 'create', backend };
}

export function parseStoredKeyFile(text: string): StoredKeyFile | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.version !== 1 || typeof o.backend !== 'string' || typeof o.encryptedKey !== 'string' || typeof o.createdAt !== 'string') return null;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(o.encryptedKey)) return null;
  return { version: 1, backend: o.backend, encryptedKey: o.encryptedKey, createdAt: o.createdAt };
}

/** A key as base64 of exactly 32 bytes, or null. */
export function decodeKey(base64: string): Buffer | null {
  const s = base64.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return null;
  const key = Buffer.from(s, 'base64');
  return key.length === 32 ? key : null;
}

export const KEY_DAMAGED: Extract<KeyDecision, { action: 'refuse' }> = {
  action: 'refuse',
  title: 'Ключ шифрования не читается',
  message:
    'Файл ключа шифрования данных (data-key.json) повреждён или не расшифровывается системным хранилищем ключей этого пользователя. ' +
    'Программа закроется ничего не изменив. Войдите под той учётной записью, под которой работали раньше, ' +
    'или восстановите папку программы из резервной копии; при необходимости обратитесь к администратору.',
};
