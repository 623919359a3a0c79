import { LESSON_TYPE_SHORT } from '../../../contract/groups/journal.js';
import {
  FINALS_ITEM_LABELS,
  STATS_REPORT_TITLES,
  STUDENT_CATEGORY_LABELS,
  type ClassStats,
  type FinalsReport,
  type FulfilmentReport,
  type FulfilmentTotal,
  type LessonTypesReport,
  type Overview,
  type RegulationsReport,
  type ResultRow,
  type ResultsReport,
  type StatsPeriod,
  type StudentStats,
} from '../../../contract/groups/stats.js';
import { ruDate } from '../../../contract/text/format.js';
import type { ReportCell, ReportColumn, ReportDoc, ReportSection } from './reportDoc.js';

/** Each report's output turned into a document to file (PDF or XLSX). */

export interface DocMeta {
  schoolName: string;
  /** «Сформирован 22.11.2026 14:30, Орлова А. Ю.» */
  generated: string;
}

const col = (header: string, kind: ReportColumn['kind'], width: number): ReportColumn => ({ header, kind, width });

export function periodLine(p: StatsPeriod, asOf: string): string {
  return `${p.title} (${ruDate(p.start)}–${ruDate(p.end)}), по состоянию на ${ruDate(asOf)}`;
}

function base(title: string, subtitle: string, asOf: string, meta: DocMeta, landscape: boolean, notes: string[] = []): Omit<ReportDoc, 'sections'> {
  return { title, schoolName: meta.schoolName, subtitle, generated: meta.generated, date: asOf, landscape, notes };
}

// ---------------------------------------------------------------- results

/** Class, parallel and school: students counted once by all their marks; СОУ and the average over the marks. */
const STUDENT_COLUMNS: ReportColumn[] = [
  col('Учеников', 'int', 9),
  col('Выбыло', 'int', 8),
  col('Осв. от всех', 'int', 8),
  col('N (учеников)', 'int', 8),
  col('Отличники', 'int', 9),
  col('На «4» и «5»', 'int', 9),
  col('С «3»', 'int', 7),
  col('Неусп. («2», н/а)', 'int', 9),
  col('Не все отметки', 'int', 9),
  col('Успеваемость, доля учеников', 'pct', 13),
  col('Качество, доля учеников', 'pct', 12),
  col('СОУ, по отметкам', 'pct', 10),
  col('Ср. балл, по отметкам', 'dec', 9),
];

/** A subject (or class × subject): the students with that subject's mark; a teacher: the marks. */
function markColumns(basis: ResultRow['basis']): ReportColumn[] {
  const who = basis === 'students' ? 'учеников' : 'отметок';
  return [
    col(basis === 'students' ? 'Учеников' : 'Отметок', 'int', 9),
    col('Выбыло', 'int', 8),
    col('Осв.', 'int', 6),
    col(`N (${who})`, 'int', 7),
    col('«5»', 'int', 6),
    col('«4»', 'int', 6),
    col('«3»', 'int', 6),
    col('«2»', 'int', 6),
    col('«1»', 'int', 5),
    col('н/а', 'int', 6),
    col('Без отм.', 'int', 7),
    col(`Успеваемость, доля ${who}`, 'pct', 13),
    col(`Качество, доля ${who}`, 'pct', 12),
    col('СОУ', 'pct', 9),
    col('Ср. балл', 'dec', 8),
  ];
}
const DELTA_COLUMNS: ReportColumn[] = [col('Δ успев., п. п.', 'deltaPct', 10), col('Δ кач., п. п.', 'deltaPct', 10), col('Δ СОУ, п. п.', 'deltaPct', 10)];

function delta(a: number | null, b: number | null | undefined): number | null {
  return a === null || b === null || b === undefined ? null : a - b;
}

/** The cells of a row: students (class, parallel, school) or marks (subject, teacher), then the figures. */
export function resultCells(r: ResultRow, withPrev: boolean): ReportCell[] {
  const f = r.figures;
  const figures: ReportCell[] = [f.success, f.quality, f.sou, f.average];
  let cells: ReportCell[];
  if (r.students) {
    const c = r.students;
    cells = [c.enrolled, c.left, c.exempt, c.N, c.excellent, c.good, c.withThree, c.failing, c.incomplete, ...figures];
  } else {
    const d = r.dist;
    cells = [d.enrolled, d.left, d.exempt, d.N, d.n5, d.n4, d.n3, d.n2, d.n1, d.na, d.noMark, ...figures];
  }
  if (withPrev) cells.push(delta(f.success, r.prev?.success), delta(f.quality, r.prev?.quality), delta(f.sou, r.prev?.sou));
  return cells;
}

