import type { jsPDF } from 'jspdf';
import { ruDate } from '../../../contract/text/format.js';
import { PDF_FONT } from '../../pdf/fonts.js';
import { MARGIN, createPdf, ensureSpace, pageFooters, pageHeight, pageWidth, paragraph, paragraphHeight, pdfBytes, signatureLine, table } from '../../pdf/document.js';
import { FINAL_STATE_LABELS } from '../finalMarks.js';
import { SHEET_LEGEND, type SummarySheet } from '../summarySheet.js';

/**
 * The summary sheet as a landscape A4 PDF: the title block, the table split into groups of
 * subjects that fit the page width (each group with the student column repeated), the legend,
 * the deferrals in force, and the signature lines.
 */

const NO_WIDTH = 7;
const NAME_WIDTH = 52;
const MARK_WIDTH = 8;

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

const LINE: [number, number, number] = [150, 150, 150];
const HEAD_FILL: [number, number, number] = [230, 235, 241];
const PT = 0.3528;
const ROW_HEIGHT = 7.5 * PT * 1.2 + 1.4;
const HEAD_HEIGHT = 12.6;

/**
 * One group of subjects as a grid drawn directly (a regular matrix: thousands of cells, which a
 * general table layout would measure one by one): a two-row header (subjects over their columns),
 * one row per student, attention cells filled; the header repeats on a new page.
 */
function drawGroup(doc: jsPDF, top: number, sheet: SummarySheet, subjects: number[], rowH: number, keepLast = 0): number {
  const ncols = sheet.columns.length;
  const xNo = MARGIN;
  const xName = xNo + NO_WIDTH;
  const xMarks = xName + NAME_WIDTH;
  const right = xMarks + subjects.length * ncols * MARK_WIDTH;
  const fontSize = Math.min(7.5, (rowH - 1.2) / (PT * 1.2));
  const head1 = HEAD_HEIGHT - 4.6;
  const head2 = 4.6;
  const bottom = pageHeight(doc) - MARGIN - 8;
  const baseline = (y: number, h: number, size: number) => y + h / 2 + size * PT * 0.35;

  const header = (y: number): number => {
    doc.setFillColor(...HEAD_FILL);
    doc.rect(xNo, y, right - xNo, head1 + head2, 'F');
    doc.setDrawColor(...LINE);
    doc.setLineWidth(0.1);
    doc.setTextColor(20);
    doc.setFont(PDF_FONT, 'bold');
    doc.setFontSize(7);
    doc.text('№', xNo + NO_WIDTH / 2, baseline(y, head1 + head2, 7), { align: 'center' });
    doc.text('Ученик', xName + 1, baseline(y, head1 + head2, 7));
    subjects.forEach((si, k) => {
      const x = xMarks + k * ncols * MARK_WIDTH;
      const w = ncols * MARK_WIDTH;
      const lines = (doc.splitTextToSize(sheet.subjects[si]!.name, w - 1.5) as string[]).slice(0, 2);
      const lh = 7 * PT * 1.1;
      const y0 = y + head1 / 2 - ((lines.length - 1) * lh) / 2 + 7 * PT * 0.35;
      lines.forEach((line, i) => doc.text(line, x + w / 2, y0 + i * lh, { align: 'center' }));
      doc.line(x, y, x, y + head1 + head2);
      doc.line(x, y + head1, x + w, y + head1);
    });
    doc.setFont(PDF_FONT, 'normal');
    doc.setFontSize(6.5);
    subjects.forEach((_, k) => {
      sheet.columns.forEach((c, ci) => {
        const x = xMarks + (k * ncols + ci) * MARK_WIDTH;
        doc.text(c.short, x + MARK_WIDTH / 2, baseline(y + head1, head2, 6.5), { align: 'center' });
        if (ci > 0) doc.line(x, y + head1, x, y + head1 + head2);
      });
    });
    doc.rect(xNo, y, right - xNo, head1 + head2, 'S');
    doc.line(xName, y, xName, y + head1 + head2);
    doc.line(xMarks, y, xMarks, y + head1 + head2);
    return y + head1 + head2;
  };

  /** The grid lines of the rows drawn since `from`. */
  const lines = (from: number, to: number) => {
    doc.setDrawColor(...LINE);
    doc.setLineWidth(0.1);
    for (let y = from; y <= to + 0.01; y += rowH) doc.line(xNo, y, right, y);
    doc.line(xNo, from, xNo, to);
    doc.line(xName, from, xName, to);
    for (let c = 0; c <= subjects.length * ncols; c++) {
      const x = xMarks + c * MARK_WIDTH;
      if (c % ncols === 0) doc.setLineWidth(0.3);
      doc.line(x, from, x, to);
      if (c % ncols === 0) doc.setLineWidth(0.1);
    }
  };

  let y = header(top);
  let blockTop = y;
  doc.setFontSize(fontSize);
  const keepFrom = keepLast > 0 ? Math.max(0, sheet.rows.length - keepLast) : -1;
  for (const [i, r] of sheet.rows.entries()) {
    // `keepLast`: the last rows start a page of their own, so that what follows has them for company.
    if (y + rowH > bottom || (i === keepFrom && i > 0 && y > blockTop)) {
      lines(blockTop, y);
      doc.addPage();
      y = header(MARGIN);
      blockTop = y;
      doc.setFontSize(fontSize);
    }
    const b = baseline(y, rowH, fontSize);
    doc.setTextColor(20);
    doc.text(String(r.no), xNo + NO_WIDTH / 2, b, { align: 'center' });
    const name = r.note ? `${r.short} (${r.note})` : r.short;
    if (doc.getTextWidth(name) <= NAME_WIDTH - 2) doc.text(name, xName + 1, b);
    else {
      // A long name and its note: the note in small print after the name.
      const nameWidth = doc.getTextWidth(r.short);
      doc.text(r.short, xName + 1, b);
      doc.setFontSize(5.5);
      doc.setTextColor(90);
      doc.text(`(${r.note})`, xName + 2 + nameWidth, b);
      doc.setTextColor(20);
      doc.setFontSize(fontSize);
    }
    subjects.forEach((si, k) => {
      const cells = r.cells[si] ?? [];
      cells.forEach((c, ci) => {
        const x = xMarks + (k * ncols + ci) * MARK_WIDTH;
        const fill = c.state === 'deferred' || c.state === 'deferral_due' || c.state === 'missing' ? FILL[c.state] : undefined;
        if (fill) {
          doc.setFillColor(...fill);
          doc.rect(x, y, MARK_WIDTH, rowH, 'F');
        }
        if (c.text) doc.text(c.text, x + MARK_WIDTH / 2, b, { align: 'center' });
      });
    });
    y += rowH;
  }
  lines(blockTop, y);
  return y;
}

