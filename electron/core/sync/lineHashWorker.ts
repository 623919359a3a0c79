/**
 * Pull pages opened in a worker thread: decompressed, and their rows' entity hashes computed
 * (lineHashes.ts). On a first pull the workstation's main thread reads, checks and writes a million
 * and a half rows and is the slowest part of it; hashing each row's data text was some 0.6 s of it.
 * A page's compressed bytes go to the worker as soon as they came (pages are fetched ahead), so its
 * body and hashes are there by the time the main thread reads it. The worker decompresses it (the
 * work libuv's thread pool did before) and hands the body back without a copy: a copy of the
 * decompressed page for a worker to hash cost the main thread as much as the hashing.
 *
 * The worker runs `lineHashes` and `pageRowsSpan` from their source text (no file to find in
 * whatever bundle the app was built into). One worker for the process, started on first use and not
 * keeping the process alive while idle. If it cannot start, fails, or cannot decompress a page, the
 * answer is null: the reader decompresses (as the transport would have) and hashes itself, and a
 * damaged or oversized body fails there with the transport's own error.
 */
import { Worker } from 'node:worker_threads';
import type { PageOpener } from './client.js';
import type { CompressedEncoding } from './transport.js';
import { outputChunk } from './transport.js';
import { lineHashes, pageRowsSpan } from './lineHashes.js';

/** The worker's program: decompression, and `lineHashes` over the rows `pageRowsSpan` finds. */
const SOURCE = `
const { parentPort } = require('node:worker_threads');
const zlib = require('node:zlib');
// A transpiler may name inner functions through a helper of its own.
const __name = (f) => f;
const lineHashes = ${lineHashes.toString()};
const pageRowsSpan = ${pageRowsSpan.toString()};
const open = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync, deflate: zlib.inflateSync };
parentPort.on('message', (m) => {
  let body = null;
  let hashes = null;
  try {
    body = open[m.encoding](m.raw, { maxOutputLength: m.maxBytes, chunkSize: m.chunkSize });
    const span = pageRowsSpan(body);
    hashes = span ? lineHashes(body, span.start, span.close) : null;
  } catch {
    body = null;
    hashes = null;
  }
  if (!body) return parentPort.postMessage({ id: m.id, body: null, hashes: null });
  const moved = [body.buffer];
  if (hashes && hashes.buffer !== body.buffer) moved.push(hashes.buffer);
  try {
    parentPort.postMessage({ id: m.id, body, hashes }, moved);
  } catch {
    // A small body may lie in Buffer's shared pool, which cannot be moved: it is copied.
    parentPort.postMessage({ id: m.id, body, hashes });
  }
});
`;

type Opened = { body: Buffer; hashes: Float64Array | null } | null;

let worker: Worker | null = null;
let broken = false;
let next = 0;
const waiting = new Map<number, (o: Opened) => void>();

function failAll(): void {
  broken = true;
  worker = null;
  for (const w of waiting.values()) w(null);
  waiting.clear();
}

function workerOf(): Worker | null {
  if (worker || broken) return worker;
  try {
    const w = new Worker(SOURCE, { eval: true });
    w.unref();
    w.on('message', (m: { id: number; body: Uint8Array | null; hashes: Float64Array | null }) => {
      const got = waiting.get(m.id);
      waiting.delete(m.id);
      // Idle again: not a reason for the process to stay.
      if (waiting.size === 0) w.unref();
      got?.(m.body ? { body: Buffer.from(m.body.buffer, m.body.byteOffset, m.body.byteLength), hashes: m.hashes } : null);
    });
    w.on('error', failAll);
    w.on('exit', failAll);
    worker = w;
  } catch {
    broken = true;
  }
  return worker;
}

/**
 * A compressed pull page, decompressed (at most `maxBytes`) and its rows hashed in the worker;
 * null when the worker is not there or could not decompress it. The compressed bytes are copied
 * (a page is some 200 KB of them): the caller keeps its buffer.
 */
function openPage(raw: Uint8Array, encoding: CompressedEncoding, maxBytes: number): Promise<Opened> {
  const w = workerOf();
  if (!w) return Promise.resolve(null);
  const copy = new Uint8Array(raw.byteLength);
  copy.set(raw);
  const id = next++;
  return new Promise((resolve) => {
    waiting.set(id, resolve);
    // Kept alive while a page is in the worker: its answer is awaited.
    w.ref();
    w.postMessage({ id, raw: copy, encoding, maxBytes, chunkSize: outputChunk(raw.byteLength, maxBytes) }, [copy.buffer]);
  });
}

/** The page opener of the sync engine (client.ts `PageOpener`): the worker starts as a pull's first request goes out. */
export const openPageOffThread: PageOpener = Object.assign(openPage, { warm: (): void => void workerOf() });

/** Ends the worker (tests; the process ends it otherwise). The next page starts a new one. */
export async function stopPageWorker(): Promise<void> {
  const w = worker;
  worker = null;
  broken = false;
  if (w) {
    w.removeAllListeners('exit');
    await w.terminate();
  }
  for (const x of waiting.values()) x(null);
  waiting.clear();
}
