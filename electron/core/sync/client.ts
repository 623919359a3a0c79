/**
 * The protocol's calls over a transport: request encoding (gzip above a kilobyte), answer
 * validation, and errors the engine can act on (retry, re-enrol, show).
 */
import { gzipSync } from 'node:zlib';
import {
  EnrollResponse,
  ErrorResponse,
  InfoResponse,
  PROTOCOL_VERSION,
  PullReset,
  PushResponse,
  type EnrollRequest,
  AuditHeadAnswer,
  type AuditHeadReport,
  type PartitionSnapshot,
  type ProtocolErrorCode,
  type PullPage,
  type PullRow,
  type PushRequest,
} from '../../contract/sync/protocol.js';
import { decompressBody, MAX_BODY_BYTES, NetworkError, type CompressedEncoding, type SyncTransport, type TransportResponse } from './transport.js';
import { entityHashOfSlice } from '../../contract/sync/hash.js';
import { pageRowsSpan } from './lineHashes.js';
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

const RETRYABLE = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

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
  sums: z.record(z.string(), z.object({ hash: z.string().regex(/^[0-9a-f]{16}$/), count: z.number().int().min(0) })).optional(),
  hashes: z.record(z.string(), z.object({ hash: z.string().regex(/^[0-9a-f]{16}$/), count: z.number().int().min(0) })).optional(),
});

const SnapshotEnvelope = z.object({
  v: z.literal(PROTOCOL_VERSION),
  key: z.string().min(1).max(140),
  to: z.number().int().min(0),
  rows: z.array(z.unknown()),
  hash: z.object({ hash: z.string().regex(/^[0-9a-f]{16}$/), count: z.number().int().min(0) }),
});

const ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const PART = /^(school|class\/[A-Za-z0-9_.:-]{1,64}|journal\/[A-Za-z0-9_.:-]{1,64}\/[A-Za-z0-9_.:-]{1,64})$/;

/** Rows are checked by hand: a first pull has a million and a half of them (in a few dozen partitions). */
function checkRows(rows: unknown[], to: number, ordered = true): PullRow[] {
  let prev = 0;
  const parts = new Set<string>();
  for (const r of rows) {
    if (
      !Array.isArray(r) ||
      r.length !== 5 ||
      typeof r[0] !== 'string' ||
      !/^[A-Za-z]{1,40}$/.test(r[0]) ||
      typeof r[1] !== 'string' ||
      !ID.test(r[1]) ||
      typeof r[2] !== 'string' ||
      (!parts.has(r[2]) && !(PART.test(r[2]) && parts.add(r[2]))) ||
      typeof r[3] !== 'number' ||
      !Number.isInteger(r[3]) ||
      (ordered && r[3] <= prev) ||
      r[3] > to ||
      !(r[4] === null || (typeof r[4] === 'object' && !Array.isArray(r[4])))
    ) {
      throw new CentralHttpError(200, 'bad_answer', 'Центральная система прислала неверные данные. Синхронизация будет повторена.');
    }
    prev = r[3];
  }
  return rows as PullRow[];
}

/** The start of a page as the reference server writes it: its cursor and whether there is more. */
const PAGE_HEAD = /^\{"v":\d+,"cursor":"([A-Za-z0-9_.:-]{1,100})","to":\d+,"head":\d+,"more":(true|false)[,}]/;

const ROWS_OPEN_LENGTH = '"rows":[\n'.length;
const ROWS_CLOSE_LENGTH = '\n]'.length;
const NEWLINE = 10;
const COMMA = 44;

/**
 * A page as the reference server writes it — one row per line (`"rows":[\n<row>,\n<row>\n]`):
 * its envelope (everything but the rows) and where its rows lie (lineHashes.ts, the same rule the
 * worker that hashes them follows). Null for another layout.
 */
function splitEnvelope(body: Buffer): { envelope: string; start: number; close: number } | null {
  const span = pageRowsSpan(body);
  if (!span) return null;
  return { envelope: `${body.toString('utf8', 0, span.start - ROWS_OPEN_LENGTH)}"rows":[]${body.toString('utf8', span.close + ROWS_CLOSE_LENGTH)}`, ...span };
}

/**
 * The rows of a page written one row per line, read without decoding or parsing the whole text:
 * each row is decoded from the bytes on its own (a row of ASCII, like a mark, becomes a one-byte
 * string, where a whole page with one Cyrillic letter in it becomes a two-byte string: slower to
 * decode, to parse and to hash, twice the memory), parsed, and its data text (canonical JSON, by
 * the protocol) hashed as it is, where it lies in the line: nothing of the line is kept (no array
 * of lines, no text cut out of one), so the lines die young. Null when a line does not end as
 * that layout does (then the body is parsed as a whole). `given`: the rows' hashes as lineHashes.ts
 * computed them from the same bytes (NaN where it could not), used instead of hashing again.
 */
