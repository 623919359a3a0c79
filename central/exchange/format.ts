/**
 * The exchange format, version 1 (docs/exchange-format.md is its Russian description): one CSV
 * file per kind, its columns, how a row becomes an entity of the central server (import) and how an
 * entity becomes a row again (export). The two directions sit side by side so that they cannot
 * drift apart; the round-trip test holds them to it.
 */
import type { z } from 'zod';
import { FinalMarkEntry, Attendance, Lesson, Mark } from '../../electron/contract/entities/journal.js';
import { DiaryView, Guardian, Recommendation, Student } from '../../electron/contract/entities/people.js';
import { CurriculumItem, Holiday, Period, PlannedTest, School, SchoolClass, Subject, Teacher, TimetableChange, TimetableSlot, Year } from '../../electron/contract/entities/school.js';
import { RegistryDocument } from '../../electron/contract/entities/documents.js';
import { LESSON_TYPES, type LessonType } from '../../electron/contract/entities/common.js';
import type { EntityKind } from '../../electron/contract/sync/kinds.js';
import * as V from './values.js';
import type { Problem } from './problems.js';

export type Entity = Record<string, unknown>;

export const FORMAT_VERSION = '1';

/** What a row needs from the rest of the import: the source's ids, the time zone, defaults. */
export interface RowContext {
  source: string;
  tz: string;
  /** The export's moment (manifest `exported_at`): the default of registration moments. */
  exportedAt: string;
  /** The internal id of a source id (null: it cannot be one; the row reports it). */
  id(raw: string): string | null;
}

/** References a row makes to other entities: checked against the export and the server. */
export type Ref = { column: string; kind: EntityKind; id: string; raw: string };

export interface RowResult {
  kind: EntityKind;
  data: Entity;
  refs: Ref[];
  /** Marks that are not marks of the journal (special marks): counted, not imported. */
  skipped?: string;
}

/** One row being read: its cells by column, and the problems found in it. */
export class Row {
  readonly problems: Problem[] = [];
  constructor(
    readonly file: string,
    readonly no: number,
    private readonly cells: string[],
    private readonly index: Map<string, number>,
    readonly ctx: RowContext,
  ) {}

  private report(column: string, message: string): undefined {
    this.problems.push({ file: this.file, row: this.no, column, message });
    return undefined;
  }

  problem(column: string, message: string): void {
    this.report(column, message);
  }

  /** The cell, trimmed ('' when the column is absent). */
  cell(column: string): string {
    const i = this.index.get(column);
    return i === undefined ? '' : (this.cells[i] ?? '');
  }

  has(column: string): boolean {
    return this.cell(column) !== '';
  }

  /** A required text; `allowEmpty` for texts that may be empty but the column must be there. */
  text(column: string, opts: { max?: number; allowEmpty?: boolean } = {}): string | undefined {
    const v = this.cell(column);
    if (v === '' && !opts.allowEmpty) return this.report(column, 'пустая ячейка: заполните её');
    if (opts.max !== undefined && v.length > opts.max) return this.report(column, `текст длиннее ${opts.max} символов: сократите его`);
    return v;
  }

  /** An optional text: undefined when empty. */
  optText(column: string, max?: number): string | undefined {
    return this.has(column) ? this.text(column, max !== undefined ? { max } : {}) : undefined;
  }

  id(column: string): string | undefined {
    const raw = this.cell(column);
    if (raw === '') return this.report(column, 'пустой идентификатор: у каждой строки должен быть идентификатор источника');
    const id = this.ctx.id(raw);
    if (id === null) return this.report(column, `«${raw.slice(0, 70)}» не годится как идентификатор этой системы (латинские буквы, цифры, . _ : -, до 64 знаков); у выгрузки другого источника укажите его код в manifest.csv (source)`);
    return id;
  }

  optId(column: string): string | undefined {
    return this.has(column) ? this.id(column) : undefined;
  }

  /** A reference to another entity: its internal id, recorded for the cross-check. */
  ref(column: string, kind: EntityKind, refs: Ref[]): string | undefined {
    const id = this.id(column);
    if (id !== undefined) refs.push({ column, kind, id, raw: this.cell(column) });
    return id;
  }

  optRef(column: string, kind: EntityKind, refs: Ref[]): string | undefined {
    return this.has(column) ? this.ref(column, kind, refs) : undefined;
  }

  value<T>(column: string, parse: (s: string) => V.Parsed<T>): T | undefined {
    const r = parse(this.cell(column));
    return r.ok ? r.value : this.report(column, r.message);
  }

  opt<T>(column: string, parse: (s: string) => V.Parsed<T>): T | undefined {
    return this.has(column) ? this.value(column, parse) : undefined;
  }

  date(column: string): string | undefined {
    return this.value(column, V.parseDate);
  }

  optDate(column: string): string | undefined {
    return this.opt(column, V.parseDate);
  }

  moment(column: string): string | undefined {
    return this.value(column, (s) => V.parseMoment(s, this.ctx.tz));
  }

  optMoment(column: string): string | undefined {
    return this.opt(column, (s) => V.parseMoment(s, this.ctx.tz));
  }

  int(column: string, min: number, max: number): number | undefined {
    return this.value(column, (s) => V.parseInt(s, min, max));
  }
}

/** Drops undefined properties (an empty optional cell is an absent field). */
export function compact<T extends Entity>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
  return o;
}

export interface Column {
  name: string;
  /** Must be in the header. */
  required: boolean;
  /** Russian description for the format document. */
  doc: string;
}

const col = (name: string, doc: string, required = true): Column => ({ name, doc, required });

