import { z } from 'zod';
import { method } from '../method.js';
import { Id, IsoDate } from '../entities/common.js';
import { Channel, DocumentBody, DocumentKind, RegistryDocument, ScanRef } from '../entities/documents.js';
import { Guardian, Student } from '../entities/people.js';

/**
 * The registry of consents, refusals, annulments, students' applications and contacts.
 * The rules themselves run in the core (`registry.check` runs them without recording), so there
 * is one source of truth; this file holds only the shapes and the texts both sides print.
 */

/**
 * The phrase a written refusal of the electronic service must contain, verbatim (regulations, п. 5).
 * The printed refusal form carries it; registration checks it, whitespace aside.
 */
export const REFUSAL_PHRASE =
  'родитель (законный представитель) проинформирован о том, что отказ от получения данной услуги в электронном виде влечет за собой предоставление информации о текущей успеваемости не чаще 1 раза в неделю, а также невозможность получения информации о домашних заданиях с помощью сети Интернет (в этом случае информацию о домашних заданиях ученик записывает самостоятельно на каждом занятии)';

/** The standard text of a refusal as the printed form has it; the dialog starts from it. */
export const REFUSAL_STANDARD_TEXT = `Прошу не предоставлять мне информацию об успеваемости моего ребёнка в электронном виде и предоставлять её в бумажной форме. Подтверждаю, что ${REFUSAL_PHRASE}.`;

/** Who reads the registry: the school's staff; the administrator runs the workstation, not the school. */
const STAFF = ['director', 'deputy', 'office', 'teacher'] as const;

/** The kinds a class teacher registers from a paper (a void is made from the timeline). */
export const PAPER_KINDS = ['pd_consent', 'pd_nonconsent', 'refusal', 'annulment', 'student_application', 'contacts'] as const;
export const PaperKind = z.enum(PAPER_KINDS);
export type PaperKind = z.infer<typeof PaperKind>;

export const CHANNEL_LABELS: Record<Channel, string> = { sms: 'SMS', email: 'e-mail', paper: 'на бумаге' };
export const SOURCE_LABELS = { written: 'письменное заявление', edoc: 'электронный документ с ЭП' } as const;

/** A broken rule or a warning, with the field it concerns ('' for the whole document). */
export const RuleProblem = z.object({ path: z.string(), code: z.string(), message: z.string() });
export type RuleProblem = z.infer<typeof RuleProblem>;

export const CONSENT_STATES = ['given', 'refused', 'none', 'disputed'] as const;
export const ConsentState = z.enum(CONSENT_STATES);
export type ConsentState = z.infer<typeof ConsentState>;
export const CONSENT_LABELS: Record<ConsentState, string> = {
  given: 'дано',
  refused: 'несогласие',
  none: 'нет',
  disputed: 'противоречие',
};

export const SERVICE_REASONS = ['consent', 'annulment', 'student_application', 'refusal', 'no_consent', 'nonconsent', 'disputed'] as const;
export const ServiceReason = z.enum(SERVICE_REASONS);
export type ServiceReason = z.infer<typeof ServiceReason>;
export const SERVICE_REASON_LABELS: Record<ServiceReason, string> = {
  consent: 'согласие на обработку ПД',
  annulment: 'аннулирование отказа',
  student_application: 'заявление ученика (14+)',
  refusal: 'отказ от электронной формы',
  no_consent: 'нет согласия на обработку ПД',
  nonconsent: 'несогласие на обработку ПД',
  disputed: 'представители ответили по-разному',
};

/** Why a family gets paper: a refusal, no consent at all, an explicit «несогласие», or paper chosen as a channel. */
export const PAPER_REASONS = ['refusal', 'no_consent', 'paper_channel', 'nonconsent'] as const;
export const PaperReason = z.enum(PAPER_REASONS);
export type PaperReason = z.infer<typeof PaperReason>;

