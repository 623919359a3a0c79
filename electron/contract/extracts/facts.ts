import { z } from 'zod';
import type { MUTATION_KINDS } from '../sync/kinds.js';

/**
 * What the central system learns of an extract register (issue 14, point 9): enough to answer
 * «valid», «annulled» or «unknown» for a code on a paper, nothing about the child. A fact travels as
 * a pending mutation of the extract's class partition (docs/sync-protocol.md, «Проверка выписки»);
 * the workstation makes them (core/extracts/facts.ts), the central system checks codes against them.
 *
 *   extract.issued    a version was signed off: its code is now valid
 *   extract.annulled  the extract was annulled, or a signed-off version was replaced by a new one
 *                     (the data changed): that code is void from now on
 *
 * The code itself never leaves the workstation: only its digest (extracts/code.ts, `codeDigest`),
 * so the central database cannot print a check page address for a paper it has not seen.
 */

const Digest = z.string().regex(/^[0-9a-f]{64}$/);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const ExtractIssued = z
  .object({ digest: Digest, number: z.number().int().min(1).max(1e9), issuedOn: Day, signedOn: Day })
  .strict();
export type ExtractIssued = z.infer<typeof ExtractIssued>;

export const ExtractAnnulled = z
  .object({ digest: Digest, number: z.number().int().min(1).max(1e9), issuedOn: Day, annulledOn: Day, superseded: z.literal(true).optional() })
  .strict();
export type ExtractAnnulled = z.infer<typeof ExtractAnnulled>;

export type ExtractFact =
  | { kind: typeof MUTATION_KINDS.extractIssued; payload: ExtractIssued }
  | { kind: typeof MUTATION_KINDS.extractAnnulled; payload: ExtractAnnulled };
