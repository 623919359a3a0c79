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
  /**
   * Starts what the app does by itself once the host is up: the background sync (when the host
   * allows it; it waits until the workstation is enrolled). Nothing runs by itself before.
   */
  start(): void;
  /**
   * Before the host ends the process: no new background sync; the run in progress and the writes
   * under way end, and the derived files still being made land. `withinMs`: the host quits after
   * that much time in any case (the store's writes are durable when made; a derived file not
   * written is remade when read).
   */
  stop(opts?: { withinMs?: number }): Promise<void>;
}

export function createApp(host: HostAbilities): App {
  const core = new Core(host);
  const handlers = createHandlers(core) as unknown as HandlerTable;
  return {
    core,
    call: (req, onProgress, bindSession) => dispatch(core, contract, handlers, req, onProgress, bindSession),
    start: () => core.sync.startBackground(),
    stop: async (opts = {}) => {
      // The writes under way end (an exclusive turn waits for them), then the derived files land.
      const done = core.sync
        .stop()
        .then(() => core.store.exclusive(async () => undefined))
        .then(() => core.store.settled());
      if (opts.withinMs === undefined) return done;
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, opts.withinMs)))]);
      clearTimeout(timer);
    },
  };
}