/** Rows of the grid that go with the signatures when they would otherwise be alone on a page. */
const KEEP_ROWS = 3;
/** Room the signatures and the space above them take. */
const SIGNATURES = 2 + 13;

export function summarySheetPdf(sheet: SummarySheet, opts: { directorName: string; classTeacherShort?: string }): Uint8Array {
  // Signatures are never alone on a page: when they would be, the sheet is laid out again with the
  // last rows (or the last deferrals) carried over to their page.
  return renderSheet(sheet, opts, false) ?? renderSheet(sheet, opts, true)!;
}

function renderSheet(sheet: SummarySheet, opts: { directorName: string; classTeacherShort?: string }, keep: boolean): Uint8Array | null {
  const doc = createPdf({ title: `Сводная ведомость ${sheet.className}`, landscape: true });
  const width = pageWidth(doc) - 2 * MARGIN;

  let y = paragraph(doc, 'Сводная ведомость итоговых отметок', MARGIN, { size: 13, bold: true, align: 'center' });
  y = paragraph(doc, `${sheet.className} класс, ${sheet.yearName}`, y, { size: 11, align: 'center' });
  y = paragraph(doc, sheet.schoolName, y, { size: 9, align: 'center' });
  y = paragraph(doc, `Классный руководитель: ${sheet.classTeacherName || '—'}. Сформирована ${ruDate(sheet.date)}.`, y, { size: 9, gap: 3 });

  const ncols = sheet.columns.length;
  // Rows as tall as fit the whole class on the first page (within limits): a class of up to ~40
  // students fits one landscape page per group of subjects.
  // The legend and the signatures are reserved room too, so that a class that fits goes on one page with them.
  const tail = sheet.deferrals.length ? 0 : paragraphHeight(doc, SHEET_LEGEND, { size: 8 }) + 3 + 1.5 + SIGNATURES;
  const room = pageHeight(doc) - MARGIN - 8 - y - HEAD_HEIGHT - tail;
  const rowH = Math.max(3.6, Math.min(ROW_HEIGHT, room / Math.max(1, sheet.rows.length)));
  const subjectIndex = new Map(sheet.subjects.map((s, i) => [s.id, i]));
  const groups = subjectGroups(sheet.subjects, ncols, width);

  groups.forEach((group, gi) => {
    if (gi > 0) {
      doc.addPage();
      y = MARGIN;
    }
    const last = gi === groups.length - 1;
    y = drawGroup(doc, y, sheet, group.map((s) => subjectIndex.get(s.id)!), rowH, keep && last && !sheet.deferrals.length ? KEEP_ROWS : 0);
  });
  y += 3;
  const gridPages = doc.getNumberOfPages();

  y = paragraph(doc, SHEET_LEGEND, y, { size: 8 });
  if (sheet.deferrals.length > 0) {
    y = paragraph(doc, 'Отсрочки итоговых отметок', y + 1, { size: 9, bold: true });
    y = table(
      doc,
      y,
      ['Ученик', 'Предмет', 'Период', 'Причина', 'Срок', 'Состояние'],
      sheet.deferrals.map((d) => [d.studentName, d.subjectName, d.columnTitle, d.reason, ruDate(d.dueOn), FINAL_STATE_LABELS[d.state]]),
      {
        styles: { font: PDF_FONT, fontSize: 7.5, cellPadding: 0.8, textColor: [20, 20, 20] },
        columnStyles: { 3: { cellWidth: 80 } },
        // Laid out again: the table leaves the signatures' room free at the foot of its pages.
        ...(keep ? { margin: { left: MARGIN, right: MARGIN, top: MARGIN, bottom: MARGIN + 6 + SIGNATURES + 2 } } : {}),
      },
    );
  }
  // The two signatures side by side, on one line.
  // Alone: on a page with no rows of the grid (nor of the deferrals) above them.
  const pages = sheet.deferrals.length ? doc.getNumberOfPages() : gridPages;
  y = ensureSpace(doc, y + 2, 13);
  if (!keep && doc.getNumberOfPages() > pages) return null;
  signatureLine(doc, y, 'Классный руководитель', opts.classTeacherShort ?? sheet.classTeacherName);
  signatureLine(doc, y, 'Директор', opts.directorName, MARGIN + 160);
  pageFooters(doc, `Сводная ведомость итоговых отметок — ${sheet.className} класс — ${sheet.yearName}`);
  return pdfBytes(doc);
}
