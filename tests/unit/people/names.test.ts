import { describe, expect, it } from 'vitest';
import { declineShortName, fullNameIn, lowerFirst, organisationIn, shortNameIn, type DeclinableName, type GrammaticalCase } from '../../../electron/core/people/names.js';

const p = (lastName: string, firstName: string, middleName?: string, gender?: 'm' | 'f'): DeclinableName => ({
  lastName,
  firstName,
  ...(middleName ? { middleName } : {}),
  ...(gender ? { gender } : {}),
});

describe('a person is named in the case the sentence needs (lvovich)', () => {
  const table: Array<[string, DeclinableName, GrammaticalCase, string]> = [
    ['the director in the header: «Директору …»', p('Орден', 'Анна', 'Юрьевна'), 'dative', 'Орден Анне Юрьевне'],
    ['a man in the dative', p('Ефремов', 'Дмитрий', 'Викторович'), 'dative', 'Ефремову Дмитрию Викторовичу'],
    ['a woman in the dative', p('Попова', 'Вера', 'Юрьевна'), 'dative', 'Поповой Вере Юрьевне'],
    ['a man in the genitive', p('Ефремов', 'Дмитрий', 'Викторович'), 'genitive', 'Ефремова Дмитрия Викторовича'],
    ['an indeclinable surname stays', p('Белых', 'Анна', 'Игоревна'), 'dative', 'Белых Анне Игоревне'],
    ['a surname in -о stays', p('Давлюченко', 'Иван', 'Васильевич'), 'dative', 'Давлюченко Ивану Васильевичу'],
    ["a woman's surname in a consonant stays", p('Шевчук', 'Наталья', 'Ильинична'), 'dative', 'Шевчук Наталье Ильиничне'],
    ["a man's surname in a consonant declines", p('Шевчук', 'Илья', 'Ильич'), 'dative', 'Шевчуку Илье Ильичу'],
    ['an adjective surname', p('Толстой', 'Лев', 'Николаевич'), 'genitive', 'Толстого Льва Николаевича'],
    ['a double surname', p('Петров-Водкин', 'Кузьма', 'Сергеевич'), 'dative', 'Петрову-Водкину Кузьме Сергеевичу'],
    ['ё kept', p('Семёнова', 'Алёна', 'Игоревна'), 'dative', 'Семёновой Алёне Игоревне'],
    ['without a patronymic', p('Ким', 'Виктор'), 'dative', 'Киму Виктору'],
    ['the known gender of a student decides', p('Иванова', 'Саша', undefined, 'f'), 'genitive', 'Ивановой Саши'],
    ['the nominative is the name itself', p('Ефремов', 'Дмитрий', 'Викторович'), 'nominative', 'Ефремов Дмитрий Викторович'],
  ];
  it.each(table)('%s', (_what, name, c, expected) => {
    expect(fullNameIn(name, c)).toBe(expected);
  });

  it('a short name changes only the surname, with one dot after each initial', () => {
    expect(shortNameIn(p('Орден', 'Анна', 'Юрьевна'), 'dative')).toBe('Орден А. Ю.');
    expect(shortNameIn(p('Ефремов', 'Дмитрий', 'Викторович'), 'genitive')).toBe('Ефремова Д. В.');
    expect(shortNameIn(p('Попова', 'Вера', 'Юрьевна'), 'dative')).toBe('Поповой В. Ю.');
  });
});

describe('a name kept only as «Фамилия И. О.» is declined when its surname tells the gender', () => {
  const table: Array<[string, string, GrammaticalCase, string]> = [
    ['«вместо Ефремова Д. В.»', 'Ефремов Д. В.', 'genitive', 'Ефремова Д. В.'],
    ['a woman', 'Попова В. Ю.', 'genitive', 'Поповой В. Ю.'],
    ['one initial', 'Соколов А.', 'dative', 'Соколову А.'],
    ['a surname that does not tell stays', 'Шевчук И. И.', 'genitive', 'Шевчук И. И.'],
    ['not a short name: unchanged', 'другой учитель', 'genitive', 'другой учитель'],
  ];
  it.each(table)('%s', (_what, s, c, expected) => {
    expect(declineShortName(s, c)).toBe(expected);
  });
});

describe("the school's name in a case: the adjectives and the head noun change, the proper part stays (russian-nouns-js)", () => {
  const table: Array<[string, string, GrammaticalCase, string]> = [
    [
      '«даю согласие» (dative), МБОУ',
      'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 17» г. Энска',
      'dative',
      'Муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная школа № 17» г. Энска',
    ],
    [
      'genitive («адрес … учреждения»)',
      'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»',
      'genitive',
      'Муниципального бюджетного общеобразовательного учреждения «Средняя школа № 1»',
    ],
    ['a state school with a town after the head noun', 'Государственное бюджетное общеобразовательное учреждение города Москвы «Школа № 1535»', 'dative', 'Государственному бюджетному общеобразовательному учреждению города Москвы «Школа № 1535»'],
    ['a feminine head', 'Муниципальная автономная общеобразовательная организация «Лицей № 2»', 'dative', 'Муниципальной автономной общеобразовательной организации «Лицей № 2»'],
    ['a school named without quotes', 'Средняя общеобразовательная школа № 5', 'dative', 'Средней общеобразовательной школе № 5'],
    ['a masculine head', 'Лицей № 2', 'dative', 'Лицею № 2'],
    ['ё kept', 'Муниципальное казённое общеобразовательное учреждение «Основная школа»', 'dative', 'Муниципальному казённому общеобразовательному учреждению «Основная школа»'],
    ['an abbreviation is not declined', 'МБОУ СОШ № 17 г. Энска', 'dative', 'МБОУ СОШ № 17 г. Энска'],
    ['a quoted name alone is not declined', '«Волосовская НОШ»', 'dative', '«Волосовская НОШ»'],
    ['the nominative is the name itself', 'Муниципальное бюджетное общеобразовательное учреждение «Школа № 3»', 'nominative', 'Муниципальное бюджетное общеобразовательное учреждение «Школа № 3»'],
  ];
  it.each(table)('%s', (_what, name, c, expected) => {
    expect(organisationIn(name, c)).toBe(expected);
  });
});

describe('an organisation inside a sentence starts with a small letter, unless it is an abbreviation or a quote', () => {
  const table: Array<[string, string]> = [
    ['Муниципальному бюджетному общеобразовательному учреждению «Школа № 3»', 'муниципальному бюджетному общеобразовательному учреждению «Школа № 3»'],
    ['МБОУ СОШ № 1', 'МБОУ СОШ № 1'],
    ['«Волосовская НОШ»', '«Волосовская НОШ»'],
    ['Лицею № 2', 'лицею № 2'],
    ['', ''],
  ];
  it.each(table)('%s → %s', (name, expected) => {
    expect(lowerFirst(name)).toBe(expected);
  });
});
