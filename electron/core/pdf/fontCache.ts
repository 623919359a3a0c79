import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { jsPDF } from 'jspdf';
import { fontFilePath } from './fontFile.js';
import { fixedSubsetFile, fixedSubsetKey, fixedSubsetName, shippedFixedSubset } from './fixedSubsetFile.js';
import { PDF_FONT } from './fonts.js';

/**
 * DejaVu Sans for the app's PDFs (forms, extracts, reports, journal sheets), parsed once per
 * process instead of once per document.
 *
 * jsPDF parses the whole TrueType file every time a document registers it (the cmap alone costs
 * tens of milliseconds), and copies its large tables into every subset it embeds. One extract
 * «from click to file» must take under 100 ms, so here the parsed font is kept and each document
 * gets a light view of it: the parsed tables are shared (they are only read), the per-document
 * state (the glyphs used, the Unicode map, the widths) is the view's own. The glyph-name table
 * (`post`, 62 KB, not used by PDF viewers for CID fonts) is embedded in its short form 3.
 *
 * Encoding the subset that goes into the file is the other large cost (tens of milliseconds per
 * document, mostly copying tables byte by byte). A document whose text stays within the usual
 * characters (Latin, Cyrillic, digits, punctuation) embeds one fixed subset of them, encoded once
 * per process — or not at all: a build ships it beside the bundle (fixedSubsetFile.ts); any other
 * character makes that document encode its own subset, as jsPDF does.
 *
 * The embedded font program is then the same bytes in every such document, and jsPDF deflates it
 * again for each one: `processDataByFilters` (a pure function) remembers its last few large
 * results, so the same font stream is compressed once (by jsPDF's deflate or by Node's zlib, each
 * remembered apart).
 *
 * jsPDF's TTFFont.open is replaced only for the duration of the synchronous `addFont` calls
 * below, so no other document of the app is affected.
 */

/* jsPDF's TrueType objects are untyped internals. */
type Ttf = any;

