import type { DocumentBody, RegistryDocument } from '../../contract/entities/documents.js';
import type { Guardian, Student } from '../../contract/entities/people.js';
import type { RuleProblem } from '../../contract/groups/registry.js';
import { ruDate, shortName } from '../../contract/text/format.js';
import { normalizePhone } from '../../contract/text/phone.js';
import { ageOn, anniversary } from './order.js';
import { checkRefusalPhrase, explainPhrase } from './phrase.js';
import { CONTRADICTIONS, contentKey, fold, type DocOf } from './status.js';
import { docLabel, yearsText } from './text.js';

/**
 * The rules of the regulations for registering a document, as one pure function over plain data.
 * `problems` forbid the registration (nothing is recorded); `warnings` are said and allowed.
 * The same function serves `registry.check` (as the user types) and `registry.register`.
 */

export interface RuleWorld {
  student: Student;
  /** Guardians of the class (only those of the student count). */
  guardians: readonly Guardian[];
  /** Documents already registered for the student (any order). */
  documents: readonly RegistryDocument[];
  /** Today, on the workstation: no document may be dated later. */
  today: string;
  invalidIds?: ReadonlySet<string>;
}

export interface DocumentDraft {
  signerKind: RegistryDocument['signerKind'];
  /** Filled in by the caller for the student (his id) and staff (the user's id). */
  signerId?: string | undefined;
  signedOn: string;
  body: DocumentBody;
}

