import { ABSENCE_REASONS, type StudentReport } from '../../../contract/groups/journal.js';
import { ruDate } from '../../../contract/text/format.js';
import { MARGIN, createPdf, heading, pageFooters, paragraph, pdfBytes, signatureLine, table } from '../../pdf/document.js';

/**
 * The per-student report as an A4 PDF: the lessons missed with their topics, and the
 * unsatisfactory marks with their topics, for any period; empty sections say so.
 */

export function studentReportFileName(report: Pick<StudentReport, 'name' | 'range'>): string {
  return `Пропуски и неудовлетворительные отметки — ${report.name} — ${ruDate(report.range.start)}–${ruDate(report.range.end)}.pdf`;
}

export function studentReportPdf(report: StudentReport, opts: { schoolName: string; classTeacherName: string; issuedOn: string }): Uint8Array {
  const doc = createPdf({ title: `Пропуски и неудовлетворительные отметки: ${report.name}` });
  let y = paragraph(doc, opts.schoolName, MARGIN, { size: 9, align: 'center', gap: 3 });
  y = paragraph(doc, 'Пропущенные уроки и неудовлетворительные отметки', y, { size: 13, bold: true, align: 'center' });
  y = paragraph(doc, `Ученик: ${report.name}, ${report.className} класс`, y + 2, { size: 10 });
  y = paragraph(doc, `Период: с ${ruDate(report.range.start)} по ${ruDate(report.range.end)}`, y, { size: 10, gap: 3 });

  y = heading(doc, `Пропущенные уроки (${report.missed.length})`, y);
  if (report.missed.length === 0) y = paragraph(doc, 'Пропусков за период нет.', y);
  else {
    y = table(
      doc,
      y,
      ['Дата', 'Урок', 'Предмет', 'Тема урока', 'Причина'],
      report.missed.map((m) => [ruDate(m.date), String(m.lessonNo), m.subjectName, m.topic, `«${m.kind}» — ${ABSENCE_REASONS[m.kind]}`]),
      { bodyStyles: { textColor: [20, 20, 20] }, columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 11, halign: 'center' }, 2: { cellWidth: 34 }, 4: { cellWidth: 40 } } },
    );
  }

  y = heading(doc, `Неудовлетворительные отметки (${report.unsatisfactory.length})`, y + 2);
  if (report.unsatisfactory.length === 0) y = paragraph(doc, 'Неудовлетворительных отметок за период нет.', y);
  else {
    y = table(
      doc,
      y,
      ['Дата', 'Предмет', 'Тема урока', 'Вид работы', 'Отметка'],
      report.unsatisfactory.map((m) => [ruDate(m.date), m.subjectName, m.topic, m.type, String(m.value)]),
      { bodyStyles: { textColor: [20, 20, 20] }, columnStyles: { 0: { cellWidth: 20 }, 1: { cellWidth: 34 }, 3: { cellWidth: 33 }, 4: { cellWidth: 17, halign: 'center' } } },
    );
  }

  y = paragraph(doc, `Дата составления: ${ruDate(opts.issuedOn)}`, y + 4, { size: 10 });
  signatureLine(doc, y + 2, 'Классный руководитель', opts.classTeacherName);
  pageFooters(doc, `${report.name} — пропуски и неудовлетворительные отметки`);
  return pdfBytes(doc);
}
