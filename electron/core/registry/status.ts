import { CHANNELS, type Channel, type RegistryDocument } from '../../contract/entities/documents.js';
import type { Guardian, Student } from '../../contract/entities/people.js';
import {
  SERVICE_REASON_LABELS,
  type ConsentState,
  type ContactsState,
  type PaperReason,
  type ReviewItem,
  type ServiceReason,
  type StudentStatus,
} from '../../contract/groups/registry.js';
import { ruDate, shortName } from '../../contract/text/format.js';
import { ageOn, compareDocuments, sortDocuments } from './order.js';
import { docLabel, plural } from './text.js';

/**
 * The derived status of a student: a fold over all his documents in the one order (date on
 * paper, clock, id). Nothing here depends on the order the documents arrived in, and nothing is
 * dropped: a document that does not fit is kept and reported for review.
 */

export type DocOf<K extends RegistryDocument['kind']> = Extract<RegistryDocument, { kind: K }>;

export interface FoldInput {
  student: Pick<Student, 'id' | 'birthDate' | 'enrolledOn'>;
  /** The student's documents (others are ignored). */
  documents: readonly RegistryDocument[];
  /** Documents registered with a login reported compromised: never in force. */
  invalidIds?: ReadonlySet<string>;
}

export interface Fold {
  ordered: RegistryDocument[];
  /** target id → the void that cancels it (the first in order). */
  voidedBy: Map<string, DocOf<'void'>>;
  /** Documents that take part in the status: not voids, not voided, not invalid. */
  active: RegistryDocument[];
  /** Latest consent or non-consent of each guardian. */
  guardianConsent: Map<string, DocOf<'pd_consent'> | DocOf<'pd_nonconsent'>>;
  refusalsInForce: Map<string, DocOf<'refusal'>>;
  /** refusal id → the annulment that ended it. */
  annulledBy: Map<string, DocOf<'annulment'>>;
  /** The student's own application (14+) in force. */
  application: DocOf<'student_application'> | null;
  contacts: Map<string, DocOf<'contacts'>>;
  consentState: ConsentState;
  electronic: boolean;
  /** The document at which the electronic service last changed (on or off). */
  lastFlip: RegistryDocument | null;
  orphanAnnulments: DocOf<'annulment'>[];
  invalidApplications: DocOf<'student_application'>[];
  badVoids: DocOf<'void'>[];
}

export function consentStateOf(map: Fold['guardianConsent']): ConsentState {
  let given = false;
  let refused = false;
  for (const d of map.values()) {
    if (d.kind === 'pd_consent') given = true;
    else refused = true;
  }
  return given && refused ? 'disputed' : given ? 'given' : refused ? 'refused' : 'none';
}

/** Two refusals that are the same paper registered twice (two workstations). */
function sameRefusal(a: DocOf<'refusal'>, b: DocOf<'refusal'>): boolean {
  return a.signerId === b.signerId && a.signedOn === b.signedOn && a.text.replace(/\s+/g, ' ').trim() === b.text.replace(/\s+/g, ' ').trim();
}

/** Whether a student's application meets the rules on its own date (age 14+, own consent). */
export function applicationValid(student: Pick<Student, 'birthDate'>, d: DocOf<'student_application'>): boolean {
  return d.ownConsent && ageOn(student.birthDate, d.signedOn) >= 14;
}

