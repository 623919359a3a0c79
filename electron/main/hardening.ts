import { app, shell, type Session, type WebContents } from 'electron';
import { isAllowedRequestUrl, navigationDecision, windowOpenDecision } from './security/urls.js';

/**
 * Electron's security checklist, applied to every webContents the app ever creates and to the
 * window's session. The decisions are the pure functions in ./security.
 */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
}

export function hardenWebContents(contents: WebContents): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (navigationDecision(event.url) === 'deny') event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (windowOpenDecision(url) === 'open-external') void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function hardenSession(ses: Session): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  ses.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  ses.setSpellCheckerEnabled(false);
  // Nothing leaves the machine from the window: the CSP says so, and so does the session.
  ses.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequestUrl(details.url) }));
  ses.on('will-download', (event) => event.preventDefault());
}
