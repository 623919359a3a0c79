import type { EzhdBridge } from '../../../electron/contract/host/bridge';
import type { CallOptions, Progress } from '../../../electron/contract/method';
import type { Transport } from '../../../electron/contract/transport';

/** Calls through the preload's bridge; progress events are matched by call id. */
export function electronTransport(bridge: EzhdBridge): Transport {
  const listeners = new Map<string, (p: Progress) => void>();
  bridge.onProgress((callId, p) => listeners.get(callId)?.(p));
  let next = 0;
  return {
    async call(path: string, input: unknown, options?: CallOptions) {
      const callId = `c${++next}`;
      if (options?.onProgress) listeners.set(callId, options.onProgress);
      try {
        return await bridge.call(path, input ?? {}, callId);
      } finally {
        listeners.delete(callId);
      }
    },
  };
}
