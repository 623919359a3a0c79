import { z } from 'zod';
import { Id, IsoDate, Timestamp } from './common.js';

/**
 * Legal documents of the registry. Immutable once registered: a wrong one is voided by a
 * `void` document that says why. The status of a student is derived from all of them.
 */
export const DOCUMENT_KINDS = [
  'pd_consent',
  'pd_nonconsent',
  'refusal',
  'annulment',
  'student_application',
  'contacts',
  'void',
] as const;
export const DocumentKind = z.enum(DOCUMENT_KINDS);
export type DocumentKind = z.infer<typeof DocumentKind>;

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  pd_consent: 'Согласие на обработку персональных данных',
  pd_nonconsent: 'Несогласие на обработку персональных данных',
  refusal: 'Заявление об отказе от электронной формы',
  annulment: 'Аннулирование заявления об отказе',
  student_application: 'Заявление обучающегося (14 лет и старше)',
  contacts: 'Заявление о контактных данных',
  void: 'Отзыв ошибочно зарегистрированного документа',
};

/** The grammatical gender of each kind's label: «Согласие … отозвано», «Отзыв … отозван». */
export const DOCUMENT_KIND_GENDER: Record<DocumentKind, 'm' | 'f' | 'n'> = {
  pd_consent: 'n',
  pd_nonconsent: 'n',
  refusal: 'n',
  annulment: 'n',
  student_application: 'n',
  contacts: 'n',
  void: 'm',
};

/** A word agreeing with the document's label: `agree('void', { m: 'отозван', f: 'отозвана', n: 'отозвано' })`. */
export function agree(kind: DocumentKind, forms: { m: string; f: string; n: string }): string {
  return forms[DOCUMENT_KIND_GENDER[kind]];
}

export const ScanRef = z.object({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  mime: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
  size: z.number().int().positive(),
});
export type ScanRef = z.infer<typeof ScanRef>;

export const CHANNELS = ['sms', 'email', 'paper'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

export const Passport = z.object({
  series: z.string().regex(/^\d{4}$/, 'Серия паспорта — 4 цифры'),
  number: z.string().regex(/^\d{6}$/, 'Номер паспорта — 6 цифр'),
  issuedOn: IsoDate,
  /** The authority that issued it («ГУ МВД России по …»), where known. */
  issuedBy: z.string().trim().max(200).optional(),
});
export type Passport = z.infer<typeof Passport>;

/** What the user enters; the registry adds who/when/clock. */
export const DocumentBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pd_consent') }),
  z.object({ kind: z.literal('pd_nonconsent') }),
  z.object({ kind: z.literal('refusal'), text: z.string().max(5000) }),
  z.object({ kind: z.literal('annulment'), refusalId: Id }),
  z.object({
    kind: z.literal('student_application'),
    passport: Passport,
    ownConsent: z.boolean(),
  }),
  z.object({
    kind: z.literal('contacts'),
    phone: z.string().max(30).optional(),
    email: z.string().max(120).optional(),
    channels: z.array(Channel).min(1, 'Выберите хотя бы один способ получения информации'),
    source: z.enum(['written', 'edoc']),
  }),
  z.object({ kind: z.literal('void'), targetId: Id, reason: z.string().trim().min(3, 'Укажите причину отзыва — хотя бы несколько слов').max(500) }),
]);
export type DocumentBody = z.infer<typeof DocumentBody>;

/**
 * A registration number: the registering workstation's series, its running number in the school
 * year and the year (its first calendar year). Printed «К7М2-17/2026-27» (core/registry/numbers.ts).
 */
export const RegNumber = z.object({
  series: z.string().regex(/^[0-9А-ЯЁ]{1,8}$/),
  seq: z.number().int().positive(),
  year: z.number().int().min(2000).max(2200),
});
export type RegNumber = z.infer<typeof RegNumber>;

/** «К7М2-17/2026-27». */
export function formatRegNumber(n: RegNumber): string {
  return `${n.series}-${n.seq}/${n.year}-${String((n.year + 1) % 100).padStart(2, '0')}`;
}

export const DocumentMeta = z.object({
  id: Id,
  studentId: Id,
  signerKind: z.enum(['guardian', 'student', 'staff']),
  /** A guardian id, the student id for the student's own application, or the user id of the staff member who voids a document. */
  signerId: Id,
  /** The date written on the paper. */
  signedOn: IsoDate,
  registeredAt: Timestamp,
  registeredBy: Id,
  /** Hybrid logical clock of the registering workstation. */
  hlc: z.string(),
  workstationId: Id,
  scan: ScanRef.optional(),
  note: z.string().max(500).optional(),
  /** Assigned at registration; absent on documents registered before numbers existed (derived at read). */
  regNo: RegNumber.optional(),
});
export type DocumentMeta = z.infer<typeof DocumentMeta>;

export type RegistryDocument = DocumentMeta & DocumentBody;
export const RegistryDocument = z.intersection(DocumentMeta, DocumentBody);
