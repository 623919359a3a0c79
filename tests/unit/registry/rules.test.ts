import { describe, expect, it } from 'vitest';
import type { DocumentBody, RegistryDocument } from '../../../electron/contract/entities/documents.js';
import { REFUSAL_PHRASE, REFUSAL_STANDARD_TEXT } from '../../../electron/contract/groups/registry.js';
import { checkDocument, type DocumentDraft } from '../../../electron/core/registry/rules.js';
import { anniversary } from '../../../electron/core/registry/order.js';
import { GUARDIANS, STUDENT, TODAY, annulment, application, consent, contacts, nonconsent, refusal, voiding } from './world.js';

function draft(body: DocumentBody, meta: { signer?: string; on?: string; signerKind?: DocumentDraft['signerKind'] } = {}): DocumentDraft {
  const signerKind = meta.signerKind ?? (body.kind === 'student_application' ? 'student' : body.kind === 'void' ? 'staff' : 'guardian');
  const signerId = 'signer' in meta ? meta.signer : signerKind === 'student' ? STUDENT.id : signerKind === 'staff' ? 'u_office' : 'mother';
  return { signerKind, signerId, signedOn: meta.on ?? '2026-10-01', body };
}

const passport = (issuedOn = '2026-03-15') => ({ series: '4512', number: '345678', issuedOn });
const app = (on: string, extra: Partial<{ ownConsent: boolean; issuedOn: string }> = {}) =>
  draft({ kind: 'student_application', passport: passport(extra.issuedOn ?? on), ownConsent: extra.ownConsent ?? true }, { on });

interface Case {
  name: string;
  docs?: RegistryDocument[];
  draft: DocumentDraft;
  student?: typeof STUDENT;
  /** Codes of the problems expected; [] means «accepted». */
  problems: string[];
  warnings?: string[];
  /** The first problem's message must say this. */
  says?: RegExp;
}

const R = refusal({ id: 'R', on: '2026-09-10' });
const RF = refusal({ id: 'RF', on: '2026-09-10', signer: 'father' });
const C = consent({ id: 'C', on: '2026-09-01' });

