import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { jsPDF } from 'jspdf';

/**
 * DejaVu Sans (regular and bold) from the `dejavu-fonts-ttf` package: the built-in PDF fonts
 * cannot print Cyrillic. jsPDF subsets the font, so a page carries only the glyphs it uses.
 * Bold is registered too: autotable draws headers in bold.
 */
export const PDF_FONT = 'DejaVuSans';

const require = createRequire(import.meta.url);
let cache: { regular: string; bold: string } | null = null;

function fontData(): { regular: string; bold: string } {
  if (!cache) {
    const read = (file: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${file}`)).toString('base64');
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
