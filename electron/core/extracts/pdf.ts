import { jsPDF } from 'jspdf';
import type { CellInput, RowInput } from 'jspdf-autotable';
import QRCode from 'qrcode';
import { ATTENDANCE_LABELS } from '../../contract/groups/journal.js';
import { EXTRACT_SECTION_LABELS, type ExtractReason } from '../../contract/groups/extracts.js';
import type { ExtractSection } from '../../contract/entities/settings.js';
import { ruDate, ruDateTime } from '../../contract/text/format.js';
import { formatAverage } from '../journal/forecast.js';
import { MARGIN, ensureSpace, heading, pageHeight, pageWidth, paragraph, pdfBytes, table } from '../pdf/document.js';
import { PDF_FONT } from '../pdf/fonts.js';
import { qrPayload } from './code.js';
import { registerCachedFonts } from './fontCache.js';
import type { ExtractContent } from './content.js';

/**
 * The extract on paper: A4, real text in DejaVu Sans (pdftotext reads it back), one table per
 * section with its header repeated when it breaks across pages, empty sections saying so, the
 * signature block with «Выписка верна», М.П., the verification code as text and as a QR code, and
 * «Стр. N из M» counted per extract — so that a batch of many extracts is one file of separate
 * papers. The font is registered once per document, however many extracts it holds.
 */

export interface PrintableExtract {
  content: ExtractContent;
  number: number;
  issuedOn: string;
  code: string;
  reason: ExtractReason;
  signedOff?: { role: 'director' | 'deputy' | string; name: string; at: string };
}

const WEEKDAYS = ['', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'];
const GREY: [number, number, number] = [95, 95, 95];
const GROUP_FILL: [number, number, number] = [241, 244, 247];

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

export function shortStudent(name: string): string {
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

function weight(w: number): string {
  return String(w).replace('.', ',');
}

function muted(doc: jsPDF, text: string, y: number): number {
  doc.setTextColor(...GREY);
  const ny = paragraph(doc, text, y, { size: 9.5 });
  doc.setTextColor(0);
  return ny + 1;
}

/** A label in bold and its value, on one line; returns the y below. */
function field(doc: jsPDF, label: string, value: string, x: number, y: number, labelWidth: number): void {
  doc.setFont(PDF_FONT, 'bold');
  doc.setFontSize(10);
  doc.text(label, x, y);
  const w = Math.max(labelWidth, doc.getTextWidth(label) + 2);
  doc.setFont(PDF_FONT, 'normal');
  doc.text(value, x + w, y);
}

function group(text: string, span: number): RowInput {
  return [{ content: text, colSpan: span, styles: { fontStyle: 'bold', fillColor: GROUP_FILL } } as CellInput];
}

function drawHeader(doc: jsPDF, x: PrintableExtract): number {
  const c = x.content;
  const w = pageWidth(doc);
  let y = paragraph(doc, c.school.name, MARGIN - 3, { size: 9, align: 'center', gap: 0.5 });
  const contacts = [c.school.address, c.school.phone ? `тел. ${c.school.phone}` : ''].filter(Boolean).join(' · ');
  if (contacts) {
    doc.setTextColor(...GREY);
    y = paragraph(doc, contacts, y, { size: 8, align: 'center', gap: 0.5 });
    doc.setTextColor(0);
  }
  doc.setDrawColor(150);
  doc.setLineWidth(0.3);
  doc.line(MARGIN, y + 1, w - MARGIN, y + 1);
  y = paragraph(doc, `ВЫПИСКА № ${x.number}`, y + 4, { size: 15, bold: true, align: 'center', gap: 0.5 });
  y = paragraph(doc, 'из электронного журнала и электронного дневника', y, { size: 10, align: 'center', gap: 0 });
  y = paragraph(doc, 'об успеваемости, посещаемости и учебных заданиях обучающегося', y, { size: 10, align: 'center', gap: 3 });

  const left = MARGIN;
  const right = MARGIN + 128;
  y += 3;
  field(doc, 'Обучающийся:', c.student.name, left, y, 30);
  field(doc, 'Класс:', c.className, right, y, 17);
  y += 5.5;
  field(doc, 'Период:', `${periodText(c.period)}${x.reason === 'weekly' ? ' (неделя)' : ''}`, left, y, 30);
  field(doc, 'Выдана:', ruDate(x.issuedOn), right, y, 17);
  y += 5.5;
  field(
    doc,
    'Основание:',
    x.reason === 'weekly' ? 'еженедельное информирование семьи на бумаге' : 'запрос законного представителя',
    left,
    y,
    30,
  );
  return y + 4;
}

function marksSection(doc: jsPDF, y: number, m: NonNullable<ExtractContent['marks']>): number {
  if (m.subjects.length === 0) return muted(doc, EMPTY.marks, y);
  const body: RowInput[] = [];
  for (const s of m.subjects) {
    const teacher = s.teacherName ? ` (${s.teacherName})` : '';
    body.push(group(`${s.subjectName}${teacher} — средний балл ${formatAverage(s.average)}`, 5));
    for (const k of s.marks) {
      body.push([ruDate(k.date), { content: String(k.value), styles: { fontStyle: 'bold', halign: 'center' } }, k.type, weight(k.weight), k.topic]);
    }
  }
  y = table(doc, y, ['Дата', 'Отметка', 'Вид работы', 'Вес', 'Тема урока'], body, {
    columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 17, halign: 'center' }, 2: { cellWidth: 29 }, 3: { cellWidth: 11, halign: 'center' } },
  });
  if (m.withoutMarks.length) y = muted(doc, `Без отметок за период: ${m.withoutMarks.join(', ')}.`, y - 1);
  return muted(doc, 'Средний балл — взвешенный: вес отметки зависит от вида работы (контрольная весит больше урока).', y - 1);
}

