import { jsPDF } from 'jspdf';
import type { CellInput, RowInput } from 'jspdf-autotable';
import { registerCachedFonts, withNativeDeflate } from '../../pdf/fontCache.js';
import { ensureSpace, heading, MARGIN, pageFooters, pageWidth, paragraph, pdfBytes, table } from '../../pdf/document.js';
import { PDF_FONT } from '../../pdf/fonts.js';
import { cellText, type BarChart, type ReportDoc, type ReportSection } from './reportDoc.js';

/** A report as an A4 PDF with real (Cyrillic) text: heading block, tables, bar charts, page footers. */
export function reportPdf(doc: ReportDoc): Uint8Array {
  const pdf = createReportPdf(`${doc.title}. ${doc.schoolName}`, doc.landscape);
  let y = MARGIN;
  y = paragraph(pdf, doc.schoolName, y, { size: 9 });
  y = paragraph(pdf, doc.title, y + 1, { size: 15, bold: true, gap: 1 });
  y = paragraph(pdf, doc.subtitle, y, { size: 10 });
  y = paragraph(pdf, doc.generated, y, { size: 8.5, gap: 2 });
  for (const n of doc.notes) y = paragraph(pdf, n, y, { size: 8.5 });
  for (const s of doc.sections) y = section(pdf, s, y + 2);
  pageFooters(pdf, `${doc.title} · ${doc.generated}`);
  return withNativeDeflate(() => pdfBytes(pdf));
}

/**
 * The PDF base's `createPdf`, with the font parsed once per process and the streams deflated by
 * Node's zlib (the extracts' font cache): a report of many pages is written several times faster.
 */
function createReportPdf(title: string, landscape: boolean): jsPDF {
  const pdf = new jsPDF({ unit: 'mm', format: 'a4', orientation: landscape ? 'landscape' : 'portrait', compress: true });
  registerCachedFonts(pdf);
  pdf.setProperties({ title, creator: 'ЭЖД Офис', subject: title });
  pdf.setLanguage('ru');
  pdf.setFontSize(10);
  return pdf;
}

function section(pdf: jsPDF, s: ReportSection, y: number): number {
  let cy = heading(pdf, s.title, y, 11.5);
  if (s.note) cy = paragraph(pdf, s.note, cy, { size: 8.5 });
  if (s.chart) cy = barChart(pdf, s.chart, cy + 1);
  if (s.columns.length === 0) return cy;
  const usable = pageWidth(pdf) - 2 * MARGIN;
  const total = s.columns.reduce((n, c) => n + c.width, 0);
  const columnStyles: Record<number, { cellWidth: number; halign: 'left' | 'right' | 'center' }> = {};
  s.columns.forEach((c, i) => {
    columnStyles[i] = { cellWidth: (usable * c.width) / total, halign: c.kind === 'text' ? 'left' : c.kind === 'date' ? 'center' : 'right' };
  });
  const body: RowInput[] = s.rows.map((r) => r.map((v, i) => cellText(v, s.columns[i]!.kind)));
  if (s.total) body.push(s.total.map((v, i): CellInput => ({ content: cellText(v, s.columns[i]!.kind), styles: { fontStyle: 'bold', fillColor: [242, 244, 247] } })));
  if (body.length === 0) return paragraph(pdf, 'Нет данных.', cy, { size: 9 });
  return table(
    pdf,
    cy,
    s.columns.map((c) => c.header),
    body,
    {
      columnStyles,
      styles: { font: PDF_FONT, fontSize: s.columns.length > 12 ? 7 : 8, cellPadding: 1, overflow: 'linebreak', lineColor: [170, 170, 170], lineWidth: 0.1 },
      headStyles: { font: PDF_FONT, fontStyle: 'bold', fillColor: [230, 235, 241], textColor: [20, 20, 20], fontSize: s.columns.length > 12 ? 6.5 : 7.5 },
    },
  );
}

/** Horizontal bars: label, bar to scale, value. */
function barChart(pdf: jsPDF, chart: BarChart, y: number): number {
  const labelW = 42;
  const valueW = 18;
  const x0 = MARGIN + labelW;
  const width = pageWidth(pdf) - 2 * MARGIN - labelW - valueW;
  const max = chart.unit === 'pct' ? 1 : Math.max(1, ...chart.bars.map((b) => b.value ?? 0));
  const h = 4.2;
  let cy = paragraph(pdf, chart.title, y, { size: 9, bold: true, gap: 0.5 });
  pdf.setFontSize(7.5);
  for (const b of chart.bars) {
    cy = ensureSpace(pdf, cy, h + 1);
    pdf.setFont(PDF_FONT, 'normal');
    pdf.setTextColor(40);
    pdf.text(b.label, x0 - 2, cy + h - 1, { align: 'right', maxWidth: labelW - 2 });
    pdf.setDrawColor(200);
    pdf.setFillColor(236, 239, 243);
    pdf.rect(x0, cy + 0.4, width, h - 0.8, 'F');
    if (b.value !== null) {
      const w = Math.max(0, Math.min(1, b.value / max)) * width;
      pdf.setFillColor(47, 103, 168);
      if (w > 0) pdf.rect(x0, cy + 0.4, w, h - 0.8, 'F');
    }
    pdf.text(cellText(b.value, chart.unit === 'pct' ? 'pct' : 'int'), x0 + width + 2, cy + h - 1);
    cy += h;
  }
  pdf.setTextColor(0);
  pdf.setFontSize(10);
  return cy + 3;
}
