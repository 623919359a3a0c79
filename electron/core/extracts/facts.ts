import { z } from 'zod';
import { MUTATION_KINDS } from '../../contract/sync/kinds.js';
import { isoDay } from '../util/dates.js';
import { codeDigest, codeOf } from './code.js';
import type { ExtractRecord } from './record.js';

/**
 * What the central system learns of the register (issue 14, point 9): enough to answer «valid»,
 * «annulled» or «unknown» for a code on a paper, nothing about the child. A fact travels as a
 * pending mutation of the extract's class partition, written in the same class write as the
 * record it comes from (docs/sync-protocol.md, «Проверка выписки»).
 *
 *   extract.issued    a version was signed off: its code is now valid
 *   extract.annulled  the extract was annulled, or a signed-off version was replaced by a new one
 *                     (the data changed): that code is void from now on
 *
 * The code itself never leaves the workstation: only its digest (code.ts, `codeDigest`), so the
 * central database cannot print a check page address for a paper it has not seen.
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

const day = (at: string) => isoDay(new Date(at));

/**
 * The facts a change of one record makes (`before`: as stored, undefined for a new record), in
 * the order they happened: replaced versions, a new sign-off, an annulment.
 */
export function factsOf(before: ExtractRecord | undefined, after: ExtractRecord): ExtractFact[] {
  const out: ExtractFact[] = [];
  for (const v of after.versions.slice(before?.versions.length ?? 0)) {
    if (!v.signedOff) continue; // never valid: nothing to void
    out.push({
      kind: MUTATION_KINDS.extractAnnulled,
      payload: { digest: codeDigest(codeOf(v.contentHash)), number: after.number, issuedOn: v.issuedOn, annulledOn: day(v.replaced.at), superseded: true },
    });
  }
  // A new sign-off of the same version (the first was made with a login reported compromised) is issued again.
  const s = after.signedOff;
  const signedBefore = s !== undefined && before?.contentHash === after.contentHash && before.signedOff?.at === s.at && before.signedOff.by === s.by;
  if (s && !signedBefore) {
    out.push({
      kind: MUTATION_KINDS.extractIssued,
      payload: { digest: codeDigest(codeOf(after.contentHash)), number: after.number, issuedOn: after.issuedOn, signedOn: day(s.at) },
    });
  }
  if (after.annulled && !before?.annulled) {
    out.push({
      kind: MUTATION_KINDS.extractAnnulled,
      payload: { digest: codeDigest(codeOf(after.contentHash)), number: after.number, issuedOn: after.issuedOn, annulledOn: day(after.annulled.at) },
    });
  }
  return out;
}
