/**
 * A fault-injecting HTTP proxy on 127.0.0.1 between the workstations and the central server.
 * For each request a seeded chooser picks what the network does to it:
 *
 *   pass            forwarded, answered
 *   delay           forwarded after a pause
 *   dropRequest     the connection is cut before the server sees anything
 *   dropResponse    the server handles it (and commits), the answer is lost
 *   duplicate       the server gets it twice (at once); the client gets one answer
 *   replayLater     forwarded now, and again later after newer requests (reordering)
 *   error500        a 500 from a broken gateway; the server never sees it
 *   error500After   the server handles it, the client gets a 500
 *   error401        a 401 (a misconfigured gateway); the server never sees it
 *   cutResponse     the answer is cut in the middle of the body
 *   cutRequest      the request body is cut in the middle: the server sees an aborted request
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prng } from '../../../electron/contract/random/prng.js';

export const FAULTS = [
  'pass',
  'delay',
  'dropRequest',
  'dropResponse',
  'duplicate',
  'replayLater',
  'error500',
  'error500After',
  'error401',
  'cutResponse',
  'cutRequest',
] as const;
export type Fault = (typeof FAULTS)[number];

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface FaultProxy {
  url: string;
  /** What happened, in order: `<fault> <method> <path>`. */
  log: string[];
  counts: Partial<Record<Fault, number>>;
  setChooser(choose: (req: { method: string; path: string }) => Fault): void;
  /** Sends the requests held for replay now. */
  flushReplays(): Promise<void>;
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/** mulberry32 */

/** A chooser: each request is faulty with probability `rate`, the fault picked uniformly from `faults`. */
export function randomChooser(seed: number, rate: number, faults: readonly Fault[] = FAULTS.filter((f) => f !== 'pass')): (req: { method: string; path: string }) => Fault {
  const random = prng(seed);
  return () => (random() < rate ? faults[Math.floor(random() * faults.length)]! : 'pass');
}

export async function startFaultProxy(target: string, opts: { delayMs?: number } = {}): Promise<FaultProxy> {
  const up = new URL(target);
  let choose: (req: { method: string; path: string }) => Fault = () => 'pass';
  const log: string[] = [];
  const counts: Partial<Record<Fault, number>> = {};
  const replays: Array<{ method: string; path: string; headers: IncomingMessage['headers']; body: Buffer }> = [];
  const inFlight = new Set<Promise<unknown>>();

  const forward = (method: string, path: string, headers: IncomingMessage['headers'], body: Buffer, cutAt?: number): Promise<Upstream> => {
    const p = new Promise<Upstream>((resolve, reject) => {
      const h = { ...headers, host: up.host };
      const r = request({ host: up.hostname, port: Number(up.port), method, path, headers: h }, (res) => {
        readAll(res).then((b) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }), reject);
      });
      r.on('error', reject);
      if (cutAt !== undefined) {
        r.write(body.subarray(0, cutAt));
        // The rest never comes: the connection is cut, the server sees an aborted request.
        setTimeout(() => {
          r.destroy();
          reject(new Error('cut'));
        }, 5);
        return;
      }
      r.end(body);
    });
    inFlight.add(p);
    void p.catch(() => undefined).finally(() => inFlight.delete(p));
    return p;
  };

  const send = (res: ServerResponse, u: Upstream) => {
    res.writeHead(u.status, u.headers);
    res.end(u.body);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const body = await readAll(req);
      const fault = choose({ method, path });
      counts[fault] = (counts[fault] ?? 0) + 1;
      log.push(`${fault} ${method} ${path.split('?')[0]}`);
      try {
        switch (fault) {
          case 'pass':
            return send(res, await forward(method, path, req.headers, body));
          case 'delay':
            await new Promise((r) => setTimeout(r, opts.delayMs ?? 20));
            return send(res, await forward(method, path, req.headers, body));
          case 'dropRequest':
            return req.socket.destroy();
          case 'dropResponse':
            await forward(method, path, req.headers, body);
            return req.socket.destroy();
          case 'duplicate': {
            const [a] = await Promise.allSettled([forward(method, path, req.headers, body), forward(method, path, req.headers, body)]);
            if (a.status === 'fulfilled') return send(res, a.value);
            return req.socket.destroy();
          }
          case 'replayLater': {
            replays.push({ method, path, headers: req.headers, body });
            const u = await forward(method, path, req.headers, body);
            // Older requests come back after this newer one.
            while (replays.length > 1) {
              const old = replays.shift()!;
              await forward(old.method, old.path, old.headers, old.body).catch(() => undefined);
            }
            return send(res, u);
          }
          case 'error500':
            res.writeHead(500, { 'Content-Type': 'text/html' });
            return res.end('<html>502 Bad Gateway</html>');
          case 'error500After':
            await forward(method, path, req.headers, body);
            res.writeHead(500, { 'Content-Type': 'text/plain' });
            return res.end('Internal Server Error');
          case 'error401':
            res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' });
            return res.end('Unauthorized');
          case 'cutResponse': {
            const u = await forward(method, path, req.headers, body);
            res.writeHead(u.status, { ...u.headers, 'content-length': String(u.body.length) });
            res.write(u.body.subarray(0, Math.floor(u.body.length / 2)));
            return setTimeout(() => res.socket?.destroy(), 5);
          }
          case 'cutRequest':
            await forward(method, path, req.headers, body, Math.floor(body.length / 2)).catch(() => undefined);
            return req.socket.destroy();
        }
      } catch {
        req.socket.destroy();
      }
    })();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    counts,
    setChooser: (c) => (choose = c),
    flushReplays: async () => {
      while (replays.length > 0) {
        const old = replays.shift()!;
        await forward(old.method, old.path, old.headers, old.body).catch(() => undefined);
      }
      await Promise.allSettled([...inFlight]);
    },
    close: async () => {
      await Promise.allSettled([...inFlight]);
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
    },
  };
}
