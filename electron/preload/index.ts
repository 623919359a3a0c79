/**
 * The preload of the app's window: exposes `window.ezhd` — the EzhdBridge — and nothing else.
 * No ipcRenderer, no Node: the page can only call the four bridge channels. Built to CommonJS,
 * because a sandboxed preload cannot be an ES module.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_CHANNELS, type EzhdBridge, type SavedFile } from '../contract/host/bridge.js';
import type { Progress } from '../contract/method.js';
import type { CallResult } from '../contract/transport.js';

const bridge: EzhdBridge = {
  call: (path: string, input: unknown, callId: string): Promise<CallResult> =>
    ipcRenderer.invoke(BRIDGE_CHANNELS.call, path, input, callId) as Promise<CallResult>,

  onProgress(listener: (callId: string, progress: Progress) => void): () => void {
    const handler = (_event: IpcRendererEvent, callId: unknown, progress: unknown) => {
      if (typeof callId === 'string' && typeof progress === 'object' && progress !== null) listener(callId, progress as Progress);
    };
    ipcRenderer.on(BRIDGE_CHANNELS.progress, handler);
    return () => {
      ipcRenderer.removeListener(BRIDGE_CHANNELS.progress, handler);
    };
  },

  saveFile: (file: SavedFile): Promise<{ saved: boolean }> =>
    ipcRenderer.invoke(BRIDGE_CHANNELS.saveFile, file) as Promise<{ saved: boolean }>,

  printPdf: (file: SavedFile): Promise<{ opened: boolean }> =>
    ipcRenderer.invoke(BRIDGE_CHANNELS.printPdf, file) as Promise<{ opened: boolean }>,
};

contextBridge.exposeInMainWorld('ezhd', Object.freeze(bridge));
