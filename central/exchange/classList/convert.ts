/**
 * A class list (the sheets of a school's spreadsheet) → the students, guardians and contacts of the
 * exchange format, with the mapping of its columns and every problem named by file, sheet, row and
 * column. Pure: the server's years and classes come in, nothing is read or written here.
 *
 * Decisions (docs/exchange-format.md, «Списки классов»):
 *  - the header is the first row (of the first 15) in which at least two different fields, one of
 *    them the student's, are recognised;
 *    a sheet without one is skipped and listed;
 *  - a class is the «Класс» column or, without it, the sheet's name («5А»); a class the school does
 *    not have in the year is created (a class list is how a new school starts) and the preview
 *    says so; the year is the school's year containing today, or a new one (1 September – 31 May);
 *  - a student's id is derived from his full name and birth date (ё as е, case and spaces do not
 *    matter): a re-import finds him again, a corrected spelling of ё changes only his name;
 *  - the rows of one student (the same name and birth date) repeat him with more guardians; the
 *    same student again with nothing new, or in another class, is a duplicate;
 *  - a guardian's id is derived from the student's and his own full name; his phone and e-mail
 *    become one contacts statement of the guardian, replaced when the list changes them;
 *  - gender, when there is no «Пол» column or it is empty, is guessed from the patronymic and the
 *    name (lvovich) and shown as guessed; a guardian's relation without «Кем приходится» comes from
 *    the column («ФИО матери») or the guardian's gender (мать / отец), shown as guessed.
 */
import { guessGender } from '../../../electron/contract/text/gender.js';
import { schoolYearOf } from '../../../electron/contract/calendar/schoolYear.js';
import type { Channel } from '../../../electron/contract/entities/documents.js';
import { internalId } from '../ids.js';
import type { Problem } from '../problems.js';
import { norm, parseChannels, parseGender, parseRelation, type Parsed } from '../values.js';
import { cellText, parseClassName, parseDateCell, parseEmail, splitFullName, tidyName, type CellValue } from './cells.js';
import { labelOf, recognizeHeader, type GuardianField, type Recognised, type Relation, type StudentField } from './headers.js';
import { normalizePhone } from './phone.js';
import type { ReadList, Sheet } from './sheet.js';

/** The ids a class list gives are namespaced as a source `spisok` would be (docs/exchange-format.md 1.1). */
export const LIST_NAMESPACE = 'spisok';

export interface ServerSchool {
  /** The school's record (name, director) when an import brought one; a class list creates it otherwise. */
  school?: { id: string; name: string } | null;
  years: Array<{ id: string; name: string; start: string; end: string }>;
  classes: Array<{ id: string; yearId: string; name: string }>;
}

export interface ColumnMapping {
  /** The spreadsheet's column letter (A, B, …, AA). */
  column: string;
  header: string;
  recognised: Recognised | null;
  /** What the preview says the column became. */
  label: string;
}

export interface SheetMapping {
  sheet: string | null;
  headerRow: number | null;
  columns: ColumnMapping[];
  /** Why the sheet is not read (no header found, empty). */
  skipped?: string;
  /** Student rows read from the sheet. */
  rows: number;
}

export interface Origin {
  /** `список.xlsx, лист «5А»` (the file and the sheet, for messages). */
  where: string;
  row: number;
}

export interface ListGuardian {
  id: string;
  relation: Relation;
  relationGuessed: boolean;
  lastName: string;
  firstName: string;
  middleName?: string;
  phone?: string;
  email?: string;
  address?: string;
  channels?: Channel[];
  origin: Origin;
}

export interface ListStudent {
  id: string;
  className: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  birthDate: string;
  gender: 'm' | 'f';
  genderGuessed: boolean;
  enrolledOn?: string;
  guardians: ListGuardian[];
  origin: Origin;
}

export interface ListClass {
  id: string;
  name: string;
  grade: number;
  letter: string;
  isNew: boolean;
  students: number;
}