function resultSection(title: string, first: ReportColumn[], rows: ResultRow[], lead: (r: ResultRow) => ReportCell[], withPrev: boolean, note?: string): ReportSection {
  const byStudents = rows[0]?.students !== undefined;
  return {
    title,
    ...(note ? { note } : {}),
    columns: [...first, ...(byStudents ? STUDENT_COLUMNS : markColumns(rows[0]?.basis ?? 'students')), ...(withPrev ? DELTA_COLUMNS : [])],
    rows: rows.map((r) => [...lead(r), ...resultCells(r, withPrev)]),
  };
}

const STUDENTS_NOTE =
  'Доли учеников: каждый ученик считается один раз по всем своим итоговым отметкам периода. Успевающий — все отметки «3» и выше; на «4» и «5» — все отметки «4» или «5»; «н/а» — против. N — учеников в периоде без выбывших и освобождённых от всех предметов; ученик без какой-либо отметки входит в N, но не в успевающие. СОУ и средний балл — по всем итоговым отметкам учеников.';
const SUBJECTS_NOTE = 'По предмету: ученики с этим предметом, каждый один раз; «н/а» и ученики без отметки входят в N, освобождённые и выбывшие — нет.';
const TEACHERS_NOTE = 'По учителю — по отметкам: каждый ученик считается по разу в каждом предмете, который ведёт учитель.';

function weightsNote(w: ResultsReport['weights']): string {
  const f = (x: number) => String(x).replace('.', ',');
  return `Успеваемость = (отличники + на «4» и «5» + с «3»)/N; качество = (отличники + на «4» и «5»)/N; СОУ = (${f(w.w5)}·«5» + ${f(w.w4)}·«4» + ${f(w.w3)}·«3» + ${f(w.w2)}·«2» + ${f(w.w1)}·«1» + ${f(w.na)}·«н/а»)/число отметок; средний балл — среднее отметок «1»–«5». Методика — docs/methodology.md.`;
}

export function resultsDoc(r: ResultsReport, meta: DocMeta): ReportDoc {
  const withPrev = r.previous !== undefined;
  const notes = [weightsNote(r.weights)];
  if (r.previous) notes.push(`Δ — изменение по сравнению с периодом «${r.previous.title}», в процентных пунктах.`);
  if (r.otherScheme.length) notes.push(`Классы другой системы периодов в отчёт не входят: ${r.otherScheme.join(', ')}.`);
  return {
    ...base(STATS_REPORT_TITLES.results, periodLine(r.period, r.asOf), r.asOf, meta, true, notes),
    sections: [
      resultSection('Школа, параллели (ученики)', [col('Группа', 'text', 16)], [r.school, ...r.parallels], (x) => [x.label], withPrev, STUDENTS_NOTE),
      resultSection('По классам (доля учеников)', [col('Класс', 'text', 8)], r.classes, (x) => [x.label], withPrev, STUDENTS_NOTE),
      resultSection('По предметам (ученики)', [col('Предмет', 'text', 22)], r.subjects, (x) => [x.label], withPrev, SUBJECTS_NOTE),
      resultSection('По учителям (по отметкам)', [col('Учитель', 'text', 20)], r.teachers, (x) => [x.label], withPrev, TEACHERS_NOTE),
      resultSection(
        'Классы и предметы (ученики)',
        [col('Класс', 'text', 7), col('Предмет', 'text', 20), col('Учитель', 'text', 16)],
        r.classSubjects,
        (x) => [x.className ?? '', x.subjectName ?? '', x.teacherName ?? ''],
        withPrev,
        SUBJECTS_NOTE,
      ),
    ],
  };
}

// ---------------------------------------------------------------- fulfilment

