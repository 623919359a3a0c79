import { readFileSync } from 'node:fs';
import type { jsPDF } from 'jspdf';
import { fontFilePath } from './fontFile.js';

/**
 * DejaVu Sans (regular and bold) from the `dejavu-fonts-ttf` package: the built-in PDF fonts
 * cannot print Cyrillic. jsPDF subsets the font, so a page carries only the glyphs it uses.
 * Bold is registered too: autotable draws headers in bold.
 */
export const PDF_FONT = 'DejaVuSans';

let cache: { regular: string; bold: string } | null = null;

function fontData(): { regular: string; bold: string } {
  if (!cache) {
    const read = (file: string) => readFileSync(fontFilePath(file)).toString('base64');
    cache = { regular: read('DejaVuSans.ttf'), bold: read('DejaVuSans-Bold.ttf') };
  }
  return cache;
}

export function registerFonts(doc: jsPDF): void {
  const { regular, bold } = fontData();
  doc.addFileToVFS('DejaVuSans.ttf', regular);
  doc.addFont('DejaVuSans.ttf', PDF_FONT, 'normal');
  doc.addFileToVFS('DejaVuSans-Bold.ttf', bold);
  doc.addFont('DejaVuSans-Bold.ttf', PDF_FONT, 'bold');
  doc.setFont(PDF_FONT, 'normal');
}