/** The school's own sheet («Школа»: a field name and its value on each row), when the list has one. */
export interface ListSchool {
  name: string;
  shortName: string;
  address: string;
  phone: string;
  director: NameParts;
}

export interface Conversion {
  file: string;
  school?: ListSchool;
  mapping: SheetMapping[];
  students: ListStudent[];
  year: { id: string; name: string; start: string; end: string; isNew: boolean };
  classes: ListClass[];
  /** Template example rows left in the list, skipped (origins). */
  examplesSkipped: Origin[];
  problems: Problem[];
}

/** A, B, …, Z, AA, AB, … */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const LATIN: Record<string, string> = { А: 'a', Б: 'b', В: 'v', Г: 'g', Д: 'd', Е: 'e', Ё: 'yo', Ж: 'zh', З: 'z', И: 'i', Й: 'j', К: 'k', Л: 'l', М: 'm', Н: 'n', О: 'o', П: 'p', Р: 'r', С: 's', Т: 't', У: 'u', Ф: 'f', Х: 'h', Ц: 'c', Ч: 'ch', Ш: 'sh', Щ: 'sch', Э: 'eh', Ю: 'yu', Я: 'ya' };

/** The id of a class the list creates: `<year>.c<grade><letter in Latin>` (y2026.c5a). */
export const newClassId = (yearId: string, grade: number, letter: string) => `${yearId}.c${grade}${LATIN[letter] ?? 'x'}`;

/** The key of a person: the full name as people compare it (case, ё/е and spaces do not matter). */
const personKey = (p: { lastName: string; firstName: string; middleName?: string | undefined }) => norm([p.lastName, p.firstName, p.middleName ?? ''].join(' '));

export const studentIdOf = (p: { lastName: string; firstName: string; middleName?: string | undefined; birthDate: string }) => internalId(LIST_NAMESPACE, `student|${personKey(p)}|${p.birthDate}`)!;
export const guardianIdOf = (studentId: string, g: { lastName: string; firstName: string; middleName?: string | undefined }) => internalId(LIST_NAMESPACE, `guardian|${studentId}|${personKey(g)}`)!;
export const contactsIdOf = (guardianId: string) => internalId(LIST_NAMESPACE, `contacts|${guardianId}`)!;

/** The cell of the template's example row («пример» in its first column): skipped. */
const EXAMPLE = /^пример/i;

interface Layout {
  student: Map<StudentField, number>;
  guardians: Map<string, { relation?: Relation; fields: Map<GuardianField, number> }>;
}

function where(file: string, sheet: string | null): string {
  return sheet === null ? file : `${file}, лист «${sheet}»`;
}

/**
 * The header row of a sheet: the first of its first 15 rows with two recognised columns or more,
 * one of them the student's (a title above the list, a sheet of hints are not headers).
 */
function findHeader(sheet: Sheet): number {
  for (let i = 0; i < Math.min(15, sheet.rows.length); i++) {
    const known = sheet.rows[i]!.cells.map((c) => recognizeHeader(cellText(c))).filter((r) => r !== null);
    const fields = new Set(known.map((r) => JSON.stringify(r)));
    if (fields.size >= 2 && known.some((r) => r.target === 'student')) return i;
  }
  return -1;
}

