import ExcelJS from 'exceljs';
import { EXTRACT_REASON_LABELS, EXTRACT_STATE_LABELS, type ExtractRow } from '../../contract/groups/extracts.js';
import { ruDate, ruDateTime } from '../../contract/text/format.js';

/** The register of extracts as an Excel workbook: one row per extract, as the register page shows it. */

const thin = { style: 'thin' as const, color: { argb: 'FF9A9A9A' } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

export const REGISTER_COLUMNS = [
  ['№', 8],
  ['Ученик', 32],
  ['Класс', 8],
  ['Период с', 12],
  ['Период по', 12],
  ['Вид', 14],
  ['Дата выписки', 13],
  ['Состояние', 26],
  ['Подготовил', 20],
  ['Подготовлена', 17],
  ['Утвердил', 20],
  ['Утверждена', 17],
  ['Напечатана, раз', 10],
  ['Последняя печать', 17],
  ['Выдана (кому)', 30],
  ['Дата выдачи', 13],
  ['Код проверки', 28],
  ['Замечания (недействительные шаги)', 50],
] as const;

export async function registerXlsx(rows: readonly ExtractRow[], title: { scope: string; date: string }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ЭЖД Офис';
  wb.created = new Date(`${title.date}T12:00:00Z`);
  const ws = wb.addWorksheet('Реестр выписок', {
    pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', xSplit: 2, ySplit: 4 }],
  });
  ws.getCell(1, 1).value = 'Реестр выписок из электронного журнала и дневника';
  ws.getCell(1, 1).font = { bold: true, size: 13 };
  ws.getCell(2, 1).value = `${title.scope}. Сформирован ${ruDate(title.date)}. Выписок: ${rows.length}.`;
  REGISTER_COLUMNS.forEach(([name, width], i) => {
    const c = ws.getCell(4, i + 1);
    c.value = name;
    c.font = { bold: true };
    c.alignment = { vertical: 'middle', wrapText: true };
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EBF1' } };
    c.border = border;
    ws.getColumn(i + 1).width = width;
  });
  rows.forEach((r, k) => {
    const values = [
      r.number,
      r.studentName,
      r.className,
      ruDate(r.periodStart),
      ruDate(r.periodEnd),
      EXTRACT_REASON_LABELS[r.reason],
      ruDate(r.issuedOn),
      EXTRACT_STATE_LABELS[r.state],
      r.prepared.byName,
      ruDateTime(r.prepared.at),
      r.signedOff?.byName ?? '',
      r.signedOff ? ruDateTime(r.signedOff.at) : '',
      r.printed.count,
      r.printed.last ? ruDateTime(r.printed.last.at) : '',
      r.handedOver?.guardianName ?? '',
      r.handedOver ? ruDate(r.handedOver.date) : '',
      r.code,
      r.problems.join(' '),
    ];
    const row = ws.getRow(5 + k);
    values.forEach((v, i) => {
      const c = row.getCell(i + 1);
      c.value = v;
      c.border = border;
    });
    if (r.state === 'outdated') row.getCell(8).font = { color: { argb: 'FFB00020' }, bold: true };
    if (r.problems.length > 0) row.getCell(REGISTER_COLUMNS.length).font = { color: { argb: 'FFB00020' } };
  });
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4 + Math.max(rows.length, 1), column: REGISTER_COLUMNS.length } };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