const FULFIL_COLUMNS: ReportColumn[] = [
  col('План на период', 'int', 9),
  col('План к дате', 'int', 9),
  col('Проведено', 'int', 9),
  col('Выполнение', 'pct', 10),
  col('Отставание', 'int', 9),
  col('Замены', 'int', 8),
  col('Перенесено', 'int', 9),
  col('Отменено', 'int', 8),
];

function fulfilCells(t: Pick<FulfilmentTotal, 'planPeriod' | 'planToDate' | 'held' | 'share' | 'lag' | 'substitutions' | 'moved' | 'cancelled'>): ReportCell[] {
  return [t.planPeriod, t.planToDate, t.held, t.share, t.lag, t.substitutions, t.moved, t.cancelled];
}

export function fulfilmentDoc(r: FulfilmentReport, meta: DocMeta): ReportDoc {
  const notes = [
    'План к дате — годовые часы учебного плана, распределённые по дням уроков расписания (без каникул и праздников), до дня отчёта. Отставание = план к дате − проведено.',
  ];
  if (r.otherScheme.length) notes.push(`Классы другой системы периодов в отчёт не входят: ${r.otherScheme.join(', ')}.`);
  const totalCells = ['Итого', '', '', '', ...fulfilCells(r.school)];
  return {
    ...base(STATS_REPORT_TITLES.fulfilment, periodLine(r.period, r.asOf), r.asOf, meta, true, notes),
    sections: [
      {
        title: 'По классам и предметам (сначала отстающие)',
        columns: [col('Класс', 'text', 7), col('Предмет', 'text', 22), col('Учитель', 'text', 16), col('Часов в год', 'int', 8), ...FULFIL_COLUMNS],
        rows: r.rows.map((x) => [x.className, x.subjectName, x.teacherName, x.hoursPerYear ?? 'нет в плане', ...fulfilCells(x)]),
        total: totalCells,
      },
      { title: 'По классам', columns: [col('Класс', 'text', 8), ...FULFIL_COLUMNS], rows: r.byClass.map((x) => [x.label, ...fulfilCells(x)]), total: ['Итого', ...fulfilCells(r.school)] },
      { title: 'По предметам', columns: [col('Предмет', 'text', 24), ...FULFIL_COLUMNS], rows: r.bySubject.map((x) => [x.label, ...fulfilCells(x)]), total: ['Итого', ...fulfilCells(r.school)] },
    ],
  };
}

export function lessonTypesDoc(r: LessonTypesReport, meta: DocMeta): ReportDoc {
  const notes = ['План по видам уроков — из учебного плана, где он их называет (на год); «к дате» — его доля до дня отчёта.'];
  if (r.otherScheme.length) notes.push(`Классы другой системы периодов в отчёт не входят: ${r.otherScheme.join(', ')}.`);
  return {
    ...base(STATS_REPORT_TITLES.lessonTypes, periodLine(r.period, r.asOf), r.asOf, meta, false, notes),
    sections: [
      {
        title: 'По видам уроков',
        columns: [col('Вид', 'text', 18), col('Проведено', 'int', 10), col('План на год', 'int', 10), col('План к дате', 'int', 10)],
        rows: r.byType.map((t) => [`${t.type} (${LESSON_TYPE_SHORT[t.type]})`, t.held, t.planYear || null, t.planToDate || null]),
      },
      {
        title: 'По классам и предметам',
        columns: [col('Класс', 'text', 7), col('Предмет', 'text', 22), col('Вид', 'text', 15), col('Проведено', 'int', 9), col('План на год', 'int', 9), col('План к дате', 'int', 9), col('Разница', 'int', 8)],
        rows: r.rows.map((x) => [x.className, x.subjectName, x.type, x.held, x.planYear, x.planToDate, x.diff]),
      },
    ],
  };
}

// ---------------------------------------------------------------- finals

