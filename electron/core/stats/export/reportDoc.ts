/**
 * A report ready to file, independent of the format: a title, the school, what it is about and
 * as of which day, who made it and when, and sections — each a table (and, on the overview, bar
 * charts). `reportPdf` and `reportXlsx` turn the same document into a PDF and a workbook, so the
 * two never disagree.
 */

/** How a column's values are shown: text, whole numbers, shares (0…1, shown as %), decimals, signed changes. */
export type ColumnKind = 'text' | 'int' | 'pct' | 'dec' | 'deltaPct' | 'deltaDec' | 'date';

export interface ReportColumn {
  header: string;
  kind: ColumnKind;
  /** Width in characters (XLSX); the PDF spreads the page in proportion. */
  width: number;
}

export type ReportCell = string | number | null;

export interface BarChart {
  title: string;
  /** Values are shares 0…1 (shown in %) or plain numbers. */
  unit: 'pct' | 'int';
  bars: { label: string; value: number | null }[];
}

export interface ReportSection {
  title: string;
  note?: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** A bold last row. */
  total?: ReportCell[];
  chart?: BarChart;
}

export interface ReportDoc {
  /** «Выполнение учебного плана». */
  title: string;
  schoolName: string;
  /** «I четверть (01.09.2026–24.10.2026), по состоянию на 22.11.2026». */
  subtitle: string;
  /** «Сформирован 22.11.2026 14:30, Орлова А. Ю.». */
  generated: string;
  /** YYYY-MM-DD of the report (file name, workbook date). */
  date: string;
  landscape: boolean;
  notes: string[];
  sections: ReportSection[];
}

const nf = (digits: number) => new Intl.NumberFormat('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const pct = nf(1);
const dec = nf(2);

/** The text of a cell as both formats print it («87,5 %», «4,21», «+2,5 п. п.», «—»). */
export function cellText(v: ReportCell, kind: ColumnKind): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '—';
  if (typeof v === 'string') return v;
  switch (kind) {
    case 'pct':
      return `${pct.format(v * 100)} %`;
    case 'dec':
      return dec.format(v);
    case 'deltaPct': {
      const p = Math.abs(v * 100) < 0.05 ? 0 : v * 100;
      return `${p > 0 ? '+' : p < 0 ? '−' : '±'}${pct.format(Math.abs(p))}`;
    }
    case 'deltaDec': {
      const d = Math.abs(v) < 0.005 ? 0 : v;
      return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${dec.format(Math.abs(d))}`;
    }
    case 'date':
      return String(v);
    default:
      return String(Math.round(v * 100) / 100);
  }
}

/** «Статистика — Выполнение учебного плана — 2026-11-22.xlsx» without characters file systems refuse. */
export function reportFileName(doc: Pick<ReportDoc, 'title' | 'date'>, ext: 'pdf' | 'xlsx', extra = ''): string {
  const clean = (s: string) => s.replace(/[\\/:*?"<>|«»]+/g, ' ').replace(/\s+/g, ' ').trim();
  return `${clean(`Статистика — ${doc.title}${extra ? ` — ${extra}` : ''}`)} — ${doc.date}.${ext}`;
}
