import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dialog, session, type BrowserWindow } from 'electron';
import electronUpdater, { type UpdateDownloadedEvent } from 'electron-updater';
import type { App } from '../core/app.js';
import { publishedNameOf, signatureUrl, updateFeedUrl } from '../core/update/feed.js';
import { verifyUpdateSignature, type TrustedKey } from '../core/update/signature.js';
import { updateReadyText, updateRefusedText } from './messages.js';

const FIRST_CHECK_DELAY_MS = 60_000;
const CHECK_INTERVAL_MS = 4 * 60 * 60_000;
const MAX_SIGNATURE_BYTES = 10_000;

export interface UpdaterOptions {
  app: App;
  trustedKeys: readonly TrustedKey[];
  window: () => BrowserWindow | null;
  log: (line: string) => void;
}

async function sha512OfFile(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

/**
 * Updates from the school's feed (`settings.updateUrl`, electron-updater's generic provider),
 * in packaged builds only. A downloaded update is installed only after its Ed25519 signature
 * checks out against a built-in key, and only when the user says so.
 */
export function startUpdater(opts: UpdaterOptions): void {
  if (opts.trustedKeys.length === 0) {
    opts.log('updates are off: no update-signing key is built in');
    return;
  }
  const { autoUpdater } = electronUpdater;
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = false;
  autoUpdater.logger = { info: () => undefined, warn: () => undefined, error: () => opts.log('updater error'), debug: () => undefined };

  let feed: string | null = null;
  const refusedVersions = new Set<string>();
  const signatureSession = session.fromPartition('ezhd-updates');

  async function check(): Promise<void> {
    const setting = (await opts.app.core.store.hasSchool()) ? (await opts.app.core.store.school()).settings.updateUrl : '';
    feed = updateFeedUrl(setting);
    if (!feed) return;
    autoUpdater.setFeedURL({ provider: 'generic', url: feed });
    await autoUpdater.checkForUpdates();
  }

  async function fetchSignature(url: string): Promise<Buffer | null> {
    const res = await signatureSession.fetch(url, { cache: 'no-store', redirect: 'follow' });
    if (!res.ok) return null;
    const body = Buffer.from(await res.arrayBuffer());
    return body.length <= MAX_SIGNATURE_BYTES ? body : null;
  }

  async function onDownloaded(event: UpdateDownloadedEvent): Promise<void> {
    if (!feed) return;
    const sha512 = await sha512OfFile(event.downloadedFile);
    const fileName = publishedNameOf(event.files, sha512);
    const signatureFile = fileName ? await fetchSignature(signatureUrl(feed, fileName)).catch(() => null) : null;
    const verdict = fileName
      ? verifyUpdateSignature({ sha512, version: event.version, fileName, signatureFile, trustedKeys: opts.trustedKeys })
      : { ok: false as const, reason: 'Загруженный файл не совпадает с описанием обновления: обновление не установлено.' };
    if (!verdict.ok) {
      await unlink(event.downloadedFile).catch(() => undefined);
      opts.log(`update ${event.version} refused: bad or missing signature`);
      if (refusedVersions.has(event.version)) return;
      refusedVersions.add(event.version);
      const text = updateRefusedText(verdict.reason);
      const win = opts.window();
      const box = { type: 'warning' as const, title: 'ЭЖД Офис', message: text.message, detail: text.detail, buttons: ['Понятно'] };
      await (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
      return;
    }
    opts.log(`update ${event.version} verified with key ${verdict.keyId}`);
    const text = updateReadyText(event.version);
    const box = { type: 'info' as const, title: 'ЭЖД Офис', message: text.message, detail: text.detail, buttons: text.buttons, defaultId: 1, cancelId: 1 };
    const win = opts.window();
    const choice = await (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
    if (choice.response === 0) autoUpdater.quitAndInstall(false, true);
  }

  autoUpdater.on('update-downloaded', (event) => {
    onDownloaded(event).catch(() => opts.log('update check after download failed'));
  });
  autoUpdater.on('error', () => opts.log('update check failed'));

  const run = () => {
    check().catch(() => opts.log('update check failed'));
  };
  setTimeout(run, FIRST_CHECK_DELAY_MS).unref();
  setInterval(run, CHECK_INTERVAL_MS).unref();
}
