/**
 * The change log of a school: every entity in its latest version with a per-school change sequence
 * number, tombstones for deletes, and the hash of every partition kept up to date with each write.
 */
import { canonicalJson, entityHashOfText, hashHex, parseHashHex, addHash, subHash, EMPTY_HASH } from '../electron/contract/sync/hash.js';
import { WireId } from '../electron/contract/sync/protocol.js';
import { copyText, num, type Queryable } from './db.js';

export interface EntityChange {
  part: string;
  kind: string;
  id: string;
  /** null deletes the entity (a tombstone). */
  data: Record<string, unknown> | null;
  /** The canonical JSON of `data`, when the caller has it already (it is written as it is). */
  text?: string;
  /**
   * The entity's hash where it is now (null: not live there), when the caller knows it under the
   * school's lock (an import that compared it): then it is not looked up again.
   */
  prev?: number | null;
}

export interface WriteResult {
  /** The school's change sequence number after the write. */
  head: number;
  /** Changes that altered something (a write of identical data is not a change). */
  changed: number;
  /** The sequence number each changed entity got, by `entityKey`. */
  seqs: Map<string, number>;
}

export const entityKey = (part: string, kind: string, id: string) => `${part}\u0000${kind}\u0000${id}`;

/** Locks the school's row until the transaction ends: writers of one school go one at a time. */
export async function lockSchool(q: Queryable, schoolId: string): Promise<number | null> {
  const r = await q.query<{ seq: unknown }>(`SELECT seq FROM schools WHERE id = $1 FOR UPDATE`, [schoolId]);
  return r.rows[0] ? num(r.rows[0].seq) : null;
}

const CHUNK = 5_000;

/**
 * Writes changes in the caller's transaction (the school row must be locked by `lockSchool`, and
 * `head` is what it returned). Each real change gets the next sequence number, in order; the
 * partition hashes and counts follow. Ids must match the wire alphabet: they go into JSON unescaped.
 */
export async function writeEntities(q: Queryable, schoolId: string, head: number, changes: EntityChange[]): Promise<WriteResult> {
  let seq = head;
  let changed = 0;
  const seqs = new Map<string, number>();
  // The last change of an entity wins; it keeps the place of its last occurrence.
  const byKey = new Map<string, EntityChange>();
  for (const c of changes) {
    if (!WireId.safeParse(c.id).success || !/^[A-Za-z]+$/.test(c.kind) || !/^[A-Za-z0-9_./:-]+$/.test(c.part)) {
      throw new Error(`bad entity key ${c.kind}/${c.id}`);
    }
    const k = entityKey(c.part, c.kind, c.id);
    byKey.delete(k);
    byKey.set(k, c);
  }
  const all = [...byKey.values()];
  // Partitions the school does not have yet (a first load) hold nothing to look up, for the whole
  // call: the school is locked, and every entity appears once in `all`.
  const partsHere = [...new Set(all.map((c) => c.part))];
  const known = await q.query<{ part: string }>(`SELECT part FROM parts WHERE school_id = $1 AND part = ANY($2::text[])`, [schoolId, partsHere]);
  const knownParts = new Set(known.rows.map((r) => r.part));
  for (let i = 0; i < all.length; i += CHUNK) {
    const list = all.slice(i, i + CHUNK);
    const lookup = list.filter((c) => knownParts.has(c.part) && c.prev === undefined);
    const old =
      lookup.length === 0
        ? { rows: [] }
        : await q.query<{ part: string; kind: string; id: string; h: unknown; live: boolean }>(
            `SELECT e.part, e.kind, e.id, e.h, e.live
               FROM entities e
               JOIN unnest($2::text[], $3::text[], $4::text[]) AS k(part, kind, id) ON e.part = k.part AND e.kind = k.kind AND e.id = k.id
              WHERE e.school_id = $1`,
            [schoolId, lookup.map((c) => c.part), lookup.map((c) => c.kind), lookup.map((c) => c.id)],
          );
    const before = new Map(old.rows.map((r) => [entityKey(r.part, r.kind, r.id), { h: num(r.h), live: r.live }]));

    const parts = new Map<string, { delta: number; count: number }>();
    const cols = { part: [] as string[], kind: [] as string[], id: [] as string[], seq: [] as string[], live: [] as boolean[], line: [] as string[], h: [] as string[] };
    // Rows of partitions new in this call are plain inserts: by COPY where the connection has it.
    const fresh: string[] = [];
    const copySchool = copyText(schoolId);
    for (const c of list) {
      const prev = c.prev === undefined ? before.get(entityKey(c.part, c.kind, c.id)) : c.prev === null ? undefined : { h: c.prev, live: true };
      const text = c.data === null ? null : (c.text ?? canonicalJson(c.data));
      const h = text === null ? 0 : entityHashOfText(c.kind, c.id, text);
      if (prev && prev.live === (text !== null) && (text === null || prev.h === h)) continue; // nothing changes
      if (!prev && text === null) continue; // deleting what never was
      const p = parts.get(c.part) ?? { delta: 0, count: 0 };
      if (prev?.live) {
        p.delta = subHash(p.delta, prev.h);
        p.count--;
      }
      if (text !== null) {
        p.delta = addHash(p.delta, h);
        p.count++;
      }
      parts.set(c.part, p);
      seq++;
      changed++;
      seqs.set(entityKey(c.part, c.kind, c.id), seq);
      const line = `["${c.kind}","${c.id}","${c.part}",${seq},${text ?? 'null'}]`;
      if (q.copyIn && !knownParts.has(c.part)) {
        // Kinds, ids and partitions are checked above: nothing in them to escape.
        fresh.push(`${copySchool}\t${c.part}\t${c.kind}\t${c.id}\t${seq}\t${text !== null ? 't' : 'f'}\t${copyText(line)}\t${h}\n`);
        continue;
      }
      cols.part.push(c.part);
      cols.kind.push(c.kind);
      cols.id.push(c.id);
      cols.seq.push(String(seq));
      cols.live.push(text !== null);
      cols.line.push(line);
      cols.h.push(String(h));
    }
    if (fresh.length) await q.copyIn!('entities', ['school_id', 'part', 'kind', 'id', 'seq', 'live', 'line', 'h'], fresh.join(''));
    if (cols.id.length > 0) {
      await q.query(
        `INSERT INTO entities (school_id, part, kind, id, seq, live, line, h)
         SELECT $1, k.part, k.kind, k.id, k.seq, k.live, k.line, k.h
           FROM unnest($2::text[], $3::text[], $4::text[], $5::bigint[], $6::boolean[], $7::text[], $8::bigint[]) AS k(part, kind, id, seq, live, line, h)
         ON CONFLICT (school_id, part, kind, id) DO UPDATE
           SET seq = excluded.seq, live = excluded.live, line = excluded.line, h = excluded.h, changed_at = now()`,
        [schoolId, cols.part, cols.kind, cols.id, cols.seq, cols.live, cols.line, cols.h],
      );
    }
    if (parts.size === 0) continue;
    const keys = [...parts.keys()];
    const cur = await q.query<{ part: string; hash: string; count: number }>(
      `SELECT part, hash, count FROM parts WHERE school_id = $1 AND part = ANY($2::text[])`,
      [schoolId, keys],
    );
    const curBy = new Map(cur.rows.map((r) => [r.part, r]));
    const upd = { part: [] as string[], hash: [] as string[], count: [] as number[] };
    for (const [part, d] of parts) {
      const c = curBy.get(part);
      upd.part.push(part);
      upd.hash.push(hashHex(addHash(parseHashHex(c?.hash ?? EMPTY_HASH), d.delta)));
      upd.count.push(num(c?.count ?? 0) + d.count);
    }
    await q.query(
      `INSERT INTO parts (school_id, part, hash, count, seq)
       SELECT $1, k.part, k.hash, k.count, $5 FROM unnest($2::text[], $3::text[], $4::int[]) AS k(part, hash, count)
       ON CONFLICT (school_id, part) DO UPDATE SET hash = excluded.hash, count = excluded.count, seq = excluded.seq`,
      [schoolId, upd.part, upd.hash, upd.count, String(seq)],
    );
  }
  if (seq !== head) await q.query(`UPDATE schools SET seq = $2 WHERE id = $1`, [schoolId, String(seq)]);
  return { head: seq, changed, seqs };
}

