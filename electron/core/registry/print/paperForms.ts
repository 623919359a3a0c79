import type { jsPDF } from 'jspdf';
import type { PersonName } from '../../../contract/entities/common.js';
import type { Channel, Passport } from '../../../contract/entities/documents.js';
import type { Guardian, Student } from '../../../contract/entities/people.js';
import type { School } from '../../../contract/entities/school.js';
import { REFUSAL_PHRASE, type PaperKind } from '../../../contract/groups/registry.js';
import { fullName, ruDate, shortName } from '../../../contract/text/format.js';
import { fullNameIn, guessGender, lowerFirst, organisationIn, shortNameIn, type DeclinableName } from '../../people/names.js';
import { MARGIN, createPdf, ensureSpace, pageFooters, pageWidth, paragraph, paragraphHeight, pdfBytes, signatureLine } from '../../pdf/document.js';
import { PDF_FONT } from '../../pdf/fonts.js';
import { displayPhone } from '../../../contract/text/phone.js';

/**
 * The printed forms of the registry, filled in with the school, the student and the guardian,
 * with lines to sign. Every header is addressed to the director by name («Директору МБОУ … Орден
 * А. Ю.», dative) from the person who signs («от Ивановой Марии Петровны», genitive); names and the
 * school's name are declined by the libraries in people/names.ts, never by hand-written endings.
 * The consent holds every item of 152-ФЗ art. 9 part 4 (CONSENT_ITEMS), with the guardian's address
 * and passport filled where the school's system holds them and blank lines where not. The refusal
 * carries the mandated phrase verbatim. A registered copy carries its registration number; the last
 * paragraph always goes to the page of the signatures, which are never alone on a page.
 */

type GuardianOnForm = Pick<Guardian, 'lastName' | 'firstName' | 'middleName' | 'relation'> & Partial<Pick<Guardian, 'address' | 'passport'>>;

