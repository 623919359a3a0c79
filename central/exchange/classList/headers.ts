/**
 * Which field of a class list a column holds, from its header as schools write it: «ФИО»,
 * «Ф.И.О. обучающегося», «Фамилия», «Имя», «Отчество», «Дата рождения», «Д/р», «Класс», «Пол»,
 * «Представитель 1», «ФИО матери», «Телефон отца», «Кем приходится 2», «E-mail», «Эл. почта»,
 * «Адрес»… Case, ё/е, punctuation and the order of words do not matter. One pure function; table
 * test: tests/unit/exchange/classListHeaders.test.ts.
 */
import type { Guardian } from '../../../electron/contract/entities/people.js';

export type StudentField = 'fullName' | 'lastName' | 'firstName' | 'middleName' | 'birthDate' | 'className' | 'gender' | 'enrolledOn';
export type GuardianField = 'fullName' | 'lastName' | 'firstName' | 'middleName' | 'relation' | 'phone' | 'email' | 'address' | 'channels';
export type Relation = Guardian['relation'];

export type Recognised =
  | { target: 'student'; field: StudentField }
  /**
   * `slot`: the guardian's place on the row («1», «2», or a relation named by the header: «мать»);
   * `implicit`: the header names no guardian («Телефон»): the row's only guardian, or the first.
   */
  | { target: 'guardian'; slot: string; relation?: Relation; field: GuardianField; implicit?: true }
  /** «№», «№ п/п»: the row's number in the list. */
  | { target: 'rowNumber' }
  /** Known, but the app keeps no such field (СНИЛС, a birth certificate, a student's own phone…). */
  | { target: 'notKept'; what: string };

export const STUDENT_FIELD_LABELS: Record<StudentField, string> = {
  fullName: 'ФИО ученика',
  lastName: 'фамилия ученика',
  firstName: 'имя ученика',
  middleName: 'отчество ученика',
  birthDate: 'дата рождения',
  className: 'класс',
  gender: 'пол',
  enrolledOn: 'дата зачисления',
};

export const GUARDIAN_FIELD_LABELS: Record<GuardianField, string> = {
  fullName: 'ФИО',
  lastName: 'фамилия',
  firstName: 'имя',
  middleName: 'отчество',
  relation: 'кем приходится',
  phone: 'телефон',
  email: 'e-mail',
  address: 'адрес',
  channels: 'способ получения информации',
};

/** The field's name in the mapping preview. */
export function labelOf(r: Recognised): string {
  switch (r.target) {
    case 'student':
      return STUDENT_FIELD_LABELS[r.field];
    case 'guardian':
      return `представитель ${r.relation && r.slot === r.relation ? `(${r.relation})` : r.slot}: ${GUARDIAN_FIELD_LABELS[r.field]}`;
    case 'rowNumber':
      return 'номер строки (не переносится)';
    case 'notKept':
      return `${r.what} — не переносится (в программе нет такого поля)`;
  }
}

/** A header's words: lower case, ё as е, e-mail and its spellings as one word, no punctuation. */
export function headerWords(header: string): string {
  return header
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/адрес\s+электронной\s+почты|электронн[а-яa-z]*\s+почт[а-яa-z]*|эл\.?\s*почт[а-яa-z]*|e-?mail|е-?мейл|е-?mail|эл\.?\s*адрес/g, ' email ')
    .replace(/[./\\]/g, '')
    .replace(/[^a-zа-я0-9№]+/g, ' ')
    .replace(/(^| )ф и о( |$)/, '$1фио$2')
    .trim();
}

/** A pattern of whole words of a header's words (\b does not know Cyrillic letters). */
const W = (words: string) => new RegExp(`(?<=^|\\s)(?:${words})(?=\\s|$)`);

const RELATIVES: Array<[RegExp, Relation]> = [
  [W('мать|матери|мамы|мама'), 'мать'],
  [W('отец|отца|папы|папа'), 'отец'],
  [W('опекун|опекуна'), 'опекун'],
  [W('попечитель|попечителя'), 'попечитель'],
  [W('бабушка|бабушки'), 'бабушка'],
  [W('дедушка|дедушки'), 'дедушка'],
];

