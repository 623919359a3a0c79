import type { jsPDF } from 'jspdf';
import type { PersonName } from '../../contract/entities/common.js';
import type { Channel, Passport } from '../../contract/entities/documents.js';
import type { Guardian, Student } from '../../contract/entities/people.js';
import type { School } from '../../contract/entities/school.js';
import { REFUSAL_PHRASE, type PaperKind } from '../../contract/groups/registry.js';
import { fullName, ruDate, shortName } from '../../contract/text/format.js';
import { MARGIN, createPdf, ensureSpace, pageFooters, pageWidth, paragraph, pdfBytes, signatureLine } from '../pdf/document.js';
import { PDF_FONT } from '../pdf/fonts.js';

/**
 * The printed forms of the registry, filled in with the school, the student and the guardian,
 * with lines to sign. Names stay in the nominative case in labelled lines («Обучающийся: …»),
 * so no name is ever declined wrongly. The refusal carries the mandated phrase verbatim.
 */

export interface FormData {
  kind: PaperKind;
  school: Pick<School, 'name' | 'shortName' | 'address'>;
  className: string;
  student: Student;
  /** The guardian the form is made out to; absent: a blank line for the name. */
  guardian?: Pick<Guardian, 'lastName' | 'firstName' | 'middleName' | 'relation'> | undefined;
  /** The date on the paper (a reprint); absent: a blank to write it in. */
  signedOn?: string | undefined;
  /** For an annulment: the date of the refusal it annuls. */
  refusalSignedOn?: string | undefined;
  passport?: Passport | undefined;
  contacts?: { phone?: string | undefined; email?: string | undefined; channels: Channel[]; source: 'written' | 'edoc' } | undefined;
  /** A registered document reprinted: when and by whom it was registered. */
  registration?: { at: string; by: string } | undefined;
  printedOn: string;
}

export const FORM_TITLES: Record<PaperKind, [string, string]> = {
  pd_consent: ['СОГЛАСИЕ', 'на обработку персональных данных'],
  pd_nonconsent: ['НЕСОГЛАСИЕ', 'на обработку персональных данных'],
  refusal: ['ЗАЯВЛЕНИЕ', 'об отказе от получения услуги «Электронный дневник» в электронном виде'],
  annulment: ['ЗАЯВЛЕНИЕ', 'об аннулировании заявления об отказе от получения услуги в электронном виде'],
  student_application: ['ЗАЯВЛЕНИЕ ОБУЧАЮЩЕГОСЯ', 'о получении услуги «Электронный дневник» в электронном виде'],
  contacts: ['ЗАЯВЛЕНИЕ', 'о контактных данных для получения информации об успеваемости'],
};

const FILE_WORDS: Record<PaperKind, string> = {
  pd_consent: 'Согласие',
  pd_nonconsent: 'Несогласие',
  refusal: 'Отказ',
  annulment: 'Аннулирование',
  student_application: 'Заявление-14',
  contacts: 'Контакты',
};

export function formFileName(kind: PaperKind, student: PersonName): string {
  const initials = [student.firstName, student.middleName].filter(Boolean).map((x) => x![0]).join('');
  return `${FILE_WORDS[kind]} ${student.lastName} ${initials}.pdf`;
}

const BLANK_DATE = '«____» ______________ 20____ г.';
const BLANK_NAME = '_______________________________________________';
const BOX = '☐';
const CHECKED = '☒';

/** A «Label: value» line, the label in bold. */
function labelled(doc: jsPDF, y: number, label: string, value: string): number {
  const cy = ensureSpace(doc, y, 7);
  doc.setFont(PDF_FONT, 'bold');
  doc.setFontSize(10.5);
  // The same baseline as `paragraph` uses for the value beside it.
  doc.text(label, MARGIN, cy + 10.5 * 0.3528);
  const x = MARGIN + doc.getTextWidth(label) + 2;
  return paragraph(doc, value, cy, { x, size: 10.5, gap: 1.2 });
}

function studentLine(d: FormData): string {
  return `${fullName(d.student)}, дата рождения ${ruDate(d.student.birthDate)}, ${d.className} класс`;
}

function guardianLine(d: FormData): string {
  return d.guardian ? `${fullName(d.guardian)} (${d.guardian.relation})` : `${BLANK_NAME} (степень родства: ____________)`;
}

