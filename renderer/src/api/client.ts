import { contract } from '../../../electron/contract/index';
import type { EzhdBridge } from '../../../electron/contract/host/bridge';
import { createClient } from '../../../electron/contract/transport';
import { electronTransport } from './electronTransport';
import { webTransport } from './webTransport';

declare global {
  interface Window {
    ezhd?: EzhdBridge;
  }
}

/** The one client of the app: under Electron through the preload bridge, else over HTTP. */
export const bridge: EzhdBridge | undefined = window.ezhd;
export const api = createClient(contract, bridge ? electronTransport(bridge) : webTransport());
export type Api = typeof api;