/** The columns of a header row: what each became, the layout, the header's problems. */
function mapColumns(file: string, sheet: Sheet, headerIndex: number, problems: Problem[]): { columns: ColumnMapping[]; layout: Layout } {
  const header = sheet.rows[headerIndex]!;
  const at = where(file, sheet.name);
  const columns: ColumnMapping[] = [];
  const layout: Layout = { student: new Map(), guardians: new Map() };
  const implicit: Array<{ field: GuardianField; index: number }> = [];
  const taken = new Map<string, number>();
  const take = (key: string, index: number, header: string): boolean => {
    const first = taken.get(key);
    if (first !== undefined) {
      problems.push({ file: at, row: sheet.rows[headerIndex]!.no, column: `${columnLetter(index)} «${header}»`, message: `этот столбец значит то же, что столбец ${columnLetter(first)}: оставьте один из них или переименуйте (например, «Телефон 2» — телефон второго представителя)` });
      return false;
    }
    taken.set(key, index);
    return true;
  };
  header.cells.forEach((c, index) => {
    const text = cellText(c);
    const r = recognizeHeader(text);
    columns.push({ column: columnLetter(index), header: text, recognised: r, label: r ? labelOf(r) : text === '' ? 'пустой заголовок — не переносится' : 'не распознан — не переносится' });
    if (r?.target === 'student') {
      if (take(`s:${r.field}`, index, text)) layout.student.set(r.field, index);
    } else if (r?.target === 'guardian') {
      if (r.implicit) implicit.push({ field: r.field, index });
      else if (take(`g:${r.slot}:${r.field}`, index, text)) {
        const g = layout.guardians.get(r.slot) ?? { ...(r.relation ? { relation: r.relation } : {}), fields: new Map() };
        g.fields.set(r.field, index);
        layout.guardians.set(r.slot, g);
      }
    }
  });
  // «Телефон», «Адрес» without a guardian named: the only guardian's, or the first's («… 1», else
  // the first named in the header's order).
  if (implicit.length) {
    const named = [...layout.guardians.keys()];
    const slot = named.includes('1') ? '1' : (named[0] ?? '1');
    const g: { relation?: Relation; fields: Map<GuardianField, number> } = layout.guardians.get(slot) ?? { fields: new Map() };
    layout.guardians.set(slot, g);
    for (const { field, index } of implicit) {
      const text = columns[index]!.header;
      if (take(`g:${slot}:${field}`, index, text)) {
        g.fields.set(field, index);
        columns[index]!.recognised = { target: 'guardian', slot, ...(g.relation ? { relation: g.relation } : {}), field };
        columns[index]!.label = labelOf(columns[index]!.recognised!);
      }
    }
  }
  // A guardian without a name column: his other columns cannot be kept.
  for (const [slot, g] of layout.guardians) {
    if (g.fields.has('fullName') || (g.fields.has('lastName') && g.fields.has('firstName'))) continue;
    for (const index of g.fields.values()) columns[index]!.label = `${columns[index]!.label} — не переносится: нет столбца с ФИО этого представителя`;
    layout.guardians.delete(slot);
  }
  // Separate name columns win over a full-name column.
  if (layout.student.has('fullName') && layout.student.has('lastName') && layout.student.has('firstName')) {
    const i = layout.student.get('fullName')!;
    columns[i]!.label = 'ФИО ученика — не переносится: есть отдельные столбцы фамилии и имени';
    layout.student.delete('fullName');
  }
  return { columns, layout };
}

type NameParts = { lastName: string; firstName: string; middleName?: string };

/** A sheet of the school's details: named «Школа» («Сведения о школе», «Организация»…). */
export const isSchoolSheet = (name: string | null) => name !== null && /школ|организац|учрежден/i.test(name) && parseClassName(name).ok === false;

