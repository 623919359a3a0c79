import type { ExtractFact } from '../../contract/extracts/facts.js';
import { MUTATION_KINDS } from '../../contract/sync/kinds.js';
import { isoDay } from '../util/dates.js';
import { codeDigest } from './code.js';
import { codeOf } from '../../contract/extracts/code.js';
import type { ExtractRecord } from './record.js';

/**
 * The facts of the register the central system learns (their wire shape: contract/extracts/facts.ts),
 * written in the same class write as the record they come from.
 */

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
