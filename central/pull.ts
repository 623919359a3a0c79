/**
 * Pull: the changes of a school after a cursor, as a JSON text built by the database itself (the
 * rows are stored as canonical JSON and their keys need no escaping, so the page is concatenated,
 * never parsed and re-serialised: the server's cost per row stays small). On PGlite the rows'
 * text comes out of the database as UTF-8 bytes and goes into the answer as it is (`queryBytes`):
 * never decoded into a string and encoded back.
 */
import { LIMITS, PROTOCOL_VERSION, START_CURSOR, formatCursor, parseCursor, type PullReset } from '../electron/contract/sync/protocol.js';
import { EMPTY_HASH } from '../electron/contract/sync/hash.js';
import { num, type Db, type Queryable } from './db.js';
import { CentralError, getSchool } from './schools.js';

/** 2^52: partition hashes and page checksums are sums modulo it (electron/contract/sync/hash.ts). */
const HASH_MOD = '4503599627370496';

/** Memory for one page's rows in the database (LIMITS.maxPageBytes of text, and their bookkeeping). */
const PAGE_WORK_MEM = '32MB';

/** Bytes of a row, on average, per school: a page asks for as many rows as fit in the byte limit. */
const rowBytes = new Map<string, number>();

/** An answer's JSON as UTF-8 bytes, and how many rows it carries. */
export interface JsonAnswer {
  /** The bytes in parts, in order: the rows' text as the database gave it, not copied into one buffer. */
  parts: Uint8Array[];
  rows: number;
}

/** A column of `oneRow`: its bytes when the database gives them (PGlite), else the driver's value. */
type Field = Uint8Array | string | number | bigint | null | undefined;

const bytesText = (t: Uint8Array, encoding: 'utf8' | 'latin1'): string => Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString(encoding);
const textBytes = (t: Field): Uint8Array => (t instanceof Uint8Array ? t : Buffer.from(t == null ? '' : String(t), 'utf8'));
const textString = (t: Field): string => (t instanceof Uint8Array ? bytesText(t, 'utf8') : t == null ? '' : String(t));
/** A number column (the digits' bytes, or the driver's number or string). */
const numOf = (t: Field): number => (t == null ? 0 : num(t instanceof Uint8Array ? bytesText(t, 'latin1') : t));

/** JSON text around the rows' text. */
const jsonAround = (head: string, rows: Field, tail: string): Uint8Array[] => [Buffer.from(head, 'utf8'), textBytes(rows), Buffer.from(tail, 'utf8')];

/** The first row of `sql`, its columns named `names` in order: as bytes where the database gives them. */
async function oneRow<K extends string>(q: Queryable, sql: string, params: unknown[], names: readonly K[]): Promise<Record<K, Field> | undefined> {
  if (q.queryBytes) {
    const row = (await q.queryBytes(sql, params))[0];
    if (!row) return undefined;
    return Object.fromEntries(names.map((n, i) => [n, row[i]])) as Record<K, Field>;
  }
  return (await q.query<Record<K, Field>>(sql, params)).rows[0];
}

/** The school's change log as a page read it: the page is what a new read would give while it is unchanged. */
export interface LogState {
  epoch: string;
  seq: number;
  purgedSeq: number;
}

/** A pull page; a reset answer has neither `next` nor `state`. */
export interface PulledPage extends JsonAnswer {
  /** The next page's cursor, when the school has rows after this page. */
  next?: string;
  state?: LogState;
}

