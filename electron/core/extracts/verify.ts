import { EXTRACT_READERS, type VerifyResult } from '../../contract/groups/extracts.js';
import { ROLE_LABELS } from '../../contract/roles.js';
import { fullName } from '../../contract/text/format.js';
import { isoDay } from '../util/dates.js';
import { codeCandidates, codeOf } from '../../contract/extracts/code.js';
import { contentOf, studentOf, type ExtractsLoad } from './load.js';
import { signedOffValidly, stateOf } from './register.js';
import { annulledText, checkedText, CODE_NOT_FOUND, CODE_NOT_RECOGNIZED, supersededText } from './verifyText.js';

/** The answer to a code's check, and what the audit log records of it (ids only). */
export interface Verification {
  answer: VerifyResult;
  /** Null: the code was not read, nothing to record. */
  audit: { recordIds: string[]; result: string } | null;
}

/**
 * Checks a code read from a paper extract against the whole register: the current code of an
 * extract (valid, outdated), a code of an earlier version (superseded), of an annulled extract, or
 * none. The student's name only for those who may see the class (never the administrator).
 */
export async function verifyCode(L: ExtractsLoad, input: string): Promise<Verification> {
  const codes = codeCandidates(input);
  if (codes.length === 0) return { answer: { result: 'not_found', code: input.slice(0, 40), message: CODE_NOT_RECOGNIZED }, audit: null };
  for (const c of L.school.classes) {
    const data = await L.classData(c.id);
    for (const rec of data.extracts) {
      const now = codeOf(rec.contentHash);
      const current = codes.includes(now);
      const code = current ? now : rec.versions.map((v) => codeOf(v.contentHash)).find((x) => codes.includes(x));
      if (!code) continue;
      const old = !current;
      // The administrator runs the workstation, not the school: no children's names for him.
      const visible = (EXTRACT_READERS as readonly string[]).includes(L.ctx.user.role) && L.canSee(c.id);
      const student = studentOf(data, rec.studentId);
      const base = {
        code,
        number: rec.number,
        ...(visible && student ? { studentName: fullName(student) } : {}),
        className: c.name,
        periodStart: rec.periodStart,
        periodEnd: rec.periodEnd,
      };
      if (rec.annulled) {
        return {
          answer: {
            ...base,
            result: 'annulled',
            message: annulledText(rec.number, isoDay(new Date(rec.annulled.at)), old),
            issuedOn: rec.issuedOn,
            state: 'annulled',
            annulled: { at: rec.annulled.at, ...(visible ? { reason: rec.annulled.reason } : {}) },
          },
          audit: { recordIds: [rec.id], result: 'annulled' },
        };
      }
      if (old) return { answer: { ...base, result: 'superseded', message: supersededText(rec.number) }, audit: { recordIds: [rec.id], result: 'superseded' } };
      const src = await L.src(c.id);
      const content = await contentOf(src, rec, rec.issuedOn);
      const same = content !== null && src.hash(rec.number, rec.issuedOn, content) === rec.contentHash;
      const state = stateOf(rec, same ? rec.contentHash : 'changed', L.compromise);
      const signed = signedOffValidly(rec, L.compromise) ? rec.signedOff : undefined;
      const result = same ? ('valid' as const) : ('outdated' as const);
      return {
        answer: {
          ...base,
          result,
          message: checkedText({ number: rec.number, same, signed, handedOverOn: rec.handedOver?.date }),
          issuedOn: rec.issuedOn,
          state,
          ...(signed ? { signedOff: { at: signed.at, byName: signed.signerName, role: ROLE_LABELS[signed.role] } } : {}),
          ...(rec.handedOver ? { handedOverOn: rec.handedOver.date } : {}),
        },
        audit: { recordIds: [rec.id], result },
      };
    }
  }
  return { answer: { result: 'not_found', code: codes[0]!, message: CODE_NOT_FOUND }, audit: { recordIds: [], result: 'not_found' } };
}
