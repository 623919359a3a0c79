import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { jsPDF } from 'jspdf';
import { PDF_FONT } from '../pdf/fonts.js';

/**
 * DejaVu Sans for extracts, parsed once per process instead of once per document.
 *
 * jsPDF parses the whole TrueType file every time a document registers it (the cmap alone costs
 * tens of milliseconds), and copies its large tables into every subset it embeds. One extract
 * «from click to file» must take under 100 ms, so here the parsed font is kept and each document
 * gets a light view of it: the parsed tables are shared (they are only read), the per-document
 * state (the glyphs used, the Unicode map, the widths) is the view's own. The glyph-name table
 * (`post`, 62 KB, not used by PDF viewers for CID fonts) is embedded in its short form 3.
 *
 * jsPDF's TTFFont.open is replaced only for the duration of the synchronous `addFont` calls
 * below, so no other document of the app is affected.
 */

/* jsPDF's TrueType objects are untyped internals. */
type Ttf = any;

const require = createRequire(import.meta.url);
const FILES = { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
/** A TrueType signature: jsPDF's addFont hands it to TTFFont.open without decoding anything. */
const MARKER = '\x00\x01\x00\x00';
const parsed = new Map<string, Ttf>();

function api(): Ttf {
  return (jsPDF as unknown as { API: Ttf }).API;
}

function memoRaw(table: Ttf, bytes?: number[]): void {
  if (!table?.exists) return;
  const raw = bytes ?? (table.raw() as number[]);
  table.raw = () => raw;
}

function base(style: keyof typeof FILES): Ttf {
  let f = parsed.get(style);
  if (!f) {
    const bytes = new Uint8Array(readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FILES[style]}`)));
    f = api().TTFFont.open(bytes);
    for (const t of ['cmap', 'hmtx', 'hhea', 'maxp', 'name', 'os2']) memoRaw(f[t]);
    // post format 3: the 32-byte header without glyph names.
    const post = f.post.raw() as number[];
    memoRaw(f.post, [0, 3, 0, 0, ...post.slice(4, 32)]);
    parsed.set(style, f);
  }
  return f;
}

function viewOf(b: Ttf): Ttf {
  // Own properties (jsPDF checks `metadata.hasOwnProperty('cmap')`) referring to the shared tables.
  const v = Object.assign(Object.create(Object.getPrototypeOf(b) as object), b) as Ttf;
  v.subset = new b.subset.constructor(v);
  v.toUnicode = {};
  v.Unicode = { encoding: {}, kerning: {}, widths: [] };
  return v;
}

/** Registers DejaVu Sans regular and bold in a new document (what `registerFonts` does, fast). */
export function registerCachedFonts(doc: jsPDF): void {
  const views = [viewOf(base('normal')), viewOf(base('bold'))];
  const ttf = api().TTFFont;
  const open = ttf.open;
  ttf.open = () => views.shift();
  try {
    doc.addFileToVFS('ezhd-extract-regular.ttf', MARKER);
    doc.addFont('ezhd-extract-regular.ttf', PDF_FONT, 'normal');
    doc.addFileToVFS('ezhd-extract-bold.ttf', MARKER);
    doc.addFont('ezhd-extract-bold.ttf', PDF_FONT, 'bold');
  } finally {
    ttf.open = open;
  }
  doc.setFont(PDF_FONT, 'normal');
}