/** How the entities of a file find their partition (the server's part key). */
export type Placement = 'school' | 'student-class' | 'class' | 'lesson';

export interface FileSpec {
  file: string;
  kind: EntityKind;
  title: string;
  columns: Column[];
  placement: Placement;
  /** Entities of the kind that belong to this file (contacts.csv and documents.csv share `document`). */
  owns?(data: Entity): boolean;
  /** The date by which a period of a complete export selects entities; absent: no period possible. */
  dateOf?(data: Entity, lessonDate: (lessonId: string) => string | undefined): string | undefined;
  /** The contract schema the entity must satisfy, and the column of each field for its messages. */
  schema: z.ZodType;
  fields: Record<string, string>;
  read(row: Row): RowResult | undefined;
  /** The row of an entity (for an export); `part` is the entity's partition. */
  write(data: Entity, part: string): Record<string, string>;
}

const s = (v: unknown) => (v === undefined || v === null ? '' : String(v));
const classOfPart = (part: string) => part.split('/').pop()!;

const nameCols = (prefix = '') => [col(`${prefix}last_name`, 'фамилия'), col(`${prefix}first_name`, 'имя'), col(`${prefix}middle_name`, 'отчество (если есть)', false)];
const nameFields = (prefix = '') => ({ lastName: `${prefix}last_name`, firstName: `${prefix}first_name`, middleName: `${prefix}middle_name` });
function readName(row: Row, prefix = ''): { lastName?: string; firstName?: string; middleName?: string } {
  return compact({ lastName: row.text(`${prefix}last_name`, { max: 60 }), firstName: row.text(`${prefix}first_name`, { max: 60 }), middleName: row.optText(`${prefix}middle_name`, 60) });
}
const writeName = (n: Entity, prefix = '') => ({ [`${prefix}last_name`]: s(n.lastName), [`${prefix}first_name`]: s(n.firstName), [`${prefix}middle_name`]: s(n.middleName) });

const SCHEME_RU = { quarters: 'четверти', trimesters: 'триместры', halves: 'полугодия' } as const;
const CHANGE_RU = { substitution: 'замена', moved: 'перенос', cancelled: 'отмена' } as const;

/** `контрольная:4 лабораторная:2` — planned lessons of particular types. */
function parseTypesPlan(cell: string): V.Parsed<Partial<Record<LessonType, number>>> {
  const out: Partial<Record<LessonType, number>> = {};
  for (const part of cell.split(/[\s,|]+/).filter(Boolean)) {
    const m = /^([^:=]+)[:=](\d+)$/.exec(part);
    const t = m ? V.parseLessonType(m[1]!) : null;
    if (!m || !t || !t.ok) return { ok: false, message: `«${part}»: напишите тип урока и число через двоеточие, например «контрольная:4 лабораторная:2» (типы: ${LESSON_TYPES.join(', ')})` };
    out[t.value] = Number(m[2]);
  }
  return { ok: true, value: out };
}
const writeTypesPlan = (p: unknown) =>
  p && typeof p === 'object'
    ? Object.entries(p as Record<string, number>)
        .map(([k, v]) => `${k}:${v}`)
        .join(' ')
    : '';

const periodIdRe = /^(year|exam|final):(.+)$/;

// ---------------------------------------------------------------- documents (contacts.csv, documents.csv)

const DOC_COLUMNS: Column[] = [
  col('id', 'идентификатор документа в источнике'),
  col('student_id', 'ученик (id из students.csv)'),
  col('kind', 'вид: pd_consent (согласие), pd_nonconsent (несогласие), refusal (отказ от электронной формы), annulment (аннулирование отказа), student_application (заявление обучающегося 14+), contacts (контактные данные), void (отзыв ошибочного)'),
  col('signer_kind', 'кто подписал: guardian (представитель), student (сам ученик), staff (сотрудник — для void); по умолчанию guardian', false),
  col('signer_id', 'id подписавшего (представителя из guardians.csv, ученика или сотрудника)'),
  col('signed_on', 'дата на бумаге'),
  col('registered_at', 'когда зарегистрирован (по умолчанию — момент выгрузки)', false),
  col('registered_by', 'кто зарегистрировал (id пользователя; по умолчанию — код источника)', false),
  col('hlc', 'метка часов рабочего места (из выгрузки этой системы; по умолчанию строится из registered_at)', false),
  col('workstation_id', 'рабочее место (по умолчанию — код источника)', false),
  col('note', 'примечание', false),
  col('scan_sha256', 'SHA-256 скана (если есть)', false),
  col('scan_mime', 'тип скана: application/pdf, image/jpeg, image/png', false),
  col('scan_size', 'размер скана в байтах', false),
  col('text', 'refusal: текст заявления', false),
  col('refusal_id', 'annulment: id аннулируемого отказа', false),
  col('passport_series', 'student_application: серия паспорта (4 цифры)', false),
  col('passport_number', 'student_application: номер паспорта (6 цифр)', false),
  col('passport_issued_on', 'student_application: дата выдачи паспорта', false),
  col('own_consent', 'student_application: согласие самого обучающегося (да/нет)', false),
  col('phone', 'contacts: телефон', false),
  col('email', 'contacts: e-mail', false),
  col('channels', 'contacts: способы получения информации: sms, email, paper (через пробел)', false),
  col('source', 'contacts: written (письменное заявление) или edoc (электронный документ)', false),
  col('target_id', 'void: id отзываемого документа', false),
  col('reason', 'void: причина отзыва', false),
];