export function finalsDoc(r: FinalsReport, meta: DocMeta): ReportDoc {
  const counts = (x: FinalsReport['school']): ReportCell[] => [x.expected, x.assigned, x.deferred, x.deferralDue, x.missing, x.open, x.late, x.unpublishedLate];
  const countCols = [
    col('Ожидается', 'int', 9),
    col('Выставлено', 'int', 9),
    col('Отсрочка', 'int', 8),
    col('Срок отсрочки наступил', 'int', 10),
    col('Не выставлено', 'int', 9),
    col('Период не окончен', 'int', 9),
    col('Доведено с опозданием', 'int', 10),
    col('Не доведено, срок прошёл', 'int', 10),
  ];
  const item = (kinds: string[]) => r.items.filter((i) => kinds.includes(i.kind));
  const itemCols = [col('Класс', 'text', 7), col('Ученик', 'text', 28), col('Предмет', 'text', 20), col('Состояние', 'text', 18), col('Дата', 'date', 11), col('Дней', 'int', 6)];
  const itemRow = (i: FinalsReport['items'][number]): ReportCell[] => [i.className, i.studentName, i.subjectName, FINALS_ITEM_LABELS[i.kind], ruDate(i.date), i.days];
  const notes = [
    `Срок доведения результата до семьи — ${r.deadlineDays} дн. после того, как он стал известен. Первые классы и предметы без отметок (например, ОРКСЭ) не учитываются; выбывшие до конца периода тоже.`,
  ];
  if (r.otherScheme.length) notes.push(`Классы другой системы периодов в отчёт не входят: ${r.otherScheme.join(', ')}.`);
  return {
    ...base(STATS_REPORT_TITLES.finals, periodLine(r.period, r.asOf), r.asOf, meta, true, notes),
    sections: [
      { title: 'По классам', columns: [col('Класс', 'text', 7), col('Учеников', 'int', 8), col('Предметов', 'int', 8), ...countCols], rows: r.classes.map((c) => [c.className, c.students, c.subjects, ...counts(c)]), total: ['Итого', null, null, ...counts(r.school)] },
      { title: 'Отсрочки (со сроками)', columns: [...itemCols, col('Причина', 'text', 26)], rows: item(['deferred', 'deferral_due']).map((i) => [...itemRow(i), i.reason ?? '']) },
      { title: 'Не выставлены', columns: itemCols, rows: item(['missing']).map(itemRow) },
      { title: 'Опоздания с доведением до семьи', columns: itemCols, rows: item(['late', 'unpublished_late']).map(itemRow) },
    ],
  };
}

// ---------------------------------------------------------------- regulations

export function regulationsDoc(r: RegulationsReport, meta: DocMeta): ReportDoc {
  const share = (n: number, of: number) => (of > 0 ? n / of : null);
  const cells = (x: RegulationsReport['school']): ReportCell[] => [
    x.students,
    x.consent,
    share(x.consent, x.students),
    x.nonconsent + x.noConsent + x.disputed,
    x.electronic,
    x.refusals,
    x.annulments,
    x.applications,
    x.canApply,
    x.paperDue,
    x.paper.due,
    x.paper.onTime,
    x.paper.late,
    x.paper.missed,
    x.guardians,
    x.notViewed,
    x.neverViewed,
  ];
  const columns = [
    col('Учеников', 'int', 8),
    col('Согласие ПД', 'int', 8),
    col('Доля согласий', 'pct', 9),
    col('Нет согласия', 'int', 8),
    col('Эл. форма', 'int', 8),
    col('Отказы', 'int', 7),
    col('Аннулир.', 'int', 8),
    col('Заявл. 14+', 'int', 8),
    col('Могут подать 14+', 'int', 8),
    col('Нужна бумага', 'int', 8),
    col('Недель к выдаче', 'int', 8),
    col('Выдано в срок', 'int', 8),
    col('Выдано позже', 'int', 8),
    col('Не выдано', 'int', 8),
    col('Представ. с эл. формой', 'int', 9),
    col(`Не смотрят ${r.days} дн.`, 'int', 9),
    col('Ни разу', 'int', 7),
  ];
  return {
    ...base(
      STATS_REPORT_TITLES.regulations,
      `на ${ruDate(r.asOf)}; бумажная информация за недели с ${ruDate(r.range.start)} по ${ruDate(r.range.end)} (${r.period.title})`,
      r.asOf,
      meta,
      true,
      [
        'Согласие ПД — действующее согласие представителя или собственное согласие ученика 14+ с его заявлением. Неделя «в срок» — выписка выдана на той же неделе; «позже» — только на следующих; «не выдано» — не выдана совсем.',
      ],
    ),
    sections: [
      { title: 'По классам', columns: [col('Класс', 'text', 7), ...columns], rows: r.classes.map((c) => [c.className, ...cells(c)]), total: ['Итого', ...cells(r.school)] },
      {
        title: 'Бумажная информация по ученикам',
        columns: [col('Класс', 'text', 7), col('Ученик', 'text', 30), col('Недель', 'int', 8), col('В срок', 'int', 8), col('Позже', 'int', 8), col('Не выдано', 'int', 8), col('Последняя выдача', 'date', 12)],
        rows: r.paper.map((p) => [p.className, p.studentName, p.weeksDue, p.onTime, p.late, p.missed, ruDate(p.lastHandedOverOn) || '—']),
      },
      {
        title: `Представители, не просматривающие дневник ${r.days} дней и более`,
        columns: [col('Класс', 'text', 7), col('Представитель', 'text', 30), col('Кем приходится', 'text', 12), col('Ученик', 'text', 24), col('Последний просмотр', 'date', 12), col('Дней', 'int', 7)],
        rows: r.notViewed.map((n) => [n.className, n.guardianName, n.relation, n.studentNames, ruDate(n.lastViewedOn) || 'ни разу', n.days]),
      },
    ],
  };
}

