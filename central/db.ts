/**
 * The central server's database: PostgreSQL through `pg`, or PGlite (PostgreSQL compiled to
 * WebAssembly, in process) as the embedded default. Both run the same SQL; this file hides the
 * few differences (transactions, connection handling, how bigint comes back).
 */
import { mkdirSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { queryBytes, type ByteRow } from './pgliteBytes.js';

export interface QueryResult<T> {
  rows: T[];
}

export interface Queryable {
  /** A `Uint8Array` given for a text parameter is its UTF-8 text, sent as it is (both databases). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /**
   * One statement's rows, each field as its UTF-8 bytes in the text format, never decoded into a
   * string (pgliteBytes.ts): for reads of large texts the server only copies into an answer.
   * PGlite only; absent elsewhere.
   */
  queryBytes?(sql: string, params?: unknown[], opts?: { binary?: boolean }): Promise<ByteRow[]>;
  /**
   * Rows into a table by `COPY … FROM STDIN` in the text format (fields by tab, rows by newline,
   * `\`, tab and newline escaped: `copyText`), in a transaction (`Db.tx`) on PostgreSQL; absent
   * elsewhere. Much cheaper there than an INSERT of the same rows as array parameters. The COPY
   * stays open while rows are written to it, so the database stores them while the next ones are
   * made; no other query may run on the connection until it is ended (`CopyStream.end`). A
   * transaction that fails with a COPY open abandons it before rolling back.
   */
  copyFrom?(table: string, columns: readonly string[]): Promise<CopyStream>;
}

/** An open `COPY … FROM STDIN` (`Queryable.copyFrom`). */
export interface CopyStream {
  /** Sends whole rows as UTF-8 bytes (`CopyRows`); waits only while the connection is behind. */
  write(bytes: Uint8Array): Promise<void>;
  /** Ends the COPY: resolves once the database has stored every row (rejects with its error). */
  end(): Promise<void>;
  /** Abandons the COPY: the database discards its rows, and the transaction must roll back. */
  abort(): Promise<void>;
}

/** A field of `copyFrom`'s text format. */
export const copyText = (s: string): string => (/[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s);

export interface TxOptions {
  /** A consistent snapshot for the whole transaction (pull, partition snapshot). */
  snapshot?: boolean;
  readOnly?: boolean;
  /**
   * Long by design (an import reads and checks its files inside its transaction; a first load keeps
   * one COPY open all that time): the server's `statement_timeout` and
   * `idle_in_transaction_session_timeout` (set for the server, the database or the role) do not cut
   * it short. `SET LOCAL`: for this transaction only, the connection goes back to the pool with
   * the server's settings. PostgreSQL only (PGlite has no other session to protect).
   */
  unbounded?: boolean;
}

/** What `TxOptions.unbounded` runs after BEGIN. */
const UNBOUNDED_SQL = 'SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0';

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'pg';
  /** The whole database lives in this process's memory and ends with it (PGlite without a folder). */
  readonly inMemory: boolean;
  tx<R>(fn: (q: Queryable) => Promise<R>, opts?: TxOptions): Promise<R>;
  close(): Promise<void>;
}

function beginSql(opts: TxOptions | undefined): string {
  let sql = 'BEGIN';
  if (opts?.snapshot) sql += ' ISOLATION LEVEL REPEATABLE READ';
  if (opts?.readOnly) sql += ' READ ONLY';
  return sql;
}

/** Bytes a COPY may hold ahead of the connection before `CopyStream.write` waits. */
const COPY_AHEAD_BYTES = 16 * 1024 * 1024;

/** A `CopyStream` over pg-copy-streams' writable; `closed` is called once it has ended or been abandoned. */
function copyStream(stream: Writable, closed: () => void): CopyStream {
  let failure: unknown = null;
  const done = finished(stream).finally(closed);
  done.catch((e: unknown) => {
    failure ??= e;
  });
  return {
    write: async (bytes) => {
      if (failure) throw failure;
      if (stream.write(bytes)) return;
      await Promise.race([once(stream, 'drain'), done]);
      if (failure) throw failure;
    },
    end: async () => {
      stream.end();
      await done;
    },
    abort: async () => {
      stream.destroy(new Error('COPY abandoned'));
      await done.catch(() => undefined);
    },
  };
}

/**
 * PostgreSQL server. `schema` puts every table in that schema (tests use one per run). `settings`:
 * settings of every connection, as the server's, the database's or the role's own would be (tests).
 */
export async function openPg(url: string, opts: { schema?: string; max?: number; settings?: Record<string, string> } = {}): Promise<Db> {
  const pg = await import('pg');
  const Pool = pg.default?.Pool ?? (pg as unknown as { Pool: typeof import('pg').Pool }).Pool;
  if (opts.schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(opts.schema)) throw new Error('bad schema name');
  const settings = { ...(opts.schema ? { search_path: opts.schema } : {}), ...opts.settings };
  for (const [k, v] of Object.entries(settings)) if (!/^[a-z_]+$/.test(k) || !/^[A-Za-z0-9_.]+$/.test(v)) throw new Error(`bad setting ${k}`);
  const options = Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  // The schema is set by the connection itself, so no query can run before it applies.
  const pool = new Pool({ connectionString: url, max: opts.max ?? 10, ...(options ? { options } : {}) });
  if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
  // A dropped connection must not crash the server: the next query gets a fresh one.
  pool.on('error', () => undefined);
  return {
    kind: 'pg',
    inMemory: false,
    query: async <T>(sql: string, params?: unknown[]) => {
      const r = await pool.query(sql, params as unknown[]);
      return { rows: r.rows as T[] };
    },
    tx: async (fn, o) => {
      const client = await pool.connect();
      // The connection lost while the transaction holds it (the server restarted, the session ended
      // by an administrator or a time limit): the transaction fails, not the process (an 'error'
      // without a listener would end it), and the connection leaves the pool.
      let lost: Error | undefined;
      const onLost = (e: Error) => void (lost ??= e);
      client.on('error', onLost);
      // The COPY open on the connection, if any: abandoned before a rollback (which would wait behind it).
      let copying: CopyStream | null = null;
      try {
        await client.query(o?.unbounded ? `${beginSql(o)}; ${UNBOUNDED_SQL}` : beginSql(o));
        const q: Queryable = {
          query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await client.query(sql, params as unknown[])).rows as T[] }),
          copyFrom: async (table, columns) => {
            const { from } = await import('pg-copy-streams');
            const stream = copyStream(client.query(from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`, { highWaterMark: COPY_AHEAD_BYTES })), () => {
              copying = null;
            });
            copying = stream;
            return stream;
          },
        };
        const result = await fn(q);
        if (copying) throw new Error('a COPY was left open');
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await (copying as CopyStream | null)?.abort();
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.off('error', onLost);
        client.release(lost);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Settings of the embedded PostgreSQL on top of PGlite's own: new WAL segments are not filled with
 * zeros first (PGlite runs with fsync off; the zeros only double the WAL a big import writes).
 * Command-line settings: `postgresqlconf` would replace the whole configuration file.
 */
const pgliteStartParams = (defaults: readonly string[]) => [...defaults, '-c', 'wal_init_zero=off'];

/**
 * An in-memory PGlite keeps each file in one array that grows by 1/8 at a time once past 1 MB:
 * a table of a school's year (hundreds of MB) is copied and reallocated many times over as it
 * grows, and the garbage collector is kept busy with the old arrays. Doubling copies each byte
 * about once (the same approach the file system takes below 1 MB).
 */
function growMemoryFilesByDoubling(pglite: unknown): void {
  type MemNode = { contents: Uint8Array | null; usedBytes: number };
  const memfs = (pglite as { mod?: { MEMFS?: { expandFileStorage?: unknown } } }).mod?.MEMFS;
  if (!memfs || typeof memfs.expandFileStorage !== 'function') return;
  memfs.expandFileStorage = (node: MemNode, wanted: number) => {
    const have = node.contents ? node.contents.length : 0;
    if (have >= wanted) return;
    const grown = new Uint8Array(Math.max(wanted, have * 2, 256));
    if (node.contents && node.usedBytes > 0) grown.set(node.contents.subarray(0, node.usedBytes));
    node.contents = grown;
  };
}

/**
 * A text parameter given as bytes (UTF-8) goes to PGlite as they are, in the binary format (the
 * database reads them as text), as `pg` sends a Buffer: a large text is then neither measured nor
 * encoded again character by character. Other parameters keep PGlite's own serializers.
 */
const TEXT_OID = 25;
const textOrBytes = (x: unknown): unknown => (x instanceof Uint8Array ? x : x instanceof Date ? x.toISOString() : String(x));
const BYTES_OPTIONS = { serializers: { [TEXT_OID]: textOrBytes as (x: unknown) => string } };
const bytesOptions = (params: unknown[] | undefined) => (params?.some((p) => p instanceof Uint8Array) ? BYTES_OPTIONS : undefined);

/**
 * PGlite: in memory (no dataDir) or in a data folder. Only one process may open a folder.
 * `loadDataDir`: an in-memory database starts from a dump of a data folder (`dumpDataDir`) instead
 * of running initdb (tests start from a dump of an empty database made once).
 */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Db> {
  const { PGlite, protocol } = await import('@electric-sql/pglite');
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const options = { startParams: pgliteStartParams(PGlite.defaultStartParams), ...(!dataDir && opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}) };
  const db = dataDir ? await PGlite.create(dataDir, options) : await PGlite.create(options);
  if (!dataDir) growMemoryFilesByDoubling(db);
  let closed = false;
  return {
    kind: 'pglite',
    inMemory: !dataDir,
    query: async <T>(sql: string, params?: unknown[]) => {
      const r = await db.query<T>(sql, params as unknown[], bytesOptions(params));
      return { rows: r.rows };
    },
    tx: (fn, o) =>
      db.transaction(async (tx) => {
        if (o?.snapshot || o?.readOnly) {
          await tx.query(`SET TRANSACTION${o.snapshot ? ' ISOLATION LEVEL REPEATABLE READ' : ''}${o.readOnly ? ' READ ONLY' : ''}`);
        }
        // No `copyFrom`: PGlite's COPY FROM '/dev/blob' is no cheaper than the INSERT for a few
        // thousand rows, and a year's import by COPY took several times the CPU of the INSERTs.
        return fn({
          query: async <T>(sql: string, params?: unknown[]) => ({ rows: (await tx.query<T>(sql, params as unknown[], bytesOptions(params))).rows }),
          queryBytes: (sql, params, o) => queryBytes(db, protocol.serialize, sql, params, o?.binary ?? false),
        });
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await db.close();
    },
  };
}

/** `postgres://…` opens PostgreSQL; anything else is a PGlite data folder ('' or 'memory': in memory). */
export function openDb(target: { url?: string; dataDir?: string; schema?: string }): Promise<Db> {
  if (target.url) return openPg(target.url, target.schema ? { schema: target.schema } : {});
  return openPglite(target.dataDir && target.dataDir !== 'memory' ? target.dataDir : undefined);
}

/** bigint columns come back as strings from `pg` and as numbers from PGlite. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(String(v)));