function body(d: FormData, doc: jsPDF, y: number): number {
  const p = (text: string, opts: { bold?: boolean } = {}) => {
    y = paragraph(doc, text, y, { size: 10.5, gap: 3, ...opts });
  };
  const iAm = d.guardian ? `Я, ${fullName(d.guardian)},` : 'Я, законный представитель, указанный выше,';
  switch (d.kind) {
    case 'pd_consent':
      p(
        `${iAm} являясь законным представителем обучающегося, указанного выше, в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» даю согласие ${d.school.name} на обработку моих персональных данных и персональных данных ребёнка (фамилия, имя, отчество, дата рождения, класс, сведения об успеваемости и посещаемости, контактные данные) в информационной системе «Электронный журнал / электронный дневник» в целях предоставления информации о текущей успеваемости в электронном виде.`,
      );
      p('Согласие действует на время обучения ребёнка в школе и может быть отозвано моим письменным заявлением.');
      break;
    case 'pd_nonconsent':
      p(
        `${iAm} являясь законным представителем обучающегося, указанного выше, не даю согласия на обработку моих персональных данных и персональных данных ребёнка в информационной системе «Электронный журнал / электронный дневник» (Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»).`,
      );
      p('Мне разъяснено, что в этом случае информация о текущей успеваемости ребёнка предоставляется мне в бумажной форме не реже одного раза в неделю.');
      break;
    case 'refusal':
      p(
        `${iAm} являясь законным представителем обучающегося, указанного выше, отказываюсь от получения услуги «Электронный дневник» в электронном виде. Прошу не предоставлять мне информацию об успеваемости моего ребёнка в электронном виде и предоставлять её в бумажной форме.`,
      );
      p(`Подтверждаю, что ${REFUSAL_PHRASE}.`, { bold: true });
      break;
    case 'annulment':
      p(
        `${iAm} являясь законным представителем обучающегося, указанного выше, прошу аннулировать моё заявление от ${d.refusalSignedOn ? `${ruDate(d.refusalSignedOn)} г.` : BLANK_DATE} об отказе от получения услуги «Электронный дневник» в электронном виде и возобновить предоставление мне информации об успеваемости ребёнка в электронном виде.`,
      );
      p('Согласие на обработку персональных данных для предоставления услуги в электронном виде у меня действует или прилагается.');
      break;
    case 'student_application': {
      const reached = d.student.gender === 'f' ? 'достигла' : 'достиг';
      p(
        `Я, ${fullName(d.student)}, ${reached} возраста 14 лет и имею паспорт. В связи с отказом моего законного представителя от получения услуги в электронном виде прошу предоставлять мне информацию о текущей успеваемости, домашних заданиях и расписании в электронном виде (регламент предоставления услуги, п. 5).`,
      );
      p('Даю письменное согласие на получение услуги «Электронный дневник» в электронном виде и на обработку моих персональных данных в этих целях.', { bold: true });
      break;
    }
    case 'contacts': {
      const c = d.contacts;
      p(`${iAm} являясь законным представителем обучающегося, указанного выше, сообщаю контактные данные для доставки информации об успеваемости ребёнка:`);
      y = labelled(doc, y, 'Телефон (для SMS):', c?.phone || '+7 (______) _______-____-____');
      y = labelled(doc, y, 'Электронная почта:', c?.email || '__________________________@____________________');
      y += 2;
      const box = (ch: Channel) => (c?.channels.includes(ch) ? CHECKED : BOX);
      p(`Прошу доставлять информацию (отметьте):   ${box('sms')} SMS     ${box('email')} электронная почта     ${box('paper')} на бумаге (выписка в школе)`);
      const source = c?.source === 'edoc' ? 'электронным документом с электронной подписью' : 'письменно (настоящее заявление)';
      p(`Контактные данные переданы ${source}, как требует п. 4 регламента.`);
      break;
    }
  }
  return y;
}

export function renderRegistryForm(d: FormData): Uint8Array {
  const [title, subtitle] = FORM_TITLES[d.kind];
  const doc = createPdf({ title: `${title} ${subtitle}` });
  const w = pageWidth(doc);

  // Addressee, top right.
  let y = paragraph(doc, `Директору ${d.school.shortName}`, MARGIN, { x: w / 2 + 10, size: 10.5, gap: 0.5 });
  y = paragraph(doc, d.school.name, y, { x: w / 2 + 10, size: 8.5, gap: 6 });

  y = paragraph(doc, title, y + 4, { size: 14, bold: true, align: 'center', gap: 0.5 });
  y = paragraph(doc, subtitle, y, { size: 11, bold: true, align: 'center', x: MARGIN + 15, width: w - 2 * MARGIN - 30, gap: 7 });

  if (d.kind !== 'student_application') y = labelled(doc, y, 'Законный представитель:', guardianLine(d));
  y = labelled(doc, y, 'Обучающийся:', studentLine(d));
  if (d.kind === 'student_application') {
    const pp = d.passport;
    y = labelled(
      doc,
      y,
      'Паспорт:',
      pp ? `серия ${pp.series} № ${pp.number}, выдан ${ruDate(pp.issuedOn)} г.` : 'серия ________ № ______________, дата выдачи «____» ______________ ________ г.',
    );
  }
  y += 5;
  y = body(d, doc, y);

  y = ensureSpace(doc, y + 4, 30);
  y = paragraph(doc, `Дата: ${d.signedOn ? `${ruDate(d.signedOn)} г.` : BLANK_DATE}`, y, { size: 10.5, gap: 3 });
  const signer = d.kind === 'student_application' ? shortName(d.student) : d.guardian ? shortName(d.guardian) : '';
  y = signatureLine(doc, y, d.kind === 'student_application' ? 'Подпись обучающегося' : 'Подпись законного представителя', signer);

  // The school's part: the registration mark.
  y = ensureSpace(doc, y + 8, 28);
  doc.setDrawColor(150);
  doc.setLineDashPattern([1.5, 1.5], 0);
  doc.line(MARGIN, y, w - MARGIN, y);
  doc.setLineDashPattern([], 0);
  doc.setDrawColor(0);
  y = paragraph(doc, 'Отметка школы о регистрации', y + 2, { size: 9, bold: true, gap: 1 });
  if (d.registration) {
    y = paragraph(doc, `Зарегистрировано ${d.registration.at} в программе «ЭЖД Офис». Принял(а): ${d.registration.by}.`, y, { size: 9, gap: 2 });
  } else {
    y = paragraph(doc, `Зарегистрировано ${BLANK_DATE}      Принял(а): ________________________________`, y, { size: 9, gap: 2 });
  }
  signatureLine(doc, y, 'Подпись принявшего');

  pageFooters(doc, `${d.school.shortName} · бланк напечатан ${ruDate(d.printedOn)} · ЭЖД Офис`);
  return pdfBytes(doc);
}