// ---------------------------------------------------------------- overview

export function overviewDoc(o: Overview, meta: DocMeta): ReportDoc {
  const f = o.results.figures;
  const share = (n: number, of: number) => (of > 0 ? n / of : null);
  const reg = o.regulations;
  const kv: [string, ReportCell, ReportColumn['kind']][] = [
    ['Учеников в расчёте (N)', o.results.students?.N ?? null, 'int'],
    ['Успеваемость (доля учеников: все отметки «3» и выше)', f.success, 'pct'],
    ['Качество знаний (доля учеников: все отметки «4» и «5»)', f.quality, 'pct'],
    ['СОУ (по отметкам)', f.sou, 'pct'],
    ['Средний балл (по отметкам)', f.average, 'dec'],
    ['Выполнение плана на дату (год)', o.fulfilment.share, 'pct'],
    ['Уроков проведено / по плану к дате', `${o.fulfilment.held} / ${o.fulfilment.planToDate}`, 'text'],
    ['Классов и предметов с отставанием ≥ 3 уроков', o.behindRows, 'int'],
    ['Итоговые: выставлено / ожидается', `${o.finals.assigned} / ${o.finals.expected}`, 'text'],
    ['Итоговые: отсрочки / не выставлено', `${o.finals.deferred + o.finals.deferralDue} / ${o.finals.missing}`, 'text'],
    ['Итоговые: доведены с опозданием', o.finals.late + o.finals.unpublishedLate, 'int'],
    ['Доля учеников с согласием на обработку ПД', share(reg.consent, reg.students), 'pct'],
    ['Отказы от электронной формы (действуют)', reg.refusals, 'int'],
    ['Заявления учеников 14+ (действуют)', reg.applications, 'int'],
    ['Бумажная информация: недель выдано в срок / позже / не выдано', `${reg.paper.onTime} / ${reg.paper.late} / ${reg.paper.missed}`, 'text'],
    [`Представители, не смотревшие дневник ${o.days} дн.`, reg.notViewed, 'int'],
  ];
  return {
    ...base(STATS_REPORT_TITLES.overview, periodLine(o.period, o.asOf), o.asOf, meta, false, o.otherScheme.length ? [`Итоги периода — без классов другой системы периодов: ${o.otherScheme.join(', ')}.`] : []),
    sections: [
      {
        title: 'Главные показатели',
        columns: [col('Показатель', 'text', 50), col('Значение', 'text', 16)],
        rows: kv.map(([k, v, kind]) => [k, fmtCell(v, kind)]),
      },
      { title: 'Качество знаний по классам', columns: [], rows: [], chart: { title: `Качество знаний (доля учеников), ${o.period.title}`, unit: 'pct', bars: o.byClass.map((c) => ({ label: c.label, value: c.figures.quality })) } },
      { title: 'Выполнение плана по предметам', columns: [], rows: [], chart: { title: 'Выполнение плана на дату, год', unit: 'pct', bars: o.fulfilmentBySubject.map((s) => ({ label: s.label, value: s.share })) } },
      {
        title: 'Динамика по периодам',
        columns: [col('Период', 'text', 16), col('N (учеников)', 'int', 8), col('Успеваемость, доля учеников', 'pct', 12), col('Качество, доля учеников', 'pct', 12), col('СОУ, по отметкам', 'pct', 10), col('Ср. балл', 'dec', 9)],
        rows: o.trend.map((t) => [t.title, t.N, t.figures.success, t.figures.quality, t.figures.sou, t.figures.average]),
      },
    ],
  };
}

