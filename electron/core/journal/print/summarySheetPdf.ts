import type { CellInput, RowInput } from 'jspdf-autotable';
import { ruDate } from '../../../contract/text/format.js';
import { PDF_FONT } from '../../pdf/fonts.js';
import { MARGIN, createPdf, pageFooters, pageWidth, paragraph, pdfBytes, signatureLine, table } from '../../pdf/document.js';
import { FINAL_STATE_LABELS } from '../finalMarks.js';
import { SHEET_LEGEND, type SummarySheet } from '../summarySheet.js';

/**
 * The summary sheet as a landscape A4 PDF: the title block, the table split into groups of
 * subjects that fit the page width (each group with the student column repeated), the legend,
 * the deferrals in force, and the signature lines.
 */

const NO_WIDTH = 7;
const NAME_WIDTH = 44;
const MARK_WIDTH = 8.4;

/** Fill colours of cells that need attention. */
const FILL = {
  deferred: [255, 243, 205] as [number, number, number],
  deferral_due: [253, 215, 170] as [number, number, number],
  missing: [252, 228, 230] as [number, number, number],
};

export function summarySheetFileName(sheet: Pick<SummarySheet, 'className' | 'yearName'>, ext: 'pdf' | 'xlsx'): string {
  const year = sheet.yearName.replace(/\s*учебный год\s*/i, '').replace(/\//g, '-').trim();
  return `Сводная ведомость ${sheet.className} ${year}.${ext}`;
}

/** Splits subjects into groups whose columns fit the printable width. */
export function subjectGroups<T>(subjects: readonly T[], columnsPerSubject: number, width: number): T[][] {
  const per = Math.max(1, Math.floor((width - NO_WIDTH - NAME_WIDTH) / (columnsPerSubject * MARK_WIDTH)));
  const groups: T[][] = [];
  for (let i = 0; i < subjects.length; i += per) groups.push(subjects.slice(i, i + per));
  return groups;
}

export function summarySheetPdf(sheet: SummarySheet, opts: { directorName: string }): Uint8Array {
  const doc = createPdf({ title: `Сводная ведомость ${sheet.className}`, landscape: true });
  const width = pageWidth(doc) - 2 * MARGIN;

  let y = paragraph(doc, 'Сводная ведомость итоговых отметок', MARGIN, { size: 13, bold: true, align: 'center' });
  y = paragraph(doc, `${sheet.className} класс, ${sheet.yearName}`, y, { size: 11, align: 'center' });
  y = paragraph(doc, sheet.schoolName, y, { size: 9, align: 'center' });
  y = paragraph(doc, `Классный руководитель: ${sheet.classTeacherName || '—'}. Сформирована ${ruDate(sheet.date)}.`, y, { size: 9, gap: 3 });

  const ncols = sheet.columns.length;
  const subjectIndex = new Map(sheet.subjects.map((s, i) => [s.id, i]));
  const groups = subjectGroups(sheet.subjects, ncols, width);

  groups.forEach((group, gi) => {
    if (gi > 0) {
      doc.addPage();
      y = MARGIN;
    }
    const head: RowInput[] = [
      [
        { content: '№', rowSpan: 2, styles: { valign: 'middle', halign: 'center' } },
        { content: 'Ученик', rowSpan: 2, styles: { valign: 'middle' } },
        ...group.map((s): CellInput => ({ content: s.name, colSpan: ncols, styles: { halign: 'center' } })),
      ],
      group.flatMap(() => sheet.columns.map((c): CellInput => ({ content: c.short, styles: { halign: 'center', fontSize: 6.5 } }))),
    ];
    const body: RowInput[] = sheet.rows.map((r) => [
      { content: String(r.no), styles: { halign: 'center' } },
      r.note ? `${r.short}\n(${r.note})` : r.short,
      ...group.flatMap((s) =>
        (r.cells[subjectIndex.get(s.id)!] ?? []).map((c): CellInput => {
          const fill = c.state === 'deferred' || c.state === 'deferral_due' || c.state === 'missing' ? FILL[c.state] : undefined;
          return { content: c.text, styles: { halign: 'center', ...(fill ? { fillColor: fill } : {}) } };
        }),
      ),
    ]);
    const columnStyles: Record<number, { cellWidth: number }> = { 0: { cellWidth: NO_WIDTH }, 1: { cellWidth: NAME_WIDTH } };
    for (let i = 0; i < group.length * ncols; i++) columnStyles[i + 2] = { cellWidth: MARK_WIDTH };
    y = table(doc, y, [], body, {
      head,
      columnStyles,
      tableWidth: NO_WIDTH + NAME_WIDTH + group.length * ncols * MARK_WIDTH,
      styles: { font: PDF_FONT, fontSize: 7.5, cellPadding: 0.8, overflow: 'linebreak', lineColor: [150, 150, 150], lineWidth: 0.1, textColor: [20, 20, 20] },
      headStyles: { font: PDF_FONT, fontStyle: 'bold', fontSize: 7, fillColor: [230, 235, 241], textColor: [20, 20, 20], lineColor: [150, 150, 150], lineWidth: 0.1 },
      rowPageBreak: 'avoid',
    });
  });

  y = paragraph(doc, SHEET_LEGEND, y, { size: 8 });
  if (sheet.deferrals.length > 0) {
    y = paragraph(doc, 'Отсрочки итоговых отметок', y + 1, { size: 9, bold: true });
    y = table(
      doc,
      y,
      ['Ученик', 'Предмет', 'Период', 'Причина', 'Срок', 'Состояние'],
      sheet.deferrals.map((d) => [d.studentName, d.subjectName, d.columnTitle, d.reason, ruDate(d.dueOn), FINAL_STATE_LABELS[d.state]]),
      { styles: { font: PDF_FONT, fontSize: 7.5, cellPadding: 0.8, textColor: [20, 20, 20] }, columnStyles: { 3: { cellWidth: 80 } } },
    );
  }
  y = signatureLine(doc, y + 2, 'Классный руководитель', sheet.classTeacherName);
  signatureLine(doc, y, 'Директор', opts.directorName);
  pageFooters(doc, `Сводная ведомость итоговых отметок — ${sheet.className} класс — ${sheet.yearName}`);
  return pdfBytes(doc);
}