const FILES = { normal: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;
/** A TrueType signature: jsPDF's addFont hands it to TTFFont.open without decoding anything. */
const MARKER = '\x00\x01\x00\x00';
const parsed = new Map<string, Ttf>();

/** The characters of the fixed subset: what the app's printed forms are written with. */
export const FIXED_CHARSET =
  ' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~' +
  '\u00a0§©®°±²³·¼½¾×÷«»àâäçéèêëîïôöùûüñ' +
  'АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдеёжзийклмнопрстуфхцчшщъыьэюя' +
  '–—‘’‚“”„…‰№™→−≈≠≤≥√∞π';

interface Fixed {
  file: string;
  ids: Set<number>;
  list: number[];
  bytes: number[] | null;
}
const fixedOf = new Map<Ttf, Fixed>();

function api(): Ttf {
  return (jsPDF as unknown as { API: Ttf }).API;
}

/** Only large streams (font programs) are remembered; page contents differ anyway. */
const MEMO_MIN_LENGTH = 20_000;
const memo: Array<{ data: string; filters: string; result: unknown }> = [];
let memoInstalled = false;
/** Set while a document is written (withNativeDeflate): its streams are deflated by Node's zlib. */
let nativeDeflate = false;

function onlyFlate(filters: unknown): boolean {
  const list = typeof filters === 'string' ? [filters] : Array.isArray(filters) ? filters : [];
  return list.length === 1 && (list[0] === 'FlateEncode' || list[0] === '/FlateEncode');
}

/**
 * Runs `fn` (synchronous: jsPDF's output) with the document's streams deflated by Node's zlib —
 * the same FlateDecode streams jsPDF writes with its JavaScript deflate, made many times faster.
 */
export function withNativeDeflate<T>(fn: () => T): T {
  installFilterMemo();
  const outer = nativeDeflate;
  nativeDeflate = true;
  try {
    return fn();
  } finally {
    nativeDeflate = outer;
  }
}

function installFilterMemo(): void {
  if (memoInstalled) return;
  memoInstalled = true;
  const a = api();
  const process = a.processDataByFilters as (data: string, filters: unknown) => unknown;
  a.processDataByFilters = (data: string, filters: unknown): unknown => {
    const native = nativeDeflate && typeof data === 'string' && onlyFlate(filters);
    const deflate = (): unknown =>
      native ? { data: deflateSync(Buffer.from(data, 'latin1'), { level: 1 }).toString('latin1'), reverseChain: '/FlateDecode' } : process(data, filters);
    if (typeof data !== 'string' || data.length < MEMO_MIN_LENGTH) return deflate();
    const key = `${native ? 'native:' : ''}${JSON.stringify(filters)}`;
    const hit = memo.find((m) => m.filters === key && m.data === data);
    if (hit) return { ...(hit.result as object) };
    const result = deflate();
    memo.unshift({ data, filters: key, result: { ...(result as object) } });
    if (memo.length > 4) memo.pop();
    return result;
  };
}

function memoRaw(table: Ttf, bytes?: number[]): void {
  if (!table?.exists) return;
  const raw = bytes ?? (table.raw() as number[]);
  table.raw = () => raw;
}

function base(style: keyof typeof FILES): Ttf {
  let f = parsed.get(style);
  if (!f) {
    const bytes = new Uint8Array(readFileSync(fontFilePath(FILES[style])));
    f = api().TTFFont.open(bytes);
    for (const t of ['cmap', 'hmtx', 'hhea', 'maxp', 'name', 'os2']) memoRaw(f[t]);
    // post format 3: the 32-byte header without glyph names.
    const post = f.post.raw() as number[];
    memoRaw(f.post, [0, 3, 0, 0, ...post.slice(4, 32)]);
    const ids = new Set<number>([0]);
    for (const ch of FIXED_CHARSET) ids.add(Number(f.characterToGlyph(ch.charCodeAt(0))));
    fixedOf.set(f, { file: FILES[style], ids, list: [...ids].sort((a, b) => a - b), bytes: null });
    parsed.set(style, f);
  }
  return f;
}

function viewOf(b: Ttf): Ttf {
  // Own properties (jsPDF checks `metadata.hasOwnProperty('cmap')`) referring to the shared tables.
  const v = Object.assign(Object.create(Object.getPrototypeOf(b) as object), b) as Ttf;
  const subset = new b.subset.constructor(v);
  const encode = subset.encode as (ids: number[], format: number) => number[];
  const fixed = fixedOf.get(b)!;
  subset.encode = (ids: number[], format: number): number[] => {
    if (format !== 1 || !ids.every((id) => fixed.ids.has(Number(id)))) return encode.call(subset, ids, format);
    fixed.bytes ??= shippedFixedSubset(fixed.file, keyOf(b)) ?? encode.call(subset, fixed.list, 1);
    return fixed.bytes;
  };
  v.subset = subset;
  v.toUnicode = {};
  v.Unicode = { encoding: {}, kerning: {}, widths: [] };
  return v;
}

function keyOf(b: Ttf): Buffer {
  return fixedSubsetKey(b.rawData as Uint8Array, FIXED_CHARSET, String((jsPDF as unknown as { version: string }).version));
}

/**
 * The files of the fixed subsets to ship beside a bundle (scripts/build-electron.mjs): each one's
 * name and content, encoded as a document of this process would encode it.
 */
export function fixedSubsetFiles(): Array<{ name: string; content: Buffer }> {
  return (Object.keys(FILES) as Array<keyof typeof FILES>).map((style) => {
    const b = base(style);
    const fixed = fixedOf.get(b)!;
    const bytes = new b.subset.constructor(viewOf(b)).encode(fixed.list, 1) as number[];
    return { name: fixedSubsetName(FILES[style]), content: fixedSubsetFile(keyOf(b), bytes) };
  });
}

/** Registers DejaVu Sans regular and bold in a new document, from the font parsed once per process. */
export function registerCachedFonts(doc: jsPDF): void {
  installFilterMemo();
  const views = [viewOf(base('normal')), viewOf(base('bold'))];
  const ttf = api().TTFFont;
  const open = ttf.open;
  ttf.open = () => views.shift();
  try {
    doc.addFileToVFS('ezhd-regular.ttf', MARKER);
    doc.addFont('ezhd-regular.ttf', PDF_FONT, 'normal');
    doc.addFileToVFS('ezhd-bold.ttf', MARKER);
    doc.addFont('ezhd-bold.ttf', PDF_FONT, 'bold');
  } finally {
    ttf.open = open;
  }
  doc.setFont(PDF_FONT, 'normal');
}
