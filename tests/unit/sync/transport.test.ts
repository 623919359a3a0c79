/**
 * The workstation's transport (Node's HTTP client): answers decompressed whatever their encoding (or
 * left compressed when asked, with the limit they may decompress to), the bytes on the wire counted,
 * failures of the connection as NetworkError with the system's code.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, brotliDecompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CentralClient } from '../../../electron/core/sync/client.js';
import { openPageOffThread } from '../../../electron/core/sync/lineHashWorker.js';
import { httpTransport, NetworkError, outputChunk } from '../../../electron/core/sync/transport.js';

const text = JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ['mark', `m${i}`, 'journal/y/c5a', i, { value: 1 + (i % 5), note: 'Ёлка' }]) });
let server: Server;
let base: string;
const seen: { method?: string; body?: string; encoding?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, body: Buffer.concat(chunks).toString('utf8'), encoding: String(req.headers['accept-encoding']) });
      const raw = Buffer.from(text, 'utf8');
      if (req.url === '/br' || req.url?.startsWith('/v1/pull')) res.writeHead(200, { 'Content-Encoding': 'br' }).end(brotliCompressSync(raw));
      else if (req.url === '/gzip') res.writeHead(200, { 'Content-Encoding': 'gzip' }).end(gzipSync(raw));
      else if (req.url === '/plain') res.writeHead(404, { 'Content-Type': 'application/json' }).end(raw);
      else if (req.url === '/ok') res.writeHead(200, { 'Content-Type': 'application/json' }).end(raw);
      else if (req.url === '/odd') res.writeHead(200, { 'Content-Encoding': 'zstd' }).end(raw);
      else if (req.url === '/broken') res.writeHead(200, { 'Content-Encoding': 'br' }).end(raw);
      else if (req.url === '/cut') {
        res.writeHead(200, { 'Content-Length': String(raw.length) });
        res.write(raw.subarray(0, 100));
        setTimeout(() => res.destroy(), 20);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const get = (path: string) => httpTransport().request({ method: 'GET', url: `${base}${path}`, headers: { Accept: 'application/json' }, timeoutMs: 5000 });

describe('httpTransport', () => {
  it('refuses an answer larger than its limit, compressed or not, as a network error', async () => {
    const small = httpTransport({ maxBodyBytes: 10_000 });
    for (const path of ['/plain', '/br']) {
      const e = await small.request({ method: 'GET', url: `${base}${path}`, headers: {}, timeoutMs: 5000 }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NetworkError);
    }
    // The same answers within the limit come whole.
    expect((await httpTransport({ maxBodyBytes: Buffer.byteLength(text) }).request({ method: 'GET', url: `${base}/br`, headers: {}, timeoutMs: 5000 })).body.length).toBe(Buffer.byteLength(text));
  });

  it('leaves an answer compressed when asked, with its encoding and the limit it may decompress to; never an error answer', async () => {
    const r = await httpTransport({ maxBodyBytes: 123_456 }).request({ method: 'GET', url: `${base}/br`, headers: {}, timeoutMs: 5000, keepCompressed: true });
    expect(r.encoding).toBe('br');
    expect(r.maxBodyBytes).toBe(123_456);
    expect(r.body.length).toBe(r.wireBytes);
    expect(brotliDecompressSync(r.body).toString('utf8')).toBe(text);
    const plain = await httpTransport().request({ method: 'GET', url: `${base}/plain`, headers: {}, timeoutMs: 5000, keepCompressed: true });
    expect(plain.encoding).toBeUndefined();
  });

  it('a pull page left compressed is still refused past the transport’s limit, in the worker and without it', async () => {
    for (const opener of [openPageOffThread, null]) {
      const client = new CentralClient(httpTransport({ maxBodyBytes: 10_000 }), base, 't', 5000, opener);
      const e = await client.pull('s', '0', 100).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(NetworkError);
      expect((e as NetworkError).causeCode).toBe('EDECOMPRESS');
    }
  });

  it('decompresses br and gzip answers, counts the compressed bytes, and gives any status as it is', async () => {
    for (const path of ['/br', '/gzip']) {
      const r = await get(path);
      expect(r.status).toBe(200);
      expect(Buffer.from(r.body).toString('utf8')).toBe(text);
      expect(r.wireBytes).toBeLessThan(Buffer.byteLength(text) / 4);
      expect(r.headers['content-encoding']).toBe(path.slice(1));
    }
    const plain = await get('/plain');
    expect(plain.status).toBe(404);
    expect(plain.wireBytes).toBe(Buffer.byteLength(text));
    expect(seen.at(-1)!.encoding).toBe('br, gzip');
  });

  it('decompresses into chunks sized to the answer: a pull page in one or two, a small answer in 64 KB, never above 16 MB or the limit', () => {
    const cases: Array<[wire: number, limit: number, chunk: number]> = [
      [300, 512 * 1024 * 1024, 64 * 1024],
      [280_000, 512 * 1024 * 1024, 32 * 280_000],
      [2_000_000, 512 * 1024 * 1024, 16 * 1024 * 1024],
      [280_000, 1_000_000, 1_000_000],
      [300, 10_000, 64 * 1024],
    ];
    for (const [wire, limit, chunk] of cases) expect(outputChunk(wire, limit)).toBe(chunk);
  });

  it('tells the first bytes of the body, decompressed, before the answer is read whole (br, gzip and plain)', async () => {
    for (const path of ['/br', '/gzip', '/ok']) {
      const heads: string[] = [];
      const r = await httpTransport().request({ method: 'GET', url: `${base}${path}`, headers: {}, timeoutMs: 5000, onHead: (h) => heads.push(h.toString('utf8')) });
      expect(heads).toHaveLength(1);
      expect(heads[0]!.length).toBeGreaterThan(20);
      expect(text.startsWith(heads[0]!.slice(0, 20))).toBe(true);
      expect(Buffer.from(r.body).toString('utf8')).toBe(text);
    }
    // An error answer is not told.
    const heads: Buffer[] = [];
    await httpTransport().request({ method: 'GET', url: `${base}/plain`, headers: {}, timeoutMs: 5000, onHead: (h) => heads.push(h) });
    expect(heads).toEqual([]);
  });

  it('sends a POST body', async () => {
    const body = Buffer.from('{"a":"б"}', 'utf8');
    await httpTransport().request({ method: 'POST', url: `${base}/plain`, headers: { 'Content-Type': 'application/json' }, body, timeoutMs: 5000 });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: '{"a":"б"}' });
  });

  it('fails as a NetworkError: refused, cut short, an unknown or broken encoding, a timeout', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = await httpTransport()
      .request({ method: 'GET', url: `http://127.0.0.1:${port}/`, headers: {}, timeoutMs: 5000 })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NetworkError);
    expect((refused as NetworkError).causeCode).toBe('ECONNREFUSED');
    for (const path of ['/cut', '/odd', '/broken']) await expect(get(path)).rejects.toBeInstanceOf(NetworkError);
    const slow = createServer(() => undefined);
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    try {
      await expect(
        httpTransport().request({ method: 'GET', url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`, headers: {}, timeoutMs: 100 }),
      ).rejects.toBeInstanceOf(NetworkError);
    } finally {
      slow.closeAllConnections();
      await new Promise((r) => slow.close(r));
    }
  });
});