export interface RuleOutcome {
  ok: boolean;
  problems: RuleProblem[];
  warnings: RuleProblem[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The draft as a document placed after everything registered (the clock of a new one is the latest). */
export function draftDocument(student: Pick<Student, 'id'>, draft: DocumentDraft): RegistryDocument {
  return {
    id: 'draft',
    studentId: student.id,
    signerKind: draft.signerKind,
    signerId: draft.signerId ?? '',
    signedOn: draft.signedOn,
    registeredAt: '',
    registeredBy: '',
    hlc: '\uffff',
    workstationId: '',
    ...draft.body,
  } as RegistryDocument;
}

function guardianName(world: RuleWorld, id: string): string {
  const g = world.guardians.find((x) => x.id === id);
  return g ? shortName(g) : 'другой представитель';
}

export function checkDocument(world: RuleWorld, draft: DocumentDraft): RuleOutcome {
  const problems: RuleProblem[] = [];
  const warnings: RuleProblem[] = [];
  const bad = (path: string, code: string, message: string) => problems.push({ path, code, message });
  const warn = (path: string, code: string, message: string) => warnings.push({ path, code, message });
  const { student, today } = world;
  const body = draft.body;
  const docs = world.documents.filter((d) => d.studentId === student.id);

  // Dates: the date written on the paper.
  if (draft.signedOn > today) {
    bad('signedOn', 'date_future', `Дата документа ${ruDate(draft.signedOn)} ещё не наступила. Укажите дату, которая написана на бумаге.`);
  }
  if (body.kind !== 'void') {
    if (draft.signedOn < student.enrolledOn) {
      bad(
        'signedOn',
        'date_before_enrolment',
        `Документ датирован ${ruDate(draft.signedOn)} — раньше зачисления ученика в школу (${ruDate(student.enrolledOn)}). Проверьте дату.`,
      );
    }
    if (student.leftOn && draft.signedOn > student.leftOn) {
      bad('signedOn', 'date_after_leaving', `Ученик выбыл ${ruDate(student.leftOn)}: документ с более поздней датой не регистрируется.`);
    }
  }

  // Who signed it.
  const expected = body.kind === 'student_application' ? 'student' : body.kind === 'void' ? 'staff' : 'guardian';
  if (draft.signerKind !== expected) {
    if (expected === 'student') bad('signerKind', 'signer_student', 'Заявление о получении услуги в электронном виде (14+) подаёт и подписывает сам ученик.');
    else if (expected === 'staff') bad('signerKind', 'signer_staff', 'Отзыв ошибочной записи оформляет сотрудник школы, который его регистрирует.');
    else bad('signerKind', 'signer_guardian', 'Этот документ подписывает законный представитель ученика, а не сам ученик.');
  } else if (expected === 'guardian') {
    const g = draft.signerId ? world.guardians.find((x) => x.id === draft.signerId) : undefined;
    if (!draft.signerId) bad('signerId', 'signer_missing', 'Укажите, кто из законных представителей подписал документ.');
    else if (!g || !g.studentIds.includes(student.id)) {
      bad('signerId', 'signer_not_guardian', 'Подписавший не числится законным представителем этого ученика. Документ может подписать только законный представитель из карточки ученика.');
    }
  } else if (expected === 'student' && draft.signerId && draft.signerId !== student.id) {
    bad('signerId', 'signer_not_student', 'Заявление 14+ подписывает тот ученик, о котором оно подано.');
  }

  // The state of things on the date of the paper: what was registered for that day or before.
  const before = fold({ student, documents: docs.filter((d) => d.signedOn <= draft.signedOn), ...(world.invalidIds ? { invalidIds: world.invalidIds } : {}) });
  const all = fold({ student, documents: docs, ...(world.invalidIds ? { invalidIds: world.invalidIds } : {}) });
  const consentOk = before.consentState === 'given' || before.application !== null;
  const noConsent = (path: string, what: string) =>
    bad(
      path,
      'no_consent',
      `${what} На дату документа нет согласия на обработку персональных данных (152-ФЗ), а без него электронная услуга не предоставляется. Сначала зарегистрируйте согласие законного представителя.`,
    );

  switch (body.kind) {
    case 'pd_consent': {
      const cur = draft.signerId ? before.guardianConsent.get(draft.signerId) : undefined;
      if (cur?.kind === 'pd_consent') warn('', 'consent_already', `Согласие этого представителя уже действует (от ${ruDate(cur.signedOn)}). Повторное согласие будет зарегистрировано.`);
      break;
    }
    case 'pd_nonconsent':
      break;
    case 'refusal': {
      const phrase = checkRefusalPhrase(body.text);
      if (!phrase.ok) bad('body.text', 'refusal_phrase', explainPhrase(phrase));
      const own = [...before.refusalsInForce.values()].find((r) => r.signerId === draft.signerId);
      if (own) bad('', 'refusal_in_force', `У этого представителя уже действует отказ от ${ruDate(own.signedOn)}. Второй отказ не нужен.`);
      break;
    }
    case 'annulment': {
      const target = docs.find((d): d is DocOf<'refusal'> => d.id === body.refusalId && d.kind === 'refusal');
      const inForce = [...before.refusalsInForce.values()];
      if (!target) {
        bad(
          'body.refusalId',
          inForce.length ? 'annulment_unknown_refusal' : 'annulment_no_refusal',
          inForce.length
            ? 'Выберите отказ, который аннулируется: у ученика нет такого заявления об отказе.'
            : 'У ученика нет действующего отказа от электронной формы: аннулировать нечего.',
        );
        break;
      }
      if (all.voidedBy.has(target.id)) {
        bad('body.refusalId', 'annulment_refusal_voided', `Отказ от ${ruDate(target.signedOn)} отозван как ошибочный: аннулировать нечего.`);
        break;
      }
      if (draft.signedOn < target.signedOn) {
        bad('signedOn', 'annulment_before_refusal', `Аннулирование не может быть датировано раньше самого отказа (${ruDate(target.signedOn)}).`);
        break;
      }
      const annulled = before.annulledBy.get(target.id);
      if (annulled) {
        bad('body.refusalId', 'annulment_already', `Отказ от ${ruDate(target.signedOn)} уже аннулирован ${ruDate(annulled.signedOn)}.`);
        break;
      }
      if (draft.signerId && target.signerId !== draft.signerId) {
        bad(
          'signerId',
          'annulment_other_guardian',
          `Отказ от ${ruDate(target.signedOn)} подписал(а) ${guardianName(world, target.signerId)}: аннулировать его может только тот же представитель.`,
        );
      }
      if (!consentOk) noConsent('', 'Аннулирование отказа возобновляет электронную услугу.');
      break;
    }
    case 'student_application': {
      const age = ageOn(student.birthDate, draft.signedOn);
      const fourteen = anniversary(student.birthDate, 14);
      if (age < 14) {
        bad(
          'signedOn',
          'application_age',
          `На дату заявления (${ruDate(draft.signedOn)}) ученику ${yearsText(age)}. Самостоятельно подать заявление можно с 14 лет — с ${ruDate(fourteen)}. Заявление не регистрируется.`,
        );
      }
      if (body.passport.issuedOn < fourteen) {
        bad('body.passport.issuedOn', 'passport_before_14', `Паспорт выдаётся с 14 лет: дата выдачи не может быть раньше ${ruDate(fourteen)}. Проверьте дату.`);
      } else if (body.passport.issuedOn > draft.signedOn) {
        bad('body.passport.issuedOn', 'passport_after_application', 'Паспорт выдан позже даты заявления: заявление подаётся с уже полученным паспортом.');
      }
      if (!body.ownConsent) {
        bad('body.ownConsent', 'application_own_consent', 'Нужно письменное согласие ученика на получение услуги в электронном виде (п. 5 регламента): без него заявление не регистрируется.');
      }
      if (before.application) warn('', 'application_in_force', `Заявление ученика уже действует (от ${ruDate(before.application.signedOn)}).`);
      break;
    }
    case 'contacts': {
      const phone = body.phone?.trim() ?? '';
      const email = body.email?.trim() ?? '';
      const phoneReading = phone ? normalizePhone(phone) : undefined;
      if (phoneReading && !phoneReading.ok) bad('body.phone', 'contacts_phone_format', `${phoneReading.message}.`);
      if (email && !EMAIL.test(email)) bad('body.email', 'contacts_email_format', 'Адрес электронной почты записан неверно, например ivanova@mail.ru.');
      if (body.channels.includes('sms') && !phone) bad('body.phone', 'contacts_phone', 'Для SMS укажите номер телефона.');
      if (body.channels.includes('email') && !email) bad('body.email', 'contacts_email', 'Для рассылки по электронной почте укажите адрес.');
      if ((body.channels.includes('sms') || body.channels.includes('email')) && !consentOk) {
        noConsent('body.channels', 'SMS и e-mail — электронная доставка; без согласия можно выбрать только «на бумаге».');
      }
      break;
    }
    case 'void': {
      const target = docs.find((d) => d.id === body.targetId);
      if (!target) bad('body.targetId', 'void_target_missing', 'Отзываемый документ не найден у этого ученика.');
      else if (target.kind === 'void') bad('body.targetId', 'void_of_void', 'Отзыв нельзя отозвать. Если документ отозван по ошибке, зарегистрируйте бумагу заново.');
      else if (all.voidedBy.has(target.id)) {
        bad('body.targetId', 'void_already', `Документ ${docLabel(target)} уже отозван ${ruDate(all.voidedBy.get(target.id)!.signedOn)}.`);
      } else if (draft.signedOn < target.signedOn) {
        bad('signedOn', 'void_before_target', `Отзыв не может быть датирован раньше самого документа (${ruDate(target.signedOn)}).`);
      }
      break;
    }
  }

  // The same paper twice is refused here; from two workstations it is kept and flagged.
  const candidate = draftDocument(student, draft);
  if (body.kind !== 'void') {
    const key = contentKey(candidate);
    const dup = docs.find((d) => !all.voidedBy.has(d.id) && !world.invalidIds?.has(d.id) && contentKey(d) === key);
    if (dup) bad('', 'duplicate', `Этот документ уже зарегистрирован: ${docLabel(dup)}. Один документ не регистрируют дважды.`);
  }

  // Contradictions on the same day are allowed (both papers are real) but go to review.
  const sameDay = all.active.filter((d) => d.signedOn === draft.signedOn);
  for (const [a, b, what] of CONTRADICTIONS) {
    if ((body.kind === a && sameDay.some((d) => d.kind === b)) || (body.kind === b && sameDay.some((d) => d.kind === a))) {
      warn('signedOn', 'same_day', `В этот же день уже зарегистрирован документ, противоречащий этому (${what}). Оба будут сохранены и отмечены «на проверку».`);
    }
  }
  return { ok: problems.length === 0, problems, warnings };
}
