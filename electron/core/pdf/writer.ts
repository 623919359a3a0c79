import type { jsPDF } from 'jspdf';
import { MARGIN } from './document.js';
import { PDF_FONT } from './fonts.js';

/**
 * A lean text and table writer on jsPDF's pages (the extracts and the hand-over sheet use it): a batch of hundreds of extracts
 * must come out in a few seconds, and jsPDF's `text()` (with its per-call text pipeline) and
 * autotable (styles applied per cell) cost tens of milliseconds an extract. Here the text is
 * measured with the font's own advance widths (cached per character), wrapped once, and written
 * as PDF operators straight into the page — the same Identity-H glyph codes jsPDF writes, with
 * every glyph used registered in the document's font (embedded subset, widths, ToUnicode map), so
 * pdftotext reads it back as jsPDF's own text. Each drawing is wrapped in q…Q, so jsPDF's notion
 * of the graphics state stays true for whatever it draws itself.
 *
 * Coordinates are millimetres from the top-left corner of the page, like jsPDF's.
 */

export type Rgb = readonly [number, number, number];

type PageInfo = { objId: number };
type Internal = { getPageInfo(n: number): PageInfo; getPageInfoByObjId(objId: number): PageInfo };

/**
 * jsPDF's annotation plugin looks each page up by object number when the file is written, by a
 * scan over all pages: quadratic in a batch of a thousand pages. The document gets a map instead
 * (rebuilt whenever the numbers change).
 */
function fastPageLookup(doc: jsPDF): void {
  const internal = (doc as unknown as { internal: Internal }).internal;
  const scan = internal.getPageInfoByObjId.bind(internal);
  let map = new Map<number, number>();
  internal.getPageInfoByObjId = (objId: number): PageInfo => {
    let n = map.get(objId);
    if (n === undefined || internal.getPageInfo(n).objId !== objId) {
      map = new Map();
      for (let p = 1; p <= doc.getNumberOfPages(); p++) map.set(internal.getPageInfo(p).objId, p);
      n = map.get(objId);
    }
    return n === undefined ? scan(objId) : internal.getPageInfo(n);
  };
}

/* jsPDF's TrueType font object is untyped. */
type Meta = {
  characterToGlyph(code: number): number;
  widthOfGlyph(gid: number): number;
  glyIdsUsed: number[];
  toUnicode: Record<number, number>;
  Unicode: { widths: Array<number | number[]> };
};

interface Glyph {
  /** The two-byte Identity-H code as a PDF literal-string fragment (escaped). */
  lit: string;
  /** Advance in 1/1000 of the font size. */
  w: number;
  gid: number;
}

/** Glyph metrics per parsed font (shared by the per-document views: same tables). */
const glyphCache = new WeakMap<object, Map<number, Glyph>>();

class FontFace {
  readonly id: string;
  private readonly meta: Meta;
  private readonly glyphs: Map<number, Glyph>;
  private readonly used = new Set<number>();

  constructor(doc: jsPDF, style: 'normal' | 'bold') {
    const f = (doc as unknown as { internal: { getFont(name: string, style: string): { id: string; metadata: Meta } } }).internal.getFont(PDF_FONT, style);
    this.id = f.id;
    this.meta = f.metadata;
    const key = (f.metadata as unknown as { cmap: object }).cmap;
    let g = glyphCache.get(key);
    if (!g) {
      g = new Map();
      glyphCache.set(key, g);
    }
    this.glyphs = g;
  }

  glyph(code: number): Glyph {
    let g = this.glyphs.get(code);
    if (!g) {
      const gid = Number(this.meta.characterToGlyph(code));
      g = { gid, lit: byteLit(gid >> 8) + byteLit(gid & 0xff), w: Number(this.meta.widthOfGlyph(gid)) };
      this.glyphs.set(code, g);
    }
    if (!this.used.has(g.gid)) {
      // What jsPDF's own text() records: the glyph in the subset, its width, its Unicode value.
      this.used.add(g.gid);
      this.meta.glyIdsUsed.push(g.gid);
      this.meta.toUnicode[g.gid] = code;
      const widths = this.meta.Unicode.widths;
      if (widths.indexOf(g.gid) === -1) widths.push(g.gid, [Math.trunc(g.w)]);
    }
    return g;
  }

  /** Width of a text in 1/1000 of the font size. */
  /** Widths of short strings seen in this document (dates, subjects, names repeat a lot). */
  private readonly widths = new Map<string, number>();

