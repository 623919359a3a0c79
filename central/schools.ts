/**
 * Schools, one-time enrolment codes and workstation tokens. Codes and tokens are stored as SHA-256
 * hashes only: a copy of the database does not let anyone enrol or sync.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ProtocolErrorCode } from '../electron/contract/sync/protocol.js';
import { num, type Db, type Queryable } from './db.js';

export interface SchoolRow {
  id: string;
  name: string;
  epoch: string;
  seq: number;
  purgedSeq: number;
}

export class CentralError extends Error {
  constructor(
    readonly status: number,
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CentralError';
  }
}

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
export const newEpoch = () => randomBytes(6).toString('base64url').replace(/[-_]/g, 'x');

export async function getSchool(q: Queryable, id: string): Promise<SchoolRow | null> {
  const r = await q.query<{ id: string; name: string; epoch: string; seq: unknown; purged_seq: unknown }>(
    `SELECT id, name, epoch, seq, purged_seq FROM schools WHERE id = $1`,
    [id],
  );
  const row = r.rows[0];
  return row ? { id: row.id, name: row.name, epoch: row.epoch, seq: num(row.seq), purgedSeq: num(row.purged_seq) } : null;
}

export async function listSchools(q: Queryable): Promise<SchoolRow[]> {
  const r = await q.query<{ id: string; name: string; epoch: string; seq: unknown; purged_seq: unknown }>(`SELECT id, name, epoch, seq, purged_seq FROM schools ORDER BY id`);
  return r.rows.map((row) => ({ id: row.id, name: row.name, epoch: row.epoch, seq: num(row.seq), purgedSeq: num(row.purged_seq) }));
}

export async function createSchool(db: Queryable, id: string, name: string): Promise<SchoolRow> {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id)) throw new CentralError(400, 'bad_request', 'Идентификатор школы: латинские буквы, цифры, точка, дефис, подчёркивание (до 64).');
  await db.query(`INSERT INTO schools (id, name, epoch) VALUES ($1, $2, $3) ON CONFLICT (id) DO NOTHING`, [id, name, newEpoch()]);
  return (await getSchool(db, id))!;
}

// ---------------------------------------------------------------- codes

/** No 0/O, 1/I/L: codes are read aloud and typed by hand. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function newCode(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

export async function issueCode(db: Queryable, schoolId: string, opts: { hours?: number; now?: Date } = {}): Promise<{ code: string; expiresAt: string }> {
  if (!(await getSchool(db, schoolId))) throw new CentralError(404, 'not_found', `Школа ${schoolId} не найдена.`);
  const code = newCode();
  const now = opts.now ?? new Date();
  const expiresAt = new Date(now.getTime() + (opts.hours ?? 72) * 3_600_000).toISOString();
  await db.query(`INSERT INTO enrol_codes (code_hash, school_id, expires_at) VALUES ($1, $2, $3)`, [sha256(normaliseCode(code)), schoolId, expiresAt]);
  return { code, expiresAt };
}

// ---------------------------------------------------------------- tokens

export function newToken(): string {
  return `ezhd1_${randomBytes(32).toString('base64url')}`;
}

export const tokenHash = (token: string) => sha256(token);

/**
 * Exchanges a one-time code for a token. The code is spent in the same transaction that creates
 * the token; enrolling a workstation again (a reinstalled workstation with the same id) replaces
 * its old token.
 */
export async function enroll(db: Db, input: { code: string; workstationId: string; name?: string; now?: Date }): Promise<{ token: string; school: SchoolRow }> {
  const now = input.now ?? new Date();
  const codeHash = sha256(normaliseCode(input.code));
  return db.tx(async (q) => {
    const r = await q.query<{ school_id: string; ok: boolean }>(
      `SELECT school_id, (used_at IS NULL AND expires_at > $2::timestamptz) AS ok FROM enrol_codes WHERE code_hash = $1 FOR UPDATE`,
      [codeHash, now.toISOString()],
    );
    const row = r.rows[0];
    if (!row || !row.ok) {
      throw new CentralError(403, 'code_invalid', 'Код подключения неверен, уже использован или просрочен. Попросите у администратора центральной системы новый код.');
    }
    const token = newToken();
    await q.query(`UPDATE enrol_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1`, [codeHash, now.toISOString(), input.workstationId]);
    await q.query(
      `INSERT INTO workstations (school_id, id, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (school_id, id) DO UPDATE SET token_hash = excluded.token_hash, name = excluded.name, enrolled_at = excluded.enrolled_at, revoked_at = NULL`,
      [row.school_id, input.workstationId, input.name ?? '', tokenHash(token), now.toISOString()],
    );
    const school = (await getSchool(q, row.school_id))!;
    return { token, school };
  });
}

export interface AuthInfo {
  schoolId: string;
  workstationId: string;
}

/** The workstation a bearer token belongs to, or null (unknown, revoked, malformed). */
export async function authenticate(q: Queryable, token: string): Promise<AuthInfo | null> {
  if (!/^ezhd1_[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const h = tokenHash(token);
  const r = await q.query<{ school_id: string; id: string; token_hash: string; revoked_at: unknown }>(
    `SELECT school_id, id, token_hash, revoked_at FROM workstations WHERE token_hash = $1`,
    [h],
  );
  const row = r.rows[0];
  if (!row || row.revoked_at !== null) return null;
  // The index lookup already matched; compare again in constant time for good measure.
  if (!timingSafeEqual(Buffer.from(row.token_hash), Buffer.from(h))) return null;
  return { schoolId: row.school_id, workstationId: row.id };
}

export async function revokeWorkstation(q: Queryable, schoolId: string, workstationId: string): Promise<boolean> {
  const r = await q.query<{ id: string }>(`UPDATE workstations SET revoked_at = now(), token_hash = NULL WHERE school_id = $1 AND id = $2 RETURNING id`, [schoolId, workstationId]);
  return r.rows.length > 0;
}

export async function listWorkstations(q: Queryable, schoolId: string): Promise<Array<{ id: string; name: string; enrolledAt: string; lastSeenAt: string | null; revoked: boolean }>> {
  const r = await q.query<{ id: string; name: string; enrolled_at: unknown; last_seen_at: unknown; revoked_at: unknown }>(
    `SELECT id, name, enrolled_at, last_seen_at, revoked_at FROM workstations WHERE school_id = $1 ORDER BY enrolled_at`,
    [schoolId],
  );
  const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : v === null ? null : String(v));
  return r.rows.map((w) => ({ id: w.id, name: w.name, enrolledAt: iso(w.enrolled_at) ?? '', lastSeenAt: iso(w.last_seen_at), revoked: w.revoked_at !== null }));
}
