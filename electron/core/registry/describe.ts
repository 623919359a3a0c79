import { DOCUMENT_KIND_LABELS, type RegistryDocument } from '../../contract/entities/documents.js';
import type { Guardian, Student } from '../../contract/entities/people.js';
import { CHANNEL_LABELS, CONSENT_LABELS, SERVICE_REASON_LABELS, SOURCE_LABELS, type StudentStatus } from '../../contract/groups/registry.js';
import { ruDate, shortName } from '../../contract/text/format.js';

/** Russian texts about documents and statuses, for the card, the register and the dialog. */

export function signerName(d: Pick<RegistryDocument, 'signerKind' | 'signerId'>, who: { student: Student; guardians: readonly Guardian[]; userName: (id: string) => string }): string {
  if (d.signerKind === 'student') return `${shortName(who.student)} (ученик)`;
  if (d.signerKind === 'staff') return `${who.userName(d.signerId)} (сотрудник школы)`;
  const g = who.guardians.find((x) => x.id === d.signerId);
  return g ? `${shortName(g)} (${g.relation})` : 'не числится представителем';
}

/** What the paper says, in a few words (the register's «содержание»). */
export function contentOf(d: RegistryDocument, all: readonly RegistryDocument[]): string {
  switch (d.kind) {
    case 'pd_consent':
      return 'Согласие на обработку персональных данных (152-ФЗ)';
    case 'pd_nonconsent':
      return 'Несогласие на обработку персональных данных (152-ФЗ)';
    case 'refusal':
      return 'Отказ от получения услуги в электронном виде; обязательная фраза есть';
    case 'annulment': {
      const r = all.find((x) => x.id === d.refusalId);
      return `Аннулирует отказ${r ? ` от ${ruDate(r.signedOn)}` : ''}; услуга в электронном виде возобновляется`;
    }
    case 'student_application':
      return `Заявление ученика 14+: паспорт ${d.passport.series} ${d.passport.number}, выдан ${ruDate(d.passport.issuedOn)}; ${d.ownConsent ? 'с письменным согласием ученика' : 'без согласия ученика'}`;
    case 'contacts': {
      const parts = [d.phone ? `тел. ${d.phone}` : '', d.email ? `e-mail ${d.email}` : ''].filter(Boolean);
      return `${parts.join(', ') || 'без телефона и e-mail'}; способы: ${d.channels.map((c) => CHANNEL_LABELS[c]).join(', ')}; ${SOURCE_LABELS[d.source]}`;
    }
    case 'void': {
      const t = all.find((x) => x.id === d.targetId);
      return `Отзывает ${t ? `«${DOCUMENT_KIND_LABELS[t.kind]}» от ${ruDate(t.signedOn)}` : 'документ'}: ${d.reason}`;
    }
  }
}

/** What a registration would change for the student, said plainly (shown before registering). */
export function describeChange(before: StudentStatus, after: StudentStatus): string[] {
  const out: string[] = [];
  if (before.service.electronic !== after.service.electronic) {
    out.push(
      after.service.electronic
        ? `Информация будет предоставляться в электронном виде (основание: ${SERVICE_REASON_LABELS[after.service.reason]}).`
        : `Электронная форма будет прекращена: ${SERVICE_REASON_LABELS[after.service.reason]}.`,
    );
  } else if (after.service.electronic && before.service.documentId !== after.service.documentId) {
    out.push(`Электронная форма сохраняется; основание: ${SERVICE_REASON_LABELS[after.service.reason]}.`);
  }
  if (before.paper.due !== after.paper.due) {
    out.push(after.paper.due ? 'Семье нужно будет выдавать бумажную информацию не реже раза в неделю.' : 'Еженедельная бумажная информация больше не понадобится.');
  }
  if (before.consent.state !== after.consent.state) {
    out.push(`Согласие на обработку ПД: было «${CONSENT_LABELS[before.consent.state]}», станет «${CONSENT_LABELS[after.consent.state]}».`);
  }
  if (before.channels.join() !== after.channels.join()) {
    out.push(`Способы получения информации: ${after.channels.map((c) => CHANNEL_LABELS[c]).join(', ') || 'не указаны'}.`);
  }
  if (after.review.length > before.review.length) out.push('Документ будет отмечен «на проверку».');
  if (!out.length) out.push('Положение ученика не изменится; документ будет в журнале регистрации.');
  return out;
}
