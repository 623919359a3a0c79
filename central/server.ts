/**
 * The central server: the sync protocol over HTTP(S) with node:http, on a `Db` (PostgreSQL or
 * PGlite). Every request is validated (size, encoding, JSON, zod shape, token) before it touches
 * the database; every error is a JSON answer with a code and a Russian message.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import type { z } from 'zod';
import {
  EnrollRequest,
  LIMITS,
  PartitionKey,
  PROTOCOL_VERSION,
  PushEnvelope,
  AuditHeadReport,
  SUPPORTED_VERSIONS,
  WireId,
  type ProtocolErrorCode,
} from '../electron/contract/sync/protocol.js';
import type { Db } from './db.js';
import { compressParts, DEFAULT_BROTLI_QUALITY, type AnswerEncoding } from './compressParts.js';
import { partitionSnapshot } from './pull.js';
import { PullAhead, pageAnswerer, type PullRequest } from './pullAhead.js';
import { storedPage } from './firstPull.js';
import { applyPush } from './push.js';
import { reportAuditHead } from './auditHeads.js';
import { serveVerify, VERIFY_PATH } from './verify.js';
import { authenticate, CentralError, enroll, type AuthInfo } from './schools.js';
import { installValidationMessages } from '../electron/contract/validation/install.js';

// Rejections quote the field and the reason in the app's own Russian, as the workstation's do.
installValidationMessages();

const gunzip = promisify(zlib.gunzip);
const unbrotli = promisify(zlib.brotliDecompress);

export const SERVER_NAME = 'ezhd-central/0.1';

export interface CentralServerOptions {
  db: Db;
  /** PEM files; both or neither. */
  tls?: { certFile: string; keyFile: string };
  limits?: Partial<Pick<typeof LIMITS, 'maxRequestBytes' | 'maxWireRequestBytes' | 'maxPageBytes'>>;
  /** Brotli quality for answers (0–11); 1 compresses a pull page better than gzip, and faster. */
  brotliQuality?: number;
  now?: () => Date;
  log?: (line: string) => void;
  /** Extra routes (the admin endpoint), tried before the protocol's. */
  extra?: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;
}

export interface CentralServer {
  server: Server;
  url: string;
  port: number;
  stats: { requests: number; bytesOut: number; bytesIn: number; rowsOut: number };
  close(): Promise<void>;
}

class HttpError extends CentralError {}

function errorBody(code: ProtocolErrorCode, message: string): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, error: { code, message } });
}

async function readBody(req: IncomingMessage, maxWire: number, maxBytes: number, stats?: { bytesIn: number }): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxWire) throw new HttpError(413, 'too_large', 'Запрос слишком большой.');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (stats) stats.bytesIn += (chunk as Buffer).length;
    if (size > maxWire) throw new HttpError(413, 'too_large', 'Запрос слишком большой.');
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  const enc = String(req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  try {
    if (enc === 'identity' || enc === '') {
      if (raw.length > maxBytes) throw new HttpError(413, 'too_large', 'Запрос слишком большой.');
      return raw;
    }
    if (enc === 'gzip') return await gunzip(raw, { maxOutputLength: maxBytes });
    if (enc === 'br') return await unbrotli(raw, { maxOutputLength: maxBytes });
  } catch (e) {
    if (e instanceof HttpError) throw e;
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || (e instanceof RangeError)) throw new HttpError(413, 'too_large', 'Запрос после распаковки слишком большой.');
    throw new HttpError(400, 'bad_request', 'Сжатое тело запроса повреждено.');
  }
  throw new HttpError(415, 'unsupported_encoding', 'Сжатие тела запроса не поддерживается: используйте gzip или br.');
}

function parseJson<T extends z.ZodType>(body: Buffer, schema: T): z.output<T> {
  let value: unknown;
  try {
    const text = body.toString('utf8');
    if (text.includes('\u0000')) throw new Error('nul');
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'bad_request', 'Тело запроса — не JSON.');
  }
  if (value && typeof value === 'object' && 'v' in value && (value as { v: unknown }).v !== PROTOCOL_VERSION) {
    throw new HttpError(400, 'unsupported_version', `Версия протокола не поддерживается; сервер знает версии: ${SUPPORTED_VERSIONS.join(', ')}. Обновите программу.`);
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const i = r.error.issues[0];
    const where = i ? i.path.map(String).join('.') : '';
    throw new HttpError(400, 'bad_request', `Неверный запрос${where ? ` (поле ${where})` : ''}: ${i?.message ?? 'неверные данные'}.`);
  }
  return r.data;
}

function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  const a = (accept ?? '').toLowerCase();
  if (/\bbr\b/.test(a)) return 'br';
  if (/\bgzip\b/.test(a)) return 'gzip';
  return null;
}

