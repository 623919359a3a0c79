/**
 * An answer compressed from its parts (pull.ts gives a page as the JSON around the rows' text and
 * the text itself, as the database gave it): written one after another into one compression
 * stream, so the megabytes of rows are never copied into one buffer first. The stream's output
 * chunks are large: with zlib's default of 16 KB, a first-pull page crossed between the thread
 * pool and the event loop some twenty times, at about a third more CPU.
 */
import * as zlib from 'node:zlib';

/** Output chunks of the compression stream. */
const OUT_CHUNK = 256 * 1024;

export type AnswerEncoding = 'br' | 'gzip';

/** The server's brotli quality for answers: 1 compresses a pull page better than gzip, and faster. */
export const DEFAULT_BROTLI_QUALITY = 1;

export interface CompressOptions {
  /** Brotli quality (0–11). */
  brotliQuality: number;
  /** Gzip level (1–9). */
  gzipLevel: number;
}

function compressor(encoding: AnswerEncoding, size: number, o: CompressOptions): zlib.BrotliCompress | zlib.Gzip {
  if (encoding === 'br') {
    return zlib.createBrotliCompress({
      chunkSize: OUT_CHUNK,
      params: { [zlib.constants.BROTLI_PARAM_QUALITY]: o.brotliQuality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size },
    });
  }
  return zlib.createGzip({ level: o.gzipLevel, chunkSize: OUT_CHUNK });
}

/** The parts, in order, compressed as one body. */
export function compressParts(parts: readonly Uint8Array[], encoding: AnswerEncoding, o: CompressOptions): Promise<Buffer> {
  const size = parts.reduce((n, p) => n + p.length, 0);
  const z = compressor(encoding, size, o);
  return new Promise<Buffer>((resolve, reject) => {
    const out: Buffer[] = [];
    let length = 0;
    z.on('data', (c: Buffer) => {
      out.push(c);
      length += c.length;
    });
    z.once('error', reject);
    z.once('end', () => resolve(out.length === 1 ? out[0]! : Buffer.concat(out, length)));
    for (const p of parts) if (p.length > 0) z.write(p);
    z.end();
  });
}
