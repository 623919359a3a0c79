/** Class lists: the header spellings schools use → the field each column holds (headers.ts). */
import { describe, expect, it } from 'vitest';
import { recognizeHeader, type Recognised } from '../../../central/exchange/classList/headers.js';

const student = (field: string) => ({ target: 'student', field });
const guardian = (slot: string, field: string, extra: Partial<Recognised> = {}) => ({ target: 'guardian', slot, field, ...extra });
const notKept = { target: 'notKept' };

const TABLE: Array<[string, object | null]> = [
  // the student's name
  ['ФИО', student('fullName')],
  ['Ф.И.О.', student('fullName')],
  ['ф. и. о. обучающегося', student('fullName')],
  ['Фамилия, имя, отчество', student('fullName')],
  ['ФИО ребёнка', student('fullName')],
  ['Фамилия', student('lastName')],
  ['ФАМИЛИЯ УЧЕНИКА', student('lastName')],
  ['Имя', student('firstName')],
  ['Отчество', student('middleName')],
  ['  отчество (при наличии) ', student('middleName')],
  // the student's other fields
  ['Дата рождения', student('birthDate')],
  ['Д/р', student('birthDate')],
  ['Дата рожд.', student('birthDate')],
  ['Класс', student('className')],
  ['Кл.', student('className')],
  ['Класс (буква)', student('className')],
  ['Пол', student('gender')],
  ['Дата зачисления', student('enrolledOn')],
  ['№', { target: 'rowNumber' }],
  ['№ п/п', { target: 'rowNumber' }],
  // guardians
  ['Представитель', guardian('1', 'fullName')],
  ['Представитель 1', guardian('1', 'fullName')],
  ['Законный представитель 2', guardian('2', 'fullName')],
  ['ФИО родителя', guardian('1', 'fullName')],
  ['ФИО родителя 2', guardian('2', 'fullName')],
  ['Родитель (законный представитель)', guardian('1', 'fullName')],
  ['Представитель 1 (ФИО)', guardian('1', 'fullName')],
  ['Мать', guardian('мать', 'fullName', { relation: 'мать' })],
  ['ФИО матери', guardian('мать', 'fullName', { relation: 'мать' })],
  ['Ф.И.О. отца', guardian('отец', 'fullName', { relation: 'отец' })],
  ['Фамилия представителя 2', guardian('2', 'lastName')],
  ['Имя родителя', guardian('1', 'firstName')],
  ['Кем приходится', guardian('1', 'relation', { implicit: true })],
  ['Кем приходится 2', guardian('2', 'relation')],
  ['Степень родства', guardian('1', 'relation', { implicit: true })],
  ['Телефон', guardian('1', 'phone', { implicit: true })],
  ['Тел.', guardian('1', 'phone', { implicit: true })],
  ['Моб. телефон', guardian('1', 'phone', { implicit: true })],
  ['Телефон 2', guardian('2', 'phone')],
  ['Телефон матери', guardian('мать', 'phone', { relation: 'мать' })],
  ['Контактный телефон отца', guardian('отец', 'phone', { relation: 'отец' })],
  ['Телефон родителя', guardian('1', 'phone')],
  ['E-mail', guardian('1', 'email', { implicit: true })],
  ['e-mail 2', guardian('2', 'email')],
  ['Email', guardian('1', 'email', { implicit: true })],
  ['Эл. почта', guardian('1', 'email', { implicit: true })],
  ['Электронная почта родителя', guardian('1', 'email')],
  ['Адрес', guardian('1', 'address', { implicit: true })],
  ['Адрес проживания', guardian('1', 'address', { implicit: true })],
  ['Адрес 2', guardian('2', 'address')],
  ['Способ получения информации', guardian('1', 'channels', { implicit: true })],
  // known, not kept
  ['СНИЛС', notKept],
  ['Документ', notKept],
  ['Свидетельство о рождении', notKept],
  ['Паспорт', notKept],
  ['Телефон ученика', notKept],
  ['Дата рождения матери', notKept],
  ['Классный руководитель', notKept],
  // not recognised
  ['Примечание', null],
  ['', null],
  ['Список учащихся 5А класса МБОУ СОШ № 1 на 2026/2027 учебный год', null],
];

describe('class list headers', () => {
  it.each(TABLE)('«%s»', (header, expected) => {
    const r = recognizeHeader(header);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatchObject(expected);
    // A guardian's field named by a number or a relation is never implicit.
    if (r?.target === 'guardian' && !(expected as { implicit?: boolean }).implicit) expect(r.implicit).toBeUndefined();
  });
});