/** Writes changes in their own transaction(s): `batch` changes per transaction. */
export async function writeEntitiesTx(
  db: { tx<R>(fn: (q: Queryable) => Promise<R>): Promise<R> },
  schoolId: string,
  changes: EntityChange[],
  batch = 50_000,
): Promise<WriteResult> {
  let result: WriteResult = { head: 0, changed: 0, seqs: new Map() };
  for (let i = 0; i < changes.length; i += batch) {
    const chunk = changes.slice(i, i + batch);
    const r = await db.tx(async (q) => {
      const head = await lockSchool(q, schoolId);
      if (head === null) throw new Error(`school ${schoolId} not found`);
      return writeEntities(q, schoolId, head, chunk);
    });
    result = { head: r.head, changed: result.changed + r.changed, seqs: result.seqs };
    for (const [k, v] of r.seqs) result.seqs.set(k, v);
  }
  return result;
}

/** The entity of a stored row line (`[kind, id, part, seq, data]`). */
export function dataOfLine(line: string): Record<string, unknown> | null {
  return (JSON.parse(line) as [string, string, string, number, Record<string, unknown> | null])[4];
}

/** One live entity, parsed, or null. */
export async function getEntity(q: Queryable, schoolId: string, part: string, kind: string, id: string): Promise<Record<string, unknown> | null> {
  const r = await q.query<{ line: string }>(`SELECT line FROM entities WHERE school_id = $1 AND part = $2 AND kind = $3 AND id = $4 AND live`, [schoolId, part, kind, id]);
  const line = r.rows[0]?.line;
  return line ? dataOfLine(line) : null;
}

/** Several live entities at once, by `entityKey` (absent ones are missing from the map). */
export async function getEntities(q: Queryable, schoolId: string, keys: Array<{ part: string; kind: string; id: string }>): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  if (keys.length === 0) return out;
  const r = await q.query<{ part: string; kind: string; id: string; line: string }>(
    `SELECT e.part, e.kind, e.id, e.line FROM entities e
       JOIN unnest($2::text[], $3::text[], $4::text[]) AS k(part, kind, id) ON e.part = k.part AND e.kind = k.kind AND e.id = k.id
      WHERE e.school_id = $1 AND e.live`,
    [schoolId, keys.map((k) => k.part), keys.map((k) => k.kind), keys.map((k) => k.id)],
  );
  for (const row of r.rows) out.set(entityKey(row.part, row.kind, row.id), dataOfLine(row.line)!);
  return out;
}

/** Live entities of one kind in a partition. */
export async function listEntities(q: Queryable, schoolId: string, part: string, kind: string): Promise<Record<string, unknown>[]> {
  const r = await q.query<{ line: string }>(`SELECT line FROM entities WHERE school_id = $1 AND part = $2 AND kind = $3 AND live ORDER BY id`, [schoolId, part, kind]);
  return r.rows.map((x) => dataOfLine(x.line)!);
}
