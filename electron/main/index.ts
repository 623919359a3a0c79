/**
 * The Electron host: one window, one data folder, the contract over IPC. Everything that
 * decides something lives in pure, tested functions (./security, ./ipc, ./dataKeyPolicy,
 * ../core/update); this file only puts them together.
 */
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, Menu, protocol, session } from 'electron';
import { createApp } from '../core/app.js';
import { openDataFolder } from '../core/store/openDataFolder.js';
import { fetchTransport } from '../core/sync/transport.js';
import { TRUSTED_UPDATE_KEYS } from '../core/update/trustedKeys.js';
import { obtainDataKey } from './dataKey.js';
import { hardenApp, hardenSession } from './hardening.js';
import { registerIpc } from './ipc.js';
import { dataFolderErrorText, STARTUP_FAILED } from './messages.js';
import { APP_INDEX_URL } from './security/appProtocol.js';
import { windowOptions } from './security/windowOptions.js';
import { APP_SCHEME_PRIVILEGES, serveApp } from './serveApp.js';
import { startUpdater } from './updater.js';

const here = dirname(fileURLToPath(import.meta.url));
const development = !app.isPackaged;
const log = (line: string) => process.stderr.write(`[ezhd] ${new Date().toISOString()} ${line}\n`);

// Tests and development only: a separate profile (and so a fresh data folder) per run.
if (development && process.env.EZHD_USER_DATA) app.setPath('userData', process.env.EZHD_USER_DATA);

app.enableSandbox();
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
hardenApp();

const appWindows = new Set<number>();
let mainWindow: BrowserWindow | null = null;
const printDir = join(app.getPath('temp'), 'ezhd-office-print');

function createWindow(): void {
  const win = new BrowserWindow(windowOptions(join(here, 'preload.cjs'), { development }));
  const id = win.webContents.id;
  appWindows.add(id);
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    appWindows.delete(id);
    if (mainWindow === win) mainWindow = null;
  });
  mainWindow = win;
  void win.loadURL(APP_INDEX_URL);
}

async function fail(title: string, message: string): Promise<void> {
  dialog.showErrorBox(title, message);
  app.exit(1);
}

async function start(): Promise<void> {
  if (!development) Menu.setApplicationMenu(null);
  hardenSession(session.defaultSession);
  serveApp(session.defaultSession.protocol, join(here, '..', 'renderer'));
  await rm(printDir, { recursive: true, force: true }).catch(() => undefined);

  const userDataDir = app.getPath('userData');
  const dataDir = join(userDataDir, 'data');
  const key = await obtainDataKey({ userDataDir, dataDir, packaged: app.isPackaged, env: process.env });
  if (!('ok' in key)) return fail(key.title, key.message);

  let host;
  try {
    host = await openDataFolder({ dataDir, key: key.key, log });
  } catch (e) {
    const text = dataFolderErrorText(e, dataDir);
    return fail(text.title, text.message);
  }
  const ezhd = createApp({ ...host, appInfo: { version: app.getVersion(), host: 'electron', dataDir }, sync: { transport: fetchTransport(), background: process.env.EZHD_SYNC !== 'off' } });

  ezhd.start();
  // The background sync stops and derived files still being made (class summaries, a moment after a
  // write) land before quitting; at most a couple of seconds: a lost one is remade when next read.
  let stopped = false;
  app.on('before-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    stopped = true;
    void ezhd.stop({ withinMs: 2000 }).finally(() => app.quit());
  });

  registerIpc({ app: ezhd, appWindows, printDir, documentsDir: app.getPath('documents'), log });
  createWindow();
  if (app.isPackaged) startUpdater({ app: ezhd, trustedKeys: TRUSTED_UPDATE_KEYS, window: () => mainWindow, log });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    void rm(printDir, { recursive: true, force: true }).catch(() => undefined);
  });
  app
    .whenReady()
    .then(start)
    .catch(() => {
      log('start-up failed');
      void fail(STARTUP_FAILED.title, STARTUP_FAILED.message);
    });
}
