/**
 * Compromised logins on the central server (docs/sync-protocol.md, «Компрометация учётной записи»).
 * A workstation pushes the report (`account.compromise`); the server records it as the entity
 * `compromise` of the school partition, and revokes what it had accepted from that account from the
 * moment on: the ids go into the record's `revoked`, which every workstation pulls. Later changes
 * made with the account inside the window are rejected (push.ts). The report's reopening (the
 * administrator's one-time password) is the same record sent again with `reopenedAt`.
 */
import { Compromise } from '../electron/contract/entities/compromise.js';
import { compromiseRule, documentInvalid, finalMarkInvalid } from '../electron/contract/auth/compromise.js';
import { canonicalJson } from '../electron/contract/sync/hash.js';
import { SCHOOL_PARTITION, type EntityKind } from '../electron/contract/sync/kinds.js';
import type { WireMutation } from '../electron/contract/sync/protocol.js';
import type { Queryable } from './db.js';
import type { EntityChange } from './entities.js';

type Outcome = { reject: string } | { changes: EntityChange[] };

interface Reader {
  get(part: string, kind: string, id: string): Promise<Record<string, unknown> | null>;
}

/** The school's compromise records as stored. */
export async function schoolCompromises(q: Queryable, schoolId: string): Promise<Compromise[]> {
  const r = await q.query<{ line: string }>(`SELECT line FROM entities WHERE school_id = $1 AND part = $2 AND kind = 'compromise' AND live`, [schoolId, SCHOOL_PARTITION]);
  const out: Compromise[] = [];
  for (const row of r.rows) {
    const parsed = Compromise.safeParse((JSON.parse(row.line) as unknown[])[4]);
    if (parsed.success) out.push(parsed.data);
  }
  return out;
}

/** The documents and final marks the server holds that the record makes invalid. */
async function revokedBy(q: Queryable, schoolId: string, rec: Compromise): Promise<NonNullable<Compromise['revoked']>> {
  const r = await q.query<{ part: string; kind: string; id: string; line: string }>(
    `SELECT part, kind, id, line FROM entities
      WHERE school_id = $1 AND live AND kind IN ('document', 'finalMark')
        AND ((line::jsonb -> 4 ->> 'registeredBy') = $2 OR (line::jsonb -> 4 ->> 'enteredBy') = $2)`,
    [schoolId, rec.userId],
  );
  const rule = compromiseRule([rec]);
  const out: NonNullable<Compromise['revoked']> = [];
  for (const row of r.rows) {
    const data = (JSON.parse(row.line) as unknown[])[4] as Record<string, unknown>;
    const kind = row.kind as Extract<EntityKind, 'document' | 'finalMark'>;
    const invalid =
      kind === 'document'
        ? documentInvalid(rule, { id: row.id, registeredBy: String(data.registeredBy), registeredAt: String(data.registeredAt) })
        : finalMarkInvalid(rule, { id: row.id, enteredBy: String(data.enteredBy), enteredAt: String(data.enteredAt) });
    if (invalid) out.push({ kind, id: row.id, classId: row.part.slice('class/'.length) });
  }
  out.sort((a, b) => (a.classId + a.id < b.classId + b.id ? -1 : 1));
  return out;
}

function withoutServerFields(c: Compromise): Omit<Compromise, 'revoked' | 'reopenedAt' | 'reopenedBy'> {
  const { revoked: _r, reopenedAt: _a, reopenedBy: _b, ...rest } = c;
  return rest;
}

/** What an `account.compromise` mutation changes, or why it is refused. */
export async function planCompromise(q: Queryable, schoolId: string, v: Reader, m: WireMutation): Promise<Outcome> {
  if (m.classId !== undefined) return { reject: 'Сообщение о компрометации относится ко всей школе, а не к классу. Обновите программу.' };
  const parsed = Compromise.omit({ revoked: true }).strict().safeParse(m.payload);
  if (!parsed.success) return { reject: 'Сообщение о компрометации учётной записи не принято: неверные данные. Обновите программу.' };
  const rec: Compromise = parsed.data;
  if (Date.parse(rec.from) > Date.parse(rec.recordedAt) + 60_000) return { reject: 'Момент компрометации позже момента записи сообщения: проверьте часы рабочего места.' };
  if (rec.reopenedAt !== undefined && Date.parse(rec.reopenedAt) < Date.parse(rec.from)) return { reject: 'Учётная запись не может быть открыта раньше момента компрометации.' };
  const stored = await v.get(SCHOOL_PARTITION, 'compromise', rec.id);
  if (!stored) {
    const revoked = await revokedBy(q, schoolId, rec);
    return { changes: [{ part: SCHOOL_PARTITION, kind: 'compromise', id: rec.id, data: { ...rec, revoked } as Record<string, unknown> }] };
  }
  const before = Compromise.parse(stored);
  if (canonicalJson(withoutServerFields(before)) !== canonicalJson(withoutServerFields(rec))) {
    return { reject: 'Сообщение о компрометации с таким номером уже записано с другим содержанием.' };
  }
  if (before.reopenedAt !== undefined) return { changes: [] }; // reopened already: the first reopening stands
  if (rec.reopenedAt === undefined) return { changes: [] };
  return { changes: [{ part: SCHOOL_PARTITION, kind: 'compromise', id: rec.id, data: { ...rec, revoked: before.revoked ?? [] } as Record<string, unknown> }] };
}
