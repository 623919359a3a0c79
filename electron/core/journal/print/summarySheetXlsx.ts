import ExcelJS from 'exceljs';
import { ruDate } from '../../../contract/text/format.js';
import { FINAL_STATE_LABELS } from '../finalMarks.js';
import { SHEET_LEGEND, type SummarySheet } from '../summarySheet.js';

/**
 * The summary sheet as an Excel workbook: sheet «Сводная ведомость» with a two-row header
 * (subjects over their columns), marks as numbers and «н/а», «осв.», «отср.» as text, frozen
 * names and header; sheet «Отсрочки» with the deferrals in force.
 */

export const SHEET_HEADER_ROW = 5;
export const SHEET_FIRST_DATA_ROW = 7;

const FILL: Record<string, string> = { deferred: 'FFFFF3CD', deferral_due: 'FFFDD7AA', missing: 'FFFCE4E6' };
const thin = { style: 'thin' as const, color: { argb: 'FF9A9A9A' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

export async function summarySheetXlsx(sheet: SummarySheet): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ЭЖД Офис';
  wb.created = new Date(`${sheet.date}T12:00:00Z`);
  const ws = wb.addWorksheet('Сводная ведомость', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', xSplit: 2, ySplit: SHEET_FIRST_DATA_ROW - 1 }],
  });
  const ncols = sheet.columns.length;
  const lastCol = 2 + sheet.subjects.length * ncols;

  ws.getCell(1, 1).value = 'Сводная ведомость итоговых отметок';
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.getCell(2, 1).value = `${sheet.className} класс, ${sheet.yearName}. ${sheet.schoolName}`;
  ws.getCell(3, 1).value = `Классный руководитель: ${sheet.classTeacherName || '—'}. Сформирована ${ruDate(sheet.date)}.`;

  const h1 = SHEET_HEADER_ROW;
  const h2 = SHEET_HEADER_ROW + 1;
  ws.getCell(h1, 1).value = '№';
  ws.getCell(h1, 2).value = 'Ученик';
  ws.mergeCells(h1, 1, h2, 1);
  ws.mergeCells(h1, 2, h2, 2);
  sheet.subjects.forEach((s, si) => {
    const c0 = 3 + si * ncols;
    ws.getCell(h1, c0).value = s.name;
    if (ncols > 1) ws.mergeCells(h1, c0, h1, c0 + ncols - 1);
    sheet.columns.forEach((col, ci) => {
      ws.getCell(h2, c0 + ci).value = col.short;
    });
  });
  for (let r = h1; r <= h2; r++) {
    for (let c = 1; c <= lastCol; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { bold: true, size: 9 };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EBF1' } };
      cell.border = border;
    }
  }
  ws.getRow(h1).height = 30;

  sheet.rows.forEach((row, ri) => {
    const r = SHEET_FIRST_DATA_ROW + ri;
    ws.getCell(r, 1).value = row.no;
    ws.getCell(r, 2).value = row.note ? `${row.name} (${row.note})` : row.name;
    row.cells.forEach((cells, si) => {
      cells.forEach((c, ci) => {
        const cell = ws.getCell(r, 3 + si * ncols + ci);
        cell.value = /^[1-5]$/.test(c.text) ? Number(c.text) : c.text || null;
        cell.alignment = { horizontal: 'center' };
        const fill = FILL[c.state];
        if (fill) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: fill } };
      });
    });
    for (let c = 1; c <= lastCol; c++) ws.getCell(r, c).border = border;
  });

  const after = SHEET_FIRST_DATA_ROW + sheet.rows.length + 1;
  ws.getCell(after, 2).value = SHEET_LEGEND;
  ws.getCell(after, 2).font = { italic: true, size: 9 };

  ws.getColumn(1).width = 5;
  ws.getColumn(2).width = 38;
  for (let c = 3; c <= lastCol; c++) ws.getColumn(c).width = 6.5;

  const wd = wb.addWorksheet('Отсрочки');
  wd.columns = [
    { header: 'Ученик', key: 'student', width: 28 },
    { header: 'Предмет', key: 'subject', width: 26 },
    { header: 'Период', key: 'column', width: 14 },
    { header: 'Причина', key: 'reason', width: 44 },
    { header: 'Срок', key: 'dueOn', width: 12 },
    { header: 'Состояние', key: 'state', width: 24 },
  ];
  wd.getRow(1).font = { bold: true };
  for (const d of sheet.deferrals) {
    wd.addRow({ student: d.studentName, subject: d.subjectName, column: d.columnTitle, reason: d.reason, dueOn: ruDate(d.dueOn), state: FINAL_STATE_LABELS[d.state] });
  }
  if (sheet.deferrals.length === 0) wd.addRow({ student: 'Отсрочек нет' });

  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