const GUARDIAN_WORD = W('представител[а-яa-z]*|родител[а-яa-z]*|законн[а-яa-z]*');
const STUDENT_WORD = W('ученик[а-яa-z]*|учащ[а-яa-z]*|обучающ[а-яa-z]*|ребенк[а-яa-z]*|ребенок|дет[а-яa-z]*');

/** The field of one header, or null when it is not recognised. */
export function recognizeHeader(header: string): Recognised | null {
  const h = headerWords(header);
  // A sentence (a hint under the list, a title above it) is not a header.
  if (h === '' || header.length > 60 || h.split(' ').length > 6) return null;
  if (/^(№|n|nn|no|номер|пп|№ пп|n пп|номер пп|№ п п)$/.test(h)) return { target: 'rowNumber' };

  const relative = RELATIVES.find(([re]) => re.test(h));
  const number = W('[1-4]').exec(h)?.[0];
  const aboutGuardian = Boolean(relative) || GUARDIAN_WORD.test(h);
  const aboutStudent = STUDENT_WORD.test(h);
  const slot = relative ? relative[1] : (number ?? '1');
  const guardian = (field: GuardianField): Recognised => ({ target: 'guardian', slot, ...(relative ? { relation: relative[1] } : {}), field, ...(relative || number || aboutGuardian ? {} : { implicit: true as const }) });

  // Fields that are the student's unless the header names a guardian.
  let name: 'fullName' | 'lastName' | 'firstName' | 'middleName' | null = null;
  if (W('фио').test(h) || (W('фамилия').test(h) && W('имя').test(h))) name = 'fullName';
  else if (W('фамилия').test(h)) name = 'lastName';
  else if (W('отчество').test(h)) name = 'middleName';
  else if (W('имя').test(h)) name = 'firstName';
  if (name) return aboutGuardian ? guardian(name) : { target: 'student', field: name };

  if (W('снилс').test(h)) return { target: 'notKept', what: 'СНИЛС' };
  if (W('документ[а-яa-z]*|свидетельств[а-яa-z]*|паспорт[а-яa-z]*|удостоверени[а-яa-z]*').test(h)) return { target: 'notKept', what: 'документ, удостоверяющий личность' };
  if (W('дата рождения|рожд[а-я]*|др|родился|родилась').test(h)) return aboutGuardian ? { target: 'notKept', what: 'дата рождения представителя' } : { target: 'student', field: 'birthDate' };
  if (W('классн[а-яa-z]* руководител[а-яa-z]*').test(h)) return { target: 'notKept', what: 'классный руководитель' };
  if (W('класс|кл').test(h)) return { target: 'student', field: 'className' };
  if (W('пол').test(h)) return aboutGuardian ? null : { target: 'student', field: 'gender' };
  if (W('зачислен[а-яa-z]*|прибыти[а-яa-z]*|прибыл[а-яa-z]*|приема').test(h)) return { target: 'student', field: 'enrolledOn' };

  // Fields of a guardian (a student's own phone, e-mail or address is not kept).
  const own = (what: string): Recognised => ({ target: 'notKept', what: `${what} ученика` });
  if (W('кем приходится|приходится|родств[а-яa-z]*|степень|отношени[а-яa-z]*|статус').test(h)) return guardian('relation');
  if (W('телефон[а-яa-z]*|тел|моб[а-яa-z]*|сотов[а-яa-z]*|контактн[а-яa-z]* номер').test(h)) return aboutStudent && !aboutGuardian ? own('телефон') : guardian('phone');
  if (W('email').test(h)) return aboutStudent && !aboutGuardian ? own('e-mail') : guardian('email');
  if (W('адрес[а-яa-z]*|место жительства|прописк[а-яa-z]*|регистраци[а-яa-z]*|проживани[а-яa-z]*').test(h)) return aboutStudent && !aboutGuardian ? own('адрес') : guardian('address');
  if (W('способ[а-яa-z]*|канал[а-яa-z]*').test(h)) return guardian('channels');
  // «Мать», «Представитель 2», «Родитель», «Законный представитель»: the guardian's full name.
  if (aboutGuardian) return guardian('fullName');
  return null;
}