export function fold(input: FoldInput): Fold {
  const invalid = input.invalidIds ?? new Set<string>();
  const ordered = sortDocuments(input.documents.filter((d) => d.studentId === input.student.id));
  const ids = new Map(ordered.map((d) => [d.id, d]));
  const voidedBy = new Map<string, DocOf<'void'>>();
  const badVoids: DocOf<'void'>[] = [];
  for (const d of ordered) {
    if (d.kind !== 'void' || invalid.has(d.id)) continue;
    const target = ids.get(d.targetId);
    if (!target || target.kind === 'void') {
      badVoids.push(d);
      continue;
    }
    if (!voidedBy.has(d.targetId)) voidedBy.set(d.targetId, d);
  }
  const active = ordered.filter((d) => d.kind !== 'void' && !voidedBy.has(d.id) && !invalid.has(d.id));

  const f: Fold = {
    ordered,
    voidedBy,
    active,
    guardianConsent: new Map(),
    refusalsInForce: new Map(),
    annulledBy: new Map(),
    application: null,
    contacts: new Map(),
    consentState: 'none',
    electronic: false,
    lastFlip: null,
    orphanAnnulments: [],
    invalidApplications: [],
    badVoids,
  };

  for (const d of active) {
    switch (d.kind) {
      case 'pd_consent':
      case 'pd_nonconsent':
        f.guardianConsent.set(d.signerId, d);
        break;
      case 'refusal':
        f.refusalsInForce.set(d.id, d);
        break;
      case 'annulment': {
        const target = f.refusalsInForce.get(d.refusalId);
        if (!target || target.signerId !== d.signerId) {
          f.orphanAnnulments.push(d);
          break;
        }
        // The named refusal ends, and so do its copies registered on other workstations.
        for (const [id, r] of [...f.refusalsInForce]) {
          if (id === target.id || sameRefusal(r, target)) {
            f.refusalsInForce.delete(id);
            f.annulledBy.set(id, d);
          }
        }
        break;
      }
      case 'student_application':
        if (applicationValid(input.student, d)) f.application = d;
        else f.invalidApplications.push(d);
        break;
      case 'contacts':
        f.contacts.set(d.signerId, d);
        break;
      case 'void':
        break;
    }
    f.consentState = consentStateOf(f.guardianConsent);
    const on = electronicNow(f);
    if (on !== f.electronic) {
      f.electronic = on;
      f.lastFlip = d;
    }
  }
  return f;
}

/** A refusal in force blocks the service unless the student's application came after it. */
export function blockingRefusals(f: Pick<Fold, 'refusalsInForce' | 'application'>): DocOf<'refusal'>[] {
  return [...f.refusalsInForce.values()].filter((r) => !f.application || compareDocuments(r, f.application) > 0);
}

function electronicNow(f: Fold): boolean {
  const consentOk = f.consentState === 'given' || f.application !== null;
  return consentOk && blockingRefusals(f).length === 0;
}

function serviceOf(f: Fold, enrolledOn: string): StudentStatus['service'] {
  if (f.electronic) {
    const basis = f.lastFlip!;
    const reason: ServiceReason = basis.kind === 'annulment' ? 'annulment' : basis.kind === 'student_application' ? 'student_application' : 'consent';
    return { electronic: true, reason, documentId: basis.id, since: basis.signedOn };
  }
  const since = f.lastFlip?.signedOn ?? enrolledOn;
  const blocking = blockingRefusals(f);
  if (blocking.length) return { electronic: false, reason: 'refusal', documentId: blocking.at(-1)!.id, since };
  const pd = [...f.guardianConsent.values()].sort(compareDocuments);
  if (f.consentState === 'disputed') return { electronic: false, reason: 'disputed', documentId: pd.at(-1)!.id, since };
  if (f.consentState === 'refused') return { electronic: false, reason: 'nonconsent', documentId: pd.at(-1)!.id, since };
  return { electronic: false, reason: 'no_consent', since };
}

export interface StatusInput extends FoldInput {
  student: Student;
  /** The student's guardians (names for the summary; unknown signers are reported). */
  guardians: readonly Guardian[];
  /** The day the status is for (age, «can apply»). */
  today: string;
  /** Documents the central system refused: id → its reason. */
  rejected?: ReadonlyMap<string, string>;
}

/** Canonical content of a document: what makes two registrations «the same paper». */
export function contentKey(d: RegistryDocument): string {
  const { id: _id, registeredAt: _r, registeredBy: _b, hlc: _h, workstationId: _w, scan: _s, note: _n, regNo: _no, ...rest } = d;
  const norm = (v: unknown): unknown =>
    typeof v === 'string'
      ? v.replace(/\s+/g, ' ').trim()
      : Array.isArray(v)
        ? [...v].map(norm).sort()
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, norm(x)]))
          : v;
  return JSON.stringify(norm(rest));
}

