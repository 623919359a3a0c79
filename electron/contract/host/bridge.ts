import type { CallResult } from '../transport.js';
import type { Progress } from '../method.js';

/**
 * What the Electron preload exposes to the renderer as `window.ezhd` — and nothing else.
 * One generic call for every contract method, its progress events, and the few things only
 * the host can do with files (save a PDF or XLSX where the user chooses, open it to print).
 */
export interface EzhdBridge {
  call(path: string, input: unknown, callId: string): Promise<CallResult>;
  /** Subscribes to progress of long calls; returns the unsubscribe function. */
  onProgress(listener: (callId: string, progress: Progress) => void): () => void;
  /** Saves bytes through the system «Сохранить как» dialog. */
  saveFile(file: SavedFile): Promise<{ saved: boolean }>;
  /** Opens a PDF in the system viewer to print it (the print dialog is the viewer's). */
  printPdf(file: SavedFile): Promise<{ opened: boolean }>;
}

export interface SavedFile {
  name: string;
  mime: 'application/pdf' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' | 'application/octet-stream';
  base64: string;
}

/** The channels of the bridge: the only IPC channels of the app. */
export const BRIDGE_CHANNELS = {
  call: 'ezhd:call',
  progress: 'ezhd:progress',
  saveFile: 'ezhd:saveFile',
  printPdf: 'ezhd:printPdf',
} as const;