/** The answer to `GET /v1/pull`: its JSON as UTF-8 bytes, and how many rows it carries. */
export async function pullPage(db: Db, schoolId: string, since: string, limit: number, maxBytes: number = LIMITS.maxPageBytes): Promise<PulledPage> {
  const wanted = Math.max(1, Math.min(LIMITS.maxPullLimit, Math.floor(limit)));
  return db.tx(
    async (q) => {
      const school = await getSchool(q, schoolId);
      if (!school) throw new CentralError(404, 'not_found', 'Школа не найдена в центральной системе.');
      let from = 0;
      // The purge point the chain of pulls began under (protocol.ts, formatCursor): a chain from the
      // start began under the school's current one.
      let chainPurged = school.purgedSeq;
      if (since !== START_CURSOR) {
        const c = parseCursor(since);
        const reset = (reason: PullReset['reset']['reason']): JsonAnswer => ({
          parts: [Buffer.from(JSON.stringify({ v: PROTOCOL_VERSION, reset: { reason, cursor: START_CURSOR } } satisfies PullReset), 'utf8')],
          rows: 0,
        });
        if (!c) return reset('cursor_invalid');
        if (c.epoch !== school.epoch) return reset('epoch_changed');
        if (c.seq > school.seq) return reset('cursor_ahead');
        // Too old: tombstones after the cursor were purged since its chain began (its holder may keep
        // an entity that is gone). Those purged before the chain began were never seen by it.
        if (school.purgedSeq > Math.max(c.seq, c.purged)) return reset('cursor_too_old');
        from = c.seq;
        chainPurged = c.purged;
      }
      // The page's rows are read twice (its text, its checksums): held in memory, not spilled to a
      // temporary file at the default 4 MB (a first pull's pages cost a fifth less on PGlite).
      await q.query(`SET LOCAL work_mem = '${PAGE_WORK_MEM}'`);
      // As many rows as fit in maxBytes at the school's usual row size; fewer if these rows are bigger.
      const avg = rowBytes.get(schoolId);
      let lim = avg ? Math.max(1, Math.min(wanted, Math.floor(maxBytes / avg))) : wanted;
      let text: Field = '';
      let sums = '';
      let n = 0;
      let last = 0;
      for (;;) {
        // The page's rows, and its checksum of each partition they touch (protocol §4: the sum of
        // the stored entity hashes modulo 2^52 and the number of rows), from one read of the rows.
        const row = await oneRow(
          q,
          `WITH page AS (SELECT seq, part, line, h FROM entities WHERE school_id = $1 AND seq > $2 ORDER BY seq LIMIT $3)
           SELECT a.rows, a.n, a.last, a.bytes, s.sums
             FROM (SELECT string_agg(line, E',\n' ORDER BY seq) AS rows, count(*) AS n, max(seq) AS last, sum(octet_length(line)) AS bytes FROM page) a,
                  (SELECT string_agg(format('"%s":{"hash":"%s","count":%s}', part, lpad(to_hex(hsum), 16, '0'), c), ',') AS sums
                     FROM (SELECT part, (sum(h) % ${HASH_MOD})::bigint AS hsum, count(*) AS c FROM page GROUP BY part) g) s`,
          [schoolId, String(from), lim],
          ['rows', 'n', 'last', 'bytes', 'sums'],
        );
        n = numOf(row?.n);
        text = row?.rows ?? '';
        sums = textString(row?.sums);
        last = n > 0 ? numOf(row?.last) : school.seq;
        const bytes = numOf(row?.bytes);
        if (n > 0) rowBytes.set(schoolId, Math.max(16, Math.round(bytes / n)));
        if (bytes <= maxBytes || n <= 1) break;
        lim = Math.max(1, Math.floor((lim * maxBytes) / bytes / 1.1));
      }
      let more = false;
      if (n > 0 && last < school.seq) {
        const next = await q.query<{ one: number }>(`SELECT 1 AS one FROM entities WHERE school_id = $1 AND seq > $2 LIMIT 1`, [schoolId, String(last)]);
        more = next.rows.length > 0;
      }
      const to = more ? last : school.seq;
      let hashes = '';
      if (!more) {
        const h = await q.query<{ part: string; hash: string; count: unknown }>(`SELECT part, hash, count FROM parts WHERE school_id = $1 ORDER BY part`, [schoolId]);
        hashes = `,"hashes":{${h.rows.map((p) => `"${p.part}":{"hash":"${p.hash}","count":${num(p.count)}}`).join(',')}}`;
      }
      const cursor = formatCursor(school.epoch, to, chainPurged);
      const head = `{"v":${PROTOCOL_VERSION},"cursor":"${cursor}","to":${to},"head":${school.seq},"more":${more},"rows":[\n`;
      return {
        parts: jsonAround(head, text, `\n],"sums":{${sums}}${hashes}}`),
        rows: n,
        ...(more ? { next: cursor } : {}),
        state: { epoch: school.epoch, seq: school.seq, purgedSeq: school.purgedSeq },
      };
    },
    { snapshot: true, readOnly: true },
  );
}

/** The answer to `GET /v1/partition?key=…`: its JSON as UTF-8 bytes, and how many rows it carries. */
export async function partitionSnapshot(db: Db, schoolId: string, key: string): Promise<JsonAnswer> {
  return db.tx(
    async (q) => {
      const school = await getSchool(q, schoolId);
      if (!school) throw new CentralError(404, 'not_found', 'Школа не найдена в центральной системе.');
      const r = await oneRow(
        q,
        `SELECT string_agg(line, E',\n' ORDER BY kind, id) AS rows, count(*) AS n FROM entities WHERE school_id = $1 AND part = $2 AND live`,
        [schoolId, key],
        ['rows', 'n'],
      );
      const h = await q.query<{ hash: string; count: unknown }>(`SELECT hash, count FROM parts WHERE school_id = $1 AND part = $2`, [schoolId, key]);
      const hash = h.rows[0] ? { hash: h.rows[0].hash, count: num(h.rows[0].count) } : { hash: EMPTY_HASH, count: 0 };
      const head = `{"v":${PROTOCOL_VERSION},"key":"${key}","to":${school.seq},"rows":[\n`;
      return { parts: jsonAround(head, r?.rows ?? '', `\n],"hash":${JSON.stringify(hash)}}`), rows: numOf(r?.n) };
    },
    { snapshot: true, readOnly: true },
  );
}
