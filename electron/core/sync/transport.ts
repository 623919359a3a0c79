/**
 * How the workstation reaches the central system: one HTTP exchange at a time. Injected into the
 * sync engine, so tests can put a fault proxy (or a fake) between client and server; in production
 * it is Node's HTTP client (httpTransport).
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { brotliDecompress, brotliDecompressSync, constants as zlibConstants, gunzip, gunzipSync, inflate, inflateSync } from 'node:zlib';

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
  /**
   * Told the first bytes of the answer's body (decompressed) as soon as they came, before the rest:
   * a pull page's cursor is there. Best effort: not told when they cannot be read early.
   */
  onHead?: (head: Buffer) => void;
  /**
   * The body may be given as it came over the network, still compressed (`TransportResponse.encoding`
   * then says how): the caller decompresses it elsewhere than on the event loop's thread pool
   * (a pull page, in the worker that hashes its rows: lineHashWorker.ts). A transport may ignore it.
   */
  keepCompressed?: boolean;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, already decompressed. */
  body: Uint8Array;
  /** Bytes as they came over the network (compressed), when known. */
  wireBytes: number;
  /** Set when the body is still compressed (only if the request allowed it: `keepCompressed`). */
  encoding?: CompressedEncoding;
  /** With `encoding`: the most bytes the body may decompress to (the transport's limit; a bomb is refused). */
  maxBodyBytes?: number;
}

export type CompressedEncoding = 'br' | 'gzip' | 'deflate';

export interface SyncTransport {
  request(req: TransportRequest): Promise<TransportResponse>;
}

/** The connection failed: no answer from the server (refused, reset, timed out, cut). */
export class NetworkError extends Error {
  constructor(message: string, readonly causeCode?: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** Bodies larger than this once decompressed are refused (a page is at most 8 MB; a decompression bomb is not read). */
export const MAX_BODY_BYTES = 512 * 1024 * 1024;

const decompressors: Record<string, (b: Buffer, o: { maxOutputLength: number; chunkSize: number }) => Promise<Buffer>> = {
  br: promisify(brotliDecompress),
  gzip: promisify(gunzip),
  deflate: promisify(inflate),
};

/**
 * A body decompressed on libuv's thread pool, at most `maxBody` bytes (a decompression bomb is not
 * read); a failure is a NetworkError, as for an answer cut short.
 */
export function decompressBody(raw: Buffer, encoding: CompressedEncoding, maxBody: number = MAX_BODY_BYTES): Promise<Buffer> {
  const decompress = decompressors[encoding]!;
  return decompress(raw, { maxOutputLength: maxBody, chunkSize: outputChunk(raw.length, maxBody) }).catch((e: unknown) => {
    throw new NetworkError((e as Error).message ?? 'bad compressed answer', 'EDECOMPRESS');
  });
}

/** Wire bytes whose decompression `onHead` is given (a pull page's envelope comes out of the first 200 or so). */
const HEAD_WIRE_BYTES = 1024;
/** The most bytes decompressed for `onHead`. */
const HEAD_MAX_BYTES = 64 * 1024;

/** The first bytes of a body from the first bytes on the wire, decompressed as far as they go (null: not readable so). */
function headOf(wire: Buffer, encoding: string): Buffer | null {
  const part = wire.subarray(0, HEAD_WIRE_BYTES);
  try {
    if (encoding === '' || encoding === 'identity') return part;
    if (encoding === 'br') return brotliDecompressSync(part, { finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH, maxOutputLength: HEAD_MAX_BYTES });
    if (encoding === 'gzip') return gunzipSync(part, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: HEAD_MAX_BYTES });
    if (encoding === 'deflate') return inflateSync(part, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: HEAD_MAX_BYTES });
  } catch {
    // More than the head's limit, or not decodable from its start: the answer is read whole as usual.
  }
  return null;
}

/**
 * The output chunk of a decompression: large enough that a pull page (16 times its size on the wire,
 * brotli) comes out in one or two chunks. With zlib's 16 KB, a 4 MB page took some 250 callbacks on
 * the event loop and a copy of the whole page to join the chunks (about a second of a first pull).
 */
