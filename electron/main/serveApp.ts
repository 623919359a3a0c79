import { readFile } from 'node:fs/promises';
import type { Protocol } from 'electron';
import { APP_HOST, APP_SCHEME, contentTypeOf, resolveAppPath } from './security/appProtocol.js';
import { APP_RESPONSE_HEADERS } from './security/csp.js';

/** The custom scheme must be declared before the app is ready. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

function notFound(status = 404): Response {
  return new Response('Не найдено', { status, headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

/** Serves `app://ezhd/…` from the built renderer, with the CSP on every response. */
export function serveApp(protocol: Protocol, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return notFound(405);
    if (new URL(request.url).host !== APP_HOST) return notFound();
    const file = resolveAppPath(rendererRoot, request.url);
    if (!file) return notFound();
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      return notFound();
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...APP_RESPONSE_HEADERS, 'Content-Type': contentTypeOf(file) },
    });
  });
}
