/**
 * A stand-in for the 'electron' module, enough to run the bundled main process under plain Node:
 * it records what main does (windows, protocol handlers, IPC handlers, dialogs, exits) and lets
 * the harness play the renderer. Behaviour is set through `globalThis.__fakeElectronConfig`.
 */
import { EventEmitter } from 'node:events';

const config = globalThis.__fakeElectronConfig ?? {};
export const record = { windows: [], protocolHandlers: {}, ipcHandlers: {}, errorBoxes: [], exits: [], schemes: [], sandbox: false, sessionHardened: false, switches: [], openedPaths: [], externalOpened: [] };
/** Emits 'window' and 'exit' as main opens a window or exits, for the harness to wait on. */
export const recorded = new EventEmitter();

class FakeApp extends EventEmitter {
  isPackaged = false;
  paths = { userData: config.userData, temp: config.temp, documents: config.temp };
  enableSandbox() { record.sandbox = true; }
  requestSingleInstanceLock() { return true; }
  whenReady() { return Promise.resolve(); }
  getPath(name) { return this.paths[name]; }
  getVersion() { return '0.1.0'; }
  setPath(name, value) { this.paths[name] = value; }
  quit() { record.exits.push(0); recorded.emit('exit'); }
  exit(code) { record.exits.push(code); recorded.emit('exit'); }
  commandLine = { appendSwitch: (s) => record.switches.push(s) };
}
export const app = new FakeApp();

let nextId = 1;
class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.mainFrame = { url: '', parent: null };
    this.sent = [];
    this.destroyed = false;
  }
  send(channel, ...args) { this.sent.push([channel, ...args]); }
  isDestroyed() { return this.destroyed; }
  setWindowOpenHandler(fn) { this.windowOpenHandler = fn; }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    app.emit('web-contents-created', {}, this.webContents);
    record.windows.push(this);
    recorded.emit('window');
  }
  static fromWebContents(wc) { return record.windows.find((w) => w.webContents === wc) ?? null; }
  async loadURL(url) {
    this.loadedUrl = url;
    this.webContents.mainFrame.url = url;
  }
  show() { this.shown = true; }
  isMinimized() { return false; }
  restore() {}
  focus() {}
}

export const protocol = {
  registerSchemesAsPrivileged: (schemes) => record.schemes.push(...schemes),
};

const fakeSession = {
  protocol: { handle: (scheme, handler) => { record.protocolHandlers[scheme] = handler; } },
  setPermissionRequestHandler: (fn) => { record.permissionRequest = fn; record.sessionHardened = true; },
  setPermissionCheckHandler: (fn) => { record.permissionCheck = fn; },
  setDevicePermissionHandler: () => {},
  setDisplayMediaRequestHandler: () => {},
  setSpellCheckerEnabled: () => {},
  webRequest: { onBeforeRequest: (fn) => { record.beforeRequest = fn; } },
  on: () => {},
  fetch: async () => new Response('', { status: 404 }),
};
export const session = { defaultSession: fakeSession, fromPartition: () => fakeSession };

export const ipcMain = { handle: (channel, fn) => { record.ipcHandlers[channel] = fn; } };

export const dialog = {
  showErrorBox: (title, message) => record.errorBoxes.push({ title, message }),
  showSaveDialog: async () => ({ canceled: true }),
  showMessageBox: async () => ({ response: 1 }),
};

export const shell = {
  openPath: async (p) => { record.openedPaths.push(p); return ''; },
  openExternal: async (u) => { record.externalOpened.push(u); },
};

export const Menu = { setApplicationMenu: () => {} };

/** Encryption that only this fake can undo, so the key is never stored in the clear. */
const MARK = Buffer.from('fake-os-encrypted:');
export const safeStorage = {
  getSelectedStorageBackend: () => config.backend ?? 'gnome_libsecret',
  isAsyncEncryptionAvailable: async () => config.encryptionAvailable ?? true,
  encryptStringAsync: async (s) => Buffer.concat([MARK, Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)]),
  decryptStringAsync: async (buf) => {
    if (!buf.subarray(0, MARK.length).equals(MARK)) throw new Error('cannot decrypt');
    return { result: Buffer.from(buf.subarray(MARK.length).map((b) => b ^ 0x5a)).toString('utf8'), shouldReEncrypt: false };
  },
};

export default { app, BrowserWindow, protocol, session, ipcMain, dialog, shell, Menu, safeStorage };
