/**
 * PGlite queries whose fields come back as their UTF-8 bytes, not decoded. A pull page is
 * megabytes of text the server only copies into its answer: PGlite's own `query` decodes it into a
 * JS string, which the server then encoded back into UTF-8 to compress it (a third of the server's
 * CPU for a first pull). Here the statement goes to the database as one message of PostgreSQL's
 * extended protocol (Parse, Bind, Execute, Sync) through `execProtocolRawStream`, and the answer's
 * DataRow messages are cut into fields without a copy; an ErrorResponse is thrown.
 *
 * Only for reads: the answer is not synced to the file system afterwards. The caller holds PGlite's
 * query lock (`runExclusive`), as PGlite's own queries do.
 */

/** The fields of one row, in PostgreSQL's text format, as UTF-8 bytes (null for SQL NULL). */
export type ByteRow = Array<Uint8Array | null>;

/** What this module needs of a PGlite instance and of its protocol serializer. */
export interface RawPglite {
  runExclusive<T>(fn: () => Promise<T>): Promise<T>;
  execProtocolRawStream(message: Uint8Array, options: { syncToFs?: boolean; onRawData: (data: Uint8Array) => void }): Promise<void>;
}
export interface ProtocolSerializer {
  parse(q: { text: string; types?: number[] }): Uint8Array;
  bind(c: { values?: Array<string | null> }): Uint8Array;
  execute(c?: Record<string, never>): Uint8Array;
  sync(): Uint8Array;
}

/** An ErrorResponse of the database, with its SQLSTATE. */
export class PgliteBytesError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PgliteBytesError';
  }
}

const DATA_ROW = 0x44; // 'D'
const ERROR_RESPONSE = 0x45; // 'E'

/** A parameter in the text format, as PGlite's own serializers would give it. */
function paramText(p: unknown): string | null {
  if (p === null || p === undefined) return null;
  if (p instanceof Date) return p.toISOString();
  if (typeof p === 'string' || typeof p === 'number' || typeof p === 'bigint' || typeof p === 'boolean') return String(p);
  throw new TypeError('queryBytes: parameters are strings, numbers, booleans or dates');
}

/**
 * Parse, Bind (text parameters; text results, or binary ones when `binary`), Execute and Sync of
 * one statement, as one message.
 */
export function statementMessage(serialize: ProtocolSerializer, sql: string, params: readonly unknown[], binary = false): Uint8Array {
  const bind = serialize.bind({ values: params.map(paramText) });
  const parts = [serialize.parse({ text: sql, types: [] }), binary ? binaryResults(bind) : bind, serialize.execute({}), serialize.sync()];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The fields of an ErrorResponse: one-byte codes, each followed by a NUL-terminated UTF-8 text. */
function errorOf(body: Uint8Array): PgliteBytesError {
  const fields = new Map<string, string>();
  const text = new TextDecoder();
  let i = 0;
  while (i < body.length && body[i] !== 0) {
    const code = String.fromCharCode(body[i]!);
    const end = body.indexOf(0, i + 1);
    const stop = end < 0 ? body.length : end;
    fields.set(code, text.decode(body.subarray(i + 1, stop)));
    i = stop + 1;
  }
  return new PgliteBytesError(fields.get('M') ?? 'database error', fields.get('C') ?? '');
}

/**
 * The rows of an answer (a sequence of backend messages: a type byte, a 32-bit length that counts
 * itself, the body). Fields are views into `answer`. Throws the first ErrorResponse, and on a
 * message cut short.
 */
export function readDataRows(answer: Uint8Array): ByteRow[] {
  const view = new DataView(answer.buffer, answer.byteOffset, answer.byteLength);
  const rows: ByteRow[] = [];
  let error: PgliteBytesError | null = null;
  let i = 0;
  while (i < answer.length) {
    if (i + 5 > answer.length) throw new PgliteBytesError('the database answer was cut short', '');
    const type = answer[i]!;
    const end = i + 1 + view.getInt32(i + 1);
    if (end > answer.length || end < i + 5) throw new PgliteBytesError('the database answer was cut short', '');
    if (type === DATA_ROW) {
      const n = view.getInt16(i + 5);
      let p = i + 7;
      const row: ByteRow = new Array<Uint8Array | null>(n);
      for (let f = 0; f < n; f++) {
        const len = view.getInt32(p);
        p += 4;
        if (len < 0) row[f] = null;
        else {
          if (p + len > end) throw new PgliteBytesError('the database answer was cut short', '');
          row[f] = answer.subarray(p, p + len);
          p += len;
        }
      }
      rows.push(row);
    } else if (type === ERROR_RESPONSE && !error) {
      error = errorOf(answer.subarray(i + 5, end));
    }
    i = end;
  }
  if (error) throw error;
  return rows;
}

/**
 * The answer's chunks gathered into one buffer, each copied once out of the database's memory (a
 * view it reuses): a pull page comes as a few small chunks around one of megabytes, which lands in
 * a buffer grown to fit it rather than copied again when the chunks are joined.
 */
class Answer {
  private buf = new Uint8Array(0);
  size = 0;

  add(data: Uint8Array): void {
    const need = this.size + data.length;
    if (need > this.buf.length) {
      const grown = new Uint8Array(Math.max(need + (need >> 3), 64 * 1024));
      grown.set(this.buf.subarray(0, this.size));
      this.buf = grown;
    }
    this.buf.set(data, this.size);
    this.size = need;
  }

  bytes(): Uint8Array {
    return this.buf.subarray(0, this.size);
  }
}

/**
 * A Bind message (text results: it ends with a result-format count of 0) asking for every result in
 * the binary format instead: a count of 1 and the code 1. PGlite's serializer writes the count of 1
 * for its own `binary` option but not the code, which the database then misses.
 */
export function binaryResults(bind: Uint8Array): Uint8Array {
  const view = new DataView(bind.buffer, bind.byteOffset, bind.byteLength);
  if (bind[0] !== 0x42 || view.getInt16(bind.length - 2) !== 0) throw new Error('not a Bind message with text results');
  const out = new Uint8Array(bind.length + 2);
  out.set(bind);
  const o = new DataView(out.buffer);
  o.setInt32(1, view.getInt32(1) + 2);
  o.setInt16(bind.length - 2, 1);
  o.setInt16(bind.length, 1);
  return out;
}

/**
 * One statement's rows as bytes. In a transaction, an error leaves it failed (the caller rolls back).
 * `binary`: every field in PostgreSQL's binary format instead of the text one (a bytea is then its
 * bytes as they are, not hex digits).
 */
export async function queryBytes(pg: RawPglite, serialize: ProtocolSerializer, sql: string, params: readonly unknown[] = [], binary = false): Promise<ByteRow[]> {
  const message = statementMessage(serialize, sql, params, binary);
  const answer = new Answer();
  await pg.runExclusive(() => pg.execProtocolRawStream(message, { syncToFs: false, onRawData: (data) => answer.add(data) }));
  return readDataRows(answer.bytes());
}