  width(text: string): number {
    const short = text.length <= 64;
    if (short) {
      const hit = this.widths.get(text);
      if (hit !== undefined) return hit;
    }
    let w = 0;
    for (let i = 0; i < text.length; i++) w += this.glyph(text.charCodeAt(i)).w;
    if (short) this.widths.set(text, w);
    return w;
  }

  /** The text as the body of a PDF literal string: two bytes a glyph (half the size of hex). */
  literal(text: string): string {
    let s = '';
    for (let i = 0; i < text.length; i++) {
      const g = this.glyph(text.charCodeAt(i));
      if (g.gid !== 0) s += g.lit;
    }
    return s;
  }
}

/** One byte inside a PDF literal string; the delimiters, the backslash and line ends escaped. */
function byteLit(b: number): string {
  switch (b) {
    case 0x28:
      return '\\(';
    case 0x29:
      return '\\)';
    case 0x5c:
      return '\\\\';
    case 0x0a:
      return '\\n';
    case 0x0d:
      return '\\r';
    default:
      return String.fromCharCode(b);
  }
}

const fmt = (n: number) => String(Math.round(n * 100) / 100);
const color = (c: Rgb) => `${fmt(c[0] / 255)} ${fmt(c[1] / 255)} ${fmt(c[2] / 255)}`;

export interface TextOptions {
  size?: number;
  bold?: boolean;
  color?: Rgb;
  align?: 'left' | 'center' | 'right';
}

export class Writer {
  private readonly k: number;
  readonly pageHeight: number;
  readonly pageWidth: number;
  private readonly faces: Record<'normal' | 'bold', FontFace>;

  constructor(readonly doc: jsPDF) {
    const internal = (doc as unknown as { internal: { scaleFactor: number; write(...s: string[]): void } }).internal;
    this.k = internal.scaleFactor;
    this.pageHeight = doc.internal.pageSize.getHeight();
    this.pageWidth = doc.internal.pageSize.getWidth();
    this.faces = { normal: new FontFace(doc, 'normal'), bold: new FontFace(doc, 'bold') };
    fastPageLookup(doc);
  }

  private write(ops: string): void {
    (this.doc as unknown as { internal: { write(s: string): void } }).internal.write(ops);
  }

  /** Width in mm. */
  width(text: string, size = 10, bold = false): number {
    return (this.faces[bold ? 'bold' : 'normal'].width(text) * size) / 1000 / this.k;
  }

  /** Lines of a text wrapped to a width (mm): at spaces, or inside a word longer than the line. */
  wrap(text: string, maxWidth: number, size = 10, bold = false): string[] {
    const face = this.faces[bold ? 'bold' : 'normal'];
    const limit = (maxWidth * this.k * 1000) / size;
    const out: string[] = [];
    for (const para of text.split('\n')) {
      if (face.width(para) <= limit) {
        out.push(para);
        continue;
      }
      let line = '';
      let lineW = 0;
      const space = face.width(' ');
      for (const word of para.split(' ')) {
        const w = face.width(word);
        if (line && lineW + space + w <= limit) {
          line += ` ${word}`;
          lineW += space + w;
          continue;
        }
        if (line) out.push(line);
        if (w <= limit) {
          line = word;
          lineW = w;
          continue;
        }
        // A word longer than the line: cut it.
        let part = '';
        let partW = 0;
        for (const ch of word) {
          const cw = face.width(ch);
          if (part && partW + cw > limit) {
            out.push(part);
            part = '';
            partW = 0;
          }
          part += ch;
          partW += cw;
        }
        line = part;
        lineW = partW;
      }
      out.push(line);
    }
    return out;
  }

  /** One line of text with its baseline at y. */
  text(text: string, x: number, y: number, o: TextOptions = {}): void {
    this.lines([text], x, y, 0, o);
  }

  /** Lines of text, the first baseline at y, `leading` mm apart. */
  lines(lines: readonly string[], x: number, y: number, leading: number, o: TextOptions = {}): void {
    if (lines.length === 0) return;
    this.write(`q BT\n${this.textOps(lines, x, y, leading, o, {})}ET Q`);
  }

