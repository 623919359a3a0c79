/**
 * Class lists from a school's spreadsheet (issue 17.3): what the rows become (headers in any order
 * and spelling, a class from the sheet's name, several guardians on one row or on repeated rows,
 * ё kept, phones normalised, Excel's date cells, the same list as XLSX and as a Windows-1251 CSV),
 * every kind of bad input refused with file, sheet, row and column named and nothing written, an
 * idempotent re-import, and a workstation that pulls the imported list.
 */
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertClassList, type Conversion } from '../../../central/exchange/classList/convert.js';
import { ClassListRefused, importClassList } from '../../../central/exchange/classList/importClassList.js';
import { formatMapping } from '../../../central/exchange/classList/preview.js';
import { readClassList } from '../../../central/exchange/classList/sheet.js';
import { classListWorkbook } from '../../../central/exchange/classList/template.js';
import { runAdmin } from '../../../central/adminOps.js';
import { getEntity } from '../../../central/entities.js';
import { createSchool, getSchool } from '../../../central/schools.js';
import { openTestDb, startCentral, uniqueSchoolId, workstation, type TestDb } from '../sync/helpers.js';

const TODAY = new Date('2026-11-20T10:00:00Z');
let dir: string;
let n = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ezhd-class-list-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function xlsx(sheets: Record<string, unknown[][]>, name = `list${++n}.xlsx`): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [sheet, rows] of Object.entries(sheets)) {
    const ws = wb.addWorksheet(sheet);
    for (const r of rows) ws.addRow(r);
  }
  const path = join(dir, name);
  await wb.xlsx.writeFile(path);
  return path;
}

async function csv(text: string, encoding: 'utf8' | 'win1251' = 'utf8', name = `list${++n}.csv`): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, encoding === 'utf8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1251'));
  return path;
}

const convert = async (path: string): Promise<Conversion> => convertClassList(await readClassList(path), { years: [], classes: [] }, TODAY);

/** A school's list as schools keep it: a title row, headers in their own order and words. */
const SCHOOL_LIST = [
  ['Список учащихся МБОУ СОШ № 1 на 2026/2027 учебный год'],
  [],
  ['№ п/п', 'Ф.И.О. обучающегося', 'Класс', 'Дата рождения', 'ФИО матери', 'Телефон матери', 'ФИО отца', 'Телефон отца', 'Эл. почта', 'СНИЛС', 'Примечание'],
  [1, 'Ёлкин Пётр Ильич', '5 "А"', new Date(Date.UTC(2015, 2, 2)), 'Ёлкина Мария Ивановна', '8 (916) 123-45-67', 'Ёлкин Илья Петрович', 79031234567, '', '123-456-789 00', 'староста'],
  [2, 'БЕРЁЗКИНА АЛЁНА СЕРГЕЕВНА', '5-а', '19.07.2015', 'Берёзкина Ольга Ивановна', '+7 912 000 11 22', '', '', 'Olga@Example.RU', '', ''],
  [3, 'Соколов Артём', '6б', '01.02.2014', '', '', 'Соколов Юрий Викторович', '8 903 111-22-33', '', '', ''],
];

