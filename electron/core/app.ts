import { contract } from '../contract/index.js';
import type { Progress } from '../contract/method.js';
import type { CallResult } from '../contract/transport.js';
import { Core } from './core.js';
import { dispatch, type CallRequest, type HandlerTable } from './dispatch/dispatch.js';
import { createHandlers } from './handlers.js';
import type { HostAbilities } from './host.js';

export interface App {
  core: Core;
  /** The one call both hosts make for every request of the renderer. */
  call(req: CallRequest, onProgress?: (p: Progress) => void, bindSession?: (id: string | null) => void): Promise<CallResult>;
}

export function createApp(host: HostAbilities): App {
  const core = new Core(host);
  const handlers = createHandlers(core) as unknown as HandlerTable;
  return {
    core,
    call: (req, onProgress, bindSession) => dispatch(core, contract, handlers, req, onProgress, bindSession),
  };
}