export const CONTRADICTIONS: Array<[RegistryDocument['kind'], RegistryDocument['kind'], string]> = [
  ['pd_consent', 'pd_nonconsent', 'согласие и несогласие на обработку персональных данных'],
  ['refusal', 'annulment', 'отказ от электронной формы и аннулирование отказа'],
  ['refusal', 'student_application', 'отказ представителя и заявление ученика (14+)'],
];

function reviewOf(input: StatusInput, f: Fold): ReviewItem[] {
  const out: ReviewItem[] = [];
  const invalid = input.invalidIds ?? new Set<string>();
  const guardianIds = new Set(input.guardians.filter((g) => g.studentIds.includes(input.student.id)).map((g) => g.id));

  for (const d of f.ordered) {
    if (invalid.has(d.id)) {
      out.push({
        code: 'invalid_login',
        message: `Документ ${docLabel(d)} зарегистрирован под учётной записью, о взломе которой сообщено: он недействителен и не отправляется. Если бумага настоящая, зарегистрируйте её заново.`,
        documentIds: [d.id],
      });
    }
    const rejected = input.rejected?.get(d.id);
    if (rejected) out.push({ code: 'rejected', message: `Центральная система отклонила документ ${docLabel(d)}: ${rejected}`, documentIds: [d.id] });
  }

  // The same paper registered twice (two workstations): kept, both shown.
  const groups = new Map<string, RegistryDocument[]>();
  for (const d of f.ordered) {
    if (d.kind === 'void' || invalid.has(d.id) || f.voidedBy.has(d.id)) continue;
    const key = contentKey(d);
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    out.push({
      code: 'duplicate',
      message: `Документ ${docLabel(g[0]!)} зарегистрирован ${g.length} ${plural(g.length, 'раз', 'раза', 'раз')} (возможно, на разных рабочих местах). Оставьте один, лишние отзовите.`,
      documentIds: g.map((d) => d.id),
    });
  }

  // Contradictory documents on one day: kept; the later by the clock is in force until checked.
  const byDay = new Map<string, RegistryDocument[]>();
  for (const d of f.active) byDay.set(d.signedOn, [...(byDay.get(d.signedOn) ?? []), d]);
  for (const [day, docs] of byDay) {
    for (const [a, b, what] of CONTRADICTIONS) {
      const xs = docs.filter((d) => d.kind === a || d.kind === b);
      if (xs.some((d) => d.kind === a) && xs.some((d) => d.kind === b)) {
        out.push({
          code: 'same_day',
          message: `${ruDate(day)} в один день зарегистрированы ${what}. Проверьте бумаги: пока действует более поздний по времени регистрации.`,
          documentIds: xs.map((d) => d.id),
        });
      }
    }
    const contacts = docs.filter((d): d is DocOf<'contacts'> => d.kind === 'contacts');
    const bySigner = new Map<string, DocOf<'contacts'>[]>();
    for (const c of contacts) bySigner.set(c.signerId, [...(bySigner.get(c.signerId) ?? []), c]);
    for (const cs of bySigner.values()) {
      if (new Set(cs.map(contentKey)).size > 1) {
        out.push({
          code: 'same_day',
          message: `${ruDate(day)} один представитель подал разные заявления о контактах. Проверьте, какие данные верны.`,
          documentIds: cs.map((d) => d.id),
        });
      }
    }
  }

  for (const d of f.orphanAnnulments) {
    out.push({
      code: 'annulment_without_refusal',
      message: `Документ ${docLabel(d)} не относится к действующему отказу того же представителя и ничего не меняет.`,
      documentIds: [d.id, d.refusalId],
    });
  }
  for (const d of f.invalidApplications) {
    out.push({
      code: 'application_invalid',
      message: d.ownConsent
        ? `Документ ${docLabel(d)}: на дату заявления ученику меньше 14 лет — заявление не действует.`
        : `Документ ${docLabel(d)}: нет письменного согласия ученика — заявление не действует.`,
      documentIds: [d.id],
    });
  }
  for (const d of f.badVoids) {
    out.push({ code: 'void_target', message: `Документ ${docLabel(d)} ссылается на документ, которого нет или который нельзя отозвать.`, documentIds: [d.id] });
  }
  for (const d of f.active) {
    if (d.signerKind === 'guardian' && !guardianIds.has(d.signerId)) {
      out.push({ code: 'signer_unknown', message: `Документ ${docLabel(d)} подписан лицом, которое не числится законным представителем ученика.`, documentIds: [d.id] });
    }
    if (d.signedOn > input.today || d.signedOn < input.student.enrolledOn) {
      out.push({ code: 'date', message: `Документ ${docLabel(d)}: дата ${d.signedOn > input.today ? 'ещё не наступила' : 'раньше зачисления ученика'}.`, documentIds: [d.id] });
    }
  }
  if (f.consentState === 'disputed') {
    const docs = [...f.guardianConsent.values()].sort(compareDocuments);
    out.push({
      code: 'consent_disputed',
      message: 'Законные представители дали разные ответы о согласии на обработку персональных данных: электронная форма не предоставляется, пока это не решено.',
      documentIds: docs.map((d) => d.id),
    });
  }
  return out;
}

