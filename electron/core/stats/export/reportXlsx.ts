import ExcelJS from 'exceljs';
import type { ColumnKind, ReportDoc, ReportSection } from './reportDoc.js';

/**
 * A report as an Excel workbook: one sheet per section, each with the title block (title, school,
 * period and date, who made it), a header row with a filter, frozen, and the values as numbers
 * (shares with a percent format) so that they can be computed with.
 */

const thin = { style: 'thin' as const, color: { argb: 'FF9A9A9A' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };
export const XLSX_HEADER_ROW = 6;

const FORMATS: Partial<Record<ColumnKind, string>> = {
  pct: '0.0%',
  dec: '0.00',
  deltaPct: '+0.0%;-0.0%;0.0%',
  deltaDec: '+0.00;-0.00;0.00',
};

function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[[\]:*?/\\]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 28) || 'Лист';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 26)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

export async function reportXlsx(doc: ReportDoc): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ЭЖД Офис';
  wb.title = doc.title;
  wb.created = new Date(`${doc.date}T12:00:00Z`);
  const used = new Set<string>();
  for (const s of doc.sections) addSheet(wb, doc, s, sheetName(s.title, used));
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

function addSheet(wb: ExcelJS.Workbook, doc: ReportDoc, s: ReportSection, name: string): void {
  const chartOnly = s.columns.length === 0 && s.chart;
  const columns = chartOnly
    ? [
        { header: s.chart!.title, kind: 'text' as const, width: 28 },
        { header: 'Значение', kind: s.chart!.unit === 'pct' ? ('pct' as const) : ('int' as const), width: 14 },
      ]
    : s.columns;
  const rows = chartOnly ? s.chart!.bars.map((b) => [b.label, b.value]) : s.rows;
  const ws = wb.addWorksheet(name, {
    pageSetup: { orientation: doc.landscape ? 'landscape' : 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: XLSX_HEADER_ROW }],
  });
  ws.getCell(1, 1).value = doc.title;
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.getCell(2, 1).value = doc.schoolName;
  ws.getCell(3, 1).value = `${s.title}. ${doc.subtitle}`;
  ws.getCell(4, 1).value = [doc.generated, s.note ?? '', ...doc.notes].filter(Boolean).join(' ');
  ws.getCell(4, 1).font = { italic: true, size: 9 };
  columns.forEach((c, i) => {
    const cell = ws.getCell(XLSX_HEADER_ROW, i + 1);
    cell.value = c.header;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EBF1' } };
    cell.border = border;
    ws.getColumn(i + 1).width = Math.max(6, c.width);
  });
  ws.getRow(XLSX_HEADER_ROW).height = 32;
  const put = (values: readonly (string | number | null)[], r: number, bold = false) => {
    values.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = v === null || (typeof v === 'number' && !Number.isFinite(v)) ? null : v;
      const fmt = FORMATS[columns[i]!.kind];
      if (fmt && typeof v === 'number') cell.numFmt = fmt;
      cell.border = border;
      if (bold) cell.font = { bold: true };
    });
  };
  rows.forEach((r, k) => put(r, XLSX_HEADER_ROW + 1 + k));
  if (!chartOnly && s.total) put(s.total, XLSX_HEADER_ROW + 1 + rows.length, true);
  ws.autoFilter = { from: { row: XLSX_HEADER_ROW, column: 1 }, to: { row: XLSX_HEADER_ROW + Math.max(rows.length, 1), column: columns.length } };
}