export const ContactsState = z.object({
  guardianId: Id,
  phone: z.string().optional(),
  email: z.string().optional(),
  channels: z.array(Channel),
  source: z.enum(['written', 'edoc']),
  documentId: Id,
  signedOn: IsoDate,
});
export type ContactsState = z.infer<typeof ContactsState>;

export const ReviewItem = z.object({ code: z.string(), message: z.string(), documentIds: z.array(Id) });
export type ReviewItem = z.infer<typeof ReviewItem>;

/** A student's situation, derived from all his documents (never stored). */
export const StudentStatus = z.object({
  studentId: Id,
  /** Full years today. */
  age: z.number(),
  consent: z.object({
    state: ConsentState,
    byGuardian: z.array(z.object({ guardianId: Id, given: z.boolean(), documentId: Id, signedOn: IsoDate })),
    /** The student's own written consent, given with his application (14+). */
    studentOwn: z.object({ documentId: Id, signedOn: IsoDate }).optional(),
  }),
  service: z.object({
    electronic: z.boolean(),
    reason: ServiceReason,
    /** The document the current state rests on. */
    documentId: Id.optional(),
    since: IsoDate.optional(),
  }),
  paper: z.object({ due: z.boolean(), reasons: z.array(PaperReason), since: IsoDate.optional() }),
  contacts: z.array(ContactsState),
  channels: z.array(Channel),
  /** 14 or older today and without the electronic service: may apply himself. */
  canApply: z.boolean(),
  review: z.array(ReviewItem),
  /** The situation in one Russian sentence. */
  summary: z.string(),
});
export type StudentStatus = z.infer<typeof StudentStatus>;

export const GuardianRef = Guardian.pick({ id: true, lastName: true, firstName: true, middleName: true, relation: true });
export type GuardianRef = z.infer<typeof GuardianRef>;

export const RegistryRow = z.object({
  student: Student,
  guardians: z.array(GuardianRef),
  status: StudentStatus,
  documentCount: z.number(),
});
export type RegistryRow = z.infer<typeof RegistryRow>;

export const ClassRegistry = z.object({
  classId: Id,
  className: z.string(),
  classTeacherName: z.string(),
  today: IsoDate,
  rows: z.array(RegistryRow),
});
export type ClassRegistry = z.infer<typeof ClassRegistry>;