function readDocument(row: Row, fixedKind?: 'contacts'): RowResult | undefined {
  const refs: Ref[] = [];
  const kind = fixedKind && !row.has('kind') ? fixedKind : row.value('kind', (c) => {
    const k = c.trim();
    return (['pd_consent', 'pd_nonconsent', 'refusal', 'annulment', 'student_application', 'contacts', 'void'] as const).includes(k as never)
      ? { ok: true, value: k }
      : { ok: false, message: `«${k}»: вид документа — pd_consent, pd_nonconsent, refusal, annulment, student_application, contacts или void` };
  });
  if (fixedKind && kind !== undefined && kind !== fixedKind) row.problem('kind', 'в contacts.csv — только документы вида contacts; другие виды — в documents.csv');
  const studentId = row.ref('student_id', 'student', refs);
  const signerKind = row.has('signer_kind') ? row.value('signer_kind', (c) => (['guardian', 'student', 'staff'].includes(c.trim()) ? { ok: true, value: c.trim() } : { ok: false, message: 'напишите guardian, student или staff' })) : 'guardian';
  const signerId = signerKind === 'guardian' ? row.ref('signer_id', 'guardian', refs) : signerKind === 'student' ? row.ref('signer_id', 'student', refs) : row.id('signer_id');
  const registeredAt = row.has('registered_at') ? row.moment('registered_at') : row.ctx.exportedAt;
  const workstationId = row.has('workstation_id') ? row.id('workstation_id') : row.ctx.source;
  const data: Entity = {
    id: row.id('id'),
    studentId,
    signerKind,
    signerId,
    signedOn: row.date('signed_on'),
    registeredAt,
    registeredBy: row.has('registered_by') ? row.id('registered_by') : row.ctx.source,
    hlc: row.has('hlc') ? row.cell('hlc') : `${registeredAt}-0000-${workstationId}`,
    workstationId,
    note: row.optText('note', 500),
    kind,
  };
  if (row.has('scan_sha256')) data.scan = { sha256: row.cell('scan_sha256').toLowerCase(), mime: row.cell('scan_mime'), size: row.int('scan_size', 1, 2 ** 31) };
  switch (kind) {
    case 'refusal':
      data.text = row.text('text', { max: 5000, allowEmpty: true });
      break;
    case 'annulment':
      data.refusalId = row.ref('refusal_id', 'document', refs);
      break;
    case 'student_application':
      data.passport = { series: row.text('passport_series'), number: row.text('passport_number'), issuedOn: row.date('passport_issued_on') };
      data.ownConsent = row.value('own_consent', V.parseBool);
      break;
    case 'contacts':
      data.phone = row.optText('phone', 30);
      data.email = row.optText('email', 120);
      data.channels = row.value('channels', V.parseChannels);
      data.source = row.value('source', V.parseContactSource);
      break;
    case 'void':
      data.targetId = row.ref('target_id', 'document', refs);
      data.reason = row.text('reason', { max: 500 });
      break;
  }
  return { kind: 'document', data: compact(data), refs };
}

function writeDocument(d: Entity): Record<string, string> {
  const scan = d.scan as Entity | undefined;
  const pass = d.passport as Entity | undefined;
  return {
    id: s(d.id),
    student_id: s(d.studentId),
    kind: s(d.kind),
    signer_kind: s(d.signerKind),
    signer_id: s(d.signerId),
    signed_on: s(d.signedOn),
    registered_at: s(d.registeredAt),
    registered_by: s(d.registeredBy),
    hlc: s(d.hlc),
    workstation_id: s(d.workstationId),
    note: s(d.note),
    scan_sha256: s(scan?.sha256),
    scan_mime: s(scan?.mime),
    scan_size: s(scan?.size),
    text: s(d.text),
    refusal_id: s(d.refusalId),
    passport_series: s(pass?.series),
    passport_number: s(pass?.number),
    passport_issued_on: s(pass?.issuedOn),
    own_consent: d.ownConsent === undefined ? '' : d.ownConsent ? 'да' : 'нет',
    phone: s(d.phone),
    email: s(d.email),
    channels: Array.isArray(d.channels) ? d.channels.join(' ') : '',
    source: s(d.source),
    target_id: s(d.targetId),
    reason: s(d.reason),
  };
}

const DOC_FIELDS = {
  id: 'id',
  studentId: 'student_id',
  kind: 'kind',
  signerKind: 'signer_kind',
  signerId: 'signer_id',
  signedOn: 'signed_on',
  registeredAt: 'registered_at',
  registeredBy: 'registered_by',
  hlc: 'hlc',
  workstationId: 'workstation_id',
  note: 'note',
  'scan.sha256': 'scan_sha256',
  'scan.mime': 'scan_mime',
  'scan.size': 'scan_size',
  text: 'text',
  refusalId: 'refusal_id',
  'passport.series': 'passport_series',
  'passport.number': 'passport_number',
  'passport.issuedOn': 'passport_issued_on',
  ownConsent: 'own_consent',
  phone: 'phone',
  email: 'email',
  channels: 'channels',
  source: 'source',
  targetId: 'target_id',
  reason: 'reason',
};

// ---------------------------------------------------------------- the files

export const MANIFEST_FILE = 'manifest.csv';

