import { jsPDF } from 'jspdf';
import { autoTable, type RowInput, type UserOptions } from 'jspdf-autotable';
import { registerCachedFonts, withNativeDeflate } from './fontCache.js';
import { PDF_FONT } from './fonts.js';

/** Page geometry in millimetres (A4). */
export const MARGIN = 15;

export interface PdfOptions {
  title: string;
  landscape?: boolean;
}

/**
 * A4 document with the Cyrillic font registered and the metadata set. All the app's printed
 * forms, extracts and reports start here, so they look alike. The font is parsed once per process
 * (fontCache.ts), not once per document.
 */
export function createPdf(opts: PdfOptions): jsPDF {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: opts.landscape ? 'landscape' : 'portrait', compress: true });
  registerCachedFonts(doc);
  doc.setProperties({ title: opts.title, creator: 'ЭЖД Офис', subject: opts.title });
  doc.setLanguage('ru');
  doc.setFontSize(10);
  return doc;
}

export function pageWidth(doc: jsPDF): number {
  return doc.internal.pageSize.getWidth();
}

export function pageHeight(doc: jsPDF): number {
  return doc.internal.pageSize.getHeight();
}

/** Starts a new page if fewer than `needed` mm are left; returns the y to continue at. */
export function ensureSpace(doc: jsPDF, y: number, needed: number): number {
  if (y + needed <= pageHeight(doc) - MARGIN - 8) return y;
  doc.addPage();
  return MARGIN;
}

/** Wrapped text; returns the y below it. */
export function paragraph(
  doc: jsPDF,
  text: string,
  y: number,
  opts: { size?: number; bold?: boolean; x?: number; width?: number; align?: 'left' | 'center' | 'right'; gap?: number } = {},
): number {
  const size = opts.size ?? 10;
  doc.setFont(PDF_FONT, opts.bold ? 'bold' : 'normal');
  doc.setFontSize(size);
  const x = opts.x ?? MARGIN;
  const width = opts.width ?? pageWidth(doc) - x - MARGIN;
  const lines = doc.splitTextToSize(text, width) as string[];
  const lineHeight = size * 0.3528 * 1.35;
  let cy = y;
  for (const line of lines) {
    cy = ensureSpace(doc, cy, lineHeight);
    const ax = opts.align === 'center' ? x + width / 2 : opts.align === 'right' ? x + width : x;
    doc.text(line, ax, cy + size * 0.3528, { align: opts.align ?? 'left' });
    cy += lineHeight;
  }
  doc.setFont(PDF_FONT, 'normal');
  return cy + (opts.gap ?? 1.5);
}

/** The height `paragraph` would take for a text (without the gap below it). */
export function paragraphHeight(doc: jsPDF, text: string, opts: { size?: number; bold?: boolean; x?: number; width?: number } = {}): number {
  const size = opts.size ?? 10;
  doc.setFont(PDF_FONT, opts.bold ? 'bold' : 'normal');
  doc.setFontSize(size);
  const x = opts.x ?? MARGIN;
  const width = opts.width ?? pageWidth(doc) - x - MARGIN;
  const lines = doc.splitTextToSize(text, width) as string[];
  doc.setFont(PDF_FONT, 'normal');
  return lines.length * size * 0.3528 * 1.35;
}

/** A section heading; keeps at least a few lines of room below it. */
export function heading(doc: jsPDF, text: string, y: number, size = 12): number {
  const cy = ensureSpace(doc, y, 18);
  return paragraph(doc, text, cy + 1, { size, bold: true, gap: 1 });
}

/** A table that breaks across pages cleanly, header repeated; returns the y below it. */
export function table(doc: jsPDF, y: number, head: string[], body: RowInput[], options: Partial<UserOptions> = {}): number {
  autoTable(doc, {
    startY: y,
    head: [head],
    body,
    margin: { left: MARGIN, right: MARGIN, top: MARGIN, bottom: MARGIN + 6 },
    styles: { font: PDF_FONT, fontSize: 8.5, cellPadding: 1.2, overflow: 'linebreak', lineColor: [160, 160, 160], lineWidth: 0.1 },
    headStyles: { font: PDF_FONT, fontStyle: 'bold', fillColor: [230, 235, 241], textColor: [20, 20, 20] },
    showHead: 'everyPage',
    rowPageBreak: 'avoid',
    ...options,
  });
  return (doc as unknown as { lastAutoTable: { finalY: number } }).lastAutoTable.finalY + 3;
}

/** «Подпись ____ / Фамилия И. О.» line; returns the y below it. */
export function signatureLine(doc: jsPDF, y: number, label: string, name = '', x = MARGIN): number {
  const cy = ensureSpace(doc, y, 12);
  doc.setFont(PDF_FONT, 'normal');
  doc.setFontSize(10);
  doc.text(label, x, cy + 4);
  const lx = x + Math.min(doc.getTextWidth(label) + 3, 90);
  doc.line(lx, cy + 4.5, lx + 45, cy + 4.5);
  if (name) doc.text(`/ ${name} /`, lx + 48, cy + 4);
  doc.setFontSize(7);
  doc.text('(подпись)', lx + 15, cy + 7.5);
  doc.setFontSize(10);
  return cy + 11;
}

/** «Стр. N из M» and a footer text on every page; call once the document is complete. */
export function pageFooters(doc: jsPDF, text: string): void {
  const n = doc.getNumberOfPages();
  for (let i = 1; i <= n; i++) {
    doc.setPage(i);
    doc.setFont(PDF_FONT, 'normal');
    doc.setFontSize(7.5);
    doc.setTextColor(90);
    doc.text(text, MARGIN, pageHeight(doc) - 8);
    doc.text(`Стр. ${i} из ${n}`, pageWidth(doc) - MARGIN, pageHeight(doc) - 8, { align: 'right' });
    doc.setTextColor(0);
  }
}

/** The file's bytes; its streams deflated by Node's zlib (fontCache.ts: withNativeDeflate). */
export function pdfBytes(doc: jsPDF): Uint8Array {
  return withNativeDeflate(() => new Uint8Array(doc.output('arraybuffer')));
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