function forecastSection(doc: jsPDF, y: number, f: NonNullable<ExtractContent['forecast']>): number {
  if (f.periodName === null) return muted(doc, EMPTY.forecast, y);
  y = paragraph(doc, `${f.periodName} (${periodText(f.period)}), по отметкам на ${ruDate(f.asOf)}.`, y, { size: 9.5 });
  if (f.rows.length === 0) return muted(doc, 'Отметок в периоде пока нет: прогноз не строится.', y);
  const body: RowInput[] = f.rows.map((r) => [
    r.subjectName,
    { content: formatAverage(r.average), styles: { halign: 'center' } },
    { content: r.forecast === null ? '—' : String(r.forecast), styles: { halign: 'center', fontStyle: 'bold' } },
    { content: String(r.marks), styles: { halign: 'center' } },
    { content: r.lessons ? `${r.absences} из ${r.lessons}` : '—', styles: { halign: 'center' } },
    r.risks.join(', '),
  ]);
  return table(doc, y, ['Предмет', 'Средний балл', 'Прогноз', 'Отметок', 'Пропущено уроков', 'Обратите внимание'], body, {
    columnStyles: { 0: { cellWidth: 44 }, 1: { cellWidth: 21 }, 2: { cellWidth: 18 }, 3: { cellWidth: 18 }, 4: { cellWidth: 25 } },
  });
}

