/**
 * The change log of a school: every entity in its latest version with a per-school change sequence
 * number, tombstones for deletes, and the hash of every partition kept up to date with each write.
 */
import { canonicalJson, entityHashOfText, hashHex, parseHashHex, addHash, subHash, EMPTY_HASH } from '../electron/contract/sync/hash.js';
import { copyText, num, type CopyStream, type Queryable } from './db.js';
import { CopyRows } from './copyRows.js';

export interface EntityChange {
  part: string;
  kind: string;
  id: string;
  /** null deletes the entity (a tombstone). */
  data: Record<string, unknown> | null;
  /** The canonical JSON of `data`, when the caller has it already (it is written as it is). */
  text?: string;
  /** `entityHashOfText(kind, id, text)`, when the caller has computed it already. */
  h?: number;
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
  /** The sequence number each changed entity got, by `entityKey` (made when first read). */
  seqs: Map<string, number>;
}

export const entityKey = (part: string, kind: string, id: string) => `${part}\u0000${kind}\u0000${id}`;

/** Locks the school's row until the transaction ends: writers of one school go one at a time. */
export async function lockSchool(q: Queryable, schoolId: string): Promise<number | null> {
  const r = await q.query<{ seq: unknown }>(`SELECT seq FROM schools WHERE id = $1 FOR UPDATE`, [schoolId]);
  return r.rows[0] ? num(r.rows[0].seq) : null;
}

const CHUNK = 5_000;

/** `WireId` of the protocol (1–64 characters of the wire alphabet), as one regular expression. */
const WIRE_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
const KIND = /^[A-Za-z]+$/;
const PART = /^[A-Za-z0-9_./:-]+$/;
/** A character a stored text must not hold raw (canonical JSON never does), or one COPY escapes. */
const SPECIAL = /[\\\t\n\r]/;

/**
 * The changes that count, in order: of the same entity only the last one, at the place of its last
 * occurrence. Keys are looked up by part, kind and id in nested maps (no key string per change).
 * `eachOnce`: the caller promises no repeats (`EntityWriter`): only the keys are checked (a repeat
 * into a new partition would then fail the write on the table's primary key).
 */
function lastOfEach(changes: EntityChange[], eachOnce = false): EntityChange[] {
  if (eachOnce) {
    for (const c of changes) if (!WIRE_ID.test(c.id) || !KIND.test(c.kind) || !PART.test(c.part)) throw new Error(`bad entity key ${c.kind}/${c.id}`);
    return changes;
  }
  const byPart = new Map<string, Map<string, Map<string, number>>>();
  let dropped: Uint8Array | null = null;
  for (let i = 0; i < changes.length; i++) {
    const c = changes[i]!;
    if (!WIRE_ID.test(c.id) || !KIND.test(c.kind) || !PART.test(c.part)) throw new Error(`bad entity key ${c.kind}/${c.id}`);
    let kinds = byPart.get(c.part);
    if (!kinds) byPart.set(c.part, (kinds = new Map()));
    let ids = kinds.get(c.kind);
    if (!ids) kinds.set(c.kind, (ids = new Map()));
    const before = ids.get(c.id);
    if (before !== undefined) (dropped ??= new Uint8Array(changes.length))[before] = 1;
    ids.set(c.id, i);
  }
  return dropped ? changes.filter((_, i) => dropped[i] === 0) : changes;
}

/** The `seqs` of a write, made when first asked for (an import of a year never asks); a later call's seq of an entity wins. */
function lazySeqs(calls: ReadonlyArray<{ list: EntityChange[]; seqOf: Float64Array }>): () => Map<string, number> {
  let made: Map<string, number> | null = null;
  return () => {
    if (made) return made;
    made = new Map();
    for (const { list, seqOf } of calls) for (let i = 0; i < list.length; i++) if (seqOf[i]! > 0) made.set(entityKey(list[i]!.part, list[i]!.kind, list[i]!.id), seqOf[i]!);
    return made;
  };
}

/**
 * Rows of a chunk go to the database as ONE text parameter, sent as UTF-8 bytes (fields by tab, rows
 * by newline, the stored line last; ids, kinds and partitions are checked and canonical JSON holds
 * no raw tab or newline), and split by the database: much cheaper on both sides than seven array
 * parameters, whose every element the driver quotes and escapes and the database parses back.
 */
const ROWS_SQL = `SELECT $1::text AS school_id, split_part(r, E'\\t', 1) AS part, split_part(r, E'\\t', 2) AS kind, split_part(r, E'\\t', 3) AS id,
         split_part(r, E'\\t', 4)::bigint AS seq, split_part(r, E'\\t', 5) = 't' AS live, split_part(r, E'\\t', 7) AS line, split_part(r, E'\\t', 6)::bigint AS h
    FROM string_to_table($2::text, E'\\n') AS r`;
