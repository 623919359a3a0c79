import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The text of a PDF as poppler's pdftotext reads it (what a screen reader or a search would see). */
export function pdfText(bytes: Uint8Array | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ezhd-pdf-'));
  try {
    const file = join(dir, 'f.pdf');
    writeFileSync(file, typeof bytes === 'string' ? Buffer.from(bytes, 'base64') : bytes);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whitespace aside: line breaks and runs of spaces become one space. */
export const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
