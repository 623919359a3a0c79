/**
 * The same export imported again, with nothing changed in the school since: answered without
 * reading a row.
 *
 * An import is a function of three things only: the bytes of the files it reads (the manifest
 * included: source, time zone, `exported_at` and the complete kinds are in it), the school's
 * entities at the moment it holds the school's lock, and the rules of this program. It is
 * idempotent: run right after itself, it finds every entity it brings unchanged, nothing the
 * complete files no longer have, and writes nothing (tests/unit/exchange/import.test.ts proves it
 * by comparing everything again). So, after each import that is not a dry run, the server keeps
 * (in `ezhd_meta`, not in the change log: it is nothing a workstation pulls)
 *
 *   the digest of the files — SHA-256 over the rules' version and each file's name and bytes,
 *   the school's change sequence number (`schools.seq`) and epoch right after that import,
 *   the counts its report gave (rows per file, entities per kind, special marks skipped).
 *
 * An import whose files have the same digest, finding the school at the same sequence number and
 * epoch, would compute exactly what that import left: it changes nothing, and its report is the
 * counts kept, all «без изменений». Every change of a school's entities — a workstation's
 * mutation, another import, the demo loader, a repair — goes through `writeEntities` and moves the
 * sequence number; a school rebuilt or created again under the same id gets a new epoch. Anything
 * else (different bytes, a write in between, a dry run before) compares everything as usual, and
 * that restores whatever was changed on the server since. `IMPORT_RULES` is part of the digest:
 * raise it whenever a change of this program makes the same files give other entities, so that a
 * digest kept by an older program is not taken for one of the new.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db.js';
import { num } from '../db.js';
import { FORMAT_VERSION } from './format.js';
import type { RawFile } from './read.js';

/** The version of how rows become entities (see above): part of every digest. */
export const IMPORT_RULES = 1;

/** What is kept of the last import of a school. */
export interface LastImport {
  digest: string;
  epoch: string;
  seq: number;
  source: string;
  sourceName?: string;
  exportedAt: string;
  /** Rows read per file. */
  files: Record<string, number>;
  /** Entities the export brings, per kind. */
  kinds: Record<string, number>;
  skipped: Record<string, number>;
}

const keyOf = (schoolId: string) => `import.last/${schoolId}`;

/** The digest of the files of an export (in the order of their names, so a folder and a ZIP of it agree). */
export function exportDigest(files: readonly RawFile[]): string {
  const h = createHash('sha256');
  h.update(`ezhd-import ${FORMAT_VERSION} ${IMPORT_RULES}\n`);
  for (const f of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(`${f.name}\n${f.bytes.length}\n`);
    h.update(f.bytes);
  }
  return h.digest('hex');
}

/** The school's change sequence number and epoch, locking its row until the transaction ends (as `lockSchool`). */
export async function schoolState(q: Queryable, schoolId: string): Promise<{ seq: number; epoch: string } | null> {
  const r = await q.query<{ seq: unknown; epoch: string }>(`SELECT seq, epoch FROM schools WHERE id = $1 FOR UPDATE`, [schoolId]);
  const row = r.rows[0];
  return row ? { seq: num(row.seq), epoch: row.epoch } : null;
}

/** What was kept of the school's last import, when its digest is `digest` and nothing was written since. */
export async function unchangedSinceLast(q: Queryable, schoolId: string, digest: string): Promise<LastImport | null> {
  const state = await schoolState(q, schoolId);
  if (!state) return null;
  const r = await q.query<{ value: string }>(`SELECT value FROM ezhd_meta WHERE key = $1`, [keyOf(schoolId)]);
  const text = r.rows[0]?.value;
  if (!text) return null;
  let last: LastImport;
  try {
    last = JSON.parse(text) as LastImport;
  } catch {
    return null;
  }
  return last.digest === digest && last.seq === state.seq && last.epoch === state.epoch ? last : null;
}

/** Keeps `last` as the school's last import (in the import's transaction: it is kept only if the import is). */
export async function keepLastImport(q: Queryable, schoolId: string, last: Omit<LastImport, 'epoch'>): Promise<void> {
  const state = await q.query<{ epoch: string }>(`SELECT epoch FROM schools WHERE id = $1`, [schoolId]);
  const epoch = state.rows[0]?.epoch;
  if (epoch === undefined) return;
  await q.query(`INSERT INTO ezhd_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [keyOf(schoolId), JSON.stringify({ ...last, epoch })]);
}