export async function startCentralServer(opts: CentralServerOptions & { port?: number; host?: string }): Promise<CentralServer> {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? (() => undefined);
  const maxWire = opts.limits?.maxWireRequestBytes ?? LIMITS.maxWireRequestBytes;
  const maxBytes = opts.limits?.maxRequestBytes ?? LIMITS.maxRequestBytes;
  const maxPage = opts.limits?.maxPageBytes ?? LIMITS.maxPageBytes;
  const quality = opts.brotliQuality ?? DEFAULT_BROTLI_QUALITY;
  const stats = { requests: 0, bytesOut: 0, bytesIn: 0, rowsOut: 0 };
  /** Failed enrolments per address: a code cannot be guessed by trying. */
  const enrolFailures = new Map<string, { n: number; until: number }>();

  const compress = (parts: readonly Uint8Array[], encoding: AnswerEncoding) => compressParts(parts, encoding, { brotliQuality: quality, gzipLevel: 4 });
  /** Requests being answered: the next page of a pull is prepared only when there are none. */
  let answering = 0;
  const pulls = new PullAhead(opts.db, { answer: pageAnswerer(opts.db, compress) });

  /** Sends a JSON answer (text, or its UTF-8 bytes in parts), compressed when the client takes it. */
  async function send(req: IncomingMessage, res: ServerResponse, status: number, body: string | readonly Uint8Array[]): Promise<void> {
    const parts: readonly Uint8Array[] = typeof body === 'string' ? [Buffer.from(body, 'utf8')] : body;
    const size = parts.reduce((n, p) => n + p.length, 0);
    const enc = size > 1024 ? pickEncoding(req.headers['accept-encoding'] as string | undefined) : null;
    sendEncoded(req, res, status, enc ? [await compress(parts, enc)] : parts, enc);
  }

  /** Sends a JSON answer's body as it is, in the encoding it is in. */
  function sendEncoded(req: IncomingMessage, res: ServerResponse, status: number, parts: readonly Uint8Array[], enc: AnswerEncoding | null): void {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Ezhd-Protocol': String(PROTOCOL_VERSION),
      Vary: 'Accept-Encoding',
    };
    if (enc) headers['Content-Encoding'] = enc;
    const length = parts.reduce((n, p) => n + p.length, 0);
    headers['Content-Length'] = String(length);
    stats.bytesOut += length;
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    for (let i = 0; i < parts.length - 1; i++) res.write(parts[i]);
    res.end(parts[parts.length - 1]);
  }

  async function auth(req: IncomingMessage): Promise<AuthInfo> {
    const h = String(req.headers.authorization ?? '');
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    const info = m ? await authenticate(opts.db, m[1]!) : null;
    if (!info) throw new HttpError(401, 'unauthorized', 'Рабочее место не подключено к центральной системе или его подключение отозвано. Подключите его заново кодом от администратора.');
    return info;
  }

  function checkSchool(url: URL, info: AuthInfo): void {
    const school = url.searchParams.get('school');
    if (school === null) return;
    if (!WireId.safeParse(school).success) throw new HttpError(400, 'bad_request', 'Неверный идентификатор школы.');
    if (school !== info.schoolId) throw new HttpError(403, 'wrong_school', 'Рабочее место подключено к другой школе.');
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://central.invalid');
    if (opts.extra && (await opts.extra(req, res, url))) return;
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const allow = (m: string) => {
      if (method !== m && !(m === 'GET' && method === 'HEAD')) throw new HttpError(405, 'method_not_allowed', `Метод ${method} не поддерживается для ${path}.`);
    };

    if (path === '/v1/info') {
      allow('GET');
      return send(req, res, 200, JSON.stringify({ v: PROTOCOL_VERSION, versions: [...SUPPORTED_VERSIONS], server: SERVER_NAME, time: now().toISOString() }));
    }
    if (path === '/v1/enroll') {
      allow('POST');
      const addr = req.socket.remoteAddress ?? '';
      const f = enrolFailures.get(addr);
      if (f && f.n >= 10 && f.until > Date.now()) throw new HttpError(429, 'rate_limited', 'Слишком много неверных кодов подряд. Подождите 10 минут.');
      const body = parseJson(await readBody(req, maxWire, maxBytes, stats), EnrollRequest);
      try {
        const r = await enroll(opts.db, { code: body.code, workstationId: body.workstationId, ...(body.name ? { name: body.name } : {}), now: now() });
        enrolFailures.delete(addr);
        log(`enrolled workstation in school ${r.school.id}`);
        return send(req, res, 200, JSON.stringify({ v: PROTOCOL_VERSION, token: r.token, schoolId: r.school.id, schoolName: r.school.name, workstationId: body.workstationId }));
      } catch (e) {
        if (e instanceof CentralError && e.code === 'code_invalid') {
          const cur = enrolFailures.get(addr);
          enrolFailures.set(addr, { n: (cur && cur.until > Date.now() ? cur.n : 0) + 1, until: Date.now() + 10 * 60_000 });
        }
        throw e;
      }
    }
    if (path === '/v1/pull') {
      allow('GET');
      const info = await auth(req);
      checkSchool(url, info);
      const since = url.searchParams.get('since') ?? '0';
      if (since.length > 100) throw new HttpError(400, 'bad_request', 'Неверный курсор.');
      const limitText = url.searchParams.get('limit');
      const limit = limitText === null ? LIMITS.defaultPullLimit : Number(limitText);
      if (!Number.isInteger(limit) || limit < 1 || limit > LIMITS.maxPullLimit) {
        throw new HttpError(400, 'bad_request', `Параметр limit — целое число от 1 до ${LIMITS.maxPullLimit}.`);
      }
      const request: PullRequest = { schoolId: info.schoolId, since, limit, maxBytes: maxPage, encoding: pickEncoding(req.headers['accept-encoding'] as string | undefined) };
      // A page of the school's first pull prepared ahead (firstPull.ts), else the page read now.
      const stored = await storedPage(opts.db, request);
      if (stored) {
        stats.rowsOut += stored.rows;
        // After the last stored page, the first live one is made while it travels.
        const next = stored.nextLive;
        if (next !== undefined) res.once('finish', () => pulls.prepareAfter(request, { parts: [], rows: stored.rows, next }, answering === 0));
        return sendEncoded(req, res, 200, [stored.body], stored.encoding);
      }
      const answer = await pulls.answer(request);
      stats.rowsOut += answer.page.rows;
      // Once the page is handed to the network, the next one is made while it travels.
      res.once('finish', () => pulls.prepareAfter(request, answer.page, answering === 0));
      return sendEncoded(req, res, 200, answer.body, answer.encoding);
    }
    if (path === '/v1/partition') {
      allow('GET');
      const info = await auth(req);
      checkSchool(url, info);
      const key = PartitionKey.safeParse(url.searchParams.get('key'));
      if (!key.success) throw new HttpError(400, 'bad_request', 'Неверный ключ раздела.');
      const snap = await partitionSnapshot(opts.db, info.schoolId, key.data);
      stats.rowsOut += snap.rows;
      return send(req, res, 200, snap.parts);
    }
    if (path === '/v1/audit-head') {
      allow('POST');
      const info = await auth(req);
      const body = parseJson(await readBody(req, maxWire, maxBytes, stats), AuditHeadReport);
      return send(req, res, 200, JSON.stringify(await reportAuditHead(opts.db, info, body, now())));
    }
    if (path.startsWith(VERIFY_PATH)) {
      allow('GET');
      return serveVerify(opts.db, req, res, path);
    }
    if (path === '/v1/push') {
      allow('POST');
      const info = await auth(req);
      const body = parseJson(await readBody(req, maxWire, maxBytes, stats), PushEnvelope);
      const r = await applyPush(opts.db, info, body, now());
      return send(req, res, 200, JSON.stringify(r));
    }
    throw new HttpError(404, 'not_found', 'Нет такого адреса в протоколе синхронизации.');
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    stats.requests++;
    // Answered once its answer is handed to the network (listeners added later, as the pull's, see it so).
    answering++;
    let open = true;
    const done = () => {
      if (open) answering--;
      open = false;
    };
    res.once('finish', done);
    res.once('close', done);
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (e instanceof CentralError) {
        // Drain what is left of a refused body so the answer reaches the client.
        if (e.status === 413) res.setHeader('Connection', 'close');
        void send(req, res, e.status, errorBody(e.code, e.message)).catch(() => res.destroy());
        return;
      }
      log(`internal error: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 200)}` : 'unknown'}`);
      void send(req, res, 500, errorBody('internal', 'Внутренняя ошибка центральной системы. Повторите позже.')).catch(() => res.destroy());
    });
  };

  const server: Server = opts.tls
    ? (createHttpsServer({ cert: readFileSync(opts.tls.certFile), key: readFileSync(opts.tls.keyFile) }, handler) as unknown as Server)
    : createHttpServer(handler);
  // Connections kept longer than clients keep them idle: a client never reuses one the server has
  // just closed (the race that turns a GET after a pause into «socket closed»).
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.maxHeadersCount = 100;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.address.includes(':') ? `[${addr.address}]` : addr.address;
  return {
    server,
    port: addr.port,
    url: `${opts.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