const INSERT_SQL = `INSERT INTO entities (school_id, part, kind, id, seq, live, line, h) ${ROWS_SQL}`;
const UPSERT_SQL = `${INSERT_SQL}
  ON CONFLICT (school_id, part, kind, id) DO UPDATE
    SET seq = excluded.seq, live = excluded.live, line = excluded.line, h = excluded.h, changed_at = now()`;

/**
 * Writes changes in the caller's transaction (the school row must be locked by `lockSchool`, and
 * `head` is what it returned). Each real change gets the next sequence number, in order; the
 * partition hashes and counts follow. Ids must match the wire alphabet: they go into JSON unescaped.
 *
 * Rows of partitions the school does not have yet hold nothing to look up or to conflict with: a
 * plain INSERT (PostgreSQL: COPY, streamed while the next chunk is made). Rows of known partitions
 * go by an upsert.
 */
export async function writeEntities(q: Queryable, schoolId: string, head: number, changes: EntityChange[]): Promise<WriteResult> {
  const writer = new EntityWriter(q, schoolId, head);
  await writer.write(changes);
  return writer.finish();
}

/**
 * `writeEntities` in several calls, in one transaction: `write` as the changes come (an import
 * writes the rows of a school's first load while it still reads its files), `finish` once at the
 * end (partition hashes and counts, the school's sequence number). Of the same entity, the last
 * change counts, within a call and across calls — unless the caller promises that no entity comes
 * twice (`eachOnce`): then a partition new to the school stays new for every call, and its rows
 * are neither looked up nor upserted. `keepSeqs: false`: the result has no `seqs` (a year's import
 * does not ask, and its rows are not kept for them). On PostgreSQL the rows of new partitions go
 * by one COPY kept open across calls while nothing else is asked of the connection (`pause` ends
 * it before the caller queries). If a call fails, the transaction must roll back.
 */
export class EntityWriter {
  private seq: number;
  private changed = 0;
  /** Partitions that have rows: the school's when the first call came, and those this writer made. */
  private knownParts: Set<string> | null = null;
  /** Partitions made by the current call (known from the next call on). */
  private readonly made = new Set<string>();
  private readonly parts = new Map<string, { delta: number; count: number }>();
  private readonly calls: Array<{ list: EntityChange[]; seqOf: Float64Array }> = [];
  /** The COPY open on the connection (PostgreSQL), ended before any other query. */
  private copy: CopyStream | null = null;
  // The rows of each chunk, by how they go (each keeps the size its chunks needed).
  private readonly upserts = new CopyRows();
  private readonly inserts = new CopyRows();
  private readonly copies = new CopyRows();

  constructor(
    private readonly q: Queryable,
    private readonly schoolId: string,
    private readonly head: number,
    private readonly opts: { eachOnce?: boolean; keepSeqs?: boolean } = {},
  ) {
    this.seq = head;
  }

  /** Writes changes (see the class). */
  async write(changes: EntityChange[]): Promise<void> {
    try {
      await this.writeChunks(changes);
    } catch (e) {
      await this.abort();
      throw e;
    }
  }

  /** Ends an open COPY (the database has then stored every row): the connection is free for other queries. */
  async pause(): Promise<void> {
    const c = this.copy;
    if (!c) return;
    this.copy = null;
    await c.end();
  }

  /** Abandons an open COPY (after a failure: the transaction rolls back). */
  async abort(): Promise<void> {
    const c = this.copy;
    this.copy = null;
    await c?.abort();
  }