export interface FormData {
  kind: PaperKind;
  school: Pick<School, 'name' | 'shortName' | 'address'> & Partial<Pick<School, 'director'>>;
  className: string;
  student: Student;
  /** The guardian the form is made out to; absent: blank lines for the name and the details. */
  guardian?: GuardianOnForm | undefined;
  /** The date on the paper (a reprint); absent: a blank to write it in. */
  signedOn?: string | undefined;
  /** For an annulment: the date of the refusal it annuls. */
  refusalSignedOn?: string | undefined;
  passport?: Passport | undefined;
  contacts?: { phone?: string | undefined; email?: string | undefined; channels: Channel[]; source: 'written' | 'edoc' } | undefined;
  /** A registered document reprinted: when, by whom and under which number it was registered. */
  registration?: { at: string; by: string; byName?: PersonName | undefined; number?: string | undefined } | undefined;
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

/**
 * The items of 152-ФЗ art. 9 part 4 and the words the consent form prints them under (the tests
 * read each back from the PDF).
 */
export const CONSENT_ITEMS: ReadonlyArray<readonly [string, string]> = [
  ['ФИО представителя субъекта', 'Законный представитель:'],
  ['адрес представителя', 'Адрес места жительства:'],
  ['документ, удостоверяющий личность представителя, дата выдачи и выдавший орган', 'Паспорт:'],
  ['реквизиты документа, подтверждающего полномочия представителя', 'Документ, подтверждающий полномочия:'],
  ['ФИО субъекта', 'Обучающийся:'],
  ['адрес субъекта', 'Адрес места жительства обучающегося:'],
  ['документ субъекта', 'Документ, удостоверяющий личность обучающегося:'],
  ['наименование и адрес оператора', 'Адрес оператора:'],
  ['цель обработки', 'Цель обработки:'],
  ['перечень персональных данных', 'Перечень персональных данных:'],
  ['лицо, обрабатывающее по поручению оператора', 'Обработка по поручению оператора:'],
  ['перечень действий', 'Перечень действий с персональными данными:'],
  ['общее описание способов обработки', 'Общее описание способов обработки:'],
  ['срок действия согласия', 'Срок действия согласия:'],
  ['способ отзыва', 'Способ отзыва согласия:'],
  ['подпись субъекта (представителя)', 'Подпись законного представителя'],
];

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
const BLANK_LINE = '__________________________________________________________________';
const BLANK_PASSPORT = 'серия ________ № ______________, выдан «____» ______________ ________ г. ____________________________________ (кем выдан)';
const BOX = '☐';
const CHECKED = '☒';
const SIZE = 10.5;

/**
 * No line breaks inside «№ 8», «г. Энска», «ул. Садовая», «д. 5» or between initials «О. В.»: the
 * spaces there become non-breaking (pdftotext reads them as spaces).
 */
export function keepTogether(s: string): string {
  return s.replace(/(№|г\.|ул\.|д\.|кв\.|ст\.|ч\.|[А-ЯЁ]\.) (?=[0-9А-ЯЁа-яё«])/g, '$1\u00a0');
}

/** A sentence ends with one dot, even after initials («Иванова Ж. С.»). */
export function endSentence(s: string): string {
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

/** The guardian's gender by the relation, else by the name. */
function guardianGender(g: GuardianOnForm): 'm' | 'f' | null {
  if (g.relation === 'мать' || g.relation === 'бабушка') return 'f';
  if (g.relation === 'отец' || g.relation === 'дедушка') return 'm';
  return guessGender(g);
}

const declinable = (g: GuardianOnForm): DeclinableName => {
  const gender = guardianGender(g);
  return { lastName: g.lastName, firstName: g.firstName, ...(g.middleName ? { middleName: g.middleName } : {}), ...(gender ? { gender } : {}) };
};

/** «ознакомлен», «ознакомлена», «ознакомлен(а)». */
function byGender(g: 'm' | 'f' | null, m: string, f: string): string {
  return g === 'm' ? m : g === 'f' ? f : `${m}(${f.slice(m.length) || 'а'})`;
}

function passportText(p: Passport | undefined): string {
  if (!p) return BLANK_PASSPORT;
  return `серия ${p.series} № ${p.number}, выдан ${ruDate(p.issuedOn)} г., ${p.issuedBy ?? '____________________________________ (кем выдан)'}`;
}

function authorityText(g: GuardianOnForm | undefined): string {
  if (g && (g.relation === 'мать' || g.relation === 'отец')) return 'свидетельство о рождении обучающегося: серия ________ № ______________';
  if (g && (g.relation === 'опекун' || g.relation === 'попечитель')) return 'акт органа опеки и попечительства № ______________ от «____» ______________ 20____ г.';
  return '____________________________________________ (свидетельство о рождении, акт об опеке, доверенность)';
}

/** «Я, Иванова Мария Петровна,» or, on a blank form, the representative named above. */
function iAm(d: FormData): string {
  return d.guardian ? `Я, ${fullName(d.guardian)},` : 'Я, законный представитель, указанный выше,';
}

/** The school as the operator, in the dative («даю согласие муниципальному бюджетному …»). */
const operatorDative = (d: FormData) => lowerFirst(organisationIn(d.school.name, 'dative'));

/** A block of the body: a paragraph, or «Label: value» lines. */
type Block = { text: string; bold?: boolean } | { label: string; value: string };

/** A label longer than this (mm) goes on a line of its own, its value below it at full width. */
const LABEL_BESIDE = 62;
const LINE = SIZE * 0.3528 * 1.35;

/** Where the value of a labelled line starts: beside a short label, under a long one. */
function valueX(doc: jsPDF, label: string): number | null {
  doc.setFont(PDF_FONT, 'bold');
  doc.setFontSize(SIZE);
  const w = doc.getTextWidth(label);
  return w > LABEL_BESIDE ? null : MARGIN + w + 2;
}

function labelled(doc: jsPDF, y: number, label: string, value: string): number {
  const x = valueX(doc, label);
  const cy = ensureSpace(doc, y, x === null ? 2 * LINE : LINE);
  doc.setFont(PDF_FONT, 'bold');
  doc.setFontSize(SIZE);
  // The same baseline as `paragraph` uses for the value beside it.
  doc.text(label, MARGIN, cy + SIZE * 0.3528);
  if (x === null) return paragraph(doc, value, cy + LINE, { size: SIZE, gap: 1.2 });
  return paragraph(doc, value, cy, { x, size: SIZE, gap: 1.2 });
}

function blockHeight(doc: jsPDF, b: Block): number {
  if ('text' in b) return paragraphHeight(doc, b.text, { size: SIZE, bold: b.bold ?? false }) + 3;
  const x = valueX(doc, b.label);
  return (x === null ? LINE : 0) + paragraphHeight(doc, b.value, { size: SIZE, x: x ?? MARGIN }) + 1.2;
}

function drawBlock(doc: jsPDF, y: number, b: Block): number {
  if ('text' in b) return paragraph(doc, keepTogether(b.text), y, { size: SIZE, gap: 3, bold: b.bold ?? false });
  return labelled(doc, y, b.label, keepTogether(b.value));
}

function studentLine(d: FormData): string {
  return `${fullName(d.student)}, дата рождения ${ruDate(d.student.birthDate)}, ${d.className} класс`;
}

function guardianLine(d: FormData): string {
  return d.guardian ? `${fullName(d.guardian)} (${d.guardian.relation})` : `${BLANK_NAME} (степень родства: ____________)`;
}

/** The people's lines under the title. */
function parties(d: FormData): Block[] {
  if (d.kind === 'student_application') {
    return [
      { label: 'Обучающийся:', value: studentLine(d) },
      { label: 'Паспорт:', value: passportText(d.passport) },
    ];
  }
  const out: Block[] = [{ label: 'Законный представитель:', value: guardianLine(d) }];
  if (d.kind === 'pd_consent') {
    out.push(
      { label: 'Адрес места жительства:', value: d.guardian?.address || BLANK_LINE },
      { label: 'Паспорт:', value: passportText(d.guardian?.passport) },
      { label: 'Документ, подтверждающий полномочия:', value: authorityText(d.guardian) },
    );
  }
  out.push({ label: 'Обучающийся:', value: studentLine(d) });
  if (d.kind === 'pd_consent') {
    out.push(
      { label: 'Адрес места жительства обучающегося:', value: `${BOX} совпадает с адресом представителя;   иной: ______________________________________________` },
      {
        label: 'Документ, удостоверяющий личность обучающегося:',
        value: d.student.passport ? `паспорт ${passportText(d.student.passport)}` : 'свидетельство о рождении / паспорт: серия ________ № ______________, выдан «____» ______________ ________ г.',
      },
    );
  }
  return out;
}

function body(d: FormData): Block[] {
  const school = d.school;
  const g = d.guardian ? guardianGender(d.guardian) : null;
  switch (d.kind) {
    case 'pd_consent':
      return [
        {
          text: `${iAm(d)} являясь законным представителем обучающегося, указанного выше, в соответствии со статьёй 9 Федерального закона от 27.07.2006 № 152-ФЗ «О персональных данных» даю согласие ${operatorDative(d)} (далее — оператор) на обработку моих персональных данных и персональных данных ребёнка на следующих условиях.`,
        },
        { label: 'Адрес оператора:', value: school.address || BLANK_LINE },
        {
          label: 'Цель обработки:',
          value:
            'предоставление информации о текущей успеваемости, посещаемости, расписании и домашних заданиях обучающегося в электронном виде (услуга «Электронный дневник») и ведение учёта успеваемости в информационной системе «Электронный журнал / электронный дневник».',
        },
        {
          label: 'Перечень персональных данных:',
          value:
            'обучающегося — фамилия, имя, отчество, дата рождения, пол, класс, сведения об успеваемости, посещаемости, отметки, домашние задания; законного представителя — фамилия, имя, отчество, степень родства, адрес, паспортные данные, номер телефона, адрес электронной почты.',
        },
        { label: 'Обработка по поручению оператора:', value: 'не поручается / ______________________________________ (наименование и адрес лица, если поручена)' },
        {
          label: 'Перечень действий с персональными данными:',
          value:
            'сбор, запись, систематизация, накопление, хранение, уточнение (обновление, изменение), извлечение, использование, передача (предоставление, доступ) в пределах цели обработки, блокирование, удаление, уничтожение.',
        },
        {
          label: 'Общее описание способов обработки:',
          value:
            'смешанная обработка — автоматизированная (в информационной системе «Электронный журнал / электронный дневник» и её копии в школе, с передачей по защищённым каналам связи) и без использования средств автоматизации (бумажные документы и выписки).',
        },
        { label: 'Срок действия согласия:', value: `со дня подписания на время обучения ребёнка в ${school.shortName}, затем — на срок хранения документов, установленный законодательством об архивном деле.` },
        {
          label: 'Способ отзыва согласия:',
          value:
            'согласие может быть отозвано в любое время письменным заявлением, поданным оператору лично или направленным почтой по адресу оператора (ч. 2 ст. 9 Закона № 152-ФЗ). После отзыва оператор прекращает обработку и уничтожает персональные данные в срок не более 30 дней, если иное не предусмотрено федеральным законом; информация об успеваемости тогда предоставляется в бумажной форме не реже одного раза в неделю.',
        },
        { text: `Права и обязанности в области защиты персональных данных мне разъяснены; с регламентом предоставления услуги ${byGender(g, 'ознакомлен', 'ознакомлена')}.` },
      ];
    case 'pd_nonconsent':
      return [
        {
          text: `${iAm(d)} являясь законным представителем обучающегося, указанного выше, не даю согласия ${operatorDative(d)} (адрес: ${school.address || BLANK_LINE}) на обработку моих персональных данных и персональных данных ребёнка в информационной системе «Электронный журнал / электронный дневник» (Федеральный закон от 27.07.2006 № 152-ФЗ «О персональных данных»).`,
        },
        { text: 'Мне разъяснено, что в этом случае информация о текущей успеваемости ребёнка предоставляется мне в бумажной форме не реже одного раза в неделю.' },
      ];
    case 'refusal':
      return [
        {
          text: `${iAm(d)} являясь законным представителем обучающегося, указанного выше, отказываюсь от получения услуги «Электронный дневник» в электронном виде. Прошу не предоставлять мне информацию об успеваемости моего ребёнка в электронном виде и предоставлять её в бумажной форме.`,
        },
        { text: `Подтверждаю, что ${REFUSAL_PHRASE}.`, bold: true },
      ];
    case 'annulment':
      return [
        {
          text: `${iAm(d)} являясь законным представителем обучающегося, указанного выше, прошу аннулировать моё заявление от ${d.refusalSignedOn ? `${ruDate(d.refusalSignedOn)} г.` : BLANK_DATE} об отказе от получения услуги «Электронный дневник» в электронном виде и возобновить предоставление мне информации об успеваемости ребёнка в электронном виде.`,
        },
        { text: 'Согласие на обработку персональных данных для предоставления услуги в электронном виде у меня действует или прилагается.' },
      ];
    case 'student_application': {
      const sg = d.student.gender;
      return [
        {
          text: `Я, ${fullName(d.student)}, ${sg === 'f' ? 'достигла' : 'достиг'} возраста 14 лет и имею паспорт. В связи с отказом моего законного представителя от получения услуги в электронном виде прошу предоставлять мне информацию о текущей успеваемости, домашних заданиях и расписании в электронном виде (регламент предоставления услуги, п. 5).`,
        },
        {
          text: `Даю ${operatorDative(d)} (адрес: ${school.address || BLANK_LINE}) письменное согласие на получение услуги «Электронный дневник» в электронном виде и на обработку моих персональных данных (фамилия, имя, отчество, дата рождения, класс, паспортные данные, сведения об успеваемости и посещаемости) в этих целях на время обучения; согласие может быть отозвано моим письменным заявлением.`,
          bold: true,
        },
      ];
    }
    case 'contacts': {
      const c = d.contacts;
      const box = (ch: Channel) => (c?.channels.includes(ch) ? CHECKED : BOX);
      const source = c?.source === 'edoc' ? 'электронным документом с электронной подписью' : 'письменно (настоящее заявление)';
      return [
        { text: `${iAm(d)} являясь законным представителем обучающегося, указанного выше, сообщаю контактные данные для доставки информации об успеваемости ребёнка:` },
        { label: 'Телефон (для SMS):', value: (c?.phone && displayPhone(c.phone)) || '+7 (______) _______-____-____' },
        { label: 'Электронная почта:', value: c?.email || '__________________________@____________________' },
        { text: `Прошу доставлять информацию (отметьте):   ${box('sms')} SMS     ${box('email')} электронная почта     ${box('paper')} на бумаге (выписка в школе)` },
        { text: `Контактные данные переданы ${source}, как требует п. 4 регламента.` },
      ];
    }
  }
}

/** «Директору МБОУ …», the director in the dative, and «от» the signer in the genitive. */
function addressee(d: FormData): string[] {
  const lines = [`Директору ${d.school.shortName}`];
  if (d.school.director) lines.push(shortNameIn(d.school.director, 'dative'));
  else lines.push('______________________________');
  if (d.kind === 'student_application') {
    const who = d.student.gender === 'f' ? 'обучающейся' : 'обучающегося';
    lines.push(`от ${who} ${d.className} класса`, fullNameIn(d.student, 'genitive'));
  } else if (d.guardian) {
    lines.push(`от ${fullNameIn(declinable(d.guardian), 'genitive')}`);
  } else {
    lines.push('от ____________________________________');
  }
  return lines;
}

/** «Принял(а): Иванова Ж. С.» with the verb agreeing when the name tells the gender. */
function acceptedBy(r: NonNullable<FormData['registration']>): string {
  const g = r.byName ? guessGender(r.byName) : null;
  return `${byGender(g, 'Принял', 'Приняла')}: ${r.by}`;
}

export function renderRegistryForm(d: FormData): Uint8Array {
  const [title, subtitle] = FORM_TITLES[d.kind];
  const doc = createPdf({ title: `${title} ${subtitle}` });
  const w = pageWidth(doc);

  // The registration number of a registered copy, top left.
  if (d.registration?.number) {
    paragraph(doc, `Рег. № ${d.registration.number}`, MARGIN, { size: 9.5, bold: true, width: w / 2 - MARGIN, gap: 0.5 });
  }
  // Addressee, top right.
  let y = MARGIN;
  for (const line of addressee(d)) y = paragraph(doc, keepTogether(line), y, { x: w / 2 + 10, size: SIZE, gap: 0.3 });
  y += 5;

  y = paragraph(doc, title, y + 4, { size: 14, bold: true, align: 'center', gap: 0.5 });
  y = paragraph(doc, subtitle, y, { size: 11, bold: true, align: 'center', x: MARGIN + 15, width: w - 2 * MARGIN - 30, gap: 7 });

  for (const b of parties(d)) y = drawBlock(doc, y, b);
  y += 4;

  // The signature block: date, signature, and the school's registration mark.
  const SIGN = 8 + 7 + 12;
  const blocks = body(d);
  blocks.forEach((b, i) => {
    // The last paragraph goes with the signatures: they are never alone on a page.
    if (i === blocks.length - 1) y = ensureSpace(doc, y, blockHeight(doc, b) + SIGN);
    y = drawBlock(doc, y, b);
  });

  y = ensureSpace(doc, y + 4, SIGN - 4);
  y = paragraph(doc, `Дата: ${d.signedOn ? `${ruDate(d.signedOn)} г.` : BLANK_DATE}`, y, { size: SIZE, gap: 3 });
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
    const no = d.registration.number ? `Регистрационный № ${d.registration.number}. ` : '';
    y = paragraph(doc, `${no}Зарегистрировано ${d.registration.at} в программе «ЭЖД Офис». ${endSentence(acceptedBy(d.registration))}`, y, { size: 9, gap: 2 });
  } else {
    y = paragraph(doc, `Регистрационный № ______________ от ${BLANK_DATE}    Принял(а): ______________________`, y, { size: 9, gap: 2 });
  }
  signatureLine(doc, y, 'Подпись принявшего');

  const reg = d.registration?.number ? ` · рег. № ${d.registration.number}` : '';
  pageFooters(doc, `${d.school.shortName}${reg} · бланк напечатан ${ruDate(d.printedOn)} · ЭЖД Офис`);
  return pdfBytes(doc);
}