export const TimelineEntry = z.object({
  document: RegistryDocument,
  /** The registration number, «К7М2-17/2026-27» (for documents before numbers: derived, stable). */
  number: z.string().optional(),
  signerName: z.string(),
  registeredByName: z.string(),
  /** What the paper says, in a few words. */
  content: z.string(),
  voidedBy: z.object({ documentId: Id, signedOn: IsoDate, reason: z.string() }).optional(),
  /** Registered with a login reported compromised: not in force, never sent. */
  invalid: z.boolean(),
  /** The central system refused it, with its reason. */
  rejected: z.string().optional(),
  review: z.boolean(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

export const StudentCard = z.object({
  student: Student,
  className: z.string(),
  today: IsoDate,
  guardians: z.array(GuardianRef),
  status: StudentStatus,
  /** Oldest first, in the order the status is computed in (date on paper, clock, id). */
  timeline: z.array(TimelineEntry),
});
export type StudentCard = z.infer<typeof StudentCard>;

/** 10 MB of scan at most (its base64 is a third longer). */
export const MAX_SCAN_BYTES = 10 * 1024 * 1024;
export const ScanUpload = z.object({
  mime: ScanRef.shape.mime,
  base64: z
    .string()
    .max(Math.ceil(MAX_SCAN_BYTES / 3) * 4, 'Скан слишком большой: не больше 10 МБ')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'Скан не читается'),
});
export type ScanUpload = z.infer<typeof ScanUpload>;

export const RegisterInput = z.object({
  studentId: Id,
  /** A guardian; the student himself for his application (14+); staff for a void. */
  signerKind: z.enum(['guardian', 'student', 'staff']),
  /** The guardian's id; not needed for the student or staff (the core fills it in). */
  signerId: Id.optional(),
  signedOn: IsoDate,
  body: DocumentBody,
  note: z.string().trim().max(500).optional(),
  scan: ScanUpload.optional(),
});
export type RegisterInput = z.infer<typeof RegisterInput>;

export const CheckResult = z.object({
  ok: z.boolean(),
  problems: z.array(RuleProblem),
  warnings: z.array(RuleProblem),
  /** What registering it would change, in Russian. */
  effect: z.array(z.string()),
});
export type CheckResult = z.infer<typeof CheckResult>;

export const PrintedFile = z.object({ name: z.string(), base64: z.string() });
export type PrintedFile = z.infer<typeof PrintedFile>;

export const FormInput = z.object({
  studentId: Id,
  kind: PaperKind,
  /** The guardian the form is made out to (all but the student's application). */
  guardianId: Id.optional(),
  /** For an annulment: the refusal it annuls. */
  refusalId: Id.optional(),
  /** Reprint a registered document: its date, signer and content, with the registration mark. */
  documentId: Id.optional(),
});
export type FormInput = z.infer<typeof FormInput>;

export const LogInput = z.object({
  /** One class; without it, the whole school (a class teacher: all his classes). */
  classId: Id.optional(),
  /** Documents dated (on paper) from / to, inclusive. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
});
export type LogInput = z.infer<typeof LogInput>;

export const LOG_STATES = ['active', 'voided', 'invalid', 'review'] as const;
export const LogRow = z.object({
  /** The row in this view (not a number of the document: that is `number`). */
  no: z.number(),
  /** The document's registration number, the same in every view and on the printed copy. */
  number: z.string().optional(),
  documentId: Id,
  registeredAt: z.string(),
  signedOn: IsoDate,
  kind: DocumentKind,
  className: z.string(),
  studentId: Id,
  studentName: z.string(),
  signerName: z.string(),
  content: z.string(),
  registeredByName: z.string(),
  state: z.enum(LOG_STATES),
  stateNote: z.string(),
});
export type LogRow = z.infer<typeof LogRow>;

export const RegistryLog = z.object({ title: z.string(), scope: z.string(), rows: z.array(LogRow) });
export type RegistryLog = z.infer<typeof RegistryLog>;

export const ScanFile = z.object({ name: z.string(), mime: ScanRef.shape.mime, base64: z.string() });

export const registry = {
  classStatus: method({
    title: 'Согласия и отказы: класс',
    access: STAFF,
    input: z.object({ classId: Id }),
    output: ClassRegistry,
  }),
  student: method({
    title: 'Согласия и отказы: карточка ученика',
    access: STAFF,
    input: z.object({ studentId: Id }),
    output: StudentCard,
  }),
  check: method({
    title: 'Проверка документа по правилам регламента',
    access: STAFF,
    input: RegisterInput,
    output: CheckResult,
  }),
  register: method({
    title: 'Регистрация документа',
    access: STAFF,
    input: RegisterInput,
    output: z.object({ document: RegistryDocument, status: StudentStatus, number: z.string().optional() }),
  }),
  form: method({
    title: 'Печать бланка',
    access: STAFF,
    input: FormInput,
    output: PrintedFile,
  }),
  scan: method({
    title: 'Скан документа',
    access: STAFF,
    input: z.object({ documentId: Id }),
    output: ScanFile,
  }),
  log: method({
    title: 'Журнал регистрации согласий и отказов',
    access: STAFF,
    input: LogInput,
    output: RegistryLog,
  }),
  logPdf: method({
    title: 'Журнал регистрации согласий и отказов (PDF)',
    access: STAFF,
    input: LogInput,
    output: PrintedFile,
  }),
  logXlsx: method({
    title: 'Журнал регистрации согласий и отказов (XLSX)',
    access: STAFF,
    input: LogInput,
    output: PrintedFile,
  }),
};
