import type { RegistryDocument } from '../../../../electron/contract/entities/documents';
import type { GuardianRef, PaperKind, RegistryRow, StudentStatus } from '../../../../electron/contract/groups/registry';
import { CHANNEL_LABELS, CONSENT_LABELS } from '../../../../electron/contract/groups/registry';
import { ruDate, shortName } from '../../../../electron/contract/text/format';
import { displayPhone } from '../../../../electron/contract/text/phone';

/** Short names of the kinds, for narrow table columns. */
export const KIND_SHORT: Record<RegistryDocument['kind'], string> = {
  pd_consent: 'Согласие на обработку ПД',
  pd_nonconsent: 'Несогласие на обработку ПД',
  refusal: 'Отказ от электронной формы',
  annulment: 'Аннулирование отказа',
  student_application: 'Заявление ученика 14+',
  contacts: 'Контактные данные',
  void: 'Отзыв ошибочной записи',
};

/** The filters of the class teacher's list, named as the regulations' users say them. */
export const FILTERS = [
  { id: 'all', label: 'Все', test: () => true },
  { id: 'noConsent', label: 'без согласия', test: (s: StudentStatus) => s.consent.state !== 'given' && !s.consent.studentOwn },
  { id: 'refusal', label: 'отказ от электронной формы', test: (s: StudentStatus) => s.service.reason === 'refusal' },
  { id: 'paper', label: 'нужна бумажная информация', test: (s: StudentStatus) => s.paper.due },
  { id: 'canApply', label: 'может подать заявление (14+)', test: (s: StudentStatus) => s.canApply },
  { id: 'review', label: 'на проверку', test: (s: StudentStatus) => s.review.length > 0 },
] as const;
export type FilterId = (typeof FILTERS)[number]['id'];

export function rowMatches(row: RegistryRow, filter: FilterId): boolean {
  return FILTERS.find((f) => f.id === filter)!.test(row.status);
}

/** Buttons of the card: what the class teacher registers from a paper. */
export const KIND_BUTTONS: Array<{ kind: PaperKind; label: string; title: string }> = [
  { kind: 'pd_consent', label: 'Согласие', title: 'Согласие на обработку персональных данных (152-ФЗ)' },
  { kind: 'pd_nonconsent', label: 'Несогласие', title: 'Несогласие на обработку персональных данных' },
  { kind: 'refusal', label: 'Отказ', title: 'Заявление об отказе от получения услуги в электронном виде' },
  { kind: 'annulment', label: 'Аннулирование отказа', title: 'Заявление об аннулировании отказа' },
  { kind: 'student_application', label: 'Заявление ученика 14+', title: 'Заявление обучающегося 14 лет и старше, с паспортом' },
  { kind: 'contacts', label: 'Контакты', title: 'Заявление о контактных данных и способах получения информации' },
];

export const DIALOG_TITLES: Record<PaperKind, string> = {
  pd_consent: 'Согласие на обработку персональных данных',
  pd_nonconsent: 'Несогласие на обработку персональных данных',
  refusal: 'Заявление об отказе от электронной формы',
  annulment: 'Аннулирование заявления об отказе',
  student_application: 'Заявление ученика (14 лет и старше)',
  contacts: 'Заявление о контактных данных',
};

export function guardianLabel(g: GuardianRef): string {
  return `${shortName(g)} (${g.relation})`;
}

export function consentText(s: StudentStatus, guardians: GuardianRef[]): string {
  const by = s.consent.byGuardian.map((c) => {
    const g = guardians.find((x) => x.id === c.guardianId);
    return `${g ? shortName(g) : 'представитель'}: ${c.given ? 'согласие' : 'несогласие'} от ${ruDate(c.signedOn)}`;
  });
  if (s.consent.studentOwn) by.push(`ученик: своё согласие от ${ruDate(s.consent.studentOwn.signedOn)}`);
  return `${CONSENT_LABELS[s.consent.state]}${by.length ? ` — ${by.join('; ')}` : ''}`;
}

export function contactsText(s: StudentStatus, guardians: GuardianRef[]): string {
  if (!s.contacts.length) return 'не заявлены';
  return s.contacts
    .map((c) => {
      const g = guardians.find((x) => x.id === c.guardianId);
      const parts = [c.phone ? displayPhone(c.phone) : '', c.email].filter(Boolean).join(', ');
      return `${g ? shortName(g) : 'представитель'}: ${parts || 'без телефона и e-mail'} (${c.channels.map((x) => CHANNEL_LABELS[x]).join(', ')})`;
    })
    .join('; ');
}

/** Refusals that may still be annulled: registered, not voided, not annulled. */
export function openRefusals(timeline: Array<{ document: RegistryDocument; voidedBy?: unknown; invalid: boolean }>): RegistryDocument[] {
  const annulled = new Set(timeline.flatMap((e) => (e.document.kind === 'annulment' && !e.voidedBy && !e.invalid ? [e.document.refusalId] : [])));
  return timeline.filter((e) => e.document.kind === 'refusal' && !e.voidedBy && !e.invalid && !annulled.has(e.document.id)).map((e) => e.document);
}

/** 1 год, 2 года, 5 лет. */
export function yearsText(n: number): string {
  const m10 = n % 10;
  const m100 = n % 100;
  const word = m10 === 1 && m100 !== 11 ? 'год' : m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14) ? 'года' : 'лет';
  return `${n} ${word}`;
}