export const FILES: FileSpec[] = [
  {
    file: 'school.csv',
    kind: 'school',
    title: 'школа',
    placement: 'school',
    columns: [col('id', 'идентификатор школы в источнике'), col('name', 'полное наименование'), col('short_name', 'краткое наименование'), col('address', 'адрес', false), col('phone', 'телефон', false), ...nameCols('director_')],
    schema: School,
    fields: { id: 'id', name: 'name', shortName: 'short_name', address: 'address', phone: 'phone', 'director.lastName': 'director_last_name', 'director.firstName': 'director_first_name', 'director.middleName': 'director_middle_name' },
    read: (row) => ({
      kind: 'school',
      refs: [],
      data: { id: row.id('id'), name: row.text('name', { max: 300 }), shortName: row.text('short_name', { max: 120 }), address: row.cell('address'), phone: row.cell('phone'), director: readName(row, 'director_') },
    }),
    write: (d) => ({ id: s(d.id), name: s(d.name), short_name: s(d.shortName), address: s(d.address), phone: s(d.phone), ...writeName((d.director ?? {}) as Entity, 'director_') }),
  },
  {
    file: 'years.csv',
    kind: 'year',
    title: 'учебные годы',
    placement: 'school',
    columns: [col('id', 'идентификатор учебного года'), col('name', 'название, например «2026/2027 учебный год»'), col('start', 'первый день'), col('end', 'последний день')],
    schema: Year,
    fields: { id: 'id', name: 'name', start: 'start', end: 'end' },
    read: (row) => ({ kind: 'year', refs: [], data: { id: row.id('id'), name: row.text('name', { max: 100 }), start: row.date('start'), end: row.date('end') } }),
    write: (d) => ({ id: s(d.id), name: s(d.name), start: s(d.start), end: s(d.end) }),
  },
  {
    file: 'periods.csv',
    kind: 'period',
    title: 'учебные периоды',
    placement: 'school',
    columns: [col('id', 'идентификатор периода'), col('year_id', 'учебный год (id из years.csv)'), col('scheme', 'четверти, триместры или полугодия'), col('index', 'номер периода в году (1–4)'), col('name', 'название, например «1 четверть»'), col('start', 'первый день'), col('end', 'последний день')],
    schema: Period,
    fields: { id: 'id', yearId: 'year_id', scheme: 'scheme', index: 'index', name: 'name', start: 'start', end: 'end' },
    read: (row) => {
      const refs: Ref[] = [];
      return { kind: 'period', refs, data: { id: row.id('id'), yearId: row.ref('year_id', 'year', refs), scheme: row.value('scheme', V.parseScheme), index: row.int('index', 1, 4), name: row.text('name', { max: 100 }), start: row.date('start'), end: row.date('end') } };
    },
    write: (d) => ({ id: s(d.id), year_id: s(d.yearId), scheme: SCHEME_RU[d.scheme as keyof typeof SCHEME_RU] ?? s(d.scheme), index: s(d.index), name: s(d.name), start: s(d.start), end: s(d.end) }),
  },
  {
    file: 'holidays.csv',
    kind: 'holiday',
    title: 'каникулы',
    placement: 'school',
    columns: [col('id', 'идентификатор'), col('name', 'название'), col('start', 'первый день'), col('end', 'последний день')],
    schema: Holiday,
    fields: { id: 'id', name: 'name', start: 'start', end: 'end' },
    dateOf: (d) => s(d.start),
    read: (row) => ({ kind: 'holiday', refs: [], data: { id: row.id('id'), name: row.text('name', { max: 100 }), start: row.date('start'), end: row.date('end') } }),
    write: (d) => ({ id: s(d.id), name: s(d.name), start: s(d.start), end: s(d.end) }),
  },
  {
    file: 'teachers.csv',
    kind: 'teacher',
    title: 'учителя',
    placement: 'school',
    columns: [col('id', 'идентификатор учителя'), ...nameCols(), col('position', 'должность', false)],
    schema: Teacher,
    fields: { id: 'id', ...nameFields(), position: 'position' },
    read: (row) => ({ kind: 'teacher', refs: [], data: compact({ id: row.id('id'), ...readName(row), position: row.optText('position', 100) }) }),
    write: (d) => ({ id: s(d.id), ...writeName(d), position: s(d.position) }),
  },
  {
    file: 'subjects.csv',
    kind: 'subject',
    title: 'предметы',
    placement: 'school',
    columns: [col('id', 'идентификатор предмета'), col('name', 'название'), col('short_name', 'краткое название (по умолчанию — как название)', false)],
    schema: Subject,
    fields: { id: 'id', name: 'name', shortName: 'short_name' },
    read: (row) => ({ kind: 'subject', refs: [], data: { id: row.id('id'), name: row.text('name', { max: 200 }), shortName: row.has('short_name') ? row.text('short_name', { max: 60 }) : row.cell('name') } }),
    write: (d) => ({ id: s(d.id), name: s(d.name), short_name: s(d.shortName) }),
  },
  {
    file: 'classes.csv',
    kind: 'class',
    title: 'классы',
    placement: 'school',
    columns: [col('id', 'идентификатор класса'), col('year_id', 'учебный год (id из years.csv)'), col('grade', 'параллель (1–11)'), col('letter', 'литера (А, Б, …)'), col('name', 'название, например «5А»'), col('class_teacher_id', 'классный руководитель (id из teachers.csv)', false), col('period_scheme', 'четверти, триместры или полугодия')],
    schema: SchoolClass,
    fields: { id: 'id', yearId: 'year_id', grade: 'grade', letter: 'letter', name: 'name', classTeacherId: 'class_teacher_id', periodScheme: 'period_scheme' },
    read: (row) => {
      const refs: Ref[] = [];
      return {
        kind: 'class',
        refs,
        data: compact({ id: row.id('id'), yearId: row.ref('year_id', 'year', refs), grade: row.int('grade', 1, 11), letter: row.text('letter', { max: 3 }), name: row.text('name', { max: 20 }), classTeacherId: row.optRef('class_teacher_id', 'teacher', refs), periodScheme: row.value('period_scheme', V.parseScheme) }),
      };
    },
    write: (d) => ({ id: s(d.id), year_id: s(d.yearId), grade: s(d.grade), letter: s(d.letter), name: s(d.name), class_teacher_id: s(d.classTeacherId), period_scheme: SCHEME_RU[d.periodScheme as keyof typeof SCHEME_RU] ?? s(d.periodScheme) }),
  },
  {
    file: 'curriculum.csv',
    kind: 'curriculum',
    title: 'учебный план',
    placement: 'school',
    columns: [col('class_id', 'класс (id из classes.csv)'), col('subject_id', 'предмет (id из subjects.csv)'), col('teacher_id', 'учитель (id из teachers.csv)'), col('hours_per_year', 'часов в год'), col('types_plan', 'запланированные уроки особых типов, например «контрольная:4 лабораторная:2»', false)],
    schema: CurriculumItem,
    fields: { classId: 'class_id', subjectId: 'subject_id', teacherId: 'teacher_id', hoursPerYear: 'hours_per_year', typesPlan: 'types_plan' },
    read: (row) => {
      const refs: Ref[] = [];
      return {
        kind: 'curriculum',
        refs,
        data: compact({ classId: row.ref('class_id', 'class', refs), subjectId: row.ref('subject_id', 'subject', refs), teacherId: row.ref('teacher_id', 'teacher', refs), hoursPerYear: row.int('hours_per_year', 0, 2000), typesPlan: row.opt('types_plan', parseTypesPlan) }),
      };
    },
    write: (d) => ({ class_id: s(d.classId), subject_id: s(d.subjectId), teacher_id: s(d.teacherId), hours_per_year: s(d.hoursPerYear), types_plan: writeTypesPlan(d.typesPlan) }),
  },
  {
    file: 'timetable.csv',
    kind: 'timetable',
    title: 'расписание',
    placement: 'school',
    columns: [col('id', 'идентификатор строки расписания'), col('class_id', 'класс'), col('weekday', 'день недели: 1–6 или пн…сб'), col('lesson_no', 'номер урока (1–10)'), col('subject_id', 'предмет'), col('teacher_id', 'учитель'), col('room', 'кабинет', false)],
    schema: TimetableSlot,
    fields: { id: 'id', classId: 'class_id', weekday: 'weekday', lessonNo: 'lesson_no', subjectId: 'subject_id', teacherId: 'teacher_id', room: 'room' },
    read: (row) => {
      const refs: Ref[] = [];
      return {
        kind: 'timetable',
        refs,
        data: { id: row.id('id'), classId: row.ref('class_id', 'class', refs), weekday: row.value('weekday', V.parseWeekday), lessonNo: row.int('lesson_no', 1, 10), subjectId: row.ref('subject_id', 'subject', refs), teacherId: row.ref('teacher_id', 'teacher', refs), room: row.cell('room') },
      };
    },
    write: (d) => ({ id: s(d.id), class_id: s(d.classId), weekday: s(d.weekday), lesson_no: s(d.lessonNo), subject_id: s(d.subjectId), teacher_id: s(d.teacherId), room: s(d.room) }),
  },
  {
    file: 'timetable_changes.csv',
    kind: 'timetableChange',
    title: 'изменения расписания',
    placement: 'school',
    columns: [col('id', 'идентификатор изменения'), col('class_id', 'класс'), col('date', 'дата урока'), col('lesson_no', 'номер урока'), col('kind', 'замена, перенос или отмена'), col('subject_id', 'предмет'), col('teacher_id', 'учитель, который ведёт урок после изменения'), col('to_date', 'перенос: на какую дату', false), col('to_lesson_no', 'перенос: на какой урок', false), col('note', 'примечание', false)],
    schema: TimetableChange,
    fields: { id: 'id', classId: 'class_id', date: 'date', lessonNo: 'lesson_no', kind: 'kind', subjectId: 'subject_id', teacherId: 'teacher_id', toDate: 'to_date', toLessonNo: 'to_lesson_no', note: 'note' },
    dateOf: (d) => s(d.date),
    read: (row) => {
      const refs: Ref[] = [];
      return {
        kind: 'timetableChange',
        refs,
        data: compact({
          id: row.id('id'),
          classId: row.ref('class_id', 'class', refs),
          date: row.date('date'),
          lessonNo: row.int('lesson_no', 1, 10),
          kind: row.value('kind', V.parseChangeKind),
          subjectId: row.ref('subject_id', 'subject', refs),
          teacherId: row.ref('teacher_id', 'teacher', refs),
          toDate: row.optDate('to_date'),
          toLessonNo: row.has('to_lesson_no') ? row.int('to_lesson_no', 1, 10) : undefined,
          note: row.optText('note', 300),
        }),
      };
    },
    write: (d) => ({ id: s(d.id), class_id: s(d.classId), date: s(d.date), lesson_no: s(d.lessonNo), kind: CHANGE_RU[d.kind as keyof typeof CHANGE_RU] ?? s(d.kind), subject_id: s(d.subjectId), teacher_id: s(d.teacherId), to_date: s(d.toDate), to_lesson_no: s(d.toLessonNo), note: s(d.note) }),
  },
  {
    file: 'tests.csv',
    kind: 'test',
    title: 'график контрольных работ',
    placement: 'school',
    columns: [col('id', 'идентификатор'), col('class_id', 'класс'), col('subject_id', 'предмет'), col('date', 'дата'), col('kind', 'тип работы: ' + LESSON_TYPES.join(', ')), col('topic', 'тема', false)],
    schema: PlannedTest,
    fields: { id: 'id', classId: 'class_id', subjectId: 'subject_id', date: 'date', kind: 'kind', topic: 'topic' },
    dateOf: (d) => s(d.date),
    read: (row) => {
      const refs: Ref[] = [];
      return { kind: 'test', refs, data: { id: row.id('id'), classId: row.ref('class_id', 'class', refs), subjectId: row.ref('subject_id', 'subject', refs), date: row.date('date'), kind: row.value('kind', V.parseLessonType), topic: row.text('topic', { max: 300, allowEmpty: true }) } };
    },
    write: (d) => ({ id: s(d.id), class_id: s(d.classId), subject_id: s(d.subjectId), date: s(d.date), kind: s(d.kind), topic: s(d.topic) }),
  },
  {
    file: 'students.csv',
    kind: 'student',
    title: 'ученики',
    placement: 'class',
    columns: [
      col('id', 'идентификатор ученика в источнике'),
      col('class_id', 'класс (id из classes.csv)'),
      ...nameCols(),
      col('birth_date', 'дата рождения'),
      col('gender', 'пол: м или ж'),
      col('enrolled_on', 'дата зачисления (по умолчанию — первый день учебного года класса)', false),
      col('left_on', 'дата выбытия, если ученик выбыл', false),
      col('passport_series', 'паспорт (14 лет и старше): серия, 4 цифры', false),
      col('passport_number', 'паспорт: номер, 6 цифр', false),
      col('passport_issued_on', 'паспорт: дата выдачи', false),
    ],
    schema: Student,
    fields: { id: 'id', classId: 'class_id', ...nameFields(), birthDate: 'birth_date', gender: 'gender', enrolledOn: 'enrolled_on', leftOn: 'left_on', 'passport.series': 'passport_series', 'passport.number': 'passport_number', 'passport.issuedOn': 'passport_issued_on' },
    read: (row) => {
      const refs: Ref[] = [];
      const passport = row.has('passport_series') || row.has('passport_number') ? { series: row.text('passport_series'), number: row.text('passport_number'), issuedOn: row.date('passport_issued_on') } : undefined;
      return {
        kind: 'student',
        refs,
        data: compact({
          id: row.id('id'),
          classId: row.ref('class_id', 'class', refs),
          ...readName(row),
          birthDate: row.date('birth_date'),
          gender: row.value('gender', V.parseGender),
          // Filled from the class's year when empty (import.ts): the row does not know it.
          enrolledOn: row.optDate('enrolled_on'),
          leftOn: row.optDate('left_on'),
          passport,
        }),
      };
    },
    write: (d) => {
      const p = d.passport as Entity | undefined;
      return { id: s(d.id), class_id: s(d.classId), ...writeName(d), birth_date: s(d.birthDate), gender: d.gender === 'f' ? 'ж' : 'м', enrolled_on: s(d.enrolledOn), left_on: s(d.leftOn), passport_series: s(p?.series), passport_number: s(p?.number), passport_issued_on: s(p?.issuedOn) };
    },
  },
  {
    file: 'guardians.csv',
    kind: 'guardian',
    title: 'представители',
    placement: 'student-class',
    columns: [
      col('id', 'идентификатор представителя в источнике'),
      col('student_id', 'ученик (id из students.csv); у представителя нескольких учеников — по строке на каждого'),
      col('relation', 'кем приходится: ' + ['мать', 'отец', 'опекун', 'попечитель', 'бабушка', 'дедушка'].join(', ')),
      ...nameCols(),
      col('address', 'адрес места жительства (печатается в согласии на обработку персональных данных)', false),
    ],
    schema: Guardian,
    fields: { id: 'id', studentIds: 'student_id', relation: 'relation', ...nameFields(), address: 'address' },
    read: (row) => {
      const refs: Ref[] = [];
      const studentId = row.ref('student_id', 'student', refs);
      return { kind: 'guardian', refs, data: compact({ id: row.id('id'), relation: row.value('relation', V.parseRelation), studentIds: studentId === undefined ? undefined : [studentId], ...readName(row), address: row.optText('address', 300) }) };
    },
    // One row per student of the guardian: see `rowsOf`.
    write: (d) => ({ id: s(d.id), student_id: s((d.studentIds as string[])[0]), relation: s(d.relation), ...writeName(d), address: s(d.address) }),
  },
  {
    file: 'contacts.csv',
    kind: 'document',
    title: 'контактные данные (заявления)',
    placement: 'student-class',
    columns: DOC_COLUMNS.map((c) => (c.name === 'kind' ? { ...c, required: false, doc: 'contacts (можно не указывать)' } : c)),
    owns: (d) => d.kind === 'contacts',
    dateOf: (d) => s(d.signedOn),
    schema: RegistryDocument,
    fields: DOC_FIELDS,
    read: (row) => readDocument(row, 'contacts'),
    write: writeDocument,
  },
  {
    file: 'documents.csv',
    kind: 'document',
    title: 'документы реестра (согласия, отказы, заявления)',
    placement: 'student-class',
    columns: DOC_COLUMNS,
    owns: (d) => d.kind !== 'contacts',
    dateOf: (d) => s(d.signedOn),
    schema: RegistryDocument,
    fields: DOC_FIELDS,
    read: (row) => {
      const r = readDocument(row);
      if (r?.data.kind === 'contacts') row.problem('kind', 'документы вида contacts — в contacts.csv');
      return r;
    },
    write: writeDocument,
  },
  {
    file: 'final_marks.csv',
    kind: 'finalMark',
    title: 'итоговые отметки',
    placement: 'student-class',
    columns: [
      col('id', 'идентификатор записи'),
      col('student_id', 'ученик'),
      col('subject_id', 'предмет'),
      col('period_id', 'период (id из periods.csv) или year:<id года> (годовая), exam:<id года> (экзаменационная), final:<id года> (итоговая)'),
      col('value', 'отметка: 1–5, н/а, осв.; пусто — отметки нет'),
      col('deferral_reason', 'отсрочка: причина', false),
      col('deferral_due_on', 'отсрочка: до какой даты', false),
      col('known_on', 'когда результат стал известен (по умолчанию — конец периода)', false),
      col('published_at', 'когда доведён до семьи', false),
      col('entered_by', 'кто выставил (id учителя или пользователя; по умолчанию — код источника)', false),
      col('entered_at', 'когда выставлена (по умолчанию — момент выгрузки)', false),
      col('hlc', 'метка часов (из выгрузки этой системы)', false),
    ],
    dateOf: (d) => s(d.knownOn),
    schema: FinalMarkEntry,
    fields: { id: 'id', studentId: 'student_id', subjectId: 'subject_id', periodId: 'period_id', value: 'value', 'deferral.reason': 'deferral_reason', 'deferral.dueOn': 'deferral_due_on', knownOn: 'known_on', publishedAt: 'published_at', enteredBy: 'entered_by', enteredAt: 'entered_at', hlc: 'hlc' },
    read: (row) => {
      const refs: Ref[] = [];
      const rawPeriod = row.cell('period_id');
      let periodId: string | undefined;
      const m = periodIdRe.exec(rawPeriod);
      if (m) {
        const y = row.ctx.id(m[2]!);
        if (y === null) row.problem('period_id', `«${m[2]}» не годится как идентификатор учебного года`);
        else {
          periodId = `${m[1]}:${y}`;
          refs.push({ column: 'period_id', kind: 'year', id: y, raw: m[2]! });
        }
      } else periodId = row.ref('period_id', 'period', refs);
      const enteredAt = row.has('entered_at') ? row.moment('entered_at') : row.ctx.exportedAt;
      return {
        kind: 'finalMark',
        refs,
        data: compact({
          id: row.id('id'),
          studentId: row.ref('student_id', 'student', refs),
          subjectId: row.ref('subject_id', 'subject', refs),
          periodId,
          value: row.value('value', V.parseFinalValue),
          deferral: row.has('deferral_reason') || row.has('deferral_due_on') ? { reason: row.text('deferral_reason', { max: 300 }), dueOn: row.date('deferral_due_on') } : undefined,
          // Filled from the period's end when empty (import.ts).
          knownOn: row.optDate('known_on'),
          publishedAt: row.optMoment('published_at'),
          enteredBy: row.has('entered_by') ? row.id('entered_by') : row.ctx.source,
          enteredAt,
          hlc: row.has('hlc') ? row.cell('hlc') : `${enteredAt}-0000-${row.ctx.source}`,
        }),
      };
    },
    write: (d) => {
      const def = d.deferral as Entity | undefined;
      return { id: s(d.id), student_id: s(d.studentId), subject_id: s(d.subjectId), period_id: s(d.periodId), value: s(d.value), deferral_reason: s(def?.reason), deferral_due_on: s(def?.dueOn), known_on: s(d.knownOn), published_at: s(d.publishedAt), entered_by: s(d.enteredBy), entered_at: s(d.enteredAt), hlc: s(d.hlc) };
    },
  },
  {
    file: 'recommendations.csv',
    kind: 'recommendation',
    title: 'рекомендации учителей',
    placement: 'student-class',
    columns: [col('id', 'идентификатор'), col('student_id', 'ученик'), col('subject_id', 'предмет'), col('teacher_id', 'учитель'), col('date', 'дата'), col('text', 'текст')],
    schema: Recommendation,
    fields: { id: 'id', studentId: 'student_id', subjectId: 'subject_id', teacherId: 'teacher_id', date: 'date', text: 'text' },
    dateOf: (d) => s(d.date),
    read: (row) => {
      const refs: Ref[] = [];
      return { kind: 'recommendation', refs, data: { id: row.id('id'), studentId: row.ref('student_id', 'student', refs), subjectId: row.ref('subject_id', 'subject', refs), teacherId: row.ref('teacher_id', 'teacher', refs), date: row.date('date'), text: row.text('text', { max: 2000 }) } };
    },
    write: (d) => ({ id: s(d.id), student_id: s(d.studentId), subject_id: s(d.subjectId), teacher_id: s(d.teacherId), date: s(d.date), text: s(d.text) }),
  },
  {
    file: 'diary_views.csv',
    kind: 'diaryView',
    title: 'просмотры электронного дневника родителями',
    placement: 'student-class',
    columns: [col('guardian_id', 'представитель'), col('student_id', 'ученик, чей дневник смотрели'), col('at', 'момент просмотра')],
    schema: DiaryView,
    fields: { guardianId: 'guardian_id', studentId: 'student_id', at: 'at' },
    dateOf: (d) => s(d.at).slice(0, 10),
    read: (row) => {
      const refs: Ref[] = [];
      return { kind: 'diaryView', refs, data: { guardianId: row.ref('guardian_id', 'guardian', refs), studentId: row.ref('student_id', 'student', refs), at: row.moment('at') } };
    },
    write: (d) => ({ guardian_id: s(d.guardianId), student_id: s(d.studentId), at: s(d.at) }),
  },
  {
    file: 'lessons.csv',
    kind: 'lesson',
    title: 'уроки',
    placement: 'class',
    columns: [
      col('id', 'идентификатор урока в источнике'),
      col('class_id', 'класс, в журнале которого урок'),
      col('group', 'группа класса, если урок у части класса (например, «1 группа»)', false),
      col('date', 'дата'),
      col('lesson_no', 'номер урока в дне (1–10)'),
      col('subject_id', 'предмет'),
      col('teacher_id', 'учитель'),
      col('topic', 'тема урока', false),
      col('type', 'тип: ' + LESSON_TYPES.join(', ') + ' (пусто — урок)', false),
      col('homework', 'домашнее задание', false),
      col('homework_due', 'к какой дате задано', false),
    ],
    schema: Lesson,
    fields: { id: 'id', group: 'group', subjectId: 'subject_id', teacherId: 'teacher_id', date: 'date', lessonNo: 'lesson_no', topic: 'topic', type: 'type', homework: 'homework', homeworkDue: 'homework_due' },
    dateOf: (d) => s(d.date),
    read: (row) => {
      const refs: Ref[] = [];
      const classId = row.ref('class_id', 'class', refs);
      const data = compact({
        id: row.id('id'),
        subjectId: row.ref('subject_id', 'subject', refs),
        teacherId: row.ref('teacher_id', 'teacher', refs),
        date: row.date('date'),
        lessonNo: row.int('lesson_no', 1, 10),
        topic: row.text('topic', { max: 500, allowEmpty: true }),
        type: row.value('type', V.parseLessonType),
        homework: row.optText('homework', 2000),
        homeworkDue: row.optDate('homework_due'),
        group: row.optText('group', 60),
      });
      // The class decides the journal partition; it is not a field of the lesson.
      return { kind: 'lesson', refs, data: { ...data, [CLASS_OF]: classId } };
    },
    write: (d, part) => ({ id: s(d.id), class_id: classOfPart(part), group: s(d.group), date: s(d.date), lesson_no: s(d.lessonNo), subject_id: s(d.subjectId), teacher_id: s(d.teacherId), topic: s(d.topic), type: s(d.type), homework: s(d.homework), homework_due: s(d.homeworkDue) }),
  },
  {
    file: 'marks.csv',
    kind: 'mark',
    title: 'отметки',
    placement: 'lesson',
    columns: [
      col('id', 'идентификатор отметки в источнике'),
      col('lesson_id', 'урок (id из lessons.csv или загруженный раньше)'),
      col('student_id', 'ученик'),
      col('value', 'отметка: 1–5 (можно 4+, 5−), по шкале scale; н, б, у — пропуск; зач, незач, осв, н/а, точка — особые отметки'),
      col('scale', 'шкала: 5 (по умолчанию), 10 или 100', false),
      col('weight', 'вес отметки (0–10, по умолчанию 1)', false),
      col('work', 'вид работы, как его называет источник (например, «Ответ на уроке»)', false),
    ],
    schema: Mark,
    fields: { id: 'id', lessonId: 'lesson_id', studentId: 'student_id', value: 'value', weight: 'weight', work: 'work' },
    dateOf: (d, lessonDate) => lessonDate(s(d.lessonId)),
    read: (row) => {
      const refs: Ref[] = [];
      const id = row.id('id');
      const lessonId = row.ref('lesson_id', 'lesson', refs);
      const studentId = row.ref('student_id', 'student', refs);
      const v = row.value('value', (c) => V.parseMark(c, row.cell('scale')));
      if (v?.kind === 'special') return { kind: 'mark', refs, data: {}, skipped: v.label };
      if (v?.kind === 'absence') return { kind: 'attendance', refs, data: { id, lessonId, studentId, kind: v.code } };
      return {
        kind: 'mark',
        refs,
        data: compact({ id, lessonId, studentId, value: v?.value, weight: row.has('weight') ? row.value('weight', (c) => V.parseDecimal(c, 0, 10)) : 1, work: row.optText('work', 100) }),
      };
    },
    write: (d) => ({ id: s(d.id), lesson_id: s(d.lessonId), student_id: s(d.studentId), value: s(d.value), scale: '', weight: String(d.weight ?? 1).replace('.', ','), work: s(d.work) }),
  },
  {
    file: 'attendance.csv',
    kind: 'attendance',
    title: 'посещаемость',
    placement: 'lesson',
    columns: [col('id', 'идентификатор записи'), col('lesson_id', 'урок'), col('student_id', 'ученик'), col('code', 'код: н (НБ, НП), б (Б, бол), у (УП, ув); оп (опоздание) не переносится')],
    schema: Attendance,
    fields: { id: 'id', lessonId: 'lesson_id', studentId: 'student_id', kind: 'code' },
    dateOf: (d, lessonDate) => lessonDate(s(d.lessonId)),
    read: (row) => {
      const refs: Ref[] = [];
      const data = { id: row.id('id'), lessonId: row.ref('lesson_id', 'lesson', refs), studentId: row.ref('student_id', 'student', refs), kind: row.value('code', V.parseAttendanceCode) };
      if (data.kind === null) return { kind: 'attendance', refs, data: {}, skipped: 'опоздание' };
      return { kind: 'attendance', refs, data };
    },
    write: (d) => ({ id: s(d.id), lesson_id: s(d.lessonId), student_id: s(d.studentId), code: s(d.kind) }),
  },
];

/** A lesson row's class (not a field of the lesson: it names the journal the lesson is in). */
export const CLASS_OF = '\u0000classId';

export const FILE_BY_NAME = new Map(FILES.map((f) => [f.file, f]));
/** The file of a `complete` entry: the file's name with or without `.csv`. */
export function fileSpecOf(name: string): FileSpec | undefined {
  const n = name.trim().toLowerCase();
  return FILE_BY_NAME.get(n.endsWith('.csv') ? n : `${n}.csv`);
}

/** The file an entity is exported to. */
export function fileOfEntity(kind: string, data: Entity): FileSpec | undefined {
  return FILES.find((f) => f.kind === kind && (!f.owns || f.owns(data)));
}