describe('class list: what the rows become', () => {
  it('recognises the headers of a school list, keeps ё, normalises phones, reads date cells, guesses gender and relation', async () => {
    const c = await convert(await xlsx({ Лист1: SCHOOL_LIST }));
    expect(c.problems).toEqual([]);
    expect(c.mapping[0]).toMatchObject({ sheet: 'Лист1', headerRow: 3, rows: 3 });
    const labels = Object.fromEntries(c.mapping[0]!.columns.map((col) => [col.header, col.label]));
    expect(labels).toMatchObject({
      '№ п/п': 'номер строки (не переносится)',
      'Ф.И.О. обучающегося': 'ФИО ученика',
      Класс: 'класс',
      'ФИО матери': 'представитель (мать): ФИО',
      'Телефон отца': 'представитель (отец): телефон',
      СНИЛС: 'СНИЛС — не переносится (в программе нет такого поля)',
      Примечание: 'не распознан — не переносится',
    });
    // «Эл. почта» names no guardian: the first one's in the header (the mother).
    expect(labels['Эл. почта']).toBe('представитель (мать): e-mail');
    const [elkin, berezkina, sokolov] = c.students;
    expect(elkin).toMatchObject({ className: '5А', lastName: 'Ёлкин', firstName: 'Пётр', middleName: 'Ильич', birthDate: '2015-03-02', gender: 'm', genderGuessed: true });
    expect(elkin!.guardians.map((g) => [g.relation, g.lastName, g.phone])).toEqual([
      ['мать', 'Ёлкина', '+7 (916) 123-45-67'],
      ['отец', 'Ёлкин', '+7 (903) 123-45-67'],
    ]);
    expect(berezkina).toMatchObject({ lastName: 'Берёзкина', firstName: 'Алёна', middleName: 'Сергеевна', gender: 'f', className: '5А' });
    expect(berezkina!.guardians).toHaveLength(1);
    expect(berezkina!.guardians[0]).toMatchObject({ relation: 'мать', email: 'Olga@example.ru' });
    expect(sokolov).toMatchObject({ className: '6Б', lastName: 'Соколов', firstName: 'Артём' });
    expect(sokolov!.middleName).toBeUndefined();
    expect(c.classes.map((k) => [k.name, k.students, k.isNew])).toEqual([
      ['5А', 2, true],
      ['6Б', 1, true],
    ]);
    expect(c.year).toMatchObject({ start: '2026-09-01', end: '2027-05-31', isNew: true });
    expect(formatMapping(c)).not.toContain('Ёлкин');
    expect(formatMapping(c, { rows: 2 })).toContain('Ёлкин Пётр Ильич · 02.03.2015 · м (по ФИО)');
  });

  it('takes the class from the sheet name, several guardians on repeated rows, relation and e-mail by column', async () => {
    const header = ['Фамилия', 'Имя', 'Отчество', 'Д/р', 'Пол', 'Представитель', 'Кем приходится', 'Телефон', 'E-mail', 'Адрес'];
    const c = await convert(
      await xlsx({
        '5А': [header, ['Ёлкин', 'Пётр', 'Ильич', '02.03.2015', 'м', 'Ёлкина Мария Ивановна', 'мама', '89161234567', '', 'г. Энск, ул. Лесная, д. 5'], ['Ёлкин', 'Пётр', 'Ильич', '02.03.2015', 'м', 'Ёлкина Нина Павловна', 'бабушка', '', 'nina@mail.ru', '']],
        '6 Б': [header, ['Клёнова', 'Вера', '', '01.02.2014', 'ж', 'Клёнов Олег Юрьевич', 'опекун', '9031112233', '', '']],
      }),
    );
    expect(c.problems).toEqual([]);
    expect(c.students.map((s) => [s.className, s.lastName, s.guardians.map((g) => g.relation)])).toEqual([
      ['5А', 'Ёлкин', ['мать', 'бабушка']],
      ['6Б', 'Клёнова', ['опекун']],
    ]);
    expect(c.students[0]!.guardians[0]).toMatchObject({ address: 'г. Энск, ул. Лесная, д. 5', phone: '+7 (916) 123-45-67' });
    expect(c.students[0]!.guardians[1]).toMatchObject({ email: 'nina@mail.ru' });
  });

  it('reads the same list from XLSX, a UTF-8 CSV with «;» and a Windows-1251 CSV with «,» alike; ids are stable', async () => {
    const rows = [
      ['ФИО', 'Дата рождения', 'Класс', 'Пол', 'Родитель', 'Телефон'],
      ['Ёлкин Пётр Ильич', '02.03.2015', '5А', 'м', 'Ёлкина Мария Ивановна', '8 916 123-45-67'],
      ['Берёзкина Алёна', '19.07.2015', '5А', 'ж', 'Берёзкин Олег Ильич', '+7 912 000-11-22'],
    ];
    const a = await convert(await xlsx({ Список: rows }));
    const b = await convert(await csv(rows.map((r) => r.join(';')).join('\r\n')));
    const c = await convert(await csv(rows.map((r) => r.map((x) => (x.includes(',') ? `"${x}"` : x)).join(',')).join('\r\n'), 'win1251'));
    const view = (x: Conversion) => x.students.map((s) => ({ ...s, origin: undefined, guardians: s.guardians.map((g) => ({ ...g, origin: undefined })) }));
    expect(a.problems).toEqual([]);
    expect(view(b)).toEqual(view(a));
    expect(view(c)).toEqual(view(a));
    expect(a.students[0]!.id).toMatch(/^spisok\._[a-z2-7]{16}$/);
    // ё or е, capitals or not: the same student
    const d = await convert(await csv('ФИО;Дата рождения;Класс\nЕЛКИН ПЕТР ИЛЬИЧ;02.03.2015;5А'));
    expect(d.students[0]!.id).toBe(a.students[0]!.id);
  });

  it('skips the template example row and reads a filled template', async () => {
    const path = join(dir, 'template.xlsx');
    await (await classListWorkbook()).xlsx.writeFile(path);
    const empty = await convert(path);
    expect(empty.examplesSkipped).toHaveLength(1);
    expect(empty.problems.map((p) => p.message).join()).toContain('нет ни одного ученика');
    const filled = join(dir, 'filled.xlsx');
    await (await classListWorkbook({ students: 30 })).xlsx.writeFile(filled);
    const c = await convert(filled);
    expect(c.problems).toEqual([]);
    expect(c.students).toHaveLength(30);
    expect(c.students.flatMap((s) => s.guardians)).toHaveLength(30 + 23);
    expect(c.mapping.find((m) => m.sheet === 'Как заполнять')?.skipped).toBeTruthy();
    expect(empty.mapping.find((m) => m.sheet === 'Школа')?.skipped).toBe('сведения о школе не заполнены');
    expect(empty.school).toBeUndefined();
    expect(c.school).toMatchObject({ name: expect.stringContaining('Средняя общеобразовательная школа № 1'), director: { lastName: 'Орлова' } });
  });
});