/** The rows of the school's sheet: «Полное наименование», «Краткое наименование», «Адрес», «Телефон», «Директор (ФИО)». */
function readSchoolSheet(file: string, sheet: Sheet, problems: Problem[]): ListSchool | undefined {
  const at = where(file, sheet.name);
  const values = new Map<string, { text: string; row: number }>();
  for (const row of sheet.rows) {
    const label = norm(cellText(row.cells[0] ?? null));
    const text = cellText(row.cells[1] ?? null);
    if (text === '') continue;
    const key = /кратк|сокращ/.test(label) ? 'shortName' : /наименовани|название/.test(label) ? 'name' : /адрес/.test(label) ? 'address' : /телефон/.test(label) ? 'phone' : /директор|руководител/.test(label) ? 'director' : null;
    if (key) values.set(key, { text, row: row.no });
  }
  if (values.size === 0) return undefined;
  const fail = (row: number | undefined, message: string) => problems.push({ file: at, ...(row !== undefined ? { row, column: 'B' } : {}), message });
  const name = values.get('name')?.text ?? values.get('shortName')?.text;
  if (!name) fail(undefined, 'нет строки «Полное наименование»: напишите наименование школы во втором столбце');
  const d = values.get('director');
  const director = d ? splitFullName(d.text) : null;
  if (!d) fail(undefined, 'нет строки «Директор (ФИО)»: ФИО директора печатается в шапке заявлений');
  else if (!director!.ok) fail(d.row, director!.message);
  const phone = values.get('phone');
  const normalized = phone ? normalizePhone(phone.text) : null;
  if (phone && !normalized!.ok) fail(phone.row, normalized!.message);
  for (const [k, max] of [['name', 300], ['shortName', 120], ['address', 300]] as const) {
    const v = values.get(k);
    if (v && v.text.length > max) fail(v.row, `текст длиннее ${max} символов: сократите его`);
  }
  if (!name || !director?.ok || (normalized && !normalized.ok)) return undefined;
  return { name, shortName: values.get('shortName')?.text ?? name, address: values.get('address')?.text ?? '', phone: normalized?.ok ? normalized.value : '', director: director.value };
}

function readName(cells: CellValue[], m: Map<string, number>, fail: (index: number, message: string) => undefined): NameParts | null | undefined {
  const cell = (f: string) => (m.has(f) ? cellText(cells[m.get(f)!] ?? null) : '');
  if (m.has('fullName')) {
    const s = cell('fullName');
    if (s === '') return null;
    const r = splitFullName(s);
    if (!r.ok) return fail(m.get('fullName')!, r.message);
    return r.value;
  }
  const [last, first, middle] = [cell('lastName'), cell('firstName'), cell('middleName')];
  if (last === '' && first === '' && middle === '') return null;
  if (last === '') return fail(m.get('lastName')!, 'нет фамилии: заполните ячейку');
  if (first === '') return fail(m.get('firstName')!, 'нет имени: заполните ячейку');
  return { lastName: tidyName(last), firstName: tidyName(first), ...(middle ? { middleName: tidyName(middle) } : {}) };
}

const lengthProblem = (n: NameParts): string | null => ([n.lastName, n.firstName, n.middleName ?? ''].some((p) => p.length > 60) ? 'часть ФИО длиннее 60 символов: проверьте ячейку' : null);