  /**
   * Operators of text lines inside a BT…ET block; `state` carries the font and colour already set
   * in the block, so a row of cells sets them only when they change.
   */
  textOps(lines: readonly string[], x: number, y: number, leading: number, o: TextOptions, state: { font?: string; color?: string }): string {
    const size = o.size ?? 10;
    const face = this.faces[o.bold ? 'bold' : 'normal'];
    let ops = '';
    const font = `/${face.id} ${fmt(size)} Tf`;
    if (state.font !== font) {
      ops += `${font}\n`;
      state.font = font;
    }
    const c = `${o.color ? color(o.color) : '0 0 0'} rg`;
    if (state.color !== c) {
      ops += `${c}\n`;
      state.color = c;
    }
    let py = y;
    for (const line of lines) {
      if (line) {
        let px = x;
        if (o.align === 'center' || o.align === 'right') {
          const w = (face.width(line) * size) / 1000 / this.k;
          px = o.align === 'center' ? x - w / 2 : x - w;
        }
        ops += `1 0 0 1 ${fmt(px * this.k)} ${fmt((this.pageHeight - py) * this.k)} Tm (${face.literal(line)}) Tj\n`;
      }
      py += leading;
    }
    return ops;
  }

  /** `x y w h re` in page space. */
  re(x: number, y: number, w: number, h: number): string {
    return `${fmt(x * this.k)} ${fmt((this.pageHeight - y - h) * this.k)} ${fmt(w * this.k)} ${fmt(h * this.k)} re`;
  }

  raw(ops: string): void {
    this.write(ops);
  }

  colorOps(c: Rgb): string {
    return color(c);
  }

  lineWidthOps(mm: number): string {
    return fmt(mm * this.k);
  }

  rect(x: number, y: number, w: number, h: number, o: { fill?: Rgb; stroke?: Rgb; lineWidth?: number }): void {
    const r = `${fmt(x * this.k)} ${fmt((this.pageHeight - y - h) * this.k)} ${fmt(w * this.k)} ${fmt(h * this.k)} re`;
    let ops = 'q ';
    if (o.fill) ops += `${color(o.fill)} rg `;
    if (o.stroke) ops += `${color(o.stroke)} RG ${fmt((o.lineWidth ?? 0.1) * this.k)} w `;
    ops += `${r} ${o.fill && o.stroke ? 'B' : o.fill ? 'f' : 'S'} Q`;
    this.write(ops);
  }

  line(x1: number, y1: number, x2: number, y2: number, o: { stroke?: Rgb; lineWidth?: number } = {}): void {
    this.write(
      `q ${color(o.stroke ?? [0, 0, 0])} RG ${fmt((o.lineWidth ?? 0.25) * this.k)} w ${fmt(x1 * this.k)} ${fmt((this.pageHeight - y1) * this.k)} m ${fmt(x2 * this.k)} ${fmt((this.pageHeight - y2) * this.k)} l S Q`,
    );
  }

  /** The lowest y a table row or a paragraph line may reach on a page. */
  get bottom(): number {
    return this.pageHeight - MARGIN - 6;
  }

  /** A new page if fewer than `needed` mm are left; the y to go on at. */
  ensure(y: number, needed: number): number {
    if (y + needed <= this.bottom) return y;
    this.doc.addPage();
    return MARGIN;
  }

  /** Wrapped text; returns the y below it. */
  paragraph(text: string, y: number, o: TextOptions & { x?: number; width?: number; gap?: number } = {}): number {
    const size = o.size ?? 10;
    const x = o.x ?? MARGIN;
    const width = o.width ?? this.pageWidth - x - MARGIN;
    const leading = size * 0.3528 * 1.3;
    const ax = o.align === 'center' ? x + width / 2 : o.align === 'right' ? x + width : x;
    let cy = y;
    for (const line of this.wrap(text, width, size, o.bold)) {
      cy = this.ensure(cy, leading);
      this.text(line, ax, cy + size * 0.3528 * 0.95, o);
      cy += leading;
    }
    return cy + (o.gap ?? 1.5);
  }
}

// ---------------------------------------------------------------- tables

export interface Cell {
  text: string;
  bold?: boolean;
  color?: Rgb;
  align?: 'left' | 'center' | 'right';
}

/** A row of cells, or a group row: one shaded cell across the table (a subject, a day). */
export type TableRow = { cells: Array<Cell | string> } | { group: string };

export interface Column {
  header: string;
  /** mm; columns without a width share what is left. */
  width?: number;
  align?: 'left' | 'center' | 'right';
}

export interface TableStyle {
  size: number;
  pad: number;
  head: Rgb;
  group: Rgb;
  zebra: Rgb;
  line: Rgb;
}

export const TABLE_STYLE: TableStyle = { size: 8.5, pad: 1.2, head: [230, 235, 241], group: [241, 244, 247], zebra: [249, 250, 251], line: [160, 160, 160] };

interface Laid {
  kind: 'row' | 'group';
  lines: Array<{ lines: string[]; cell: Cell }>;
  height: number;
}

/**
 * A table that breaks across pages between rows (a row never splits), the header repeated on every
 * page, a group row kept with the row after it. Returns the y below the table.
 */
