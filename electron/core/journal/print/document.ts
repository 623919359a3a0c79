import { jsPDF } from 'jspdf';
import { registerCachedFonts } from '../../pdf/fontCache.js';

/**
 * An A4 document like the PDF base's `createPdf`, with the font parsed once per process
 * (pdf/fontCache.ts) rather than once per document: the summary sheet of a class must be
 * ready in well under half a second, and parsing and subsetting the font were most of that.
 */
export function createJournalPdf(opts: { title: string; landscape?: boolean }): jsPDF {
  const doc = new jsPDF({ unit: 'mm', format: 'a4', orientation: opts.landscape ? 'landscape' : 'portrait', compress: true });
  registerCachedFonts(doc);
  doc.setProperties({ title: opts.title, creator: 'ЭЖД Офис', subject: opts.title });
  doc.setLanguage('ru');
  doc.setFontSize(10);
  return doc;
}
