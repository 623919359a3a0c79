/**
 * The bundled main process (dist/electron/main.js, built by scripts/build-electron.mjs) run under
 * plain Node against a stand-in 'electron' module (host/fakeElectron.mjs): start-up order, the key
 * kept with (fake) safeStorage, the data folder, the app:// protocol, permission and navigation
 * handlers, and the IPC bridge driven as the renderer would — all with the real core.
 * No Electron binary is needed; what only Electron can show (a real window, the sandbox, the
 * real secret stores) is for tests/electron/startup.spec.ts.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security/csp.js';

const repoRoot = join(import.meta.dirname, '..', '..', '..');
let work = '';
let appDir = '';

type Json = Record<string, unknown> & { [k: string]: any };

function runMain(scenario: string, userData: string, backend = 'gnome_libsecret'): Promise<Json> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.EZHD_ALLOW_ENV_KEY;
    delete env.EZHD_DATA_KEY;
    const child = spawn(process.execPath, [join(appDir, 'harness.mjs'), appDir, scenario, userData, backend], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (!line) return reject(new Error(`harness failed (exit ${code}):\n${out}\n${err}`));
      resolve({ ...(JSON.parse(line.slice('@@RESULT '.length)) as Json), stderr: err });
    });
  });
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'ezhd-mainhost-'));
  appDir = join(work, 'app');
  mkdirSync(join(appDir, 'dist', 'renderer'), { recursive: true });
  cpSync(join(repoRoot, 'package.json'), join(appDir, 'package.json'));
  execFileSync(process.execPath, ['scripts/build-electron.mjs', '--outdir', join(appDir, 'dist', 'electron')], { cwd: repoRoot, stdio: 'pipe' });
  writeFileSync(join(appDir, 'dist', 'renderer', 'index.html'), '<!doctype html><html lang="ru"><title>ЭЖД Офис</title></html>\n');
  const modules = join(appDir, 'node_modules');
  mkdirSync(join(modules, 'electron'), { recursive: true });
  writeFileSync(join(modules, 'electron', 'package.json'), JSON.stringify({ name: 'electron', type: 'module', main: 'index.mjs', exports: './index.mjs' }));
  cpSync(join(import.meta.dirname, 'host', 'fakeElectron.mjs'), join(modules, 'electron', 'index.mjs'));
  cpSync(join(import.meta.dirname, 'host', 'harness.mjs'), join(appDir, 'harness.mjs'));
  const deps = Object.keys((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }).dependencies);
  for (const d of deps) {
    mkdirSync(join(modules, d, '..'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules', d), join(modules, d), 'dir');
  }
}, 60_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('главный процесс под подставным electron', () => {
  let first: Json;
  let second: Json;
  const userData = () => join(work, 'profile');

  beforeAll(async () => {
    first = await runMain('first-start', userData());
    second = await runMain('restart', userData());
  }, 150_000);

  it('песочница для всех окон и привилегированная схема app://', () => {
    expect(first.sandbox).toBe(true);
    expect(first.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } }]);
  });

  it('одно окно: безопасные настройки, preload рядом с main.js, страница app://ezhd/index.html', () => {
    const w = first.window;
    expect(w.loadedUrl).toBe('app://ezhd/index.html');
    expect(w.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false, devTools: true });
    expect(w.options.webPreferences.preload).toBe(join(appDir, 'dist', 'electron', 'preload.cjs'));
    expect(w.ipcChannels).toEqual(['ezhd:call', 'ezhd:printPdf', 'ezhd:saveFile']);
  });

  it('app:// отдаёт страницу с CSP и не выпускает за папку', () => {
    expect(first.protocol).toEqual({ indexStatus: 200, indexType: 'text/html; charset=utf-8', csp: CONTENT_SECURITY_POLICY, traversal: 404, post: 405 });
  });

  it('разрешения, запросы наружу, переходы и новые окна — запрещены', () => {
    expect(first.permissions).toBe(false);
    expect(first.permissionCheck).toBe(false);
    expect(first.requests).toEqual([false, true]);
    expect(first.navigationPrevented).toBe(true);
    expect(first.windowOpen).toEqual([{ action: 'deny' }, { action: 'deny' }]);
    expect(first.externalOpened).toEqual(['https://www.consultant.ru/doc']);
  });

  it('IPC от подфрейма, чужого окна или с неверным номером вызова отклоняется', () => {
    expect(first.subframe).toEqual({ ok: false, error: { code: 'forbidden', message: 'Запрос отклонён.' } });
    expect(first.foreign).toEqual({ ok: false, error: { code: 'forbidden', message: 'Запрос отклонён.' } });
    expect(first.badCallId.ok).toBe(false);
    expect(first.badCallId.error.code).toBe('validation');
  });

  it('первый запуск: пустая папка → демо-школа с ходом работы → вход директора', () => {
    expect(first.statusBefore).toMatchObject({ ok: true, value: { needsSetup: true } });
    expect(first.setup.ok).toBe(true);
    expect(first.progressEvents).toBeGreaterThan(0);
    expect(first.unknown).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(first.beforeLogin).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(first.badLogin.ok).toBe(false);
    expect(first.login.ok).toBe(true);
    expect(first.afterLogin.ok).toBe(true);
  });

  it('печать: только PDF, файл всегда .pdf во временной папке программы', () => {
    expect(first.printNotPdf).toEqual({ opened: false });
    expect(first.printPdf).toEqual({ opened: true });
    expect(first.openedPaths).toHaveLength(1);
    expect(first.openedPaths[0]).toMatch(/ezhd-office-print[\\/][0-9a-f]{16}-Выписка\.exe\.pdf$/);
  });

  it('ключ хранится только зашифрованным хранилищем системы, с названием хранилища', () => {
    const stored = JSON.parse(readFileSync(join(userData(), 'data-key.json'), 'utf8')) as Record<string, string>;
    expect(stored.backend).toBe('gnome_libsecret');
    expect(Buffer.from(stored.encryptedKey!, 'base64').subarray(0, 18).toString()).toBe('fake-os-encrypted:');
    expect(readdirSync(join(userData(), 'data'))).toContain('keycheck.bin');
  });

  it('в технический журнал не попадают имена и пароли', () => {
    for (const r of [first, second]) {
      expect(r.stderr).not.toMatch(/demo-director|wrong-password/);
    }
  });

  it('повторный запуск: тот же ключ открывает данные, вход без настройки', () => {
    expect(second.errorBoxes).toEqual([]);
    expect(second.statusBefore).toMatchObject({ ok: true, value: { needsSetup: false } });
    expect(second.login.ok).toBe(true);
  });

  it('подменённое хранилище ключей: отказ с русским объяснением и выход', async () => {
    const r = await runMain('restart', userData(), 'kwallet5');
    expect(r.window).toBeUndefined();
    expect(r.exits).toEqual([1]);
    expect(r.errorBoxes[0].title).toBe('Хранилище ключей сменилось');
  });

  it('чужой ключ к папке: «Папка данных не открывается», без стека, данные не тронуты', async () => {
    const profile = join(work, 'profile-wrong-key');
    cpSync(userData(), profile, { recursive: true });
    const file = join(profile, 'data-key.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    const otherKey = Buffer.alloc(32, 9).toString('base64');
    const enc = Buffer.concat([Buffer.from('fake-os-encrypted:'), Buffer.from(otherKey).map((b) => b ^ 0x5a)]);
    writeFileSync(file, JSON.stringify({ ...stored, encryptedKey: enc.toString('base64') }));
    const before = readFileSync(join(profile, 'data', 'keycheck.bin'));
    const r = await runMain('restart', profile);
    expect(r.window).toBeUndefined();
    expect(r.exits).toEqual([1]);
    expect(r.errorBoxes[0].title).toBe('Папка данных не открывается');
    expect(r.errorBoxes[0].message).toMatch(/[а-я]/);
    expect(r.errorBoxes[0].message).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(profile, 'data', 'keycheck.bin'))).toEqual(before);
  });
});

describe('Linux без хранилища секретов', () => {
  it('basic_text: программа не запускается и объясняет почему', async () => {
    const profile = join(work, 'profile-basic');
    const r = await runMain('first-start', profile, 'basic_text');
    expect(r.window).toBeUndefined();
    expect(r.exits).toEqual([1]);
    expect(r.errorBoxes[0].title).toBe('Нет защищённого хранилища ключей');
    expect(r.errorBoxes[0].message).toContain('Данные детей нельзя защищать ключом, записанным открытым текстом');
    expect(existsSync(join(profile, 'data-key.json'))).toBe(false);
  }, 60_000);
});
