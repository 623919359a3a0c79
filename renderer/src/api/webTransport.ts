import { readCallStream } from '../../../electron/contract/callStream';
import type { CallOptions } from '../../../electron/contract/method';
import type { CallResult, Transport } from '../../../electron/contract/transport';

const TOKEN_KEY = 'ezhd.token';

/** The web host prints its address with `#token=…`; keep the token for this tab and hide it. */
export function takeToken(): string {
  const m = /token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

async function* textChunks(body: ReadableStream<Uint8Array>): AsyncIterable<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    yield decoder.decode(value, { stream: true });
  }
  yield decoder.decode();
}

export function webTransport(): Transport {
  const token = takeToken();
  return {
    async call(path: string, input: unknown, options?: CallOptions): Promise<CallResult> {
      let res: Response;
      try {
        res = await fetch(`./api/${path}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Ezhd-Token': token },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
      } catch {
        return { ok: false, error: { code: 'network', message: 'Программа не отвечает. Проверьте, что сервер ЭЖД Офис запущен.' } };
      }
      if (!res.body) return { ok: false, error: { code: 'network', message: 'Пустой ответ программы. Повторите операцию.' } };
      return readCallStream(textChunks(res.body), options?.onProgress);
    },
  };
}