const CASES: Case[] = [
  // Who signs
  { name: 'согласие законного представителя принимается', draft: draft({ kind: 'pd_consent' }), problems: [] },
  { name: 'несогласие законного представителя принимается', draft: draft({ kind: 'pd_nonconsent' }), problems: [] },
  {
    name: 'согласие, подписанное не представителем этого ученика, не принимается',
    draft: draft({ kind: 'pd_consent' }, { signer: 'stranger' }),
    problems: ['signer_not_guardian'],
    says: /не числится законным представителем/,
  },
  { name: 'согласие без указания подписавшего не принимается', draft: draft({ kind: 'pd_consent' }, { signer: undefined }), problems: ['signer_missing'] },
  { name: 'согласие не может подписать сам ученик', draft: draft({ kind: 'pd_consent' }, { signerKind: 'student', signer: 's1' }), problems: ['signer_guardian'] },
  {
    name: 'заявление 14+ не может подписать представитель вместо ученика',
    draft: { ...app('2026-10-01'), signerKind: 'guardian', signerId: 'mother' },
    problems: ['signer_student'],
  },
  { name: 'заявление 14+ подписывает тот самый ученик', draft: { ...app('2026-10-01'), signerId: 's2' }, problems: ['signer_not_student'] },

  // Dates
  { name: 'документ, датированный будущим днём, не принимается', draft: draft({ kind: 'pd_consent' }, { on: '2026-11-21' }), problems: ['date_future'], says: /ещё не наступила/ },
  { name: 'документ, датированный сегодняшним днём, принимается', draft: draft({ kind: 'pd_consent' }, { on: TODAY }), problems: [] },
  {
    name: 'документ, датированный раньше зачисления, не принимается',
    draft: draft({ kind: 'pd_consent' }, { on: '2018-08-31' }),
    problems: ['date_before_enrolment'],
    says: /раньше зачисления.*01\.09\.2018/,
  },
  { name: 'документ, датированный днём зачисления, принимается', draft: draft({ kind: 'pd_consent' }, { on: '2018-09-01' }), problems: [] },
  {
    name: 'документ, датированный после выбытия, не принимается',
    student: { ...STUDENT, leftOn: '2026-10-15' },
    draft: draft({ kind: 'pd_consent' }, { on: '2026-10-20' }),
    problems: ['date_after_leaving'],
  },

  // The refusal and its phrase
  { name: 'отказ со стандартным текстом бланка принимается', draft: draft({ kind: 'refusal', text: REFUSAL_STANDARD_TEXT }), problems: [] },
  {
    name: 'отказ с фразой, разорванной переносами строк и двойными пробелами, принимается',
    draft: draft({ kind: 'refusal', text: `Отказываюсь.\n${REFUSAL_PHRASE.replace(/ /g, '  ').replace(/, /g, ',\n')}` }),
    problems: [],
  },
  { name: 'отказ, где фраза начинается с заглавной буквы и написано «влечёт», принимается', draft: draft({ kind: 'refusal', text: `Родитель${REFUSAL_PHRASE.slice(8).replace('влечет', 'влечёт')}.` }), problems: [] },
  {
    name: 'отказ без обязательной фразы не принимается',
    draft: draft({ kind: 'refusal', text: 'Прошу не предоставлять мне информацию в электронном виде.' }),
    problems: ['refusal_phrase'],
    says: /нет обязательной фразы.*вставьте её целиком/,
  },
  {
    name: 'отказ, где вместо «1 раза» написано «одного раза», не принимается и называет недостающее',
    draft: draft({ kind: 'refusal', text: REFUSAL_PHRASE.replace('не чаще 1 раза', 'не чаще одного раза') }),
    problems: ['refusal_phrase'],
    says: /«…чаще 1 раза…»/,
  },
  {
    name: 'отказ без слов о домашних заданиях не принимается и называет их',
    draft: draft({ kind: 'refusal', text: REFUSAL_PHRASE.replace(' (в этом случае информацию о домашних заданиях ученик записывает самостоятельно на каждом занятии)', '') }),
    problems: ['refusal_phrase'],
    says: /«…Интернет \(в этом случае информацию о домашних заданиях ученик записывает самостоятельно на каждом занятии\)»/,
  },
  {
    name: 'отказ, где фраза прервана вставкой, не принимается',
    draft: draft({ kind: 'refusal', text: REFUSAL_PHRASE.replace('в неделю, а также', 'в неделю (по пятницам), а также') }),
    problems: ['refusal_phrase'],
  },
  { name: 'второй отказ того же представителя при действующем не нужен', docs: [R], draft: draft({ kind: 'refusal', text: REFUSAL_STANDARD_TEXT }), problems: ['refusal_in_force'] },
  { name: 'отказ второго представителя при отказе первого принимается', docs: [R], draft: draft({ kind: 'refusal', text: REFUSAL_STANDARD_TEXT }, { signer: 'father' }), problems: [] },

  // The annulment
  { name: 'аннулирование без отказа не принимается', docs: [C], draft: draft({ kind: 'annulment', refusalId: 'nope' }), problems: ['annulment_no_refusal'], says: /аннулировать нечего/ },
  { name: 'аннулирование действующего отказа тем же представителем при согласии принимается', docs: [C, R], draft: draft({ kind: 'annulment', refusalId: 'R' }), problems: [] },
  {
    name: 'аннулирование отказа другим представителем не принимается',
    docs: [C, R],
    draft: draft({ kind: 'annulment', refusalId: 'R' }, { signer: 'father' }),
    problems: ['annulment_other_guardian'],
    says: /Жукова И\. П\..*только тот же представитель/,
  },
  {
    name: 'аннулирование уже аннулированного отказа не принимается',
    docs: [C, R, annulment('R', { on: '2026-09-20' })],
    draft: draft({ kind: 'annulment', refusalId: 'R' }),
    problems: ['annulment_already'],
  },
  { name: 'аннулирование отозванного отказа не принимается', docs: [C, R, voiding('R', { on: '2026-09-11' })], draft: draft({ kind: 'annulment', refusalId: 'R' }), problems: ['annulment_refusal_voided'] },
  {
    name: 'аннулирование, датированное раньше отказа, не принимается',
    docs: [C, R],
    draft: draft({ kind: 'annulment', refusalId: 'R' }, { on: '2026-09-05' }),
    problems: ['annulment_before_refusal'],
  },
  {
    name: 'аннулирование без согласия на обработку ПД не принимается: без согласия нет электронной услуги',
    docs: [R],
    draft: draft({ kind: 'annulment', refusalId: 'R' }),
    problems: ['no_consent'],
    says: /152-ФЗ/,
  },
  {
    name: 'аннулирование при несогласии на обработку ПД не принимается',
    docs: [nonconsent({ on: '2026-09-01' }), R],
    draft: draft({ kind: 'annulment', refusalId: 'R' }),
    problems: ['no_consent'],
  },

  // The student's application (14+): born 29.02.2012, 14 on 01.03.2026 (2026 is a common year)
  { name: 'заявление ученика накануне 14-летия (28.02, день рождения 29.02) не принимается', draft: app('2026-02-28', { issuedOn: '2026-02-28' }), problems: ['application_age', 'passport_before_14'], says: /13 лет.*с 01\.03\.2026/ },
  { name: 'заявление ученика в день 14-летия (01.03 для рождённого 29.02) принимается', draft: app('2026-03-01'), problems: [] },
  {
    name: 'заявление ученика с обычным днём рождения: накануне 14-летия не принимается',
    student: { ...STUDENT, birthDate: '2012-05-15' },
    draft: app('2026-05-14', { issuedOn: '2026-05-14' }),
    problems: ['application_age', 'passport_before_14'],
  },
  { name: 'заявление ученика с обычным днём рождения: в день 14-летия принимается', student: { ...STUDENT, birthDate: '2012-05-15' }, draft: app('2026-05-15'), problems: [] },
  { name: 'заявление 13-летнего не принимается', student: { ...STUDENT, birthDate: '2013-06-01' }, draft: app('2026-10-01', { issuedOn: '2026-06-01' }), problems: ['application_age', 'passport_before_14'] },
  { name: 'заявление без письменного согласия ученика не принимается', draft: app('2026-10-01', { ownConsent: false }), problems: ['application_own_consent'] },
  { name: 'паспорт, выданный до 14-летия, не принимается', draft: app('2026-10-01', { issuedOn: '2026-02-28' }), problems: ['passport_before_14'] },
  { name: 'паспорт, выданный после даты заявления, не принимается', draft: app('2026-10-01', { issuedOn: '2026-10-02' }), problems: ['passport_after_application'] },
  {
    name: 'заявление ученика при отказе родителя и без согласия родителя принимается (его собственное согласие)',
    docs: [R],
    draft: app('2026-10-01', { issuedOn: '2026-04-01' }),
    problems: [],
  },

  // Contacts
  { name: 'контакты с телефоном для SMS при согласии принимаются', docs: [C], draft: draft({ kind: 'contacts', phone: '+7 912 345-67-89', channels: ['sms'], source: 'written' }), problems: [] },
  { name: 'SMS без номера телефона не принимается', docs: [C], draft: draft({ kind: 'contacts', channels: ['sms'], source: 'written' }), problems: ['contacts_phone'] },
  { name: 'e-mail без адреса не принимается', docs: [C], draft: draft({ kind: 'contacts', channels: ['email'], source: 'edoc' }), problems: ['contacts_email'] },
  { name: 'неверный номер телефона не принимается', docs: [C], draft: draft({ kind: 'contacts', phone: '12-34', channels: ['paper'], source: 'written' }), problems: ['contacts_phone_format'] },
  { name: 'неверный адрес почты не принимается', docs: [C], draft: draft({ kind: 'contacts', email: 'ivanova.mail.ru', channels: ['paper'], source: 'written' }), problems: ['contacts_email_format'] },
  {
    name: 'SMS без согласия на обработку ПД не принимается',
    draft: draft({ kind: 'contacts', phone: '89123456789', channels: ['sms', 'paper'], source: 'written' }),
    problems: ['no_consent'],
    says: /только «на бумаге»/,
  },
  { name: 'только бумага без согласия принимается', draft: draft({ kind: 'contacts', channels: ['paper'], source: 'written' }), problems: [] },

  // The same paper twice, contradictions
  {
    name: 'тот же документ второй раз на этом рабочем месте не регистрируется',
    docs: [consent({ on: '2026-10-01' })],
    draft: draft({ kind: 'pd_consent' }, { on: '2026-10-01' }),
    problems: ['duplicate'],
    warnings: ['consent_already'],
  },
  { name: 'повторное согласие в другой день принимается с предупреждением', docs: [C], draft: draft({ kind: 'pd_consent' }), problems: [], warnings: ['consent_already'] },
  {
    name: 'несогласие в день согласия принимается, но уходит на проверку',
    docs: [consent({ on: '2026-10-01' })],
    draft: draft({ kind: 'pd_nonconsent' }, { on: '2026-10-01' }),
    problems: [],
    warnings: ['same_day'],
  },
  {
    name: 'заявление ученика в день отказа принимается, но уходит на проверку',
    docs: [refusal({ on: '2026-10-01' })],
    draft: app('2026-10-01', { issuedOn: '2026-04-01' }),
    problems: [],
    warnings: ['same_day'],
  },

  // Voiding
  { name: 'ошибочный документ отзывается сотрудником с причиной', docs: [C], draft: draft({ kind: 'void', targetId: 'C', reason: 'Не тот ученик' }), problems: [] },
  { name: 'отзыв нельзя отозвать', docs: [C, voiding('C', { id: 'V', on: '2026-09-02' })], draft: draft({ kind: 'void', targetId: 'V', reason: 'Ошибка' }), problems: ['void_of_void'] },
  { name: 'отозванный документ второй раз не отзывается', docs: [C, voiding('C', { on: '2026-09-02' })], draft: draft({ kind: 'void', targetId: 'C', reason: 'Ошибка' }), problems: ['void_already'] },
  { name: 'отзыв документа другого ученика не принимается', docs: [C], draft: draft({ kind: 'void', targetId: 'other-student-doc', reason: 'Ошибка' }), problems: ['void_target_missing'] },
  { name: 'отзыв оформляет сотрудник, а не представитель', docs: [C], draft: draft({ kind: 'void', targetId: 'C', reason: 'Ошибка' }, { signerKind: 'guardian', signer: 'mother' }), problems: ['signer_staff'] },
  { name: 'отзыв не датируется раньше самого документа', docs: [C], draft: draft({ kind: 'void', targetId: 'C', reason: 'Ошибка' }, { on: '2026-08-31' }), problems: ['void_before_target'] },
  { name: 'после отзыва согласия аннулирование отказа снова требует согласия', docs: [C, R, voiding('C', { on: '2026-09-12' })], draft: draft({ kind: 'annulment', refusalId: 'R' }), problems: ['no_consent'] },
  { name: 'отказ отца аннулирует только отец', docs: [C, RF], draft: draft({ kind: 'annulment', refusalId: 'RF' }, { signer: 'father' }), problems: [] },
];

