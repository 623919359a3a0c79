import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent, type SaveDialogOptions, type WebContents } from 'electron';
import { BRIDGE_CHANNELS } from '../contract/host/bridge.js';
import type { CallResult } from '../contract/transport.js';
import type { App } from '../core/app.js';
import { looksLikePdf, parseCallArgs, parseSavedFile } from './ipc/requests.js';
import { WindowSessions } from './ipc/sessionMap.js';
import { isTrustedSender } from './security/sender.js';

export interface IpcOptions {
  app: App;
  /** Ids of the app's own windows' webContents; IPC from anything else is refused. */
  appWindows: ReadonlySet<number>;
  /** Folder for PDFs handed to the system viewer; emptied at start and at exit. */
  printDir: string;
  documentsDir: string;
  log: (line: string) => void;
}

const REFUSED: CallResult = { ok: false, error: { code: 'forbidden', message: 'Запрос отклонён.' } };
const BAD_REQUEST: CallResult = { ok: false, error: { code: 'validation', message: 'Неверный запрос. Обновите программу.' } };

/**
 * The bridge's four channels, and nothing else. Every call of every contract method goes
 * through `ezhd:call` to `app.call`, which validates, checks the role and rejects unknown paths.
 */
export function registerIpc(opts: IpcOptions): void {
  const sessions = new WindowSessions();
  const watched = new Set<number>();

  /** A window that closes or crashes ends its session: the next one logs in again. */
  function watch(sender: WebContents): void {
    if (watched.has(sender.id)) return;
    watched.add(sender.id);
    const id = sender.id;
    const drop = () => {
      const sessionId = sessions.forget(id);
      if (sessionId) opts.app.core.sessions.end(sessionId);
    };
    sender.once('destroyed', () => {
      drop();
      watched.delete(id);
    });
    sender.on('render-process-gone', drop);
  }

  async function hasActiveSession(sender: WebContents): Promise<boolean> {
    const idle = await opts.app.core.idleLockMinutes();
    const s = opts.app.core.sessions.get(sessions.get(sender.id), idle);
    return s !== undefined && !s.locked;
  }

  ipcMain.handle(BRIDGE_CHANNELS.call, async (event: IpcMainInvokeEvent, ...args: unknown[]): Promise<CallResult> => {
    if (!isTrustedSender(event, opts.appWindows)) return REFUSED;
    const req = parseCallArgs(args);
    if (!req) return BAD_REQUEST;
    const sender = event.sender;
    watch(sender);
    return opts.app.call(
      { path: req.path, input: req.input, sessionId: sessions.get(sender.id) },
      (progress) => {
        if (!sender.isDestroyed()) sender.send(BRIDGE_CHANNELS.progress, req.callId, progress);
      },
      sessions.binderFor(sender.id),
    );
  });

  ipcMain.handle(BRIDGE_CHANNELS.saveFile, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    if (!isTrustedSender(event, opts.appWindows) || args.length !== 1) return { saved: false };
    const file = parseSavedFile(args[0]);
    if (!file || !(await hasActiveSession(event.sender))) return { saved: false };
    const owner = BrowserWindow.fromWebContents(event.sender);
    const dialogOptions: SaveDialogOptions = {
      title: 'Сохранить файл',
      defaultPath: join(opts.documentsDir, file.name),
      filters: file.mime === 'application/pdf'
        ? [{ name: 'Документ PDF', extensions: ['pdf'] }]
        : file.mime === 'application/octet-stream'
          ? [{ name: 'Все файлы', extensions: ['*'] }]
          : [{ name: 'Книга Excel', extensions: ['xlsx'] }],
    };
    const choice = owner ? await dialog.showSaveDialog(owner, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
    if (choice.canceled || !choice.filePath) return { saved: false };
    await writeFile(choice.filePath, file.bytes);
    opts.log('file saved through the dialog');
    return { saved: true };
  });

  ipcMain.handle(BRIDGE_CHANNELS.printPdf, async (event: IpcMainInvokeEvent, ...args: unknown[]) => {
    if (!isTrustedSender(event, opts.appWindows) || args.length !== 1) return { opened: false };
    const file = parseSavedFile(args[0]);
    if (!file || file.mime !== 'application/pdf' || !looksLikePdf(file.bytes)) return { opened: false };
    if (!(await hasActiveSession(event.sender))) return { opened: false };
    await mkdir(opts.printDir, { recursive: true, mode: 0o700 });
    // The name always ends in .pdf (safeFileName), so the system opens a viewer, never a program.
    const path = join(opts.printDir, `${randomBytes(8).toString('hex')}-${file.name}`);
    await writeFile(path, file.bytes, { mode: 0o600, flag: 'wx' });
    const problem = await shell.openPath(path);
    if (problem) opts.log('the PDF viewer could not be opened');
    return { opened: problem === '' };
  });
}