function changeText(l: NonNullable<ExtractContent['timetable']>['days'][number]['lessons'][number]): string {
  const note = l.note ? ` (${l.note})` : '';
  switch (l.change) {
    case 'substitution':
      return `замена — ведёт ${l.teacherName || 'другой учитель'}${l.plannedTeacherName ? ` вместо ${l.plannedTeacherName}` : ''}${note}`;
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

type TimetableLesson = NonNullable<ExtractContent['timetable']>['days'][number]['lessons'][number];

const WEEKDAYS_SHORT = ['', 'Пн', 'Вт', 'Ср', 'Чт', 'Пт', 'Сб', 'Вс'];
const CHANGED: [number, number, number] = [160, 60, 0];

/**
 * The week as a parent knows a timetable: lessons down, days across, the room under the subject.
 * Changed lessons are marked with a number and explained in a list below the grid.
 */
function timetableSection(doc: jsPDF, y: number, t: NonNullable<ExtractContent['timetable']>): number {
  const last = t.days.length ? t.days[t.days.length - 1]!.date : t.monday;
  y = paragraph(doc, `Неделя ${periodText({ start: t.monday, end: last })}.`, y, { size: 9.5 });
  const days = t.days;
  const numbers = [...new Set(days.flatMap((d) => d.lessons.map((l) => l.lessonNo)))].sort((a, b) => a - b);
  if (numbers.length === 0) {
    const holiday = days.find((d) => d.holiday)?.holiday;
    return muted(doc, holiday ? `Уроков нет: ${holiday}.` : EMPTY.timetable, y);
  }
  const changes: Array<{ n: number; date: string; l: TimetableLesson }> = [];
  const body: RowInput[] = numbers.map((no) => [
    { content: String(no), styles: { halign: 'center', fontStyle: 'bold' } },
    ...days.map((d): CellInput => {
      if (d.holiday) return { content: no === numbers[0] ? 'каникулы' : '', styles: { textColor: GREY, halign: 'center' } };
      const here = d.lessons.filter((l) => l.lessonNo === no);
      if (here.length === 0) return '';
      let changed = false;
      const text = here
        .map((l) => {
          const room = l.room ? `\nкаб. ${l.room}` : '';
          if (!l.change) return `${l.subjectName}${room}`;
          changed = true;
          changes.push({ n: changes.length + 1, date: d.date, l });
          const mark = l.change === 'cancelled' || l.change === 'moved_out' ? ' — нет урока' : '';
          return `${l.subjectName} (${changes.length})${mark}${room}`;
        })
        .join('\n');
      return { content: text, styles: changed ? { fontStyle: 'bold', textColor: CHANGED } : {} };
    }),
  ]);
  const head = ['Урок', ...days.map((d) => `${WEEKDAYS_SHORT[d.weekday] ?? ''} ${ruDate(d.date).slice(0, 5)}`)];
  const dayWidth = (pageWidth(doc) - 2 * MARGIN - 11) / days.length;
  const columnStyles: Record<number, { cellWidth: number }> = { 0: { cellWidth: 11 } };
  days.forEach((_, i) => (columnStyles[i + 1] = { cellWidth: dayWidth }));
  y = table(doc, y, head, body, { columnStyles, styles: { font: PDF_FONT, fontSize: 7.8, cellPadding: 1, overflow: 'linebreak', lineColor: [160, 160, 160], lineWidth: 0.1, textColor: 20 } });
  if (changes.length === 0) return muted(doc, 'Изменений в расписании на эту неделю нет.', y - 1);
  return table(
    doc,
    y - 1,
    ['№', 'Дата', 'Урок', 'Изменение'],
    changes.map((c) => [String(c.n), `${WEEKDAYS_SHORT[weekdayOf(c.date)] ?? ''} ${ruDate(c.date)}`, String(c.l.lessonNo), `${c.l.subjectName}: ${changeText(c.l)}`]),
    { columnStyles: { 0: { cellWidth: 9, halign: 'center' }, 1: { cellWidth: 25 }, 2: { cellWidth: 12, halign: 'center' } } },
  );
}

function weekdayOf(iso: string): number {
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

function sectionBody(doc: jsPDF, y: number, s: ExtractSection, c: ExtractContent): number {
  switch (s) {
    case 'marks':
      return marksSection(doc, y, c.marks!);
    case 'forecast':
      return forecastSection(doc, y, c.forecast!);
    case 'absences': {
      const a = c.absences!;
      if (!a.length) return muted(doc, EMPTY.absences, y);
      return table(
        doc,
        y,
        ['Дата', 'Урок', 'Предмет', 'Тема урока', 'Причина'],
        a.map((m) => [ruDate(m.date), { content: String(m.lessonNo), styles: { halign: 'center' } }, m.subjectName, m.topic, `«${m.kind}» — ${ATTENDANCE_LABELS[m.kind]}`]),
        { columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 12 }, 2: { cellWidth: 34 }, 4: { cellWidth: 44 } } },
      );
    }
    case 'unsatisfactory': {
      const u = c.unsatisfactory!;
      if (!u.length) return muted(doc, EMPTY.unsatisfactory, y);
      return table(
        doc,
        y,
        ['Дата', 'Предмет', 'Отметка', 'Вид работы', 'Тема урока'],
        u.map((m) => [ruDate(m.date), m.subjectName, { content: String(m.value), styles: { halign: 'center', fontStyle: 'bold' } }, m.type, m.topic]),
        { columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 34 }, 2: { cellWidth: 17 }, 3: { cellWidth: 29 } } },
      );
    }
    case 'homework': {
      const h = c.homework!;
      if (!h.items.length) return muted(doc, EMPTY.homework, y);
      return table(
        doc,
        y,
        ['Задано', 'Предмет', 'Задание', 'Сдать к'],
        h.items.map((i) => [ruDate(i.date), i.subjectName, i.text, i.due ? ruDate(i.due) : '—']),
        { columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 34 }, 3: { cellWidth: 20 } } },
      );
    }
    case 'recommendations': {
      const r = c.recommendations!;
      if (!r.length) return muted(doc, EMPTY.recommendations, y);
      return table(
        doc,
        y,
        ['Дата', 'Предмет', 'Учитель', 'Рекомендация'],
        r.map((i) => [ruDate(i.date), i.subjectName, i.teacherName, i.text]),
        { columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 34 }, 2: { cellWidth: 34 } } },
      );
    }
    case 'timetable':
      return timetableSection(doc, y, c.timetable!);
    case 'tests': {
      const t = c.tests!;
      if (!t.items.length) return muted(doc, `${EMPTY.tests} (${periodText(t.range)})`, y);
      y = paragraph(doc, `По графику контрольных работ ${periodText(t.range)}.`, y, { size: 9.5 });
      return table(
        doc,
        y,
        ['Дата', 'Предмет', 'Вид работы', 'Тема'],
        t.items.map((i) => [ruDate(i.date), i.subjectName, i.kind, i.topic]),
        { columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 34 }, 2: { cellWidth: 29 } } },
      );
    }
    case 'holidays': {
      const h = c.holidays!;
      if (!h.length) return muted(doc, EMPTY.holidays, y);
      return table(
        doc,
        y,
        ['Каникулы', 'С', 'По', 'Дней'],
        h.map((i) => [i.name, ruDate(i.start), ruDate(i.end), { content: String(i.days), styles: { halign: 'center' } }]),
        { columnStyles: { 1: { cellWidth: 24 }, 2: { cellWidth: 24 }, 3: { cellWidth: 16 } } },
      );
    }
    case 'teachers': {
      const t = c.teachers!;
      if (t.classTeacher) y = paragraph(doc, `Классный руководитель: ${t.classTeacher}.`, y, { size: 9.5 });
      if (!t.items.length) return muted(doc, EMPTY.teachers, y);
      const half = Math.ceil(t.items.length / 2);
      const rows: RowInput[] = t.items.slice(0, half).map((a, k) => {
        const b = t.items[half + k];
        return [a.subjectName, a.teacherName, b?.subjectName ?? '', b?.teacherName ?? ''];
      });
      return table(doc, y, ['Предмет', 'Учитель', 'Предмет', 'Учитель'], rows, {
        columnStyles: { 0: { cellWidth: 37 }, 1: { cellWidth: 53 }, 2: { cellWidth: 37 }, 3: { cellWidth: 53 } },
      });
    }
  }
}

