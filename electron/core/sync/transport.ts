/**
 * How the workstation reaches the central system: one HTTP exchange at a time. Injected into the
 * sync engine, so tests can put a fault proxy (or a fake) between client and server; in production
 * it is Node's fetch.
 */

export interface TransportRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, already decompressed. */
  body: Uint8Array;
  /** Bytes as they came over the network (compressed), when known. */
  wireBytes: number;
}

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

/** Node's fetch (undici): decompresses gzip and br answers itself. */
export function fetchTransport(): SyncTransport {
  return {
    async request(req) {
      let res: Response;
      try {
        res = await fetch(req.url, {
          method: req.method,
          headers: { ...req.headers, 'Accept-Encoding': 'br, gzip' },
          ...(req.body ? { body: Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength) as unknown as BodyInit } : {}),
          signal: AbortSignal.timeout(req.timeoutMs),
          redirect: 'error',
        });
      } catch (e) {
        throw toNetworkError(e);
      }
      let body: Uint8Array;
      try {
        body = new Uint8Array(await res.arrayBuffer());
      } catch (e) {
        throw toNetworkError(e);
      }
      const headers: Record<string, string> = {};
      res.headers.forEach((v, k) => (headers[k] = v));
      const declared = Number(headers['content-length'] ?? NaN);
      return { status: res.status, headers, body, wireBytes: Number.isFinite(declared) ? declared : body.length };
    },
  };
}

function toNetworkError(e: unknown): NetworkError {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.cause?.code ?? err.name;
  return new NetworkError(err.cause?.message ?? err.message ?? 'network error', code);
}
