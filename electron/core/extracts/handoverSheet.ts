import { ruDate } from '../../contract/text/format.js';
import { MARGIN, createPdf, pdfBytes } from '../pdf/document.js';
import { Writer, drawTable, type Rgb } from '../pdf/writer.js';

/**
 * «Ведомость выдачи выписок» (issue 14, point 3): one landscape sheet for the weekly batch, a line
 * per family with room for the date and the guardian's signature, then who handed the papers out.
 * The last rows stay on the page of that signature block: it is never alone on a page.
 */

export interface SheetRow {
  number: number;
  issuedOn: string;
  /** «Фамилия Имя Отчество» */
  studentName: string;
  className: string;
  /** «Фамилия И. О.»; empty when the school has no guardian on record (a line to fill in by hand). */
  guardianName: string;
}

export interface SheetInput {
  schoolName: string;
  /** The day the sheet is made (YYYY-MM-DD). */
  date: string;
  rows: readonly SheetRow[];
  /** Who hands the papers out: role and «Фамилия И. О.». */
  issuer: { role: string; name: string };
}

const GREY: Rgb = [95, 95, 95];
/** Room for a signature in a row (mm). */
const ROW = 10;
/** The block below the table: total, «Выдал(а)», the line's caption. */
const BLOCK = 30;

export function handoverSheetFileName(date: string, count: number): string {
  return `Ведомость выдачи выписок — ${ruDate(date)} (${count}).pdf`;
}

export function handoverSheetPdf(x: SheetInput): Uint8Array {
  const doc = createPdf({ title: 'Ведомость выдачи выписок', landscape: true });
  const w = new Writer(doc);
  let y = w.paragraph(x.schoolName, MARGIN - 3, { size: 9, align: 'center', gap: 1 });
  y = w.paragraph('ВЕДОМОСТЬ ВЫДАЧИ ВЫПИСОК', y + 2, { size: 14, bold: true, align: 'center', gap: 0.5 });
  y = w.paragraph('из электронного журнала и электронного дневника законным представителям обучающихся', y, { align: 'center', gap: 1 });
  y = w.paragraph(`Составлена ${ruDate(x.date)}. Выписок: ${x.rows.length}. Представитель расписывается при получении выписки.`, y + 1, { size: 9, color: GREY, gap: 2 });
  y = drawTable(
    w,
    y,
    [
      { header: '№ п/п', width: 12, align: 'center' },
      { header: 'Обучающийся', width: 62 },
      { header: 'Класс', width: 14, align: 'center' },
      { header: 'Выписка (№, дата)', width: 42 },
      { header: 'Законный представитель', width: 50 },
      { header: 'Дата получения', width: 28 },
      { header: 'Подпись' },
    ],
    x.rows.map((r, i) => ({
      cells: [String(i + 1), r.studentName, r.className, `№ ${r.number} от ${ruDate(r.issuedOn)}`, r.guardianName || '', '«___» ________', ''],
    })),
    { size: 9, pad: 1.4 },
    { minRow: ROW, keepLast: { rows: 3, after: BLOCK } },
  );
  y = w.ensure(y + 2, BLOCK);
  w.text(`Всего выписок в ведомости: ${x.rows.length}. Выдано: ______.`, MARGIN, y + 3);
  y += 12;
  const label = 'Выписки выдал(а):';
  w.text(label, MARGIN, y);
  let lx = MARGIN + w.width(label) + 3;
  w.text(x.issuer.role, lx, y);
  lx += w.width(x.issuer.role) + 4;
  w.line(lx, y + 0.6, lx + 45, y + 0.6);
  w.text(`/ ${x.issuer.name} /`, lx + 47, y);
  w.text('подпись', lx + 22.5, y + 3.6, { size: 6.5, color: GREY, align: 'center' });
  w.text('«___» ______________ 20___ г.', w.pageWidth - MARGIN, y, { align: 'right' });
  const n = doc.getNumberOfPages();
  for (let p = 1; p <= n; p++) {
    doc.setPage(p);
    w.text(`Ведомость выдачи выписок от ${ruDate(x.date)}`, MARGIN, w.pageHeight - 8, { size: 7.5, color: GREY });
    w.text(`Стр. ${p} из ${n}`, w.pageWidth - MARGIN, w.pageHeight - 8, { size: 7.5, color: GREY, align: 'right' });
  }
  return pdfBytes(doc);
}