export function outputChunk(wireBytes: number, maxBody: number): number {
  return Math.max(64 * 1024, Math.min(32 * wireBytes, 16 * 1024 * 1024, maxBody));
}

/**
 * Node's HTTP client, with kept-alive connections. The answer is read whole and then decompressed
 * in one call on libuv's thread pool, off the event loop: through fetch (undici) a first pull's
 * pages were decompressed chunk by chunk through web streams on it, at about twice the CPU per page
 * and most of it on the event loop that checks and writes the pages before. No redirect is followed.
 */
export function httpTransport(opts: { maxBodyBytes?: number } = {}): SyncTransport {
  const maxBody = opts.maxBodyBytes ?? MAX_BODY_BYTES;
  const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
  return {
    request(req) {
      let url: URL;
      try {
        url = new URL(req.url);
      } catch (e) {
        return Promise.reject(toNetworkError(e));
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new NetworkError(`unsupported protocol ${url.protocol}`, 'EPROTO'));
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const body = req.body ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength) : undefined;
      return new Promise<TransportResponse>((resolve, reject) => {
        const fail = (e: unknown) => reject(toNetworkError(e));
        const r = send(
          url,
          {
            method: req.method,
            agent: agents[url.protocol as 'http:' | 'https:'],
            headers: { ...req.headers, 'Accept-Encoding': 'br, gzip', ...(body ? { 'Content-Length': String(body.length) } : {}) },
            signal: AbortSignal.timeout(req.timeoutMs),
          },
          (res) => {
            const chunks: Buffer[] = [];
            let wire = 0;
            let headTold = req.onHead === undefined;
            const tellHead = () => {
              headTold = true;
              const head = headOf(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks), (res.headers['content-encoding'] ?? '').trim().toLowerCase());
              try {
                if (head) req.onHead!(head);
              } catch {
                // A hint only: the answer is read whole all the same.
              }
            };
            res.on('data', (c: Buffer) => {
              wire += c.length;
              // A hostile or broken server is not read past the limit (nor kept in memory).
              if (wire > maxBody) {
                res.destroy();
                return fail(new NetworkError('the answer is too large', 'ETOOLARGE'));
              }
              chunks.push(c);
              if (!headTold && wire >= HEAD_WIRE_BYTES && res.statusCode === 200) tellHead();
            });
            res.on('error', fail);
            res.on('close', () => {
              if (!res.complete) fail(new NetworkError('the answer was cut short', 'ECONNRESET'));
            });
            res.on('end', () => {
              if (!res.complete) return fail(new NetworkError('the answer was cut short', 'ECONNRESET'));
              if (!headTold && res.statusCode === 200) tellHead();
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
              const raw = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, wire);
              const encoding = (headers['content-encoding'] ?? '').trim().toLowerCase();
              const decompress = encoding === '' || encoding === 'identity' ? null : decompressors[encoding];
              if (decompress === undefined) return fail(new NetworkError(`unknown content encoding ${encoding}`, 'EPROTO'));
              const done = (b: Buffer) => resolve({ status: res.statusCode ?? 0, headers, body: new Uint8Array(b.buffer, b.byteOffset, b.byteLength), wireBytes: wire });
              if (!decompress) return done(raw);
              if (req.keepCompressed && res.statusCode === 200) {
                return resolve({ status: 200, headers, body: new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength), wireBytes: wire, encoding: encoding as CompressedEncoding, maxBodyBytes: maxBody });
              }
              decompressBody(raw, encoding as CompressedEncoding, maxBody).then(done, fail);
            });
          },
        );
        r.on('error', fail);
        r.end(body);
      });
    },
  };
}

/** The transport of the hosts (its name from when it was Node's fetch). */
export const fetchTransport = httpTransport;

function toNetworkError(e: unknown): NetworkError {
  if (e instanceof NetworkError) return e;
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.code ?? err.name;
  return new NetworkError(err.cause?.message ?? err.message ?? 'network error', code);
}
