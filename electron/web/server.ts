import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '../core/app.js';
import { checkApiRequest, parseCookies } from './requestGuard.js';
import { SECURITY_HEADERS } from './securityHeaders.js';
import { readStatic } from './staticFiles.js';

export const SESSION_COOKIE = 'ezhd_session';
const MAX_BODY = 25 * 1024 * 1024; // scans of documents come through here

export interface WebHostOptions {
  app: App;
  /** Folder with the built renderer (index.html). */
  rendererDir: string;
  port?: number;
  /** Fixed token for tests; a random one per start otherwise. */
  token?: string;
}

export interface WebHost {
  server: Server;
  port: number;
  token: string;
  url: string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(value));
}

/**
 * The browser host: serves the built renderer and the contract over HTTP on 127.0.0.1 only.
 * `POST /api/<group.method>` with the per-start token; the answer is NDJSON: progress lines
 * `{"progress":…}` while the work runs, then one `{"result":…}` line.
 */
export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  let port = opts.port ?? 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { result: { ok: false, error: { code: 'internal', message: 'Внутренняя ошибка веб-сервера.' } } });
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      const problem = checkApiRequest(
        { method: req.method, host: req.headers.host, origin: req.headers.origin, token: req.headers['x-ezhd-token'] as string | undefined },
        { token, port },
      );
      if (problem) return sendJson(res, 403, { result: { ok: false, error: { code: 'forbidden', message: problem } } });
      const path = url.slice('/api/'.length);
      const body = await readBody(req);
      if (body === null) return sendJson(res, 413, { result: { ok: false, error: { code: 'validation', message: 'Слишком большой запрос.' } } });
      let input: unknown;
      try {
        input = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch {
        return sendJson(res, 400, { result: { ok: false, error: { code: 'validation', message: 'Запрос не читается (неверный JSON).' } } });
      }
      const cookies = parseCookies(req.headers.cookie);
      let cookieHeader: string | undefined;
      // The head goes out with the first progress line or with the result, so a login or
      // logout (never long) can still set the HttpOnly session cookie.
      const head = () => {
        if (res.headersSent) return;
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'application/x-ndjson; charset=utf-8',
          ...(cookieHeader ? { 'Set-Cookie': cookieHeader } : {}),
        });
      };
      const result = await opts.app.call(
        { path, input, sessionId: cookies[SESSION_COOKIE] },
        (p) => {
          head();
          res.write(`${JSON.stringify({ progress: p })}\n`);
        },
        (id) => {
          cookieHeader = id
            ? `${SESSION_COOKIE}=${encodeURIComponent(id)}; HttpOnly; SameSite=Strict; Path=/`
            : `${SESSION_COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;
        },
      );
      head();
      res.end(`${JSON.stringify({ result })}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'Метод не поддерживается.' });
    const file = await readStatic(opts.rendererDir, url);
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Не найдено');
      return;
    }
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': file.type });
    res.end(req.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/#token=${token}`;
  return {
    server,
    port,
    token,
    url,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
