import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Reading the app's PDFs back in tests, with poppler-utils: what a screen reader or a search would
 * see. A file is given as its bytes or as the base64 of an exported file.
 */

type PdfFile = Uint8Array | string;

function withFile<T>(file: PdfFile, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'ezhd-pdf-'));
  try {
    const path = join(dir, 'f.pdf');
    writeFileSync(path, typeof file === 'string' ? Buffer.from(file, 'base64') : file);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of a PDF as pdftotext reads it; `layout` keeps the columns on their lines. */
export function pdfText(file: PdfFile, layout = false): string {
  return withFile(file, (path) => execFileSync('pdftotext', ['-enc', 'UTF-8', ...(layout ? ['-layout'] : []), path, '-'], { encoding: 'utf8' }));
}

/** The number of pages (pdfinfo). */
export function pdfPages(file: PdfFile): number {
  return withFile(file, (path) => Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]));
}

/** Renders the pages of a PDF as PNG files `<prefix>-N.png` in `dir` (pdftoppm, 70 dpi); returns their paths. */
export function renderPng(file: PdfFile, dir: string, prefix: string): string[] {
  const path = join(dir, `${prefix}.pdf`);
  writeFileSync(path, typeof file === 'string' ? Buffer.from(file, 'base64') : file);
  execFileSync('pdftoppm', ['-png', '-r', '70', path, join(dir, prefix)]);
  return readdirSync(dir)
    .filter((f) => f.startsWith(`${prefix}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}

/** Whitespace aside: line breaks and runs of spaces become one space. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
