import { request } from 'node:http';
import { readCallStream } from '../../../electron/contract/callStream.js';
import type { CallOptions } from '../../../electron/contract/method.js';
import type { CallResult, Transport } from '../../../electron/contract/transport.js';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A bare HTTP request to the web host, for tests of its edges. */
export function rawRequest(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path, headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** The contract over HTTP, with a cookie jar: what the browser does, from Node. */
export function httpTransport(port: number, token: string): Transport & { cookie: string | undefined } {
  const t = {
    cookie: undefined as string | undefined,
    async call(path: string, input: unknown, options?: CallOptions): Promise<CallResult> {
      const res = await rawRequest(port, {
        path: `/api/${path}`,
        headers: {
          'Content-Type': 'application/json',
          'X-Ezhd-Token': token,
          Host: `127.0.0.1:${port}`,
          ...(t.cookie ? { Cookie: t.cookie } : {}),
        },
        body: JSON.stringify(input ?? {}),
      });
      const set = res.headers['set-cookie'];
      if (set) t.cookie = (Array.isArray(set) ? set[0]! : set).split(';')[0];
      async function* once() {
        yield res.body;
      }
      return readCallStream(once(), options?.onProgress);
    },
  };
  return t;
}