function readRows(body: Buffer, start: number, close: number, given: Float64Array | null = null): { rows: unknown[]; hashes: Float64Array } | null {
  const rows: unknown[] = [];
  let hashes = new Float64Array(1024);
  for (let at = start; at < close; ) {
    let nl = body.indexOf(NEWLINE, at);
    if (nl < 0 || nl > close) nl = close;
    const last = nl === close;
    // Every row but the last ends with a comma; anything else is another layout.
    if (!last && body[nl - 1] !== COMMA) return null;
    const line = body.toString('utf8', at, last ? nl : nl - 1);
    const row: unknown = JSON.parse(line);
    if (rows.length === hashes.length) {
      const grown = new Float64Array(hashes.length * 2);
      grown.set(hashes);
      hashes = grown;
    }
    // Anything but a row of strings is refused by checkRows; its hash is never looked at.
    if (Array.isArray(row) && typeof row[0] === 'string' && typeof row[1] === 'string') {
      // The hash computed off this thread from the same bytes (lineHashes.ts), unless it could not tell it.
      const g = given !== null && rows.length < given.length ? given[rows.length]! : NaN;
      hashes[rows.length] = Number.isNaN(g) ? hashOfDataIn(row[0], row[1], line) : g;
    }
    rows.push(row);
    at = nl + 1;
  }
  return { rows, hashes: hashes.subarray(0, rows.length) };
}

/** h(entity) of the data part of a row line `["kind","id","part",seq,<data>]`: after the fourth comma (kind, id and part have none). */
function hashOfDataIn(kind: string, id: string, line: string): number {
  let at = -1;
  for (let k = 0; k < 4; k++) {
    at = line.indexOf(',', at + 1);
    if (at < 0) throw new Error('row');
  }
  return entityHashOfSlice(kind, id, line, at + 1, line.length - 1);
}

/** A pull page read: its rows checked for shape, and each row's entity hash when the page came one row per line. */
export interface PullOutcome {
  page: PullPage;
  /** h(entity) of each row's data text as received (same order), when the page came one row per line. */
  hashes?: Float64Array;
}

/**
 * A pull answer as it came: a reset, or a page whose envelope is read (`next`: its cursor when
 * there is a next page) and whose rows are read by `read()` when the page's turn comes. Pages
 * fetched ahead wait as their bytes (outside the collected heap), not as a million small objects
 * that would outlive a few collections of the young generation and be copied each time.
 */
export type PullAnswer =
  | { wireBytes: number; reset: PullReset['reset']; next?: undefined }
  | { wireBytes: number; reset?: undefined; next?: string | undefined; read(): PullOutcome };

/**
 * Opens a pull page that came compressed elsewhere than on the reading thread: decompressed, and
 * its rows' entity hashes computed (lineHashes.ts; null where it could not), in a worker
 * (lineHashWorker.ts). Null when it cannot: the reader decompresses and hashes itself.
 */
export type PageOpener = ((raw: Uint8Array, encoding: CompressedEncoding, maxBytes: number) => Promise<{ body: Buffer; hashes: Float64Array | null } | null>) & {
  /** Gets ready while the page is on its way (a worker's start is then not waited for by the first page). */
  warm?: () => void;
};

