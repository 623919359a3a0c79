/**
 * Tables of the central server. The same SQL runs on PostgreSQL and on PGlite.
 *
 * Scaling to a region (thousands of schools): every table is keyed by school first; the two big
 * ones (`entities`: the school's journal and registry, `mutations`: every answer given to a
 * workstation) are hash-partitioned by school, so each school's rows live in one partition, its
 * indexes stay small, and a query of one school touches one partition. A pull is an index range
 * scan on (school_id, seq); a partition repair a range scan on the primary key (school_id, part, …).
 * Writers of one school are serialised by a lock on its `schools` row (change sequence numbers are
 * therefore committed in order), writers of different schools never wait for each other.
 * See docs/sync-protocol.md, «Масштаб».
 */
import { AdminError } from './adminError.js';
import type { Db } from './db.js';

export const DB_SCHEMA_VERSION = 3;
export const DEFAULT_TABLE_PARTITIONS = 8;

/**
 * `unlogged`: the partitions keep no write-ahead log. Only for a database that lives in memory
 * (`Db.inMemory`): it ends with its process, so there is never a crash recovery for the log to
 * serve, and a year's import writes its rows once instead of twice (table and log).
 */
function partitioned(table: string, n: number, unlogged: boolean): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    out.push(`CREATE ${unlogged ? 'UNLOGGED ' : ''}TABLE IF NOT EXISTS ${table}_p${i} PARTITION OF ${table} FOR VALUES WITH (MODULUS ${n}, REMAINDER ${i});`);
  }
  return out.join('\n');
}

export function schemaSql(partitions: number, opts: { unlogged?: boolean } = {}): string {
  const unlogged = opts.unlogged ?? false;
  return `
CREATE TABLE IF NOT EXISTS ezhd_meta (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE IF NOT EXISTS schools (
  id text PRIMARY KEY,
  name text NOT NULL,
  -- changes when the school's change log is rebuilt: older cursors are answered with a reset
  epoch text NOT NULL,
  -- the last change sequence number issued for the school
  seq bigint NOT NULL DEFAULT 0,
  -- tombstones with seq <= purged_seq are gone: an older cursor is answered with a reset
  purged_seq bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every entity of every school, in its latest version; a deleted one stays as a tombstone.
CREATE TABLE IF NOT EXISTS entities (
  school_id text NOT NULL,
  part text NOT NULL,
  kind text NOT NULL,
  id text NOT NULL,
  seq bigint NOT NULL,
  live boolean NOT NULL,
  -- the row as a pull sends it: ["kind","id","part",seq,<canonical JSON of the entity or null>]
  line text NOT NULL,
  -- h(entity) (52 bits); 0 for a tombstone
  h bigint NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, part, kind, id)
) PARTITION BY HASH (school_id);
${partitioned('entities', partitions, unlogged)}
CREATE UNIQUE INDEX IF NOT EXISTS entities_feed ON entities (school_id, seq);

-- Hash and size of every partition of every school, kept up to date with each change.
CREATE TABLE IF NOT EXISTS parts (
  school_id text NOT NULL,
  part text NOT NULL,
  hash text NOT NULL,
  count integer NOT NULL,
  seq bigint NOT NULL,
  PRIMARY KEY (school_id, part)
);

-- The pages of a school's first pull, built ahead after a load or an import (firstPull.ts, version
-- 3): each page's answer as sent (brotli), given to a pull from its cursor while the school's
-- epoch and purge point are those it was read under.
CREATE TABLE IF NOT EXISTS first_pull_pages (
  school_id text NOT NULL,
  -- the page's rows are those after this change sequence number (0: the first page)
  from_seq bigint NOT NULL,
  -- and up to this one: the next page's cursor
  next_seq bigint NOT NULL,
  epoch text NOT NULL,
  purged_seq bigint NOT NULL,
  protocol integer NOT NULL,
  rows integer NOT NULL,
  -- the answer's size before compression
  bytes integer NOT NULL,
  -- the school's change sequence number when the pages were read
  prepared_seq bigint NOT NULL,
  body bytea NOT NULL,
  PRIMARY KEY (school_id, from_seq)
);

CREATE TABLE IF NOT EXISTS workstations (
  school_id text NOT NULL REFERENCES schools (id),
  id text NOT NULL,
  name text NOT NULL DEFAULT '',
  -- SHA-256 of the bearer token; the token itself is never stored
  token_hash text,
  enrolled_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  revoked_at timestamptz,
  PRIMARY KEY (school_id, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS workstations_token ON workstations (token_hash);

CREATE TABLE IF NOT EXISTS enrol_codes (
  -- SHA-256 of the normalised one-time code
  code_hash text PRIMARY KEY,
  school_id text NOT NULL REFERENCES schools (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  used_by text
);

-- The first answer to every mutation ever received: what makes a retry a duplicate.
CREATE TABLE IF NOT EXISTS mutations (
  school_id text NOT NULL,
  workstation_id text NOT NULL,
  seq bigint NOT NULL,
  kind text NOT NULL,
  payload_hash text NOT NULL,
  status text NOT NULL,
  reason text,
  change_seq bigint,
  author text NOT NULL,
  hlc text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (school_id, workstation_id, seq)
) PARTITION BY HASH (school_id);
${partitioned('mutations', partitions, unlogged)}

-- The end of each workstation's audit log as it last reported it (count and hash of its last entry):
-- a log that comes back shorter, or different at a count already seen, is reported (version 2).
CREATE TABLE IF NOT EXISTS audit_heads (
  school_id text NOT NULL,
  workstation_id text NOT NULL,
  count bigint NOT NULL,
  hash text NOT NULL,
  at text NOT NULL,
  reported_at timestamptz NOT NULL DEFAULT now(),
  problem text,
  PRIMARY KEY (school_id, workstation_id)
);
`;
}

/** Creates the tables if they are missing. Safe to run at every start. */
export async function migrate(db: Db, opts: { partitions?: number } = {}): Promise<void> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('ezhd_meta')::text AS t`);
  if (exists.rows[0]?.t) {
    const v = await db.query<{ value: string }>(`SELECT value FROM ezhd_meta WHERE key = 'schema_version'`);
    const version = Number(v.rows[0]?.value ?? 0);
    if (version > DB_SCHEMA_VERSION) throw new AdminError(`база данных записана более новой версией центральной системы (схема ${version}, эта версия знает схемы до ${DB_SCHEMA_VERSION}): обновите центральную систему`);
    if (version === DB_SCHEMA_VERSION) return;
  }
  const n = opts.partitions ?? DEFAULT_TABLE_PARTITIONS;
  await db.tx(async (q) => {
    for (const stmt of schemaSql(n, { unlogged: db.inMemory }).split(/;\s*\n/).map((s) => s.trim()).filter(Boolean)) await q.query(stmt);
    await q.query(
      `INSERT INTO ezhd_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(DB_SCHEMA_VERSION)],
    );
  });
}
