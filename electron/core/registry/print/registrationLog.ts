import ExcelJS from 'exceljs';
import { DOCUMENT_KIND_LABELS, agree, type DocumentKind } from '../../../contract/entities/documents.js';
import type { LogRow, RegistryLog } from '../../../contract/groups/registry.js';
import { ruDate, ruDateTime } from '../../../contract/text/format.js';
import { MARGIN, createPdf, pageFooters, paragraph, pdfBytes, table } from '../../pdf/document.js';

/** The register «Журнал регистрации согласий и отказов» as a PDF to print and as an XLSX workbook. */

/** The mark of a row, agreeing with the document's label («Заявление … отозвано», «Отзыв … недействителен»). */
export function logStateLabel(kind: DocumentKind, state: LogRow['state']): string {
  switch (state) {
    case 'active':
      return 'действует';
    case 'voided':
      return agree(kind, { m: 'отозван', f: 'отозвана', n: 'отозвано' });
    case 'invalid':
      return agree(kind, { m: 'недействителен', f: 'недействительна', n: 'недействительно' });
    case 'review':
      return 'на проверку';
  }
}

/** «Рег. №» is the document's registration number (registry/numbers.ts), never a row counter. */
export const LOG_COLUMNS = [
  'Рег. №',
  'Дата регистрации',
  'Дата документа',
  'Документ',
  'Класс',
  'Обучающийся',
  'Подписал',
  'Содержание',
  'Принял(а)',
  'Отметка',
] as const;

export function logCells(r: LogRow): string[] {
  return [
    r.number ?? '',
    ruDateTime(r.registeredAt).replace(' ', '\n'),
    ruDate(r.signedOn),
    DOCUMENT_KIND_LABELS[r.kind],
    r.className,
    r.studentName,
    r.signerName,
    r.content,
    r.registeredByName,
    [logStateLabel(r.kind, r.state), r.stateNote].filter(Boolean).join(': '),
  ];
}

export function renderRegistryLogPdf(log: RegistryLog, meta: { schoolName: string; printedAt: string }): Uint8Array {
  const doc = createPdf({ title: log.title, landscape: true });
  let y = paragraph(doc, meta.schoolName, MARGIN, { size: 9, gap: 1 });
  y = paragraph(doc, log.title, y + 1, { size: 14, bold: true, align: 'center', gap: 1 });
  y = paragraph(doc, log.scope, y, { size: 10, align: 'center', gap: 4 });
  if (!log.rows.length) {
    paragraph(doc, 'За выбранный период документов нет.', y, { size: 10 });
  } else {
    table(doc, y, [...LOG_COLUMNS], log.rows.map(logCells), {
      columnStyles: {
        0: { cellWidth: 30 },
        1: { cellWidth: 25.5 },
        2: { cellWidth: 21 },
        3: { cellWidth: 28 },
        4: { cellWidth: 13.5 },
        5: { cellWidth: 30 },
        6: { cellWidth: 26 },
        8: { cellWidth: 26 },
        9: { cellWidth: 24 },
      },
    });
  }
  pageFooters(doc, `${log.title} · ${log.scope} · напечатан ${meta.printedAt}`);
  return pdfBytes(doc);
}

export async function registryLogXlsx(log: RegistryLog, meta: { schoolName: string; createdAt: Date }): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ЭЖД Офис';
  wb.created = meta.createdAt;
  const ws = wb.addWorksheet('Журнал', { views: [{ state: 'frozen', ySplit: 4 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.addRow([meta.schoolName]);
  ws.addRow([log.title]).font = { bold: true, size: 14 };
  ws.addRow([log.scope]);
  const head = ws.addRow([...LOG_COLUMNS]);
  head.font = { bold: true };
  head.eachCell((c) => {
    c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6EBF1' } };
    c.border = { bottom: { style: 'thin' } };
    c.alignment = { vertical: 'middle', wrapText: true };
  });
  for (const r of log.rows) {
    const cells = logCells(r);
    const [y, m, d] = r.signedOn.split('-').map(Number) as [number, number, number];
    const row = ws.addRow([r.number ?? '', ruDateTime(r.registeredAt), new Date(Date.UTC(y, m - 1, d)), ...cells.slice(3)]);
    row.alignment = { vertical: 'top', wrapText: true };
    row.getCell(3).numFmt = 'dd.mm.yyyy';
  }
  const widths = [17, 17, 13, 34, 8, 30, 28, 60, 24, 24];
  widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  ws.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: LOG_COLUMNS.length } };
  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf as ArrayBuffer);
}