export class CentralClient {
  constructor(
    private readonly transport: SyncTransport,
    readonly baseUrl: string,
    private readonly token: string | null,
    private readonly timeoutMs = 60_000,
    private readonly pageOpener: PageOpener | null = null,
  ) {}

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, raw = false, onHead?: (head: Buffer) => void, keepCompressed = false): Promise<{ json: unknown; res: TransportResponse }> {
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
    const req = { method, url: `${this.baseUrl}${path}`, headers, ...(payload ? { body: payload } : {}), timeoutMs: this.timeoutMs, ...(onHead ? { onHead } : {}), ...(keepCompressed ? { keepCompressed } : {}) };
    let res: TransportResponse;
    try {
      res = await this.transport.request(req);
    } catch (e) {
      // A kept-alive connection closed under the request: try once more on a fresh one. Every call
      // but enrolment is idempotent (a push is answered «duplicate» if it got through).
      if (!(e instanceof NetworkError) || path === '/v1/enroll' || !RETRYABLE.has(e.causeCode ?? '')) throw e;
      res = await this.transport.request(req);
    }
    // A pull page is decoded by its caller, row by row.
    if (raw && res.status === 200) return { json: undefined, res };
    const text = Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength).toString('utf8');
    let json: unknown;
    try {
      json = JSON.parse(text);
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

  /**
   * `early`: told the next page's cursor as soon as the answer's first bytes came (the reference
   * server writes the envelope first); the page, once read, must say the same, or it is refused.
   */
  async pull(schoolId: string, since: string, limit: number, early?: (next: string) => void): Promise<PullAnswer> {
    const q = new URLSearchParams({ school: schoolId, since, limit: String(limit) });
    let told: string | undefined;
    const onHead = early
      ? (head: Buffer) => {
          const m = PAGE_HEAD.exec(head.toString('latin1', 0, Math.min(head.length, 300)));
          if (m?.[2] === 'true' && told === undefined) early((told = m[1]!));
        }
      : undefined;
    this.pageOpener?.warm?.();
    const { res } = await this.call('GET', `/v1/pull?${q.toString()}`, undefined, true, onHead, this.pageOpener !== null);
    let body = Buffer.from(res.body.buffer, res.body.byteOffset, res.body.byteLength);
    // A page left compressed by the transport: decompressed and its rows hashed in the worker
    // (pages are fetched ahead, so this happens while the pages before are read and written), or
    // here if the worker cannot.
    let given: Float64Array | null = null;
    if (res.encoding) {
      const max = res.maxBodyBytes ?? MAX_BODY_BYTES;
      const opened = this.pageOpener ? await this.pageOpener(body, res.encoding, max).catch(() => null) : null;
      if (opened) {
        body = opened.body;
        given = opened.hashes;
      } else body = await decompressBody(body, res.encoding, max);
    }
    const wireBytes = res.wireBytes;
    const broken = () => new CentralHttpError(res.status, 'bad_answer', 'Ответ центральной системы оборван или повреждён. Синхронизация будет повторена.');
    const badRows = () => new CentralHttpError(200, 'bad_answer', 'Центральная система прислала неверные данные. Синхронизация будет повторена.');
    const parts = splitEnvelope(body);
    let json: unknown;
    try {
      json = JSON.parse(parts ? parts.envelope : body.toString('utf8'));
    } catch {
      throw broken();
    }
    if (json && typeof json === 'object' && 'reset' in json) return { reset: this.parse(PullReset, json).reset, wireBytes };
    const env = this.parse(PageEnvelope, json);
    if (told !== undefined && !(env.more && env.cursor === told)) throw badRows();
    const read = (): PullOutcome => {
      if (!parts) return { page: { ...env, rows: checkRows(env.rows, env.to) } as PullPage };
      let lines: ReturnType<typeof readRows>;
      try {
        lines = readRows(body, parts.start, parts.close, given);
      } catch {
        throw badRows();
      }
      if (lines) return { page: { ...env, rows: checkRows(lines.rows, env.to) } as PullPage, hashes: lines.hashes };
      // Another layout after all: the body as a whole, which must say what its envelope said.
      let whole: unknown;
      try {
        whole = JSON.parse(body.toString('utf8'));
      } catch {
        throw broken();
      }
      const all = this.parse(PageEnvelope, whole);
      if (all.cursor !== env.cursor || all.more !== env.more || all.to !== env.to) throw badRows();
      return { page: { ...all, rows: checkRows(all.rows, all.to) } as PullPage };
    };
    return { wireBytes, next: env.more ? env.cursor : undefined, read };
  }

  async partition(schoolId: string, key: string): Promise<PartitionSnapshot> {
    const q = new URLSearchParams({ school: schoolId, key });
    const { json } = await this.call('GET', `/v1/partition?${q.toString()}`);
    const env = this.parse(SnapshotEnvelope, json);
    const rows = checkRows(env.rows, env.to, false);
    if (rows.some((r) => r[2] !== env.key || r[4] === null)) throw new CentralHttpError(200, 'bad_answer', 'Центральная система прислала неверные данные раздела. Синхронизация будет повторена.');
    return { ...env, rows } as PartitionSnapshot;
  }

  async push(req: PushRequest): Promise<PushResponse> {
    return this.parse(PushResponse, (await this.call('POST', '/v1/push', req)).json);
  }

  async auditHead(req: AuditHeadReport): Promise<AuditHeadAnswer> {
    return this.parse(AuditHeadAnswer, (await this.call('POST', '/v1/audit-head', req)).json);
  }
}

export function isNetworkError(e: unknown): e is NetworkError {
  return e instanceof NetworkError;
}
