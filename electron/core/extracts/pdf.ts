import { ATTENDANCE_LABELS } from '../../contract/groups/journal.js';
import { EXTRACT_SECTION_LABELS, type ExtractReason } from '../../contract/groups/extracts.js';
import type { ExtractSection } from '../../contract/entities/settings.js';
import { ruDate, ruDateTime } from '../../contract/text/format.js';
import { formatAverage } from '../journal/forecast.js';
import { declineShortName } from '../people/names.js';
import { MARGIN, createPdf, pdfBytes } from '../pdf/document.js';
import { qrVector } from '../pdf/qr.js';
import { qrPayload } from '../../contract/extracts/code.js';
import type { ExtractContent } from './content.js';
import { displayPhone } from '../../contract/text/phone.js';
import { Writer, drawTable, type Cell, type Column, type Rgb, type TableRow } from '../pdf/writer.js';

/**
 * The extract on paper: A4, real text in DejaVu Sans (pdftotext reads it back), one table per
 * section with its header repeated when it breaks across pages (a row never splits), empty
 * sections saying so, the signature block with «Выписка верна», М.П., the verification code as
 * text and as a QR code, and «Стр. N из M» counted per extract — so that a batch of many extracts
 * is one file of separate papers. The font is registered once per document and parsed once per
 * process (pdf/fontCache.ts); the text is laid out by the lean writer of pdf/writer.ts.
 */

export interface PrintableExtract {
  content: ExtractContent;
  number: number;
  issuedOn: string;
  code: string;
  reason: ExtractReason;
  signedOff?: { role: 'director' | 'deputy' | string; name: string; at: string };
  /** What the QR code holds (code.ts, `qrText`): the central check page, or the plain text. */
  qr?: string;
  /** An annulled extract printed for reference: marked void on every page's top. */
  annulled?: { on: string; reason: string };
}

