import { z } from 'zod';
import { Id, Timestamp } from './common.js';

/** An operation of the central system's data that a compromise revoked (a document, a final mark). */
export const RevokedOperation = z.object({
  kind: z.enum(['document', 'finalMark']),
  id: Id,
  classId: Id,
});
export type RevokedOperation = z.infer<typeof RevokedOperation>;

/**
 * «Логин стал известен посторонним» (seed «Дополнения в Договор с родителями»): every operation
 * made with the account from `from` — the moment the director received the information — is
 * invalid. The record is never erased: a new password does not end it; the administrator's
 * reopening with a one-time password closes the window at `reopenedAt`.
 */
export const Compromise = z.object({
  id: Id,
  userId: Id,
  /** The moment the director (and technical support) received the information. */
  from: Timestamp,
  /** When the report was recorded in the program. */
  recordedAt: Timestamp,
  recordedBy: Id,
  note: z.string().max(500).optional(),
  /** The administrator reopened the account with a one-time password at this moment. */
  reopenedAt: Timestamp.optional(),
  reopenedBy: Id.optional(),
  /** Filled by the central system: operations it had accepted and revoked by this report. */
  revoked: z.array(RevokedOperation).max(100_000).optional(),
});
export type Compromise = z.infer<typeof Compromise>;
