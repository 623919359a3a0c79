import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSignatureFile, sha512Base64, trustedKeyOf } from '../../../electron/core/update/signature.js';

/** How long vi.waitFor waits (its default is 1 s): real work — a write and its fsync, a hash — runs late on a busy machine. */
const WAIT = { timeout: 15_000 };

// Stand-ins for 'electron' and 'electron-updater' (the real ones need the Electron binary).
const h = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const autoUpdater = Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    allowDowngrade: true,
    allowPrerelease: true,
    logger: null as unknown,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () => null),
    quitAndInstall: vi.fn(),
  });
  return {
    autoUpdater,
    fetch: vi.fn(async (_url: string, _init?: unknown) => new Response('', { status: 404 })),
    showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0 })),
  };
});
vi.mock('electron-updater', () => ({ default: { autoUpdater: h.autoUpdater } }));
vi.mock('electron', () => ({
  dialog: { showMessageBox: h.showMessageBox },
  session: { fromPartition: () => ({ fetch: h.fetch }) },
}));

const { startUpdater } = await import('../../../electron/main/updater.js');

const dir = mkdtempSync(join(tmpdir(), 'ezhd-updater-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const { privateKey } = generateKeyPairSync('ed25519');
const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const trusted = trustedKeyOf('ezhd-test-1', pem);
const FEED = 'https://updates.school.example/ezhd/';
const fileName = 'ezhd-office-0.2.0-x86_64.AppImage';

function fakeApp(updateUrl: string) {
  return {
    core: {
      store: {
        hasSchool: async () => true,
        school: async () => ({ settings: { updateUrl } }),
      },
    },
  } as unknown as Parameters<typeof startUpdater>[0]['app'];
}

function download(content: string): { path: string; sha512: string } {
  const path = join(dir, `pending-${Math.random().toString(36).slice(2)}.AppImage`);
  writeFileSync(path, content);
  return { path, sha512: sha512Base64(Buffer.from(content)) };
}

const logs: string[] = [];
let started = false;

async function startOnce(): Promise<void> {
  if (started) return;
  started = true;
  vi.useFakeTimers();
  startUpdater({ app: fakeApp(' https://updates.school.example/ezhd '), trustedKeys: [trusted], window: () => null, log: (l) => logs.push(l) });
  await vi.advanceTimersByTimeAsync(61_000);
  vi.useRealTimers();
}

async function downloaded(file: { path: string; sha512: string }, version = '0.2.0'): Promise<void> {
  h.autoUpdater.emit('update-downloaded', { version, files: [{ url: fileName, sha512: file.sha512 }], downloadedFile: file.path });
  await vi.waitFor(() => expect(logs.some((l) => l.includes(`update ${version}`))).toBe(true), WAIT);
}

beforeEach(() => {
  h.fetch.mockReset();
  h.showMessageBox.mockClear();
  h.autoUpdater.quitAndInstall.mockClear();
  logs.length = 0;
});

describe('обновления', () => {
  it('без встроенного ключа обновления не проверяются вовсе', () => {
    const before = h.autoUpdater.listenerCount('update-downloaded');
    const lines: string[] = [];
    startUpdater({ app: fakeApp(FEED), trustedKeys: [], window: () => null, log: (l) => lines.push(l) });
    expect(h.autoUpdater.listenerCount('update-downloaded')).toBe(before);
    expect(lines.join()).toMatch(/no update-signing key/);
  });

  it('адрес ленты — из настроек школы; загрузка сама, установка — только с согласия', async () => {
    await startOnce();
    expect(h.autoUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: FEED });
    expect(h.autoUpdater.checkForUpdates).toHaveBeenCalled();
    expect(h.autoUpdater.autoDownload).toBe(true);
    expect(h.autoUpdater.autoInstallOnAppQuit).toBe(false);
    expect(h.autoUpdater.allowDowngrade).toBe(false);
  });

  it('верная подпись: «Доступна новая версия», перезапуск по кнопке', async () => {
    await startOnce();
    const file = download('good installer');
    const sig = createSignatureFile({ sha512: file.sha512, version: '0.2.0', fileName, keyId: 'ezhd-test-1', privateKeyPem: pem });
    h.fetch.mockResolvedValueOnce(new Response(sig, { status: 200 }));
    await downloaded(file);
    expect(h.fetch.mock.calls[0]![0]).toBe(`${FEED}${fileName}.sig`);
    await vi.waitFor(() => expect(h.autoUpdater.quitAndInstall).toHaveBeenCalledWith(false, true), WAIT);
    const box = h.showMessageBox.mock.calls[0]![0] as { message: string; buttons: string[] };
    expect(box.message).toBe('Доступна новая версия 0.2.0.');
    expect(box.buttons).toEqual(['Перезапустить сейчас', 'Позже']);
    expect(existsSync(file.path)).toBe(true);
  });

  it('«Позже» — ничего не устанавливается', async () => {
    await startOnce();
    const file = download('good installer, later');
    const sig = createSignatureFile({ sha512: file.sha512, version: '0.2.1', fileName, keyId: 'ezhd-test-1', privateKeyPem: pem });
    h.fetch.mockResolvedValueOnce(new Response(sig, { status: 200 }));
    h.showMessageBox.mockResolvedValueOnce({ response: 1 });
    await downloaded(file, '0.2.1');
    await vi.waitFor(() => expect(h.showMessageBox).toHaveBeenCalled(), WAIT);
    expect(h.autoUpdater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('подпись не сходится: загрузка удаляется, пользователь предупреждён, установки нет', async () => {
    await startOnce();
    const file = download('tampered installer');
    const sig = createSignatureFile({ sha512: sha512Base64(Buffer.from('the original')), version: '0.3.0', fileName, keyId: 'ezhd-test-1', privateKeyPem: pem });
    h.fetch.mockResolvedValueOnce(new Response(sig, { status: 200 }));
    await downloaded(file, '0.3.0');
    await vi.waitFor(() => expect(h.showMessageBox).toHaveBeenCalled(), WAIT);
    expect(existsSync(file.path)).toBe(false);
    expect(h.autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    const box = h.showMessageBox.mock.calls[0]![0] as { type: string; message: string; detail: string };
    expect(box.type).toBe('warning');
    expect(box.message).toBe('Обновление отклонено');
    expect(box.detail).toMatch(/не сходится/);
  });

  it('подписи нет на сервере: отказ', async () => {
    await startOnce();
    const file = download('unsigned installer');
    h.fetch.mockResolvedValueOnce(new Response('Not found', { status: 404 }));
    await downloaded(file, '0.4.0');
    await vi.waitFor(() => expect(h.showMessageBox).toHaveBeenCalled(), WAIT);
    expect(existsSync(file.path)).toBe(false);
    expect((h.showMessageBox.mock.calls[0]![0] as { detail: string }).detail).toMatch(/нет подписи/);
    expect(h.autoUpdater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('загруженный файл не совпадает с описанием ленты: отказ без запроса подписи', async () => {
    await startOnce();
    const file = download('something else');
    h.autoUpdater.emit('update-downloaded', { version: '0.5.0', files: [{ url: fileName, sha512: 'other' }], downloadedFile: file.path });
    await vi.waitFor(() => expect(h.showMessageBox).toHaveBeenCalled(), WAIT);
    expect(h.fetch).not.toHaveBeenCalled();
    expect(existsSync(file.path)).toBe(false);
  });
});
