import type { Core } from '../core.js';
import { auditEntryInvalid, compromiseRule, documentInvalid, finalMarkInvalid, mutationInvalid, stepInvalid } from '../../contract/auth/compromise.js';

/**
 * How many operations made with the account are invalid now, wherever they live on this
 * workstation: audit entries, registry documents, final marks, extract steps, pending mutations.
 */
export async function invalidOperationsOf(core: Core, userId: string): Promise<number> {
  const school = await core.store.school();
  const rule = compromiseRule(school.compromises);
  if (!rule.users.has(userId)) return 0;
  let n = 0;
  for (const e of await core.audit.all()) if (e.userId === userId && auditEntryInvalid(rule, e)) n++;
  for (const c of school.classes) {
    const data = await core.store.classData(c.id);
    for (const d of data.documents) if (d.registeredBy === userId && documentInvalid(rule, d)) n++;
    for (const e of data.finalMarks) if (e.enteredBy === userId && finalMarkInvalid(rule, e)) n++;
    for (const x of data.extracts) {
      for (const step of [x.prepared, x.signedOff, x.handedOver]) if (step && step.by === userId && stepInvalid(rule, step)) n++;
    }
    // Pending mutations carry the same documents and marks: counted once, above.
  }
  for (const m of school.mutations) if (m.author === userId && mutationInvalid(rule, m)) n++;
  return n;
}
