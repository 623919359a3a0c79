/**
 * The class-list template a school fills (docs/templates/список-классов.xlsx, made by
 * `npx tsx scripts/class-list-template.ts`): the headers the import recognises, one example row
 * of a made-up child (marked «пример» in its first column: the import skips it), column widths, a
 * note on every header and a sheet «Как заполнять». With `students` it is filled with made-up
 * children instead (deterministic: the README's quick start, the tests and the bench use it).
 */
import ExcelJS from 'exceljs';

export const TEMPLATE_COLUMNS: Array<{ header: string; width: number; hint: string }> = [
  { header: '№', width: 6, hint: 'Номер по порядку (не переносится). «пример» — строка-образец, её программа пропускает; удалите её или оставьте.' },
  { header: 'Класс', width: 8, hint: 'Номер и буква: 5А, 5 А, 5-а, 5 «А». Класса нет в программе — он будет создан.' },
  { header: 'Фамилия', width: 16, hint: 'Фамилия ученика. Буква ё сохраняется.' },
  { header: 'Имя', width: 14, hint: 'Имя ученика.' },
  { header: 'Отчество', width: 16, hint: 'Отчество (если есть).' },
  { header: 'Дата рождения', width: 14, hint: 'ДД.ММ.ГГГГ или ячейка с датой Excel. По ФИО и дате рождения программа узнаёт ученика при следующей загрузке.' },
  { header: 'Пол', width: 6, hint: 'м или ж. Пусто — определяется по ФИО.' },
  { header: 'Представитель 1 (ФИО)', width: 28, hint: 'Фамилия, имя, отчество родителя (законного представителя) в одной ячейке.' },
  { header: 'Кем приходится 1', width: 12, hint: 'мать, отец, опекун, попечитель, бабушка, дедушка.' },
  { header: 'Телефон 1', width: 19, hint: 'В любом виде: 8 912 345-67-89, +7(912)3456789. Сохраняется как +7 (912) 345-67-89.' },
  { header: 'E-mail 1', width: 22, hint: 'Адрес электронной почты (если есть).' },
  { header: 'Адрес 1', width: 34, hint: 'Адрес места жительства: печатается в согласии на обработку персональных данных.' },
  { header: 'Представитель 2 (ФИО)', width: 28, hint: 'Второй представитель (если есть). Третьего — на следующей строке с тем же учеником.' },
  { header: 'Кем приходится 2', width: 12, hint: 'мать, отец, опекун, попечитель, бабушка, дедушка.' },
  { header: 'Телефон 2', width: 19, hint: 'Телефон второго представителя.' },
  { header: 'E-mail 2', width: 22, hint: 'Электронная почта второго представителя.' },
  { header: 'Адрес 2', width: 34, hint: 'Адрес второго представителя.' },
];

/** Made-up families (no real person): [surname, father's first name, his patronymic]. */
const SURNAMES = ['Ёлкин', 'Берёзкин', 'Соколов', 'Журавлёв', 'Орлов', 'Синицын', 'Воробьёв', 'Снегирёв', 'Клёнов', 'Рябинин', 'Ольхов', 'Дубов', 'Липатов', 'Озёров', 'Полянский', 'Ручьёв', 'Лесной', 'Травин', 'Цветков', 'Горин'];
const BOYS = ['Пётр', 'Артём', 'Семён', 'Фёдор', 'Иван', 'Матвей', 'Лев', 'Михаил', 'Глеб', 'Тимофей'];
const GIRLS = ['Алёна', 'Наталья', 'Дарья', 'Софья', 'Ксения', 'Вера', 'Полина', 'Анна', 'Ульяна', 'Мария'];
const FATHERS = ['Илья', 'Сергей', 'Андрей', 'Олег', 'Павел', 'Роман', 'Юрий', 'Денис'];
const MOTHERS = ['Ольга', 'Елена', 'Татьяна', 'Ирина', 'Светлана', 'Юлия', 'Галина', 'Надежда'];
const PATRONYMIC_M: Record<string, string> = { Илья: 'Ильич', Сергей: 'Сергеевич', Андрей: 'Андреевич', Олег: 'Олегович', Павел: 'Павлович', Роман: 'Романович', Юрий: 'Юрьевич', Денис: 'Денисович' };
const PATRONYMIC_F: Record<string, string> = { Илья: 'Ильинична', Сергей: 'Сергеевна', Андрей: 'Андреевна', Олег: 'Олеговна', Павел: 'Павловна', Роман: 'Романовна', Юрий: 'Юрьевна', Денис: 'Денисовна' };
const LETTERS = ['А', 'Б', 'В'];

const feminine = (surname: string) => (/(ий|ой)$/.test(surname) ? surname.replace(/(ий|ой)$/, 'ая') : `${surname}а`);

