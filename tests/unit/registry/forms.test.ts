import { describe, expect, it } from 'vitest';
import { PAPER_KINDS, REFUSAL_PHRASE } from '../../../electron/contract/groups/registry.js';
import { testApp } from '../helpers/testApp.js';
import { pdfText, squash } from './pdfText.js';

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
    expect(text).toContain('+7 912 345-67-89');
    expect(text).toContain('elkina@mail.ru');
    expect(text).toMatch(/Зарегистрировано 20\.11\.2026 \d\d:\d\d в программе «ЭЖД Офис»\. Принял\(а\): Тестов П\. /);
  });

  it('бланк аннулирования называет дату отказа', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const { document } = await teacher.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-09-10', body: { kind: 'refusal', text: REFUSAL_PHRASE } });
    const text = squash(pdfText((await teacher.registry.form({ studentId: 's1', kind: 'annulment', guardianId: 'g1', refusalId: document.id })).base64));
    expect(text).toContain('прошу аннулировать моё заявление от 10.09.2026 г. об отказе');
  });
});