  private async writeChunks(changes: EntityChange[]): Promise<void> {
    const { q, schoolId } = this;
    const all = lastOfEach(changes, this.opts.eachOnce);
    const seqOf = new Float64Array(all.length);
    if (this.opts.keepSeqs !== false) this.calls.push({ list: all, seqOf });
    if (!this.knownParts) {
      // The school is locked: no one else adds partitions until the transaction ends.
      const known = await q.query<{ part: string }>(`SELECT part FROM parts WHERE school_id = $1`, [schoolId]);
      this.knownParts = new Set(known.rows.map((r) => r.part));
    }
    // Partitions the school did not have before this call hold nothing to look up, for the whole
    // call: every entity appears once in `all`.
    const knownParts = this.knownParts;
    const { parts, upserts, inserts, copies } = this;
    const copySchool = copyText(schoolId);
    for (let i = 0; i < all.length; i += CHUNK) {
      const end = Math.min(all.length, i + CHUNK);
      const lookup: EntityChange[] = [];
      for (let j = i; j < end; j++) if (all[j]!.prev === undefined && knownParts.has(all[j]!.part)) lookup.push(all[j]!);
      let before: Map<string, { h: number; live: boolean }> | null = null;
      if (lookup.length > 0) {
        await this.pause();
        const old = await q.query<{ part: string; kind: string; id: string; h: unknown; live: boolean }>(
          `SELECT e.part, e.kind, e.id, e.h, e.live
             FROM entities e
             JOIN unnest($2::text[], $3::text[], $4::text[]) AS k(part, kind, id) ON e.part = k.part AND e.kind = k.kind AND e.id = k.id
            WHERE e.school_id = $1`,
          [schoolId, lookup.map((c) => c.part), lookup.map((c) => c.kind), lookup.map((c) => c.id)],
        );
        before = new Map(old.rows.map((r) => [entityKey(r.part, r.kind, r.id), { h: num(r.h), live: r.live }]));
      }
      for (let j = i; j < end; j++) {
        const c = all[j]!;
        const prev = c.prev === undefined ? before?.get(entityKey(c.part, c.kind, c.id)) : c.prev === null ? undefined : { h: c.prev, live: true };
        const text = c.data === null ? null : (c.text ?? canonicalJson(c.data));
        if (text !== null && SPECIAL.test(text) && (text.includes('\t') || text.includes('\n'))) throw new Error(`entity ${c.kind}/${c.id}: a text with a raw tab or newline is not canonical JSON`);
        const h = text === null ? 0 : (c.h ?? entityHashOfText(c.kind, c.id, text));
        if (prev && prev.live === (text !== null) && (text === null || prev.h === h)) continue; // nothing changes
        if (!prev && text === null) continue; // deleting what never was
        let p = parts.get(c.part);
        if (!p) parts.set(c.part, (p = { delta: 0, count: 0 }));
        if (prev?.live) {
          p.delta = subHash(p.delta, prev.h);
          p.count--;
        }
        if (text !== null) {
          p.delta = addHash(p.delta, h);
          p.count++;
        }
        const seq = ++this.seq;
        this.changed++;
        seqOf[j] = seq;
        const line = `["${c.kind}","${c.id}","${c.part}",${seq},${text ?? 'null'}]`;
        if (knownParts.has(c.part)) upserts.add(`${c.part}\t${c.kind}\t${c.id}\t${seq}\t${text !== null ? 't' : 'f'}\t${h}\t${line}\n`);
        else {
          this.made.add(c.part);
          if (q.copyFrom) copies.add(`${copySchool}\t${c.part}\t${c.kind}\t${c.id}\t${seq}\t${text !== null ? 't' : 'f'}\t${text !== null && SPECIAL.test(text) ? copyText(line) : line}\t${h}\n`);
          else inserts.add(`${c.part}\t${c.kind}\t${c.id}\t${seq}\t${text !== null ? 't' : 'f'}\t${h}\t${line}\n`);
        }
      }
      if (copies.rows) {
        this.copy ??= await q.copyFrom!('entities', ['school_id', 'part', 'kind', 'id', 'seq', 'live', 'line', 'h']);
        await this.copy.write(copies.take());
      }
      if (inserts.rows) {
        await this.pause();
        await q.query(INSERT_SQL, [schoolId, inserts.take(1)]);
      }
      if (upserts.rows) {
        await this.pause();
        await q.query(UPSERT_SQL, [schoolId, upserts.take(1)]);
      }
    }
    if (!this.opts.eachOnce) for (const part of this.made) knownParts.add(part);
    this.made.clear();
  }

  /** Ends the writes: the partitions' hashes and counts and the school's sequence number. */
  async finish(): Promise<WriteResult> {
    const { q, schoolId, parts, seq } = this;
    try {
      await this.pause();
    } catch (e) {
      await this.abort();
      throw e;
    }
    if (parts.size > 0) {
      const keys = [...parts.keys()];
      const cur = await q.query<{ part: string; hash: string; count: number }>(`SELECT part, hash, count FROM parts WHERE school_id = $1 AND part = ANY($2::text[])`, [schoolId, keys]);
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
    if (seq !== this.head) await q.query(`UPDATE schools SET seq = $2 WHERE id = $1`, [schoolId, String(seq)]);
    const seqs = this.opts.keepSeqs !== false ? lazySeqs(this.calls) : () => {
      throw new Error('the seqs of this write were not kept (keepSeqs: false)');
    };
    return {
      head: seq,
      changed: this.changed,
      get seqs() {
        return seqs();
      },
    };
  }
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