/** The QR code drawn as vector squares (no image to encode or decode: fast and sharp). */
export function qrVector(doc: jsPDF, text: string, x: number, y: number, side: number): void {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const cell = side / n;
  doc.setFillColor(0, 0, 0);
  for (let r = 0; r < n; r++) {
    let run = -1;
    for (let c = 0; c <= n; c++) {
      const dark = c < n && qr.modules.get(r, c) === 1;
      if (dark && run < 0) run = c;
      if (!dark && run >= 0) {
        doc.rect(x + run * cell, y + r * cell, (c - run) * cell + 0.01, cell + 0.01, 'F');
        run = -1;
      }
    }
  }
}

const SIGN_BLOCK_HEIGHT = 66;

function signLine(doc: jsPDF, label: string, name: string, y: number, lineX: number): void {
  doc.setFont(PDF_FONT, 'normal');
  doc.setFontSize(10);
  doc.text(label, MARGIN, y);
  doc.setDrawColor(0);
  doc.setLineWidth(0.25);
  doc.line(lineX, y + 0.6, lineX + 38, y + 0.6);
  if (name) doc.text(`/ ${name} /`, lineX + 40, y);
  doc.setFontSize(6.5);
  doc.setTextColor(...GREY);
  doc.text('подпись', lineX + 19, y + 3.4, { align: 'center' });
  doc.setTextColor(0);
  doc.setFontSize(10);
}