/** The n-th made-up child of a filled template (n from 0): class, names, birth date, two parents. */
export function madeUpChild(n: number, yearStart = 2026): Array<string | number | Date | null> {
  const grade = 1 + (Math.floor(n / 25) % 11);
  const letter = LETTERS[Math.floor(n / 275) % LETTERS.length]!;
  const surname = SURNAMES[n % SURNAMES.length]!;
  const girl = n % 2 === 1;
  const father = FATHERS[(n * 7 + Math.floor(n / 20)) % FATHERS.length]!;
  const mother = MOTHERS[(n * 5 + Math.floor(n / 40)) % MOTHERS.length]!;
  const first = (girl ? GIRLS : BOYS)[Math.floor(n / 2) % 10]!;
  const born = new Date(Date.UTC(yearStart - 6 - grade, (n * 3) % 12, 1 + ((n * 11) % 28)));
  const phone = (k: number) => `8 9${String(10 + ((n * 13 + k) % 90)).padStart(2, '0')} ${String(100 + ((n * 37 + k * 101) % 900))}-${String(10 + ((n + k) % 90))}-${String(10 + ((n * 3 + k) % 90))}`;
  const address = `г. Энск, ул. Лесная, д. ${1 + (n % 60)}, кв. ${1 + ((n * 7) % 120)}`;
  return [
    n + 1,
    `${grade}${letter}`,
    girl ? feminine(surname) : surname,
    first,
    girl ? PATRONYMIC_F[father]! : PATRONYMIC_M[father]!,
    born,
    girl ? 'ж' : 'м',
    `${feminine(surname)} ${mother} ${['Ивановна', 'Петровна', 'Николаевна', 'Викторовна'][n % 4]}`,
    'мать',
    phone(1),
    n % 3 === 0 ? `family${n + 1}@example.ru` : null,
    address,
    n % 4 === 3 ? null : `${surname} ${father} ${['Иванович', 'Петрович', 'Николаевич', 'Викторович'][(n + 1) % 4]}`,
    n % 4 === 3 ? null : 'отец',
    n % 4 === 3 ? null : phone(2),
    null,
    n % 4 === 3 ? null : address,
  ];
}

/** The template workbook (or, with `students`, a list of that many made-up children). */
export async function classListWorkbook(o: { students?: number } = {}): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  // Fixed document dates: the template regenerates with the same content.
  wb.creator = 'ЭЖД Офис';
  wb.created = new Date(Date.UTC(2026, 8, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('Список', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = TEMPLATE_COLUMNS.map((c) => ({ header: c.header, width: c.width }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle', wrapText: true };
  header.height = 32;
  TEMPLATE_COLUMNS.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.note = c.hint;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  });
  ws.getColumn(6).numFmt = 'dd.mm.yyyy';
  ws.getColumn(10).numFmt = '@';
  ws.getColumn(15).numFmt = '@';
  if (o.students === undefined) {
    const example = ws.addRow(['пример', '5А', 'Образцова', 'Анна', 'Сергеевна', new Date(Date.UTC(2015, 2, 2)), 'ж', 'Образцова Мария Ивановна', 'мать', '8 900 000-00-01', 'obrazcova@example.ru', 'г. Энск, ул. Школьная, д. 1, кв. 1', 'Образцов Сергей Петрович', 'отец', '+7 900 000-00-02', '', 'г. Энск, ул. Школьная, д. 1, кв. 1']);
    example.font = { italic: true, color: { argb: 'FF7F7F7F' } };
  } else {
    for (let n = 0; n < o.students; n++) ws.addRow(madeUpChild(n));
  }
  for (let r = 2; r <= Math.max(2, (o.students ?? 0) + 1) + 200; r++) {
    ws.getCell(r, 7).dataValidation = { type: 'list', allowBlank: true, formulae: ['"м,ж"'] };
    ws.getCell(r, 9).dataValidation = { type: 'list', allowBlank: true, formulae: ['"мать,отец,опекун,попечитель,бабушка,дедушка"'] };
    ws.getCell(r, 14).dataValidation = { type: 'list', allowBlank: true, formulae: ['"мать,отец,опекун,попечитель,бабушка,дедушка"'] };
  }
  // The school's details: the header of every statement («Директору МБОУ СОШ № 1 Орловой А. Ю.») and the consent's operator.
  const school = wb.addWorksheet('Школа');
  school.columns = [{ width: 26 }, { width: 90 }];
  const filled = o.students !== undefined;
  for (const [label, value] of [
    ['Полное наименование', 'Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»'],
    ['Краткое наименование', 'МБОУ СОШ № 1'],
    ['Адрес', 'г. Энск, ул. Школьная, д. 1'],
    ['Телефон', '8 900 000-00-00'],
    ['Директор (ФИО)', 'Орлова Анна Юрьевна'],
  ] as const) {
    school.addRow([label, filled ? value : '']).getCell(1).font = { bold: true };
  }
  const help = wb.addWorksheet('Как заполнять');
  help.columns = [{ width: 26 }, { width: 100 }];
  help.addRow(['Список классов для ЭЖД Офис']).font = { bold: true, size: 13 };
  help.addRow(['Одна строка — один ученик. Заголовки можно переставлять и называть так, как принято в школе («ФИО», «Ф.И.О. обучающегося», «ФИО матери», «Телефон отца», «Эл. почта»…): программа покажет, какой столбец что означает, до загрузки (--dry-run).']);
  help.addRow([]);
  for (const c of TEMPLATE_COLUMNS) help.addRow([c.header, c.hint]);
  help.addRow([]);
  help.addRow(['Лист «Школа»', 'Наименование, адрес, телефон и ФИО директора: печатаются в заявлениях и согласиях. Можно не заполнять, если они уже есть в программе.']);
  help.addRow(['Загрузка', 'npm run central:admin -- import-class-list --school <id> список-классов.xlsx --dry-run — проверить и посмотреть; без --dry-run — загрузить. Ошибка в любой строке не загружает ничего.']);
  help.eachRow((row) => {
    row.alignment = { wrapText: true, vertical: 'top' };
  });
  return wb;
}