describe('class list: bad input is refused, with the place named, and nothing is written (pglite)', () => {
  let t: TestDb;
  let school: string;
  beforeAll(async () => {
    t = await openTestDb('pglite');
    school = uniqueSchoolId('cl');
    await createSchool(t.db, school, 'МБОУ СОШ № 1');
    await importClassList(t.db, school, { path: await csv('ФИО;Дата рождения;Класс\nЁлкин Пётр Ильич;02.03.2015;5А'), now: TODAY });
  });
  afterAll(async () => {
    await t?.close();
  });
  const count = async () => Number((await t.db.query<{ n: unknown }>(`SELECT count(*) AS n FROM entities WHERE school_id = $1`, [school])).rows[0]!.n);

  async function refused(path: string, ...words: string[]): Promise<string> {
    const seq = (await getSchool(t.db, school))!.seq;
    const before = await count();
    const e = await importClassList(t.db, school, { path, now: TODAY }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ClassListRefused);
    const msg = (e as Error).message;
    expect(msg).toContain('Список классов не загружен');
    expect(msg).toContain('Ничего не записано');
    for (const w of words) expect(msg).toContain(w);
    expect((await getSchool(t.db, school))!.seq).toBe(seq);
    expect(await count()).toBe(before);
    return msg;
  }

  it('a wrong encoding', async () => {
    await refused(await csv('ФИО;Дата рождения;Класс\nЁлкин Пётр Ильич;02.03.2015;5А', 'utf8', 'koi.csv').then(async (p) => {
      await writeFile(p, iconv.encode('ФИО;Дата рождения;Класс\nЁЛКИН ПЁТР ИЛЬИЧ;02.03.2015;5А\nБЕРЁЗКИНА АЛЁНА;19.07.2015;5А', 'koi8-r'));
      return p;
    }), 'koi.csv, строка 2', 'кодировка файла другая');
    await refused(await csv('', 'utf8', 'utf16.csv').then(async (p) => {
      await writeFile(p, Buffer.from('ФИО;Класс\n', 'utf16le'));
      return p;
    }), 'utf16.csv', 'нулевые байты');
  });

  it('a missing name column', async () => {
    const msg = await refused(await xlsx({ Список: [['Класс', 'Дата рождения', 'Телефон'], ['5А', '02.03.2015', '89161234567']] }, 'noname.xlsx'), 'noname.xlsx, лист «Список», строка 1', 'нет столбца с ФИО ученика');
    expect(msg).not.toContain('02.03.2015');
  });

  it('a date that is not in the calendar', async () => {
    await refused(await xlsx({ Список: [['ФИО', 'Дата рождения', 'Класс'], ['Ёлкин Пётр Ильич', '02.03.2015', '5А'], ['Берёзкина Алёна', '30.02.2016', '5А']] }, 'date.xlsx'), 'date.xlsx, лист «Список», строка 3, столбец «B «Дата рождения»»', 'даты 30.02.2016 нет в календаре');
  });

  it('an unrecognisable class', async () => {
    await refused(await csv('ФИО;Дата рождения;Класс\nЁлкин Пётр Ильич;02.03.2015;пятый А', 'utf8', 'class.csv'), 'class.csv, строка 2, столбец «C «Класс»»', '«пятый А» — не класс');
  });

  it('duplicate students: the same one twice, or in two classes', async () => {
    await refused(await csv('ФИО;Дата рождения;Класс\nЁлкин Пётр Ильич;02.03.2015;5А\nЁлкин Пётр Ильич;02.03.2015;5А', 'utf8', 'dup.csv'), 'dup.csv, строка 3', 'повтор ученика', 'строке 2');
    await refused(await xlsx({ '5А': [['ФИО', 'Дата рождения'], ['Ёлкин Пётр Ильич', '02.03.2015']], '6А': [['ФИО', 'Дата рождения'], ['Ёлкин Пётр Ильич', '02.03.2015']] }, 'dup2.xlsx'), 'dup2.xlsx, лист «6А», строка 2', 'dup2.xlsx, лист «5А», строке 2 в классе 5А');
  });

  it('a 200 MB file, by its size before reading', async () => {
    const path = join(dir, 'huge.xlsx');
    await writeFile(path, '');
    await truncate(path, 200 * 1024 * 1024);
    await refused(path, 'huge.xlsx', '200 МБ', 'больше предела');
  });

  it('an XLSX that is not a ZIP, and an old .xls', async () => {
    const path = join(dir, 'fake.xlsx');
    await writeFile(path, 'ФИО;Класс\nЁлкин Пётр;5А\n');
    await refused(path, 'fake.xlsx', 'это не книга Excel');
    const xls = join(dir, 'old.xls');
    await writeFile(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    await refused(xls, 'old.xls', 'Excel 97–2003');
  });

  it('an empty sheet, and an empty file', async () => {
    await refused(await xlsx({ Лист1: [] }, 'empty.xlsx'), 'empty.xlsx', 'лист пустой');
    await refused(await csv('', 'utf8', 'zero.csv'), 'zero.csv', 'файл пустой');
  });

  it('a school sheet with a director of one word and a phone without its code', async () => {
    await refused(
      await xlsx({ Список: [['ФИО', 'Дата рождения', 'Класс'], ['Ёлкин Пётр Ильич', '02.03.2015', '5А']], Школа: [['Полное наименование', 'МБОУ СОШ № 1'], ['Телефон', '22-33-44'], ['Директор (ФИО)', 'Орлова']] }, 'school.xlsx'),
      'school.xlsx, лист «Школа», строка 3, столбец «B»: в ячейке ФИО меньше двух слов',
      'school.xlsx, лист «Школа», строка 2, столбец «B»: «22-33-44»: в номере не хватает цифр (6 из 10 после +7)',
    );
  });

  it('a bad phone, a guardian without a name, a student that cannot be told boy or girl', async () => {
    const msg = await refused(
      await csv('ФИО;Дата рождения;Класс;Представитель;Телефон\nЁлкин Пётр Ильич;02.03.2015;5А;Ёлкина Мария Ивановна;22-33-44\nКим Саша;01.01.2015;5А;;8 916 000-00-00', 'utf8', 'rows.csv'),
      'rows.csv, строка 2, столбец «E «Телефон»»: «22-33-44»: в номере не хватает цифр (6 из 10 после +7)',
      'rows.csv, строка 3, столбец «E «Телефон»»: заполнено «Телефон», а ФИО представителя нет',
      'rows.csv, строка 3, столбец «A «ФИО»»: по ФИО не понять пол',
    );
    expect(msg.split('\n')).toHaveLength(4);
  });
});

describe('class list: import, re-import, and a workstation that pulls it (pglite)', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a dry run writes nothing; the import is idempotent; a changed phone changes one statement; an existing class is kept', async () => {
    const school = uniqueSchoolId('cl');
    await createSchool(t.db, school, 'МБОУ СОШ № 1');
    const rows = (phone: string) => [
      ['ФИО', 'Дата рождения', 'Класс', 'Представитель', 'Кем приходится', 'Телефон', 'Адрес'],
      ['Ёлкин Пётр Ильич', '02.03.2015', '5А', 'Ёлкина Мария Ивановна', 'мать', phone, 'г. Энск, ул. Лесная, д. 5'],
      ['Берёзкина Алёна Сергеевна', '19.07.2015', '5А', 'Берёзкин Сергей Ильич', 'отец', '', ''],
    ];
    const path = await xlsx({ Список: rows('8 916 123-45-67') });
    const seq = (await getSchool(t.db, school))!.seq;
    const dry = await importClassList(t.db, school, { path, dryRun: true, now: TODAY });
    expect(dry.import).toMatchObject({ dryRun: true, written: 0 });
    expect(dry.import.byKind).toMatchObject({ school: { added: 1 }, year: { added: 1 }, class: { added: 1 }, student: { added: 2 }, guardian: { added: 2 }, document: { added: 1 } });
    expect((await getSchool(t.db, school))!.seq).toBe(seq);

    const first = await importClassList(t.db, school, { path, now: TODAY });
    expect(first.import.added).toBe(8);
    const cls = first.conversion.classes[0]!;
    expect(cls).toMatchObject({ id: 'y2026.c5a', name: '5А', isNew: true });
    const elkin = first.conversion.students[0]!;
    const student = await getEntity(t.db, school, 'class/y2026.c5a', 'student', elkin.id);
    expect(student).toMatchObject({ lastName: 'Ёлкин', firstName: 'Пётр', birthDate: '2015-03-02', gender: 'm', classId: 'y2026.c5a', enrolledOn: '2026-09-01' });
    const mother = await getEntity(t.db, school, 'class/y2026.c5a', 'guardian', elkin.guardians[0]!.id);
    expect(mother).toMatchObject({ lastName: 'Ёлкина', relation: 'мать', address: 'г. Энск, ул. Лесная, д. 5', studentIds: [elkin.id] });

    const again = await importClassList(t.db, school, { path, now: new Date('2026-11-27T10:00:00Z') });
    expect([again.import.added, again.import.changed, again.import.removed, again.import.written]).toEqual([0, 0, 0, 0]);
    expect(again.conversion.classes[0]).toMatchObject({ id: 'y2026.c5a', isNew: false });
    expect(again.conversion.year.isNew).toBe(false);

    const changed = await importClassList(t.db, school, { path: await xlsx({ Список: rows('+7 (999) 000-00-00') }), now: TODAY });
    expect(changed.import.byKind.document).toMatchObject({ added: 0, changed: 1 });
    expect(changed.import.changed).toBe(1);
  });

  it('the admin command import-class-list: a dry run prints the mapping and the first rows and writes nothing', async () => {
    const school = uniqueSchoolId('cl');
    await createSchool(t.db, school, 'МБОУ СОШ № 1');
    const path = await csv('ФИО;Дата рождения;Класс;Мать;Телефон\nЁлкин Пётр Ильич;02.03.2015;5А;Ёлкина Мария Ивановна;8 916 123-45-67');
    const seq = (await getSchool(t.db, school))!.seq;
    const out = String(await runAdmin(t.db, 'import-class-list', { school, path, 'dry-run': 'true' }));
    expect(out).toContain('D «Мать» → представитель (мать): ФИО');
    expect(out).toContain('E «Телефон» → представитель (мать): телефон');
    expect(out).toContain('Классы: 5А (1 уч., новый — будет создан)');
    expect(out).toContain('строка 2: 5А · Ёлкин Пётр Ильич · 02.03.2015 · м (по ФИО) · мать: Ёлкина Мария Ивановна, +7 (916) 123-45-67');
    expect(out).toContain('Проверка без записи (--dry-run)');
    expect((await getSchool(t.db, school))!.seq).toBe(seq);
    const done = String(await runAdmin(t.db, 'import-class-list', { school, path }));
    expect(done).toContain('Классы: 5А (1 уч., новый — создан)');
    // Without a dry run the rows (names) are not printed: the output may reach a server's log.
    expect(done).not.toContain('Ёлкин');
  });

  it('a school started from a filled template reaches a workstation by the ordinary pull', async () => {
    const central = await startCentral(t.db);
    try {
      const school = uniqueSchoolId('own');
      await createSchool(t.db, school, 'МБОУ СОШ № 1');
      const path = join(dir, 'three.xlsx');
      await (await classListWorkbook({ students: 3 })).xlsx.writeFile(path);
      const r = await importClassList(t.db, school, { path, now: TODAY });
      expect(r.conversion.classes.map((k) => k.id)).toEqual(['y2026.c1a']);
      const w = await workstation(t.db, school, central.url, { bare: true });
      expect((await w.engine.syncNow()).repaired).toEqual([]);
      const data = await w.t.app.core.store.classData('y2026.c1a');
      expect(data.students.map((s) => `${s.lastName} ${s.firstName}`).sort()).toEqual(['Берёзкина Алёна', 'Соколов Артём', 'Ёлкин Пётр'].sort());
      expect(data.guardians).toHaveLength(6);
      expect(data.guardians.find((g) => g.lastName === 'Ёлкина')).toMatchObject({ relation: 'мать', address: 'г. Энск, ул. Лесная, д. 1, кв. 1' });
      expect(data.documents.filter((d) => d.kind === 'contacts').map((d) => (d as { phone?: string }).phone).sort()[0]).toMatch(/^\+7 \(\d{3}\) \d{3}-\d{2}-\d{2}$/);
      const school2 = await w.t.app.core.store.school();
      expect(school2.years.map((y) => y.id)).toContain('y2026');
      expect(school2.classes.map((c) => c.name)).toEqual(['1А']);
      // the sheet «Школа»: the header of every statement
      expect(school2.school).toMatchObject({ shortName: 'МБОУ СОШ № 1', address: 'г. Энск, ул. Школьная, д. 1', phone: '+7 (900) 000-00-00', director: { lastName: 'Орлова', firstName: 'Анна', middleName: 'Юрьевна' } });
      const status = await (await w.t.as('admin')).sync.status({});
      expect(status.dataSources).toEqual([expect.objectContaining({ source: 'ezhd', sourceName: 'Список классов (three.xlsx)' })]);
      expect(JSON.stringify(status.dataSources)).not.toMatch(/Ёлкин/);
    } finally {
      await central.close();
    }
  });
});
