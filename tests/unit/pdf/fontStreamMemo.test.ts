import { createRequire, syncBuiltinESMExports } from 'node:module';
import type * as Zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPdf, paragraph, pdfBytes } from '../../../electron/core/pdf/document.js';

/**
 * Every deflate of a large stream (a font program; a page's text is far smaller) by Node's zlib,
 * counted through the built-in module's own exports, so a module that imported it before (this
 * project shares modules between test files) counts as well.
 */
const zlib = createRequire(import.meta.url)('node:zlib') as typeof Zlib;
const original = zlib.deflateSync;
const large: number[] = [];

beforeAll(() => {
  zlib.deflateSync = ((data: Buffer, options?: Zlib.ZlibOptions) => {
    if (data.length >= 20_000) large.push(data.length);
    return original(data, options);
  }) as typeof zlib.deflateSync;
  syncBuiltinESMExports();
});

afterAll(() => {
  zlib.deflateSync = original;
  syncBuiltinESMExports();
});

function extract(text: string): Uint8Array {
  const doc = createPdf({ title: 'Выписка' });
  paragraph(doc, text, 20, { bold: true });
  paragraph(doc, text, 40);
  return pdfBytes(doc);
}

describe('font streams of the app’s PDFs', () => {
  it('are deflated once per process, not once per document', () => {
    const first = extract('Ёлкин Пётр Ильич — выписка за неделю 07.09.2026–13.09.2026');
    const before = large.length;
    const second = extract('Абрамова Анна Сергеевна — выписка за неделю 14.09.2026–20.09.2026');
    expect(large.length).toBe(before);
    // The same font bytes in both documents, and each document whole.
    const latin = (b: Uint8Array) => Buffer.from(b).toString('latin1');
    const fontStream = (s: string) => s.match(/\/Length1 \d+[\s\S]*?stream\r?\n([\s\S]*?)endstream/)?.[1];
    expect(fontStream(latin(first))?.length).toBeGreaterThan(20_000);
    expect(fontStream(latin(second))).toBe(fontStream(latin(first)));
    expect(latin(second).trimEnd().endsWith('%%EOF')).toBe(true);
    // A character outside the usual ones: that document's own font subset, deflated for it (and counted).
    extract('Ёлкин Пётр Ильич ⅞');
    expect(large.length).toBeGreaterThan(before);
  });
});
