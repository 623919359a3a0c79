import { describe, expect, it } from 'vitest';
import { PAPER_KINDS, REFUSAL_PHRASE } from '../../../electron/contract/groups/registry.js';
import { CONSENT_ITEMS } from '../../../electron/core/registry/print/paperForms.js';
import { testApp } from '../helpers/testApp.js';
import { pdfText, squash } from '../helpers/pdfText.js';

describe('печатные бланки (pdftotext читает то, что напечатано)', () => {
  for (const kind of PAPER_KINDS) {
    it(`бланк «${kind}»: школа, ученик и представитель вписаны, есть место для подписи`, async () => {
      const t = await testApp();
      const teacher = await t.as('teacher.9b');
      const file = await teacher.registry.form({ studentId: 's10', kind, ...(kind === 'student_application' ? {} : { guardianId: 'g10' }) });
      expect(file.name).toMatch(/Жуков АД\.pdf$/);
      const text = squash(pdfText(file.base64));
      expect(text).toContain('Жуков Артём Денисович');
      expect(text).toContain('29.02.2012');
      expect(text).toContain('9Б класс');
      expect(text).toContain('МБОУ СШ № 1');
      expect(text).toMatch(/Подпись (законного представителя|обучающегося)/);
      if (kind !== 'student_application') expect(text).toContain('Жукова Ирина (мать)');
    });
  }

  it('бланк заявления 14+ для ученика младше 14 лет не печатается: ясный отказ', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    await expect(teacher.registry.form({ studentId: 's1', kind: 'student_application' })).rejects.toThrow('Ученику 11 лет: самостоятельно подать заявление можно с 14 лет (с 02.03.2029).');
  });

  it('бланк отказа содержит обязательную фразу дословно (пробелы и переносы не в счёт)', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const file = await teacher.registry.form({ studentId: 's1', kind: 'refusal', guardianId: 'g1' });
    const text = squash(pdfText(file.base64));
    expect(text).toContain(squash(REFUSAL_PHRASE));
  });

  it('повторная печать зарегистрированного документа: дата, данные и отметка о регистрации', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    await teacher.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-09-01', body: { kind: 'pd_consent' } });
    const { document } = await teacher.registry.register({
      studentId: 's1',
      signerKind: 'guardian',
      signerId: 'g1',
      signedOn: '2026-09-03',
      body: { kind: 'contacts', phone: '+7 912 345-67-89', email: 'elkina@mail.ru', channels: ['email'], source: 'written' },
    });
    const text = squash(pdfText((await teacher.registry.form({ studentId: 's1', kind: 'contacts', documentId: document.id })).base64));
    expect(text).toContain('Дата: 03.09.2026');
    expect(text).toContain('+7 (912) 345-67-89');
    expect(text).toContain('elkina@mail.ru');
    expect(text).toMatch(/Регистрационный № [0-9А-Я]{4}-2\/2026-27\. Зарегистрировано 20\.11\.2026 \d\d:\d\d в программе «ЭЖД Офис»\. Принял: Тестов П\. /);
  });

  it('бланк аннулирования называет дату отказа', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const { document } = await teacher.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-09-10', body: { kind: 'refusal', text: REFUSAL_PHRASE } });
    const text = squash(pdfText((await teacher.registry.form({ studentId: 's1', kind: 'annulment', guardianId: 'g1', refusalId: document.id })).base64));
    expect(text).toContain('прошу аннулировать моё заявление от 10.09.2026 г. об отказе');
  });
});

