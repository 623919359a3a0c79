import { describe, expect, it } from 'vitest';
import {
  decideKeyAction,
  decodeKey,
  parseStoredKeyFile,
  type KeyPolicyInput,
  type StoredKeyFile,
} from '../../../electron/main/dataKeyPolicy.js';

const stored = (backend: string): StoredKeyFile => ({ version: 1, backend, encryptedKey: 'AAAA', createdAt: '2026-01-01T00:00:00.000Z' });
const base: KeyPolicyInput = {
  platform: 'linux',
  linuxBackend: 'gnome_libsecret',
  encryptionAvailable: true,
  stored: null,
  dataFolderHasData: false,
  packaged: true,
  env: {},
};
const key32 = Buffer.alloc(32, 7).toString('base64');

describe('ключ шифрования данных: где и как его брать', () => {
  it('первый запуск с хранилищем ключей — новый ключ, хранилище записывается', () => {
    expect(decideKeyAction(base)).toEqual({ action: 'create', backend: 'gnome_libsecret' });
    expect(decideKeyAction({ ...base, platform: 'win32', linuxBackend: undefined })).toEqual({ action: 'create', backend: 'dpapi' });
    expect(decideKeyAction({ ...base, platform: 'darwin', linuxBackend: undefined })).toEqual({ action: 'create', backend: 'keychain' });
  });

  it('следующий запуск с тем же хранилищем — ключ расшифровывается', () => {
    expect(decideKeyAction({ ...base, stored: stored('gnome_libsecret'), dataFolderHasData: true })).toEqual({ action: 'unlock', backend: 'gnome_libsecret' });
    expect(decideKeyAction({ ...base, linuxBackend: 'kwallet5', stored: stored('kwallet5') })).toEqual({ action: 'unlock', backend: 'kwallet5' });
  });

  it.each(['basic_text', 'unknown'])('Linux с хранилищем «%s» (ключ открытым текстом) — отказ', (backend) => {
    const d = decideKeyAction({ ...base, linuxBackend: backend });
    expect(d.action).toBe('refuse');
    if (d.action !== 'refuse') return;
    expect(d.message).toContain('Данные детей нельзя защищать ключом, записанным открытым текстом');
    expect(d.message).toContain('программа закроется');
  });

  it('отказ и тогда, когда ключ уже был: открытый текст не принимается никогда', () => {
    expect(decideKeyAction({ ...base, linuxBackend: 'basic_text', stored: stored('basic_text') }).action).toBe('refuse');
  });

  it('хранилище недоступно — отказ (и на Windows)', () => {
    expect(decideKeyAction({ ...base, encryptionAvailable: false }).action).toBe('refuse');
    const w = decideKeyAction({ ...base, platform: 'win32', linuxBackend: undefined, encryptionAvailable: false });
    expect(w.action).toBe('refuse');
  });

  it('тихая смена хранилища (KWallet → GNOME Keyring) — отказ с объяснением', () => {
    const d = decideKeyAction({ ...base, stored: stored('kwallet5') });
    expect(d.action).toBe('refuse');
    if (d.action !== 'refuse') return;
    expect(d.title).toBe('Хранилище ключей сменилось');
    expect(d.message).toContain('KWallet 5');
    expect(d.message).toContain('GNOME Keyring');
  });

  it('ключа нет, а данные в папке есть — новый ключ не создаётся', () => {
    const d = decideKeyAction({ ...base, dataFolderHasData: true });
    expect(d.action).toBe('refuse');
  });

  it('ключ из окружения — только для тестов: EZHD_ALLOW_ENV_KEY=1 и не в установленной программе', () => {
    const env = { EZHD_ALLOW_ENV_KEY: '1', EZHD_DATA_KEY: key32 };
    expect(decideKeyAction({ ...base, packaged: false, linuxBackend: 'basic_text', env })).toEqual({ action: 'env' });
    expect(decideKeyAction({ ...base, packaged: true, linuxBackend: 'basic_text', env }).action).toBe('refuse');
    expect(decideKeyAction({ ...base, packaged: false, env: { EZHD_DATA_KEY: key32 } }).action).toBe('create');
    expect(decideKeyAction({ ...base, packaged: false, env: { EZHD_ALLOW_ENV_KEY: '1' } }).action).toBe('create');
  });

  it('сообщения — по-русски и без технических подробностей', () => {
    const inputs: KeyPolicyInput[] = [
      { ...base, linuxBackend: 'basic_text' },
      { ...base, encryptionAvailable: false, platform: 'win32' },
      { ...base, stored: stored('kwallet') },
      { ...base, dataFolderHasData: true },
    ];
    for (const input of inputs) {
      const d = decideKeyAction(input);
      if (d.action !== 'refuse') throw new Error('expected a refusal');
      expect(d.message).toMatch(/[а-я]/);
      expect(d.message).not.toMatch(/Error|at .+:\d+|stack/i);
    }
  });
});

describe('файл ключа', () => {
  it('читается только целым и правильным', () => {
    const good = stored('dpapi');
    expect(parseStoredKeyFile(JSON.stringify(good))).toEqual(good);
    expect(parseStoredKeyFile('')).toBeNull();
    expect(parseStoredKeyFile('{"version":2}')).toBeNull();
    expect(parseStoredKeyFile(JSON.stringify({ ...good, encryptedKey: 'не base64' }))).toBeNull();
    expect(parseStoredKeyFile(JSON.stringify({ ...good, backend: 5 }))).toBeNull();
  });

  it('ключ — ровно 32 байта', () => {
    expect(decodeKey(key32)?.length).toBe(32);
    expect(decodeKey(Buffer.alloc(16).toString('base64'))).toBeNull();
    expect(decodeKey('***')).toBeNull();
  });
});