function fmtCell(v: ReportCell, kind: ReportColumn['kind']): ReportCell {
  if (typeof v !== 'number') return v;
  if (kind === 'pct') return `${new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(v * 100)} %`;
  if (kind === 'dec') return new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
  return v;
}

// ---------------------------------------------------------------- class and student

export function classDoc(c: ClassStats, meta: DocMeta): ReportDoc {
  const withPrev = c.subjects.some((s) => s.prev);
  const cats = Object.entries(c.categories)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${STUDENT_CATEGORY_LABELS[k as keyof typeof STUDENT_CATEGORY_LABELS]}: ${n}`)
    .join('; ');
  return {
    ...base(`${STATS_REPORT_TITLES.class} ${c.className}`, periodLine(c.period, c.asOf), c.asOf, meta, true, [
      `Классный руководитель: ${c.classTeacherName || '—'}.`,
      cats ? `Ученики: ${cats}.` : 'Отметок в классе нет.',
    ]),
    sections: [
      resultSection('Класс (доля учеников)', [col('Класс', 'text', 14)], [c.result], () => [c.className], withPrev, STUDENTS_NOTE),
      resultSection('Предметы (ученики)', [col('Предмет', 'text', 22)], c.subjects, (x) => [x.subjectName ?? x.label], withPrev, SUBJECTS_NOTE),
      {
        title: 'Ученики',
        columns: [
          col('Ученик', 'text', 30),
          col('Итог', 'text', 14),
          col('«5»', 'int', 5),
          col('«4»', 'int', 5),
          col('«3»', 'int', 5),
          col('«2»', 'int', 5),
          col('н/а', 'int', 5),
          col('Без отм.', 'int', 6),
          col('Ср. итоговый', 'dec', 8),
          col('Ср. текущий', 'dec', 8),
          col('Отметок', 'int', 7),
          col('Пропусков', 'int', 8),
          col('Неуспевание', 'text', 20),
          col('Примечание', 'text', 16),
        ],
        rows: c.students.map((s) => [s.name, STUDENT_CATEGORY_LABELS[s.category], s.n5, s.n4, s.n3, s.n2, s.na, s.noMark, s.average, s.currentAverage, s.marks, s.absences, s.failingSubjects.join(', '), s.note]),
      },
      {
        title: 'Выполнение учебного плана',
        columns: [col('Предмет', 'text', 22), col('Учитель', 'text', 16), col('Часов в год', 'int', 8), ...FULFIL_COLUMNS],
        rows: c.fulfilment.map((x) => [x.subjectName, x.teacherName, x.hoursPerYear ?? 'нет в плане', ...fulfilCells(x)]),
      },
    ],
  };
}

export function studentDoc(s: StudentStats, meta: DocMeta): ReportDoc {
  return {
    ...base(`${STATS_REPORT_TITLES.student}: ${s.name}`, `${s.className} класс. ${periodLine(s.period, s.asOf)}`, s.asOf, meta, true, s.note ? [s.note] : []),
    sections: [
      {
        title: 'Предметы',
        columns: [
          col('Предмет', 'text', 22),
          col('Учитель', 'text', 16),
          ...s.columns.map((c) => col(c.short, 'text', 6)),
          col('Отметок', 'int', 7),
          col('Ср. текущий', 'dec', 8),
          col('Уроков', 'int', 7),
          col('Пропуски н', 'int', 7),
          col('Болел', 'int', 6),
          col('Уваж.', 'int', 6),
        ],
        rows: s.subjects.map((x) => [x.subjectName, x.teacherName, ...x.finals.map((v) => v || '—'), x.marks, x.average, x.held, x.absent, x.ill, x.excused]),
      },
    ],
  };
}