describe('правила регистрации документов (таблица)', () => {
  it('в таблице не меньше 30 случаев', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(30);
  });

  for (const c of CASES) {
    it(c.name, () => {
      const out = checkDocument({ student: c.student ?? STUDENT, guardians: GUARDIANS, documents: c.docs ?? [], today: TODAY }, c.draft);
      expect(out.problems.map((p) => p.code).sort()).toEqual([...c.problems].sort());
      expect(out.ok).toBe(c.problems.length === 0);
      if (c.warnings) expect(out.warnings.map((w) => w.code).sort()).toEqual([...c.warnings].sort());
      if (c.says) expect(out.problems[0]?.message).toMatch(c.says);
      for (const p of [...out.problems, ...out.warnings]) expect(p.message).toMatch(/[А-Яа-яЁё]/);
    });
  }
});

describe('четырнадцатилетие', () => {
  it.each([
    ['2012-02-29', '2026-03-01'],
    ['2010-02-28', '2024-02-28'],
    ['2008-02-29', '2022-03-01'],
    ['2000-02-29', '2014-03-01'],
    ['2012-05-15', '2026-05-15'],
    ['2011-12-31', '2025-12-31'],
  ])('рождённый %s достигает 14 лет %s', (birth, day) => {
    expect(anniversary(birth, 14)).toBe(day);
  });
  it('29 февраля в високосный год: день рождения 29.02', () => {
    expect(anniversary('2000-02-29', 16)).toBe('2016-02-29');
  });
  it('контакты представителей и заявления других учеников не мешают', () => {
    const out = checkDocument(
      { student: STUDENT, guardians: GUARDIANS, documents: [{ ...C, studentId: 's2' }, contacts(['paper'])], today: TODAY },
      draft({ kind: 'annulment', refusalId: 'x' }),
    );
    expect(out.problems.map((p) => p.code)).toEqual(['annulment_no_refusal']);
  });
  it('заявление ученика из таблицы мира валидно в день рождения', () => {
    const out = checkDocument({ student: STUDENT, guardians: GUARDIANS, documents: [application({ on: '2026-03-01' })], today: TODAY }, app('2026-10-01'));
    expect(out.warnings.map((w) => w.code)).toContain('application_in_force');
  });
});