function drawSignatures(doc: jsPDF, x: PrintableExtract, y0: number): void {
  let y = ensureSpace(doc, y0 + 2, SIGN_BLOCK_HEIGHT);
  const w = pageWidth(doc);
  const qrSide = 27;
  const qrX = w - MARGIN - qrSide;
  doc.setDrawColor(150);
  doc.setLineWidth(0.3);
  doc.line(MARGIN, y, w - MARGIN, y);
  const top = y + 3;

  qrVector(doc, qrPayload(x.number, x.code), qrX, top, qrSide);
  doc.setFontSize(7.5);
  doc.setTextColor(...GREY);
  doc.text('Код проверки выписки', qrX + qrSide / 2, top + qrSide + 3.5, { align: 'center' });
  doc.setTextColor(0);
  doc.setFont(PDF_FONT, 'bold');
  doc.setFontSize(8.5);
  doc.text(x.code, qrX + qrSide, top + qrSide + 7.5, { align: 'right' });
  doc.setFont(PDF_FONT, 'normal');
  doc.setFontSize(7);
  doc.setTextColor(...GREY);
  doc.text(['Проверка: «ЭЖД Офис» → Выписки →', '«Проверить код»'], qrX + qrSide, top + qrSide + 11, { align: 'right' });
  doc.setTextColor(0);

  y = top + 4;
  doc.setFont(PDF_FONT, 'bold');
  doc.setFontSize(11);
  doc.text('Выписка верна.', MARGIN, y);
  const lineX = MARGIN + 52;
  y += 9;
  signLine(doc, 'Классный руководитель', x.content.classTeacherName, y, lineX);
  y += 10;
  const deputy = x.signedOff?.role === 'deputy';
  signLine(doc, deputy ? 'Заместитель директора' : 'Директор', deputy ? x.signedOff!.name : x.content.directorName, y, lineX);
  doc.setFont(PDF_FONT, 'bold');
  doc.setFontSize(10);
  doc.text('М.П.', lineX + 2, y + 9);
  doc.setFont(PDF_FONT, 'normal');
  y += 14;
  doc.setFontSize(8.5);
  if (x.signedOff) {
    const who = x.signedOff.role === 'deputy' ? 'заместитель директора' : 'директор';
    doc.text(`Утверждена в реестре выписок: ${who} ${x.signedOff.name}, ${ruDateTime(x.signedOff.at)}.`, MARGIN, y);
  } else {
    doc.setTextColor(...GREY);
    doc.text('Утверждение в реестре выписок: ______________________ (отметка делается в программе).', MARGIN, y);
    doc.setTextColor(0);
  }
  y += 9;
  doc.setFontSize(10);
  doc.text('Выписку получил(а):', MARGIN, y);
  const sx = MARGIN + doc.getTextWidth('Выписку получил(а):') + 3;
  doc.setLineWidth(0.25);
  doc.setDrawColor(0);
  doc.line(sx, y + 0.6, sx + 30, y + 0.6);
  doc.text('/', sx + 31, y);
  doc.line(sx + 34, y + 0.6, sx + 84, y + 0.6);
  doc.text('/', sx + 85, y);
  doc.text('«___» ___________ 20___ г.', sx + 89, y);
  doc.setFontSize(6.5);
  doc.setTextColor(...GREY);
  doc.text('подпись', sx + 15, y + 3.4, { align: 'center' });
  doc.text('фамилия, инициалы законного представителя', sx + 59, y + 3.4, { align: 'center' });
  doc.setTextColor(0);
  doc.setFontSize(10);
}