describe('бланки, которые школа подпишет (152-ФЗ, склонение, шапка с директором)', () => {
  const withDetails = async (t: Awaited<ReturnType<typeof testApp>>) => {
    await t.app.core.store.updateClass('c5a', (d) => {
      const g = d.guardians.find((x) => x.id === 'g1')!;
      g.address = '123456, г. Энск, ул. Садовая, д. 5, кв. 12';
      g.passport = { series: '4510', number: '123456', issuedOn: '2012-05-17', issuedBy: 'ОУФМС России по г. Энску' };
    });
  };

  it('согласие содержит каждый пункт ч. 4 ст. 9 152-ФЗ; адрес и паспорт представителя вписаны, где известны', async () => {
    const t = await testApp();
    await withDetails(t);
    const teacher = await t.as('teacher.5a');
    const text = squash(pdfText((await teacher.registry.form({ studentId: 's1', kind: 'pd_consent', guardianId: 'g1' })).base64));
    for (const [item, words] of CONSENT_ITEMS) expect(text, item).toContain(words);
    expect(text).toContain('Адрес места жительства: 123456, г. Энск, ул. Садовая, д. 5, кв. 12');
    expect(text).toContain('Паспорт: серия 4510 № 123456, выдан 17.05.2012 г., ОУФМС России по г. Энску');
    expect(text).toContain('свидетельство о рождении обучающегося');
    expect(text).toContain('Адрес оператора: г. Энск, ул. Школьная, 1');
    expect(text).toContain('даю согласие муниципальному бюджетному общеобразовательному учреждению «Средняя школа № 1» (далее — оператор)');
    expect(text).toContain('сбор, запись, систематизация, накопление, хранение');
    expect(text).toContain('смешанная обработка');
    expect(text).toContain('может быть отозвано в любое время письменным заявлением');
    expect(text).toContain('ознакомлена');
  });

  it('где данных нет — пустые строки для заполнения от руки', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const text = squash(pdfText((await teacher.registry.form({ studentId: 's1', kind: 'pd_consent', guardianId: 'g1' })).base64));
    expect(text).toMatch(/Адрес места жительства: _{20,}/);
    expect(text).toMatch(/Паспорт: серия _+ № _+, выдан «____» _+ _+ г\. _+ \(кем выдан\)/);
    const blank = squash(pdfText((await teacher.registry.form({ studentId: 's1', kind: 'pd_consent' })).base64));
    for (const [item, words] of CONSENT_ITEMS) expect(blank, item).toContain(words);
    expect(blank).toContain('ознакомлен(а)');
  });

  for (const kind of PAPER_KINDS) {
    it(`шапка «${kind}»: директору школы по имени в дательном, от подписавшего в родительном; без двойных точек`, async () => {
      const t = await testApp();
      const teacher = await t.as('teacher.9b');
      const text = squash(pdfText((await teacher.registry.form({ studentId: 's10', kind, ...(kind === 'student_application' ? {} : { guardianId: 'g10' }) })).base64));
      expect(text).toContain('Директору МБОУ СШ № 1 Орловой А. Ю.');
      expect(text).toContain(kind === 'student_application' ? 'от обучающегося 9Б класса Жукова Артёма Денисовича' : 'от Жуковой Ирины');
      expect(text).not.toMatch(/[А-ЯЁ]\.\./);
    });
  }

  it('несогласие и заявление 14+ называют школу в дательном падеже', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.9b');
    const non = squash(pdfText((await teacher.registry.form({ studentId: 's10', kind: 'pd_nonconsent', guardianId: 'g10' })).base64));
    expect(non).toContain('не даю согласия муниципальному бюджетному общеобразовательному учреждению «Средняя школа № 1»');
    const app = squash(pdfText((await teacher.registry.form({ studentId: 's10', kind: 'student_application' })).base64));
    expect(app).toContain('Даю муниципальному бюджетному общеобразовательному учреждению «Средняя школа № 1»');
  });

  it('подписи никогда не остаются одни на странице: последний абзац — на странице подписей', async () => {
    const t = await testApp();
    await withDetails(t);
    const teacher = await t.as('office');
    for (const kind of PAPER_KINDS) {
      const file = await teacher.registry.form({ studentId: kind === 'student_application' ? 's10' : 's1', kind, ...(kind === 'student_application' ? {} : { guardianId: 'g1' }) });
      const pages = pdfText(file.base64).split('\f').filter((p) => p.trim());
      const signed = pages.find((p) => /Подпись (законного представителя|обучающегося)/.test(p))!;
      // Besides the date, the signature lines, the school's mark and the footer, the page holds text of the form.
      const rest = squash(signed)
        .replace(/Дата:.*$/, '')
        .trim();
      expect(rest.length, kind).toBeGreaterThan(40);
    }
  });
});
