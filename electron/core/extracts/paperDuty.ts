import type { Student } from '../../contract/entities/people.js';
import type { PaperReason } from '../../contract/groups/registry.js';
import { deriveStatus } from '../registry/status.js';
import type { ClassData } from '../store/schema.js';

/**
 * The seam to the registry: whether the family of a student must be informed on paper on a day,
 * from the registry's derived status (refusal in force, no consent, paper chosen as a channel).
 * Only documents signed by that day count, so a past week is judged by what was known then.
 * Documents registered with a login reported compromised are not in force: the caller passes their
 * ids (auth/compromise.ts, `invalidDocumentIdsIn`).
 */
export interface PaperDuty {
  due: boolean;
  reasons: PaperReason[];
  since?: string;
}

export function paperDuty(data: Pick<ClassData, 'documents' | 'guardians' | 'mutations'>, student: Student, onDay: string, invalidIds: ReadonlySet<string>): PaperDuty {
  const documents = data.documents.filter((d) => d.studentId === student.id && d.signedOn <= onDay);
  const s = deriveStatus({ student, guardians: data.guardians, documents, today: onDay, invalidIds });
  return { due: s.paper.due, reasons: s.paper.reasons, ...(s.paper.since ? { since: s.paper.since } : {}) };
}
