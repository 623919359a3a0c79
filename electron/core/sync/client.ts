/**
 * The protocol's calls over a transport: request encoding (gzip above a kilobyte), answer
 * validation, and errors the engine can act on (retry, re-enrol, show).
 */
import { gzipSync } from 'node:zlib';
import {
  EnrollResponse,
  ErrorResponse,
  InfoResponse,
  PartitionSnapshot,
  PROTOCOL_VERSION,
  PullReset,
  PushResponse,
  type EnrollRequest,
  type ProtocolErrorCode,
  type PullPage,
  type PullRow,
  type PushRequest,
} from './protocol.js';
import { NetworkError, type SyncTransport, type TransportResponse } from './transport.js';
import { z } from 'zod';

/** The server answered with an error (or something that is not the protocol). */
export class CentralHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProtocolErrorCode | 'bad_answer',
    message: string,
  ) {
    super(message);
    this.name = 'CentralHttpError';
  }
}

export function normaliseCentralUrl(raw: string): string {
  const s = raw.trim().replace(/\/+$/, '');
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    throw new Error('Адрес центральной системы не читается: укажите его полностью, например https://ezhd.example.ru');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('Адрес центральной системы должен начинаться с https:// (или http:// в локальной сети).');
  if (u.search || u.hash) throw new Error('Адрес центральной системы не должен содержать параметров.');
  return s;
}

const PageEnvelope = z.object({
  v: z.literal(PROTOCOL_VERSION),
  cursor: z.string().min(1).max(100),
  to: z.number().int().min(0),
  head: z.number().int().min(0),
  more: z.boolean(),
  rows: z.array(z.unknown()),
  hashes: z.record(z.string(), z.object({ hash: z.string().regex(/^[0-9a-f]{16}$/), count: z.number().int().min(0) })).optional(),
});

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const PART = /^(school|class\/[A-Za-z0-9_.:-]{1,64}|journal\/[A-Za-z0-9_.:-]{1,64}\/[A-Za-z0-9_.:-]{1,64})$/;

/** Rows are checked by hand: a first pull has a million and a half of them. */
function checkRows(rows: unknown[], to: number): PullRow[] {
  let prev = 0;
  for (const r of rows) {
    if (
      !Array.isArray(r) ||
      r.length !== 5 ||
      typeof r[0] !== 'string' ||
      !/^[A-Za-z]{1,40}$/.test(r[0]) ||
      typeof r[1] !== 'string' ||
      !ID.test(r[1]) ||
      typeof r[2] !== 'string' ||
      !PART.test(r[2]) ||
      typeof r[3] !== 'number' ||
      !Number.isInteger(r[3]) ||
      r[3] <= prev ||
      r[3] > to ||
      !(r[4] === null || (typeof r[4] === 'object' && !Array.isArray(r[4])))
    ) {
      throw new CentralHttpError(200, 'bad_answer', 'Центральная система прислала неверные данные. Синхронизация будет повторена.');
    }
    prev = r[3];
  }
  return rows as PullRow[];
}

export interface PullOutcome {
  page?: PullPage;
  reset?: PullReset['reset'];
  wireBytes: number;
}

export class CentralClient {
  constructor(
    private readonly transport: SyncTransport,
    readonly baseUrl: string,
    private readonly token: string | null,
    private readonly timeoutMs = 60_000,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ json: unknown; res: TransportResponse }> {
    const headers: Record<string, string> = { Accept: 'application/json', 'X-Ezhd-Protocol': String(PROTOCOL_VERSION) };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let payload: Uint8Array | undefined;
    if (body !== undefined) {
      const raw = Buffer.from(JSON.stringify(body), 'utf8');
      headers['Content-Type'] = 'application/json; charset=utf-8';
      if (raw.length > 1024) {
        payload = gzipSync(raw, { level: 6 });
        headers['Content-Encoding'] = 'gzip';
      } else payload = raw;
    }
    const res = await this.transport.request({ method, url: `${this.baseUrl}${path}`, headers, ...(payload ? { body: payload } : {}), timeoutMs: this.timeoutMs });
    let json: unknown;
    try {
      json = JSON.parse(Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength).toString('utf8'));
    } catch {
      json = undefined;
    }
    if (res.status >= 200 && res.status < 300) {
      if (json === undefined) throw new CentralHttpError(res.status, 'bad_answer', 'Ответ центральной системы оборван или повреждён. Синхронизация будет повторена.');
      return { json, res };
    }
    const err = ErrorResponse.safeParse(json);
    if (err.success) throw new CentralHttpError(res.status, err.data.error.code, err.data.error.message);
    throw new CentralHttpError(
      res.status,
      res.status === 401 ? 'unauthorized' : res.status >= 500 ? 'unavailable' : 'bad_answer',
      res.status === 401
        ? 'Центральная система не принимает подключение этого рабочего места. Если ошибка повторяется, подключите его заново кодом от администратора.'
        : `Центральная система ответила ошибкой ${res.status}. Синхронизация будет повторена.`,
    );
  }

  private parse<T extends z.ZodType>(schema: T, json: unknown): z.output<T> {
    const r = schema.safeParse(json);
    if (!r.success) throw new CentralHttpError(200, 'bad_answer', 'Центральная система прислала ответ, который эта версия программы не понимает. Обновите программу.');
    return r.data;
  }

  async info(): Promise<InfoResponse> {
    return this.parse(InfoResponse, (await this.call('GET', '/v1/info')).json);
  }

  async enroll(req: EnrollRequest): Promise<EnrollResponse> {
    return this.parse(EnrollResponse, (await this.call('POST', '/v1/enroll', req)).json);
  }

  async pull(schoolId: string, since: string, limit: number): Promise<PullOutcome> {
    const q = new URLSearchParams({ school: schoolId, since, limit: String(limit) });
    const { json, res } = await this.call('GET', `/v1/pull?${q.toString()}`);
    if (json && typeof json === 'object' && 'reset' in json) return { reset: this.parse(PullReset, json).reset, wireBytes: res.wireBytes };
    const env = this.parse(PageEnvelope, json);
    const rows = checkRows(env.rows, env.to);
    return { page: { ...env, rows } as PullPage, wireBytes: res.wireBytes };
  }

  async partition(schoolId: string, key: string): Promise<PartitionSnapshot> {
    const q = new URLSearchParams({ school: schoolId, key });
    return this.parse(PartitionSnapshot, (await this.call('GET', `/v1/partition?${q.toString()}`)).json);
  }

  async push(req: PushRequest): Promise<PushResponse> {
    return this.parse(PushResponse, (await this.call('POST', '/v1/push', req)).json);
  }
}

export function isNetworkError(e: unknown): e is NetworkError {
  return e instanceof NetworkError;
}
