import ExcelJS from 'exceljs';
import type { AuditChainState, AuditRow } from '../../contract/groups/audit.js';
import { ruDateTime } from '../../contract/text/format.js';
import { MARGIN, createPdf, pageFooters, paragraph, pdfBytes, table } from '../pdf/document.js';

/** «Журнал действий» as a PDF to print and as an XLSX workbook, with the chain's state at the top. */

export const AUDIT_TITLE = 'Журнал действий';
export const INVALID_TEXT = 'недействительно: учётная запись скомпрометирована';

export const AUDIT_COLUMNS = ['№', 'Когда', 'Кто', 'Роль', 'Действие', 'Запись', 'Подробности', 'Отметка'] as const;

export interface AuditDocument {
  schoolName: string;
  /** What the rows are: «Все записи», «с 01.11.2026 по 20.11.2026; Иванов Иван Иванович». */
  scope: string;
  chain: AuditChainState;
  rows: AuditRow[];
}

export function auditCells(r: AuditRow): string[] {
  return [String(r.seq), ruDateTime(r.at), r.who, r.role, r.what, r.records.join(', '), r.details, r.invalid ? INVALID_TEXT : ''];
}

export function renderAuditPdf(doc: AuditDocument, meta: { printedAt: string }): Uint8Array {
  const pdf = createPdf({ title: AUDIT_TITLE, landscape: true });
  let y = paragraph(pdf, doc.schoolName, MARGIN, { size: 9, gap: 1 });
  y = paragraph(pdf, AUDIT_TITLE, y + 1, { size: 14, bold: true, align: 'center', gap: 1 });
  y = paragraph(pdf, doc.scope, y, { size: 10, align: 'center', gap: 3 });
  if (!doc.chain.ok) pdf.setTextColor(180, 0, 0);
  y = paragraph(pdf, doc.chain.message, y, { size: 10, bold: !doc.chain.ok, gap: 1 });
  pdf.setTextColor(0);
  for (const r of doc.chain.restores) y = paragraph(pdf, r, y, { size: 9, gap: 1 });
  y += 2;
  if (!doc.rows.length) {
    paragraph(pdf, 'Записей, подходящих под условия, нет.', y, { size: 10 });
  } else {
    const cells = doc.rows.map((r) => {
      const c = auditCells(r);
      c[1] = c[1]!.replace(' ', '\n');
      return c;
    });
    table(pdf, y, [...AUDIT_COLUMNS], cells, {
      columnStyles: {
        0: { cellWidth: 12 },
        1: { cellWidth: 22 },
        2: { cellWidth: 34 },
        3: { cellWidth: 28 },
        4: { cellWidth: 40 },
        7: { cellWidth: 40 },
      },
      didParseCell: (data) => {
        if (data.section !== 'body') return;
        const row = doc.rows[data.row.index];
        if (row?.invalid || row?.notice === 'break') data.cell.styles.textColor = [180, 0, 0];
        if (row?.notice) data.cell.styles.fontStyle = 'bold';
      },
    });
  }
  pageFooters(pdf, `${AUDIT_TITLE} · ${doc.scope} · напечатан ${meta.printedAt}`);
  return pdfBytes(pdf);
}

export async function auditXlsx(doc: AuditDocument, meta: { createdAt: Date }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ЭЖД Офис';
  wb.created = meta.createdAt;
  const head = 5 + doc.chain.restores.length;
  const ws = wb.addWorksheet('Журнал действий', {
    views: [{ state: 'frozen', ySplit: head }],
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.addRow([doc.schoolName]);
  ws.addRow([AUDIT_TITLE]).font = { bold: true, size: 14 };
  ws.addRow([doc.scope]);
  ws.addRow([doc.chain.message]).font = doc.chain.ok ? { bold: true } : { bold: true, color: { argb: 'FFB40000' } };
  for (const r of doc.chain.restores) ws.addRow([r]);
  const header = ws.addRow([...AUDIT_COLUMNS]);
  header.font = { bold: true };
  header.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EBF1' } };
    c.border = { bottom: { style: 'thin' } };
    c.alignment = { vertical: 'middle', wrapText: true };
  });
  for (const r of doc.rows) {
    const cells = auditCells(r);
    const row = ws.addRow([r.seq, ...cells.slice(1)]);
    row.alignment = { vertical: 'top', wrapText: true };
    if (r.invalid || r.notice === 'break') row.font = { color: { argb: 'FFB40000' } };
    if (r.notice) row.font = { ...(row.font ?? {}), bold: true };
  }
  [8, 17, 32, 24, 36, 40, 44, 30].forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.autoFilter = { from: { row: head, column: 1 }, to: { row: head, column: AUDIT_COLUMNS.length } };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
