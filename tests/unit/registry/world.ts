import type { DocumentBody, RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { Guardian, Student } from '../../../electron/contract/entities/people.js';
import { REFUSAL_STANDARD_TEXT } from '../../../electron/contract/groups/registry.js';

/** Plain data for the pure rules: one student born on 29 February, his parents, a stranger. */
export const TODAY = '2026-11-20';

export const STUDENT: Student = {
  id: 's1',
  classId: 'c9b',
  lastName: 'Жуков',
  firstName: 'Артём',
  middleName: 'Денисович',
  birthDate: '2012-02-29',
  gender: 'm',
  enrolledOn: '2018-09-01',
};

export const GUARDIANS: Guardian[] = [
  { id: 'mother', lastName: 'Жукова', firstName: 'Ирина', middleName: 'Павловна', relation: 'мать', studentIds: ['s1'] },
  { id: 'father', lastName: 'Жуков', firstName: 'Денис', middleName: 'Олегович', relation: 'отец', studentIds: ['s1'] },
  { id: 'stranger', lastName: 'Чужова', firstName: 'Анна', relation: 'мать', studentIds: ['s2'] },
];

let n = 0;
/** A registered document; hlc defaults to a clock that follows the date. */
export function doc(
  body: DocumentBody,
  meta: { id?: string; signer?: string; on?: string; hlc?: string; ws?: string; signerKind?: RegistryDocument['signerKind'] } = {},
): RegistryDocument {
  n++;
  const on = meta.on ?? '2026-09-01';
  const signerKind = meta.signerKind ?? (body.kind === 'student_application' ? 'student' : body.kind === 'void' ? 'staff' : 'guardian');
  return {
    id: meta.id ?? `d${n}`,
    studentId: STUDENT.id,
    signerKind,
    signerId: meta.signer ?? (signerKind === 'student' ? STUDENT.id : signerKind === 'staff' ? 'u_office' : 'mother'),
    signedOn: on,
    registeredAt: `${on}T10:00:00.000Z`,
    registeredBy: 'u_teacher',
    hlc: meta.hlc ?? `${on}T10:00:00.000Z-${String(n).padStart(4, '0')}-${meta.ws ?? 'ws1'}`,
    workstationId: meta.ws ?? 'ws1',
    ...body,
  } as RegistryDocument;
}

export const consent = (meta?: Parameters<typeof doc>[1]) => doc({ kind: 'pd_consent' }, meta);
export const nonconsent = (meta?: Parameters<typeof doc>[1]) => doc({ kind: 'pd_nonconsent' }, meta);
export const refusal = (meta?: Parameters<typeof doc>[1], text = REFUSAL_STANDARD_TEXT) => doc({ kind: 'refusal', text }, meta);
export const annulment = (refusalId: string, meta?: Parameters<typeof doc>[1]) => doc({ kind: 'annulment', refusalId }, meta);
export const application = (meta?: Parameters<typeof doc>[1], ownConsent = true, issuedOn = '2026-03-15') =>
  doc({ kind: 'student_application', passport: { series: '4512', number: '345678', issuedOn }, ownConsent }, meta);
export const contacts = (channels: Array<'sms' | 'email' | 'paper'>, meta?: Parameters<typeof doc>[1], phone = '+7 912 345-67-89', email?: string) =>
  doc({ kind: 'contacts', phone, ...(email ? { email } : {}), channels, source: 'written' }, meta);
export const voiding = (targetId: string, meta?: Parameters<typeof doc>[1]) => doc({ kind: 'void', targetId, reason: 'Ошибка при вводе' }, meta);