const WEEKDAYS_SHORT = ['', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
const GREY: Rgb = [95, 95, 95];
const CHANGED: Rgb = [160, 60, 0];
const RULE: Rgb = [150, 150, 150];
const VOID: Rgb = [190, 0, 0];

const EMPTY: Record<ExtractSection, string> = {
  marks: 'За период отметок нет.',
  forecast: 'Прогноз не строится: у класса нет отчётного периода на эти даты.',
  absences: 'Пропущенных уроков за период нет.',
  unsatisfactory: 'Неудовлетворительных отметок за период нет.',
  homework: 'Домашних заданий за период нет.',
  recommendations: 'Рекомендаций учителей за период нет.',
  timetable: 'Уроков на эту неделю в расписании нет.',
  tests: 'Контрольных работ в ближайшее время не запланировано.',
  holidays: 'Каникул до конца учебного года не осталось.',
  teachers: 'Учителя класса не указаны.',
};

/** «Иванов И. И.» of «Иванов Иван Иванович». */
function shortStudent(name: string): string {
  const [last, ...rest] = name.split(' ');
  return [last, rest.map((x) => `${x[0]}.`).join(' ')].filter(Boolean).join(' ');
}

export function extractFileName(x: Pick<PrintableExtract, 'number' | 'content'>): string {
  const p = x.content.period;
  return `Выписка № ${x.number} — ${shortStudent(x.content.student.name)}, ${x.content.className} — ${ruDate(p.start)}–${ruDate(p.end)}.pdf`;
}

function periodText(p: { start: string; end: string }): string {
  return p.start === p.end ? ruDate(p.start) : `с ${ruDate(p.start)} по ${ruDate(p.end)}`;
}

const weight = (v: number) => String(v).replace('.', ',');
const center = (text: string, bold = false): Cell => ({ text, align: 'center', bold });

function muted(w: Writer, text: string, y: number): number {
  return w.paragraph(text, y, { size: 9.5, color: GREY }) + 1;
}

function note(w: Writer, text: string, y: number): number {
  return w.paragraph(text, y, { size: 9.5 });
}

function field(w: Writer, label: string, value: string, x: number, y: number, labelWidth: number): void {
  w.text(label, x, y, { bold: true });
  w.text(value, x + Math.max(labelWidth, w.width(label, 10, true) + 2), y);
}

function drawHeader(w: Writer, x: PrintableExtract): number {
  const c = x.content;
  let y = w.paragraph(c.school.name, MARGIN - 3, { size: 9, align: 'center', gap: 0.5 });
  const contacts = [c.school.address, c.school.phone ? `тел. ${displayPhone(c.school.phone)}` : ''].filter(Boolean).join(' · ');
  if (contacts) y = w.paragraph(contacts, y, { size: 8, align: 'center', gap: 0.5, color: GREY });
  w.line(MARGIN, y + 1, w.pageWidth - MARGIN, y + 1, { stroke: RULE, lineWidth: 0.3 });
  y = w.paragraph(`ВЫПИСКА № ${x.number}`, y + 4, { size: 15, bold: true, align: 'center', gap: 0.5 });
  if (x.annulled) {
    y = w.paragraph(`АННУЛИРОВАНА ${ruDate(x.annulled.on)}: ${x.annulled.reason}. Выписка недействительна.`, y, { size: 11, bold: true, align: 'center', color: VOID, gap: 1 });
  }
  y = w.paragraph('из электронного журнала и электронного дневника', y, { align: 'center', gap: 0 });
  y = w.paragraph('об успеваемости, посещаемости и учебных заданиях обучающегося', y, { align: 'center', gap: 3 });
  const right = MARGIN + 128;
  y += 3;
  field(w, 'Обучающийся:', c.student.name, MARGIN, y, 30);
  field(w, 'Класс:', c.className, right, y, 17);
  y += 5.5;
  field(w, 'Период:', `${periodText(c.period)}${x.reason === 'weekly' ? ' (неделя)' : ''}`, MARGIN, y, 30);
  field(w, 'Выдана:', ruDate(x.issuedOn), right, y, 17);
  y += 5.5;
  field(w, 'Основание:', x.reason === 'weekly' ? 'еженедельное информирование семьи на бумаге' : 'запрос законного представителя', MARGIN, y, 30);
  return y + 4;
}

function marksSection(w: Writer, y: number, m: NonNullable<ExtractContent['marks']>): number {
  if (m.subjects.length === 0) return muted(w, EMPTY.marks, y);
  const rows: TableRow[] = [];
  for (const s of m.subjects) {
    const teacher = s.teacherName ? ` (${s.teacherName})` : '';
    rows.push({ group: `${s.subjectName}${teacher} — средний балл ${formatAverage(s.average)}` });
    for (const k of s.marks) rows.push({ cells: [ruDate(k.date), center(String(k.value), true), k.type, center(weight(k.weight)), k.topic] });
  }
  y = drawTable(w, y, [{ header: 'Дата', width: 20 }, { header: 'Отметка', width: 17 }, { header: 'Вид работы', width: 31 }, { header: 'Вес', width: 11 }, { header: 'Тема урока' }], rows);
  if (m.withoutMarks.length) y = muted(w, `Без отметок за период: ${m.withoutMarks.join(', ')}.`, y - 1);
  return muted(w, 'Средний балл — взвешенный: вес отметки зависит от вида работы (контрольная весит больше урока).', y - 1);
}

function forecastSection(w: Writer, y: number, f: NonNullable<ExtractContent['forecast']>): number {
  if (f.periodName === null) return muted(w, EMPTY.forecast, y);
  y = note(w, `${f.periodName} (${periodText(f.period)}), по отметкам на ${ruDate(f.asOf)}.`, y);
  if (f.rows.length === 0) return muted(w, 'Отметок в периоде пока нет: прогноз не строится.', y);
  return drawTable(
    w,
    y,
    [{ header: 'Предмет', width: 44 }, { header: 'Средний балл', width: 21, align: 'center' }, { header: 'Прогноз', width: 18, align: 'center' }, { header: 'Отметок', width: 18, align: 'center' }, { header: 'Пропущено уроков', width: 25, align: 'center' }, { header: 'Обратите внимание' }],
    f.rows.map((r) => ({
      cells: [r.subjectName, formatAverage(r.average), { text: r.forecast === null ? '—' : String(r.forecast), bold: true }, String(r.marks), r.lessons ? `${r.absences} из ${r.lessons}` : '—', r.risks.join(', ')],
    })),
  );
}

type TimetableLesson = NonNullable<ExtractContent['timetable']>['days'][number]['lessons'][number];

function changeText(l: TimetableLesson): string {
  const note = l.note ? ` (${l.note})` : '';
  switch (l.change) {
    case 'substitution':
      return `замена — ведёт ${l.teacherName || 'другой учитель'}${l.plannedTeacherName ? ` вместо ${declineShortName(l.plannedTeacherName, 'genitive')}` : ''}${note}`;
    case 'moved_out':
      return `урок перенесён${l.movedDate ? ` на ${ruDate(l.movedDate)}` : ''}${l.movedLessonNo ? `, ${l.movedLessonNo}-й урок` : ''}${note}`;
    case 'moved_in':
      return `перенесён сюда${l.movedDate ? ` с ${ruDate(l.movedDate)}` : ''}${l.movedLessonNo ? `, ${l.movedLessonNo}-й урок` : ''}${note}`;
    case 'cancelled':
      return `урок отменён${note}`;
    default:
      return '';
  }
}

function weekdayOf(iso: string): number {
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * The week as a parent knows a timetable: lessons down, days across, the room under the subject.
 * Changed lessons are marked with a number and explained in a list below the grid.
 */
function timetableSection(w: Writer, y: number, t: NonNullable<ExtractContent['timetable']>): number {
  const days = t.days;
  const last = days.length ? days[days.length - 1]!.date : t.monday;
  y = note(w, `Неделя ${periodText({ start: t.monday, end: last })}.`, y);
  const numbers = [...new Set(days.flatMap((d) => d.lessons.map((l) => l.lessonNo)))].sort((a, b) => a - b);
  if (numbers.length === 0) {
    const holiday = days.find((d) => d.holiday)?.holiday;
    return muted(w, holiday ? `Уроков нет: ${holiday}.` : EMPTY.timetable, y);
  }
  const changes: Array<{ date: string; l: TimetableLesson }> = [];
  const rows: TableRow[] = numbers.map((no) => ({
    cells: [
      center(String(no), true),
      ...days.map((d): Cell => {
        if (d.holiday) return { text: no === numbers[0] ? 'каникулы' : '', align: 'center', color: GREY };
        const here = d.lessons.filter((l) => l.lessonNo === no);
        let changed = false;
        const text = here
          .map((l) => {
            const room = l.room ? `\nкаб. ${l.room}` : '';
            if (!l.change) return `${l.subjectName}${room}`;
            changed = true;
            changes.push({ date: d.date, l });
            const gone = l.change === 'cancelled' || l.change === 'moved_out' ? ' — нет урока' : '';
            return `${l.subjectName} (${changes.length})${gone}${room}`;
          })
          .join('\n');
        return changed ? { text, bold: true, color: CHANGED } : { text };
      }),
    ],
  }));
  const dayWidth = (w.pageWidth - 2 * MARGIN - 11) / days.length;
  const columns: Column[] = [{ header: 'Урок', width: 11, align: 'center' }, ...days.map((d) => ({ header: `${WEEKDAYS_SHORT[d.weekday] ?? ''} ${ruDate(d.date).slice(0, 5)}`, width: dayWidth }))];
  y = drawTable(w, y, columns, rows, { size: 7.8, pad: 1 });
  if (changes.length === 0) return muted(w, 'Изменений в расписании на эту неделю нет.', y - 1);
  return drawTable(
    w,
    y - 1,
    [{ header: '№', width: 9, align: 'center' }, { header: 'Дата', width: 25 }, { header: 'Урок', width: 12, align: 'center' }, { header: 'Изменение' }],
    changes.map((c, i) => ({ cells: [String(i + 1), `${WEEKDAYS_SHORT[weekdayOf(c.date)] ?? ''} ${ruDate(c.date)}`, String(c.l.lessonNo), `${c.l.subjectName}: ${changeText(c.l)}`] })),
  );
}

function sectionBody(w: Writer, y: number, s: ExtractSection, c: ExtractContent): number {
  switch (s) {
    case 'marks':
      return marksSection(w, y, c.marks!);
    case 'forecast':
      return forecastSection(w, y, c.forecast!);
    case 'absences': {
      const a = c.absences!;
      if (!a.length) return muted(w, EMPTY.absences, y);
      return drawTable(
        w,
        y,
        [{ header: 'Дата', width: 20 }, { header: 'Урок', width: 12, align: 'center' }, { header: 'Предмет', width: 34 }, { header: 'Тема урока' }, { header: 'Причина', width: 44 }],
        a.map((m) => ({ cells: [ruDate(m.date), String(m.lessonNo), m.subjectName, m.topic, `«${m.kind}» — ${ATTENDANCE_LABELS[m.kind]}`] })),
      );
    }
    case 'unsatisfactory': {
      const u = c.unsatisfactory!;
      if (!u.length) return muted(w, EMPTY.unsatisfactory, y);
      return drawTable(
        w,
        y,
        [{ header: 'Дата', width: 20 }, { header: 'Предмет', width: 34 }, { header: 'Отметка', width: 17, align: 'center' }, { header: 'Вид работы', width: 31 }, { header: 'Тема урока' }],
        u.map((m) => ({ cells: [ruDate(m.date), m.subjectName, { text: String(m.value), bold: true }, m.type, m.topic] })),
      );
    }
    case 'homework': {
      const h = c.homework!;
      if (!h.items.length) return muted(w, EMPTY.homework, y);
      return drawTable(
        w,
        y,
        [{ header: 'Задано', width: 20 }, { header: 'Предмет', width: 34 }, { header: 'Задание' }, { header: 'Сдать к', width: 20 }],
        h.items.map((i) => ({ cells: [ruDate(i.date), i.subjectName, i.text, i.due ? ruDate(i.due) : '—'] })),
      );
    }
    case 'recommendations': {
      const r = c.recommendations!;
      if (!r.length) return muted(w, EMPTY.recommendations, y);
      return drawTable(
        w,
        y,
        [{ header: 'Дата', width: 20 }, { header: 'Предмет', width: 34 }, { header: 'Учитель', width: 34 }, { header: 'Рекомендация' }],
        r.map((i) => ({ cells: [ruDate(i.date), i.subjectName, i.teacherName, i.text] })),
      );
    }
    case 'timetable':
      return timetableSection(w, y, c.timetable!);
    case 'tests': {
      const t = c.tests!;
      if (!t.items.length) return muted(w, `${EMPTY.tests} (${periodText(t.range)})`, y);
      y = note(w, `По графику контрольных работ ${periodText(t.range)}.`, y);
      return drawTable(
        w,
        y,
        [{ header: 'Дата', width: 20 }, { header: 'Предмет', width: 34 }, { header: 'Вид работы', width: 29 }, { header: 'Тема' }],
        t.items.map((i) => ({ cells: [ruDate(i.date), i.subjectName, i.kind, i.topic] })),
      );
    }
    case 'holidays': {
      const h = c.holidays!;
      if (!h.length) return muted(w, EMPTY.holidays, y);
      return drawTable(
        w,
        y,
        [{ header: 'Каникулы' }, { header: 'С', width: 24 }, { header: 'По', width: 24 }, { header: 'Дней', width: 16, align: 'center' }],
        h.map((i) => ({ cells: [i.name, ruDate(i.start), ruDate(i.end), String(i.days)] })),
      );
    }
    case 'teachers': {
      const t = c.teachers!;
      if (t.classTeacher) y = note(w, `Классный руководитель: ${t.classTeacher}.`, y);
      if (!t.items.length) return muted(w, EMPTY.teachers, y);
      const half = Math.ceil(t.items.length / 2);
      return drawTable(
        w,
        y,
        [{ header: 'Предмет', width: 37 }, { header: 'Учитель', width: 53 }, { header: 'Предмет', width: 37 }, { header: 'Учитель', width: 53 }],
        t.items.slice(0, half).map((a, k) => {
          const b = t.items[half + k];
          return { cells: [a.subjectName, a.teacherName, b?.subjectName ?? '', b?.teacherName ?? ''] };
        }),
      );
    }
  }
}

const SIGN_BLOCK_HEIGHT = 66;

function signLine(w: Writer, label: string, name: string, y: number, lineX: number): void {
  w.text(label, MARGIN, y);
  w.line(lineX, y + 0.6, lineX + 38, y + 0.6);
  if (name) w.text(`/ ${name} /`, lineX + 40, y);
  w.text('подпись', lineX + 19, y + 3.4, { size: 6.5, color: GREY, align: 'center' });
}

function drawSignatures(w: Writer, x: PrintableExtract, y0: number): void {
  let y = w.ensure(y0 + 2, SIGN_BLOCK_HEIGHT);
  const qrSide = 27;
  const qrX = w.pageWidth - MARGIN - qrSide;
  w.line(MARGIN, y, w.pageWidth - MARGIN, y, { stroke: RULE, lineWidth: 0.3 });
  const top = y + 3;

  const qr = x.qr ?? qrPayload(x.number, x.code);
  qrVector(w, qr, qrX, top, qrSide);
  w.text('Код проверки выписки', qrX + qrSide / 2, top + qrSide + 3.5, { size: 7.5, color: GREY, align: 'center' });
  w.text(x.code, qrX + qrSide, top + qrSide + 7.5, { size: 8.5, bold: true, align: 'right' });
  const how = qr.includes('/v1/verify/')
    ? ['Проверка: отсканируйте QR-код телефоном', 'или «ЭЖД Офис» → Выписки → «Проверить код»']
    : ['Проверка: «ЭЖД Офис» → Выписки →', '«Проверить код»'];
  w.lines(how, qrX + qrSide, top + qrSide + 11, 2.9, { size: 7, color: GREY, align: 'right' });

  y = top + 4;
  w.text('Выписка верна.', MARGIN, y, { size: 11, bold: true });
  const lineX = MARGIN + 52;
  y += 9;
  signLine(w, 'Классный руководитель', x.content.classTeacherName, y, lineX);
  y += 10;
  const deputy = x.signedOff?.role === 'deputy';
  signLine(w, deputy ? 'Заместитель директора' : 'Директор', deputy ? x.signedOff!.name : x.content.directorName, y, lineX);
  w.text('М.П.', lineX + 2, y + 9, { bold: true });
  y += 14;
  if (x.signedOff) {
    const who = deputy ? 'заместитель директора' : 'директор';
    w.text(`Утверждена в реестре выписок: ${who} ${x.signedOff.name}, ${ruDateTime(x.signedOff.at)}.`, MARGIN, y, { size: 8.5 });
  } else {
    w.text('Утверждение в реестре выписок: ____________________', MARGIN, y, { size: 8.5, color: GREY });
  }
  y += 9;
  w.text('Выписку получил(а):', MARGIN, y);
  const sx = MARGIN + w.width('Выписку получил(а):') + 3;
  w.line(sx, y + 0.6, sx + 30, y + 0.6);
  w.text('/', sx + 31, y);
  w.line(sx + 34, y + 0.6, sx + 84, y + 0.6);
  w.text('/', sx + 85, y);
  w.text('«___» ___________ 20___ г.', sx + 89, y);
  w.text('подпись', sx + 15, y + 3.4, { size: 6.5, color: GREY, align: 'center' });
  w.text('фамилия, инициалы законного представителя', sx + 59, y + 3.4, { size: 6.5, color: GREY, align: 'center' });
}

/** Draws one extract from the current page on; returns its first and last page numbers. */
export function drawExtract(w: Writer, x: PrintableExtract): { first: number; last: number } {
  const first = w.doc.getNumberOfPages();
  let y = drawHeader(w, x);
  x.content.sections.forEach((s, i) => {
    y = w.ensure(y + 2, 30);
    y = w.paragraph(`${i + 1}. ${EXTRACT_SECTION_LABELS[s]}`, y + 1, { size: 11.5, bold: true, gap: 1 });
    y = sectionBody(w, y, s, x.content);
  });
  if (x.content.sections.length === 0) y = muted(w, 'В шаблоне выписки школы не выбран ни один раздел.', y + 2);
  drawSignatures(w, x, y + 2);
  return { first, last: w.doc.getNumberOfPages() };
}

function footers(w: Writer, spans: ReadonlyArray<{ first: number; last: number; text: string }>): void {
  for (const s of spans) {
    const n = s.last - s.first + 1;
    for (let p = s.first; p <= s.last; p++) {
      w.doc.setPage(p);
      w.text(s.text, MARGIN, w.pageHeight - 8, { size: 7.5, color: GREY });
      w.text(`Стр. ${p - s.first + 1} из ${n}`, w.pageWidth - MARGIN, w.pageHeight - 8, { size: 7.5, color: GREY, align: 'right' });
    }
  }
}

/**
 * One PDF with the extracts, each starting on a new page, numbered on its own. `onDone` is called
 * after each extract (progress).
 */
export function extractsPdf(items: readonly PrintableExtract[], onDone?: (done: number) => void): Uint8Array {
  const title = items.length === 1 ? `Выписка № ${items[0]!.number}` : `Выписки (${items.length})`;
  const doc = createPdf({ title });
  const w = new Writer(doc);
  const spans: Array<{ first: number; last: number; text: string }> = [];
  items.forEach((x, i) => {
    if (i > 0) doc.addPage();
    const span = drawExtract(w, x);
    spans.push({ ...span, text: `Выписка № ${x.number} · ${shortStudent(x.content.student.name)}, ${x.content.className} · код ${x.code}` });
    onDone?.(i + 1);
  });
  footers(w, spans);
  return pdfBytes(doc);
}