/** Draws one extract from the current page on; returns its first and last page numbers. */
export function drawExtract(doc: jsPDF, x: PrintableExtract): { first: number; last: number } {
  const first = doc.getNumberOfPages();
  let y = drawHeader(doc, x);
  x.content.sections.forEach((s, i) => {
    y = heading(doc, `${i + 1}. ${EXTRACT_SECTION_LABELS[s]}`, y + 2, 11.5);
    y = sectionBody(doc, y, s, x.content);
  });
  if (x.content.sections.length === 0) y = muted(doc, 'В шаблоне выписки школы не выбран ни один раздел.', y + 2);
  drawSignatures(doc, x, y + 2);
  return { first, last: doc.getNumberOfPages() };
}

function footers(doc: jsPDF, spans: Array<{ first: number; last: number; text: string }>): void {
  const h = pageHeight(doc);
  const w = pageWidth(doc);
  for (const s of spans) {
    const n = s.last - s.first + 1;
    for (let p = s.first; p <= s.last; p++) {
      doc.setPage(p);
      doc.setFont(PDF_FONT, 'normal');
      doc.setFontSize(7.5);
      doc.setTextColor(...GREY);
      doc.text(s.text, MARGIN, h - 8);
      doc.text(`Стр. ${p - s.first + 1} из ${n}`, w - MARGIN, h - 8, { align: 'right' });
      doc.setTextColor(0);
    }
  }
}

/** `createPdf` of the PDF base, with the font parsed once per process (see fontCache.ts). */
function createExtractPdf(title: string): jsPDF {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: 'portrait', compress: true });
  registerCachedFonts(doc);
  doc.setProperties({ title, creator: 'ЭЖД Офис', subject: title });
  doc.setLanguage('ru');
  doc.setFontSize(10);
  return doc;
}

/**
 * One PDF with the extracts, each starting on a new page, numbered on its own. `onPage` is called
 * after each extract (progress).
 */
export function extractsPdf(items: readonly PrintableExtract[], onDone?: (done: number) => void): Uint8Array {
  const title = items.length === 1 ? `Выписка № ${items[0]!.number}` : `Выписки (${items.length})`;
  const doc = createExtractPdf(title);
  const spans: Array<{ first: number; last: number; text: string }> = [];
  items.forEach((x, i) => {
    if (i > 0) doc.addPage();
    const span = drawExtract(doc, x);
    spans.push({ ...span, text: `Выписка № ${x.number} · ${shortStudent(x.content.student.name)}, ${x.content.className} · код ${x.code}` });
    onDone?.(i + 1);
  });
  footers(doc, spans);
  return pdfBytes(doc);
}
