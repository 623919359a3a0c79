import type { BrowserWindowConstructorOptions } from 'electron';

export const WINDOW_TITLE = 'ЭЖД Офис';

/**
 * The options of the app's only window. Everything that could give the page more than a web
 * page has is switched off; the page reaches the core only through the preload's bridge.
 */
export function windowOptions(preloadPath: string, opts: { development?: boolean } = {}): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      enableWebSQL: false,
      plugins: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      devTools: opts.development === true,
    },
  };
}
