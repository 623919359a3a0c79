/**
 * Pull: the changes of a school after a cursor, as a JSON text built by the database itself (the
 * rows are stored as canonical JSON and their keys need no escaping, so the page is concatenated,
 * never parsed and re-serialised: the server's cost per row stays small).
 */
import { LIMITS, PROTOCOL_VERSION, START_CURSOR, formatCursor, parseCursor, type PullReset } from '../electron/core/sync/protocol.js';
import { num, type Db } from './db.js';
import { CentralError, getSchool } from './schools.js';

export interface PullStats {
  rows: number;
}

/** The answer to `GET /v1/pull` as JSON text, and how many rows it carries. */
export async function pullPage(db: Db, schoolId: string, since: string, limit: number, maxBytes: number = LIMITS.maxPageBytes): Promise<{ json: string; rows: number }> {
  const lim = Math.max(1, Math.min(LIMITS.maxPullLimit, Math.floor(limit)));
  return db.tx(
    async (q) => {
      const school = await getSchool(q, schoolId);
      if (!school) throw new CentralError(404, 'not_found', 'Школа не найдена в центральной системе.');
      let from = 0;
      if (since !== START_CURSOR) {
        const c = parseCursor(since);
        const reset = (reason: PullReset['reset']['reason']) => ({
          json: JSON.stringify({ v: PROTOCOL_VERSION, reset: { reason, cursor: START_CURSOR } } satisfies PullReset),
          rows: 0,
        });
        if (!c) return reset('cursor_invalid');
        if (c.epoch !== school.epoch) return reset('epoch_changed');
        if (c.seq > school.seq) return reset('cursor_ahead');
        if (c.seq < school.purgedSeq) return reset('cursor_too_old');
        from = c.seq;
      }
      const r = await q.query<{ rows: string | null; n: unknown; last: unknown }>(
        `SELECT string_agg('["' || kind || '","' || id || '","' || part || '",' || seq || ',' || coalesce(data, 'null') || ']', ',' ORDER BY seq) AS rows,
                count(*) AS n, max(seq) AS last
           FROM (
             SELECT kind, id, part, seq, data,
                    sum(coalesce(octet_length(data), 4) + octet_length(id) + octet_length(part) + 32) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) AS upto,
                    coalesce(octet_length(data), 4) + octet_length(id) + octet_length(part) + 32 AS len
               FROM (SELECT kind, id, part, seq, data FROM entities WHERE school_id = $1 AND seq > $2 ORDER BY seq LIMIT $3) a
           ) x
          WHERE upto - len < $4`,
        [schoolId, String(from), lim, maxBytes],
      );
      const row = r.rows[0];
      const n = num(row?.n ?? 0);
      const last = n > 0 ? num(row?.last) : school.seq;
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
      const json =
        `{"v":${PROTOCOL_VERSION},"cursor":"${formatCursor(school.epoch, to)}","to":${to},"head":${school.seq},"more":${more},` +
        `"rows":[${row?.rows ?? ''}]${hashes}}`;
      return { json, rows: n };
    },
    { snapshot: true, readOnly: true },
  );
}

/** The answer to `GET /v1/partition?key=…` as JSON text. */
export async function partitionSnapshot(db: Db, schoolId: string, key: string): Promise<{ json: string; rows: number }> {
  return db.tx(
    async (q) => {
      const school = await getSchool(q, schoolId);
      if (!school) throw new CentralError(404, 'not_found', 'Школа не найдена в центральной системе.');
      const r = await q.query<{ rows: string | null; n: unknown }>(
        `SELECT string_agg('["' || kind || '","' || id || '",' || seq || ',' || data || ']', ',' ORDER BY kind, id) AS rows, count(*) AS n
           FROM entities WHERE school_id = $1 AND part = $2 AND data IS NOT NULL`,
        [schoolId, key],
      );
      const h = await q.query<{ hash: string; count: unknown }>(`SELECT hash, count FROM parts WHERE school_id = $1 AND part = $2`, [schoolId, key]);
      const hash = h.rows[0] ? { hash: h.rows[0].hash, count: num(h.rows[0].count) } : { hash: '0000000000000000', count: 0 };
      const n = num(r.rows[0]?.n ?? 0);
      const json = `{"v":${PROTOCOL_VERSION},"key":"${key}","to":${school.seq},"rows":[${r.rows[0]?.rows ?? ''}],"hash":${JSON.stringify(hash)}}`;
      return { json, rows: n };
    },
    { snapshot: true, readOnly: true },
  );
}
