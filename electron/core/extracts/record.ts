import type { ExtractSection } from '../../contract/entities/settings.js';
import type { Role } from '../../contract/roles.js';

/**
 * An extract in the register (kept in its class partition, `ClassData.extracts`). The content
 * itself is not stored: it is assembled again from the journal whenever it is printed or checked,
 * and its hash tells whether it is still what was signed off.
 */

/** One recorded step: when, by which user, in which role. */
export interface ExtractStep {
  at: string;
  by: string;
  role: Role;
}

export interface ExtractSignOff extends ExtractStep {
  /** «Орлова А. Ю.»: printed on the extract as it was at the moment of sign-off. */
  signerName: string;
}

export interface ExtractHandover extends ExtractStep {
  guardianId: string;
  /** The date the guardian signed for the copy. */
  date: string;
}

/** An erroneous extract annulled: it stays in the register, its code verifies as annulled. */
export interface ExtractAnnulment extends ExtractStep {
  /** Why, as the office user or the director wrote it. */
  reason: string;
}

/** An earlier version of the extract: the data changed and it was prepared again. */
export interface ExtractVersion {
  contentHash: string;
  issuedOn: string;
  prepared: ExtractStep;
  signedOff?: ExtractSignOff;
  printed: ExtractStep[];
  /** When and by whom it was replaced. */
  replaced: ExtractStep;
}

export interface ExtractRecord {
  id: string;
  /** The number in the school's register, from 1, never reused. */
  number: number;
  studentId: string;
  classId: string;
  periodStart: string;
  periodEnd: string;
  reason: 'weekly' | 'request';
  /** The issue date printed on the extract (of the current version). */
  issuedOn: string;
  /** The template's sections at preparation: the content is always assembled with these. */
  sections: ExtractSection[];
  /** SHA-256 (hex) of the canonical content of the current version; the code is its first 20 digits. */
  contentHash: string;
  prepared: ExtractStep;
  signedOff?: ExtractSignOff;
  /** Prints of the current version. */
  printed: ExtractStep[];
  handedOver?: ExtractHandover;
  /** Annulled: final, whatever step it had reached. */
  annulled?: ExtractAnnulment;
  versions: ExtractVersion[];
}
