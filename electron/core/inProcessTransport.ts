import type { CallOptions } from '../contract/method.js';
import type { Transport } from '../contract/transport.js';
import type { App } from './app.js';

/** A transport that calls the core directly, holding one caller's session: tests and tools. */
export function inProcessTransport(app: App): Transport & { sessionId: string | undefined } {
  const t = {
    sessionId: undefined as string | undefined,
    call: (path: string, input: unknown, options?: CallOptions) =>
      app.call({ path, input, sessionId: t.sessionId }, options?.onProgress, (id) => {
        t.sessionId = id ?? undefined;
      }),
  };
  return t;
}