export interface TableLayout {
  /** The least height of a row (mm): room for a handwritten signature. */
  minRow?: number;
  /** Keep the last `rows` rows on one page with `after` mm below the table (a signature block). */
  keepLast?: { rows: number; after: number };
}

export function drawTable(w: Writer, y: number, columns: readonly Column[], rows: readonly TableRow[], style: Partial<TableStyle> = {}, layout: TableLayout = {}): number {
  const s = { ...TABLE_STYLE, ...style };
  const minRow = layout.minRow ?? 0;
  const total = w.pageWidth - 2 * MARGIN;
  const fixed = columns.reduce((n, c) => n + (c.width ?? 0), 0);
  const free = columns.filter((c) => c.width === undefined).length;
  const widths = columns.map((c) => c.width ?? (total - fixed) / Math.max(1, free));
  const lineH = s.size * 0.3528 * 1.18;
  const ascent = s.size * 0.3528 * 0.78;

  const lay = (cells: Cell[], bold: boolean): Laid => {
    let maxLines = 1;
    const lines = cells.map((cell, i) => {
      const ls = w.wrap(cell.text, widths[i]! - 2 * s.pad, s.size, cell.bold ?? bold);
      maxLines = Math.max(maxLines, ls.length);
      return { lines: ls, cell };
    });
    return { kind: 'row', lines, height: Math.max(minRow, maxLines * lineH + 2 * s.pad) };
  };
  const head = lay(
    columns.map((c) => ({ text: c.header, bold: true })),
    true,
  );
  const laid: Laid[] = rows.map((r) => {
    if ('group' in r) {
      const ls = w.wrap(r.group, total - 2 * s.pad, s.size, true);
      return { kind: 'group', lines: [{ lines: ls, cell: { text: r.group, bold: true } }], height: ls.length * lineH + 2 * s.pad };
    }
    return lay(
      r.cells.map((c) => (typeof c === 'string' ? { text: c } : c)),
      false,
    );
  });

  const stroke = `${w.colorOps(s.line)} RG ${w.lineWidthOps(0.1)} w`;
  /** A row in three operators runs: its fill, its cell borders, its text. */
  const drawRow = (row: Laid, top: number, fill: Rgb | undefined, isHead: boolean) => {
    let ops = 'q ';
    if (fill) ops += `${w.colorOps(fill)} rg ${w.re(MARGIN, top, total, row.height)} f `;
    ops += `${stroke}\n`;
    const st = {};
    let text = '';
    if (row.kind === 'group') {
      ops += `${w.re(MARGIN, top, total, row.height)} S\n`;
      text = w.textOps(row.lines[0]!.lines, MARGIN + s.pad, top + s.pad + ascent, lineH, { size: s.size, bold: true }, st);
    } else {
      let x = MARGIN;
      row.lines.forEach(({ lines, cell }, i) => {
        const cw = widths[i]!;
        ops += `${w.re(x, top, cw, row.height)} `;
        const align = cell.align ?? columns[i]!.align ?? 'left';
        const tx = align === 'center' ? x + cw / 2 : align === 'right' ? x + cw - s.pad : x + s.pad;
        text += w.textOps(lines, tx, top + s.pad + ascent, lineH, { size: s.size, bold: cell.bold ?? isHead, align, ...(cell.color ? { color: cell.color } : {}) }, st);
        x += cw;
      });
      ops += 'S\n';
    }
    w.raw(`${ops}BT\n${text}ET Q`);
  };

  let cy = w.ensure(y, head.height + (laid[0]?.height ?? 0));
  drawRow(head, cy, s.head, true);
  cy += head.height;
  const tailFrom = layout.keepLast ? Math.max(1, laid.length - layout.keepLast.rows) : Infinity;
  const tail = layout.keepLast ? laid.slice(tailFrom).reduce((n, r) => n + r.height, 0) + layout.keepLast.after : 0;
  laid.forEach((row, i) => {
    let keep = row.kind === 'group' ? (laid[i + 1]?.height ?? 0) : 0;
    // The last rows go with what follows the table, if they fit on a page with the header at all.
    if (i === tailFrom && MARGIN + head.height + tail <= w.bottom) keep = tail - row.height;
    if (cy + row.height + keep > w.bottom) {
      w.doc.addPage();
      cy = MARGIN;
      drawRow(head, cy, s.head, true);
      cy += head.height;
    }
    drawRow(row, cy, row.kind === 'group' ? s.group : i % 2 === 1 ? s.zebra : undefined, false);
    cy += row.height;
  });
  return cy + 3;
}