/** Reads a class list into students with their guardians. */
export function convertClassList(list: ReadList, server: ServerSchool, today: Date): Conversion {
  const problems: Problem[] = [];
  const mapping: SheetMapping[] = [];
  const students = new Map<string, ListStudent>();
  const examplesSkipped: Origin[] = [];

  let anyHeader = false;
  let school: ListSchool | undefined;
  for (const sheet of list.sheets) {
    const at = where(list.file, sheet.name);
    if (isSchoolSheet(sheet.name) && findHeader(sheet) < 0) {
      school = readSchoolSheet(list.file, sheet, problems);
      mapping.push({ sheet: sheet.name, headerRow: null, columns: [], skipped: school ? 'сведения о школе (наименование, адрес, директор)' : 'сведения о школе не заполнены', rows: 0 });
      continue;
    }
    if (sheet.rows.length === 0) {
      mapping.push({ sheet: sheet.name, headerRow: null, columns: [], skipped: 'пустой лист', rows: 0 });
      continue;
    }
    const h = findHeader(sheet);
    if (h < 0) {
      mapping.push({ sheet: sheet.name, headerRow: null, columns: [], skipped: 'нет строки заголовков списка (ФИО, дата рождения, класс…)', rows: 0 });
      continue;
    }
    anyHeader = true;
    const sheetProblems: Problem[] = [];
    const { columns, layout } = mapColumns(list.file, sheet, h, sheetProblems);
    const sm: SheetMapping = { sheet: sheet.name, headerRow: sheet.rows[h]!.no, columns, rows: 0 };
    mapping.push(sm);
    const headerRow = sheet.rows[h]!.no;
    const s = layout.student;
    if (!s.has('fullName') && !(s.has('lastName') && s.has('firstName'))) {
      sheetProblems.push({ file: at, row: headerRow, message: 'нет столбца с ФИО ученика: добавьте столбец «ФИО» (фамилия, имя, отчество в одной ячейке) или столбцы «Фамилия», «Имя», «Отчество»' });
    }
    if (!s.has('birthDate')) sheetProblems.push({ file: at, row: headerRow, message: 'нет столбца «Дата рождения»: добавьте его (ДД.ММ.ГГГГ) — по ФИО и дате рождения программа узнаёт ученика при следующей загрузке' });
    const sheetClass = sheet.name !== null ? parseClassName(sheet.name) : null;
    if (!s.has('className') && !sheetClass?.ok) {
      sheetProblems.push({ file: at, row: headerRow, message: `нет столбца «Класс»${sheet.name !== null ? ', и название листа — не класс' : ''}: добавьте столбец «Класс» (например, 5А)${sheet.name !== null ? ' или назовите лист по классу' : ''}` });
    }
    problems.push(...sheetProblems);
    if (sheetProblems.length) continue;

    for (const row of sheet.rows.slice(h + 1)) {
      const origin: Origin = { where: at, row: row.no };
      const rowProblems: Problem[] = [];
      const fail = (index: number, message: string): undefined => {
        rowProblems.push({ file: at, row: row.no, column: `${columnLetter(index)} «${columns[index]?.header ?? ''}»`, message });
        return undefined;
      };
      const cell = (index: number | undefined): CellValue => (index === undefined ? null : (row.cells[index] ?? null));
      const text = (index: number | undefined) => cellText(cell(index));
      if (EXAMPLE.test(text(0))) {
        examplesSkipped.push(origin);
        continue;
      }
      const name = readName(row.cells, s as Map<string, number>, fail);
      if (name === null) {
        // A row with no student's name: blank, or a note under the list; with other data — a problem.
        const other = [...s.values()].some((i) => text(i) !== '') || [...layout.guardians.values()].some((g) => [...g.fields.values()].some((i) => text(i) !== ''));
        if (other) fail(s.get('fullName') ?? s.get('lastName')!, 'нет ФИО ученика, а другие ячейки строки заполнены: заполните ФИО или удалите строку');
        problems.push(...rowProblems);
        continue;
      }
      if (name) {
        const long = lengthProblem(name);
        if (long) fail(s.get('fullName') ?? s.get('lastName')!, long);
      }
      const bd = text(s.get('birthDate')) === '' ? fail(s.get('birthDate')!, 'нет даты рождения: напишите её как ДД.ММ.ГГГГ') : get(parseDateCell(cell(s.get('birthDate'))), s.get('birthDate')!, fail);
      if (bd && (bd > today.toISOString().slice(0, 10) || bd < '1990-01-01')) fail(s.get('birthDate')!, `дата рождения ${bd.split('-').reverse().join('.')} не может быть у ученика школы: проверьте год`);
      let cls: { grade: number; letter: string; name: string } | undefined;
      if (s.has('className') && text(s.get('className')) !== '') cls = get(parseClassName(text(s.get('className'))), s.get('className')!, fail);
      else if (sheetClass?.ok) cls = sheetClass.value;
      else fail(s.get('className')!, 'класс не указан: напишите класс, например 5А');
      let gender: 'm' | 'f' | undefined;
      let genderGuessed = false;
      if (s.has('gender') && text(s.get('gender')) !== '') gender = get(parseGender(text(s.get('gender'))), s.get('gender')!, fail);
      else if (name) {
        gender = guessGender(name) ?? undefined;
        genderGuessed = true;
        if (!gender) fail(s.get('gender') ?? s.get('fullName') ?? s.get('lastName')!, s.has('gender') ? 'пол не указан, а по ФИО его не понять: напишите «м» или «ж»' : 'по ФИО не понять пол ученика: добавьте столбец «Пол» (м или ж)');
      }
      const enrolledOn = s.has('enrolledOn') && text(s.get('enrolledOn')) !== '' ? get(parseDateCell(cell(s.get('enrolledOn'))), s.get('enrolledOn')!, fail) : undefined;

      const guardians: ListGuardian[] = [];
      for (const [slot, g] of layout.guardians) {
        const f = g.fields as Map<string, number>;
        const gname = readName(row.cells, f, fail);
        const contactCells = (['phone', 'email', 'address', 'relation', 'channels'] as const).filter((k) => f.has(k) && text(f.get(k)) !== '');
        if (gname === null) {
          if (contactCells.length) fail(f.get(contactCells[0]!)!, `заполнено «${columns[f.get(contactCells[0]!)!]!.header}», а ФИО представителя нет: напишите ФИО представителя или очистите ячейку`);
          continue;
        }
        if (!gname) continue;
        const long = lengthProblem(gname);
        if (long) fail(f.get('fullName') ?? f.get('lastName')!, long);
        let relation: Relation | undefined;
        let relationGuessed = false;
        if (f.has('relation') && text(f.get('relation')) !== '') relation = get(parseRelationCell(text(f.get('relation'))), f.get('relation')!, fail);
        else if (g.relation) relation = g.relation;
        else {
          const gg = guessGender(gname);
          relation = gg === 'f' ? 'мать' : gg === 'm' ? 'отец' : undefined;
          relationGuessed = true;
          if (!relation) fail(f.get('relation') ?? f.get('fullName') ?? f.get('lastName')!, `не указано, кем представитель ${slot === '1' ? '' : `${slot} `}приходится ученику: добавьте столбец «Кем приходится» (мать, отец, опекун, …)`);
        }
        const phone = f.has('phone') && text(f.get('phone')) !== '' ? get(normalizePhone(text(f.get('phone'))), f.get('phone')!, fail) : undefined;
        const email = f.has('email') && text(f.get('email')) !== '' ? get(parseEmail(text(f.get('email'))), f.get('email')!, fail) : undefined;
        const address = f.has('address') && text(f.get('address')) !== '' ? text(f.get('address')) : undefined;
        if (address && address.length > 300) fail(f.get('address')!, 'адрес длиннее 300 символов: сократите его');
        const channels = f.has('channels') && text(f.get('channels')) !== '' ? get(parseChannels(text(f.get('channels'))), f.get('channels')!, fail) : undefined;
        if (relation) {
          guardians.push({
            id: '',
            relation,
            relationGuessed,
            ...gname,
            ...(phone ? { phone } : {}),
            ...(email ? { email } : {}),
            ...(address ? { address } : {}),
            ...(channels ? { channels } : {}),
            origin,
          });
        }
      }
      if (rowProblems.length || !name || !bd || !cls || !gender) {
        problems.push(...rowProblems);
        continue;
      }
      const id = studentIdOf({ ...name, birthDate: bd });
      for (const g of guardians) g.id = guardianIdOf(id, g);
      const before = students.get(id);
      if (before) {
        // The same student again: more guardians on a repeated row, or a duplicate.
        const nameCol = s.get('fullName') ?? s.get('lastName')!;
        if (before.className !== cls.name) {
          problems.push({ file: at, row: row.no, column: `${columnLetter(nameCol)} «${columns[nameCol]!.header}»`, message: `повтор ученика: тот же ученик (ФИО и дата рождения) уже есть в ${before.origin.where === at ? '' : `${before.origin.where}, `}строке ${before.origin.row} в классе ${before.className}: ученик бывает в одном классе — удалите лишнюю строку` });
          continue;
        }
        const fresh = guardians.filter((g) => !before.guardians.some((b) => b.id === g.id));
        if (fresh.length === 0) {
          problems.push({ file: at, row: row.no, column: `${columnLetter(nameCol)} «${columns[nameCol]!.header}»`, message: `повтор ученика: тот же ученик уже есть в ${before.origin.where === at ? '' : `${before.origin.where}, `}строке ${before.origin.row}, а новых представителей в этой строке нет: удалите повтор` });
          continue;
        }
        before.guardians.push(...fresh);
        continue;
      }
      sm.rows++;
      students.set(id, { id, className: cls.name, ...name, birthDate: bd, gender, genderGuessed, ...(enrolledOn ? { enrolledOn } : {}), guardians, origin });
    }
  }
  if (!anyHeader) {
    const empty = list.sheets.every((sh) => sh.rows.length === 0);
    problems.push({
      file: list.file,
      message: empty
        ? `${list.sheets.length > 1 ? 'все листы пустые' : 'лист пустой'}: в файле нет ни одной строки — заполните шаблон docs/templates/список-классов.xlsx`
        : 'не найдена строка заголовков списка: в первой строке списка нужны названия столбцов — «ФИО» (или «Фамилия», «Имя», «Отчество»), «Дата рождения», «Класс» (см. шаблон docs/templates/список-классов.xlsx)',
    });
  } else if (students.size === 0 && problems.length === 0) {
    problems.push({ file: list.file, message: 'в списке нет ни одного ученика: под строкой заголовков нет заполненных строк' });
  }

  // The year and the classes.
  const day = today.toISOString().slice(0, 10);
  const existingYear = server.years.filter((y) => y.start <= day && day <= y.end).sort((a, b) => b.start.localeCompare(a.start))[0];
  const y = schoolYearOf(today);
  const year = existingYear ? { ...existingYear, isNew: false } : { id: y.id, name: `${y.name} учебный год`, start: y.start, end: y.end, isNew: true };
  const classes = new Map<string, ListClass>();
  for (const st of students.values()) {
    let c = classes.get(st.className);
    if (!c) {
      const parsed = parseClassName(st.className);
      const { grade, letter } = parsed.ok ? parsed.value : { grade: 0, letter: '' };
      const existing = server.classes.find((x) => x.yearId === year.id && norm(x.name).replace(/[\s"«»-]/g, '') === norm(st.className));
      c = { id: existing?.id ?? newClassId(year.id, grade, letter), name: st.className, grade, letter, isNew: !existing, students: 0 };
      classes.set(st.className, c);
    }
    c.students++;
  }
  return {
    file: list.file,
    ...(school ? { school } : {}),
    mapping,
    students: [...students.values()],
    year,
    classes: [...classes.values()].sort((a, b) => a.grade - b.grade || a.letter.localeCompare(b.letter, 'ru')),
    examplesSkipped,
    problems,
  };
}

function get<T>(r: Parsed<T>, index: number, fail: (index: number, message: string) => void): T | undefined {
  if (r.ok) return r.value;
  fail(index, r.message);
  return undefined;
}

/** «Кем приходится» as schools write it: мать / мама, отец / папа, опекун(ша), бабушка, законный представитель…. */
function parseRelationCell(cell: string): Parsed<Relation> {
  const s = norm(cell);
  const extra: Record<string, Relation> = { опекунша: 'опекун', опекун: 'опекун', 'приемная мать': 'опекун', 'приемный отец': 'опекун', бабуля: 'бабушка', дед: 'дедушка' };
  return extra[s] ? { ok: true, value: extra[s] } : parseRelation(cell);
}