export function deriveStatus(input: StatusInput): StudentStatus {
  const f = fold(input);
  const age = ageOn(input.student.birthDate, input.today);
  const service = serviceOf(f, input.student.enrolledOn);

  const contacts: ContactsState[] = [...f.contacts.values()].sort(compareDocuments).map((d) => ({
    guardianId: d.signerId,
    ...(d.phone ? { phone: d.phone } : {}),
    ...(d.email ? { email: d.email } : {}),
    channels: CHANNELS.filter((c) => d.channels.includes(c)),
    source: d.source,
    documentId: d.id,
    signedOn: d.signedOn,
  }));
  const channels: Channel[] = CHANNELS.filter((c) => contacts.some((x) => x.channels.includes(c)));

  const reasons: PaperReason[] = [];
  // An explicit «несогласие» is named as such, never as «нет согласия».
  if (!service.electronic) reasons.push(service.reason === 'refusal' ? 'refusal' : service.reason === 'nonconsent' ? 'nonconsent' : 'no_consent');
  const paperContact = contacts.find((c) => c.channels.includes('paper'));
  if (paperContact) reasons.push('paper_channel');
  const paperSince = !service.electronic ? service.since : paperContact?.signedOn;

  const status: StudentStatus = {
    studentId: input.student.id,
    age,
    consent: {
      state: f.consentState,
      byGuardian: [...f.guardianConsent.values()]
        .sort(compareDocuments)
        .map((d) => ({ guardianId: d.signerId, given: d.kind === 'pd_consent', documentId: d.id, signedOn: d.signedOn })),
      ...(f.application ? { studentOwn: { documentId: f.application.id, signedOn: f.application.signedOn } } : {}),
    },
    service,
    paper: { due: reasons.length > 0, reasons, ...(paperSince ? { since: paperSince } : {}) },
    contacts,
    channels,
    canApply: age >= 14 && !service.electronic && !f.application,
    review: reviewOf(input, f),
    summary: '',
  };
  status.summary = summarize(status, f, input.guardians);
  return status;
}

function summarize(s: StudentStatus, f: Fold, guardians: readonly Guardian[]): string {
  const who = (d: RegistryDocument | undefined) => {
    if (!d || d.signerKind !== 'guardian') return '';
    const g = guardians.find((x) => x.id === d.signerId);
    return g ? ` (${shortName(g)})` : '';
  };
  const doc = s.service.documentId ? f.ordered.find((d) => d.id === s.service.documentId) : undefined;
  const parts: string[] = [];
  if (s.service.electronic) {
    parts.push(`Электронная форма: да — ${SERVICE_REASON_LABELS[s.service.reason]} от ${ruDate(s.service.since)}${who(doc)}.`);
  } else {
    const base = doc ? `${SERVICE_REASON_LABELS[s.service.reason]} от ${ruDate(doc.signedOn)}${who(doc)}` : SERVICE_REASON_LABELS[s.service.reason];
    parts.push(`Электронной формы нет: ${base}.`);
  }
  if (s.paper.due) parts.push('Нужна бумажная информация не реже раза в неделю.');
  if (s.canApply) parts.push('Ученику 14 лет или больше: он может сам подать заявление с паспортом.');
  if (s.review.length) parts.push(`На проверку: ${s.review.length}.`);
  return parts.join(' ');
}
