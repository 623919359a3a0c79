import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { REFUSAL_PHRASE, REFUSAL_STANDARD_TEXT, type RegisterInput } from '../../../electron/contract/groups/registry.js';
import type { ClassData, SchoolData } from '../../../electron/core/store/schema.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { pdfText, squash } from '../helpers/pdfText.js';

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

const consent = (signerId = 'g1', signedOn = '2026-09-01'): RegisterInput => ({ studentId: 's1', signerKind: 'guardian', signerId, signedOn, body: { kind: 'pd_consent' } });
const classFile = (t: TestApp, id: string) => t.backend.files.get(`classes/${id}.json`) as ClassData;
const schoolFile = (t: TestApp) => t.backend.files.get('school.json') as SchoolData;

describe('регистрация документов (ядро)', () => {
  it('классный руководитель регистрирует согласие: документ и мутация в одной записи раздела класса', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const { document, status } = await teacher.registry.register(consent());
    expect(document).toMatchObject({ kind: 'pd_consent', studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-09-01', registeredBy: 'u_teacher_5a', workstationId: 'ws-test' });
    expect(status.service).toMatchObject({ electronic: true, reason: 'consent', documentId: document.id });
    const file = classFile(t, 'c5a');
    expect(file.documents).toEqual([document]);
    expect(file.mutations).toEqual([expect.objectContaining({ id: 'ws-test:1', seq: 1, kind: 'registry.document', payload: document, hlc: document.hlc, author: 'u_teacher_5a' })]);
    expect(schoolFile(t).workstation).toEqual({ id: 'ws-test', lastHlc: document.hlc, nextMutationSeq: 2 });
  });

  it('аудит записывает регистрацию только идентификаторами', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const { document } = await teacher.registry.register(consent());
    await teacher.registry.form({ studentId: 's1', kind: 'refusal', guardianId: 'g1' });
    const entries = (await t.app.core.audit.all()).filter((e) => e.action.startsWith('registry.'));
    expect(entries.map((e) => e.action)).toEqual(['registry.register', 'registry.form']);
    expect(entries[0]).toMatchObject({ userId: 'u_teacher_5a', recordIds: [document.id, 's1', 'g1'], details: { kind: 'pd_consent', classId: 'c5a' } });
    const text = JSON.stringify(entries);
    for (const name of ['Ёлкин', 'Ёлкина', 'Мария', 'Пётр']) expect(text).not.toContain(name);
  });

  it('нарушенное правило: ясное сообщение, ничего не записано (ни документ, ни счётчики)', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.9b');
    const before = JSON.stringify([...t.backend.files.entries()]);
    // Жуков, born 29.02.2012: on 28.02.2026 he is 13.
    const e = await failure(
      teacher.registry.register({
        studentId: 's10',
        signerKind: 'student',
        signedOn: '2026-02-28',
        body: { kind: 'student_application', passport: { series: '4512', number: '345678', issuedOn: '2026-02-28' }, ownConsent: true },
      }),
    );
    expect(e.code).toBe('rule');
    expect(e.message).toMatch(/^Документ не зарегистрирован: На дату заявления \(28\.02\.2026\) ученику 13 лет\. .*с 01\.03\.2026/);
    expect(e.problems?.map((p) => p.path)).toEqual(['signedOn', 'body.passport.issuedOn']);
    expect(JSON.stringify([...t.backend.files.entries()])).toBe(before);
  });

  it('заявление ученика в день 14-летия (29.02 → 01.03) регистрируется, подписант — сам ученик', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.9b');
    const { document, status } = await teacher.registry.register({
      studentId: 's10',
      signerKind: 'student',
      signedOn: '2026-03-01',
      body: { kind: 'student_application', passport: { series: '4512', number: '345678', issuedOn: '2026-03-01' }, ownConsent: true },
    });
    expect(document).toMatchObject({ signerKind: 'student', signerId: 's10' });
    expect(status.service).toMatchObject({ electronic: true, reason: 'student_application' });
  });

  it('отказ без фразы отвергается с указанием, чего не хватает; со стандартным текстом — принимается', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    await teacher.registry.register(consent());
    const e = await failure(teacher.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-10-01', body: { kind: 'refusal', text: REFUSAL_PHRASE.replace(' 1 раза', ' раза') } }));
    expect(e.message).toMatch(/обязательной фразы.*«…чаще 1 раза…»/);
    expect(e.problems?.[0]?.path).toBe('body.text');
    const { status } = await teacher.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-10-01', body: { kind: 'refusal', text: REFUSAL_STANDARD_TEXT } });
    expect(status.service).toMatchObject({ electronic: false, reason: 'refusal' });
    expect(status.paper.due).toBe(true);
  });

  it('проверка без регистрации: проблемы, предупреждения и что изменится; на диск ничего', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const before = JSON.stringify([...t.backend.files.entries()]);
    const ok = await teacher.registry.check(consent());
    expect(ok).toMatchObject({ ok: true, problems: [] });
    expect(ok.effect.join(' ')).toMatch(/будет предоставляться в электронном виде.*больше не понадобится/);
    const bad = await teacher.registry.check(consent('g2'));
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatchObject({ path: 'signerId', code: 'signer_not_guardian' });
    expect(JSON.stringify([...t.backend.files.entries()])).toBe(before);
  });

  it('дважды один документ на этом месте не регистрируется, даже если запросы пришли одновременно', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const results = await Promise.allSettled([teacher.registry.register(consent()), teacher.registry.register(consent())]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as AppError).message).toMatch(/уже зарегистрирован/);
    expect(classFile(t, 'c5a').documents).toHaveLength(1);
    expect(classFile(t, 'c5a').mutations).toHaveLength(1);
  });

  it('часы и номера мутаций растут от регистрации к регистрации, в разных классах тоже', async () => {
    const t = await testApp();
    const a = await (await t.as('teacher.5a')).registry.register(consent());
    const b = await (await t.as('teacher.9b')).registry.register({ studentId: 's10', signerKind: 'guardian', signerId: 'g10', signedOn: '2026-09-01', body: { kind: 'pd_consent' } });
    expect(a.document.hlc < b.document.hlc).toBe(true);
    expect(classFile(t, 'c9b').mutations[0]!.id).toBe('ws-test:2');
  });

  it('отзыв ошибочного документа: оформляет сотрудник, документ остаётся в истории с пометкой', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const { document } = await office.registry.register(consent());
    const { status } = await office.registry.register({ studentId: 's1', signerKind: 'staff', signedOn: '2026-11-20', body: { kind: 'void', targetId: document.id, reason: 'Не тот ученик' } });
    expect(status.service.electronic).toBe(false);
    const card = await office.registry.student({ studentId: 's1' });
    expect(card.timeline.map((e) => [e.document.kind, e.voidedBy?.reason ?? null])).toEqual([
      ['pd_consent', 'Не тот ученик'],
      ['void', null],
    ]);
    expect(card.timeline[1]!.document).toMatchObject({ signerKind: 'staff', signerId: 'u_office' });
    expect(card.timeline[1]!.signerName).toMatch(/сотрудник школы/);
  });

  it('после сообщения о взломе документы этой учётной записи недействительны', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    await teacher.registry.register(consent());
    await teacher.auth.reportCompromised({});
    const office = await t.as('office');
    const card = await office.registry.student({ studentId: 's1' });
    expect(card.timeline[0]!.invalid).toBe(true);
    expect(card.status.service.electronic).toBe(false);
    expect(card.status.review.map((r) => r.code)).toEqual(['invalid_login']);
  });
});

describe('доступ', () => {
  it('классный руководитель видит и регистрирует только в своих классах', async () => {
    const t = await testApp();
    const other = await t.as('teacher.9b');
    expect((await failure(other.registry.classStatus({ classId: 'c5a' }))).code).toBe('forbidden');
    expect((await failure(other.registry.student({ studentId: 's1' }))).code).toBe('not_found');
    expect((await failure(other.registry.register(consent()))).code).toBe('not_found');
    expect((await failure(other.registry.form({ studentId: 's1', kind: 'refusal' }))).code).toBe('not_found');
    expect((await failure(other.registry.log({ classId: 'c5a' }))).code).toBe('forbidden');
    expect((await other.registry.log({})).rows).toEqual([]);
    expect(classFile(t, 'c5a').documents).toEqual([]);
  });

  it('канцелярия и директор видят все классы', async () => {
    const t = await testApp();
    for (const login of ['office', 'director', 'zavuch']) {
      const c = await t.as(login);
      expect((await c.registry.classStatus({ classId: 'c5a' })).rows).toHaveLength(3);
      expect((await c.registry.classStatus({ classId: 'c9b' })).rows).toHaveLength(1);
    }
  });

  it('администратор не видит данных детей', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    for (const call of [admin.registry.classStatus({ classId: 'c5a' }), admin.registry.student({ studentId: 's1' }), admin.registry.log({}), admin.registry.register(consent())]) {
      expect((await failure(call)).code).toBe('forbidden');
    }
  });
});

describe('статус класса и журнал регистрации', () => {
  it('статус класса: строки учеников с представителями и положением', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    await teacher.registry.register(consent());
    const reg = await teacher.registry.classStatus({ classId: 'c5a' });
    expect(reg).toMatchObject({ classId: 'c5a', className: '5А', classTeacherName: 'Семёнова Ольга Петровна', today: '2026-11-20' });
    const s1 = reg.rows.find((r) => r.student.id === 's1')!;
    expect(s1.guardians.map((g) => g.id)).toEqual(['g1']);
    expect(s1.status.service.electronic).toBe(true);
    expect(s1.documentCount).toBe(1);
    expect(reg.rows.find((r) => r.student.id === 's2')!.status.paper.due).toBe(true);
  });

  it('журнал: строки по порядку регистрации, отозванные помечены; PDF и XLSX читаются', async () => {
    const t = await testApp();
    const office = await t.as('office');
    const first = await office.registry.register(consent());
    t.clock.now = new Date('2026-11-20T09:01:00.000Z');
    await office.registry.register({ studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-10-01', body: { kind: 'contacts', phone: '+7 912 345-67-89', channels: ['sms', 'paper'], source: 'written' } });
    t.clock.now = new Date('2026-11-20T09:02:00.000Z');
    await office.registry.register({ studentId: 's1', signerKind: 'staff', signedOn: '2026-11-20', body: { kind: 'void', targetId: first.document.id, reason: 'Ошибка даты' } });
    await office.registry.register({ studentId: 's10', signerKind: 'guardian', signerId: 'g10', signedOn: '2026-09-02', body: { kind: 'pd_nonconsent' } });

    const log = await office.registry.log({});
    expect(log.scope).toBe('Вся школа');
    expect(log.rows.map((r) => [r.no, r.kind, r.className, r.state])).toEqual([
      [1, 'pd_consent', '5А', 'voided'],
      [2, 'contacts', '5А', 'active'],
      [3, 'void', '5А', 'active'],
      [4, 'pd_nonconsent', '9Б', 'active'],
    ]);
    expect(log.rows[0]!.stateNote).toBe('20.11.2026, Ошибка даты');
    expect(log.rows[1]!.content).toBe('тел. +7 (912) 345-67-89; способы: SMS, на бумаге; письменное заявление');
    expect(log.rows[0]!.signerName).toBe('Ёлкина М. И. (мать)');

    const only5a = await office.registry.log({ classId: 'c5a', from: '2026-10-01' });
    expect(only5a.scope).toBe('5А класс, документы с 01.10.2026');
    expect(only5a.rows.map((r) => r.kind)).toEqual(['contacts', 'void']);

    const pdf = await office.registry.logPdf({});
    expect(pdf.name).toMatch(/\.pdf$/);
    const text = squash(pdfText(pdf.base64));
    expect(text).toContain('Журнал регистрации согласий и отказов');
    expect(text).toContain('Ёлкин Пётр Ильич');
    expect(text).toContain('Жуков Артём Денисович');

    const xlsx = await office.registry.logXlsx({ classId: 'c5a' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Журнал')!;
    expect(ws.getRow(2).getCell(1).value).toBe('Журнал регистрации согласий и отказов');
    expect(ws.getRow(4).values).toContain('Обучающийся');
    expect(ws.getRow(5).getCell(6).value).toBe('Ёлкин Пётр Ильич');
    expect(ws.rowCount).toBe(4 + 3);
  });
});

describe('сканы', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
  it('скан хранится с хэшем и читается обратно тем, кому доступен класс', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const { document } = await teacher.registry.register({ ...consent(), scan: { mime: 'image/png', base64: png.toString('base64') } });
    expect(document.scan).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mime: 'image/png', size: png.length });
    expect(t.backend.files.has(`scans/${document.scan!.sha256}.json`)).toBe(true);
    const back = await teacher.registry.scan({ documentId: document.id });
    expect(Buffer.from(back.base64, 'base64').equals(png)).toBe(true);
    expect((await failure((await t.as('teacher.9b')).registry.scan({ documentId: document.id }))).code).toBe('not_found');
  });

  it('файл, который не PDF и не картинка, отвергается до регистрации', async () => {
    const t = await testApp();
    const teacher = await t.as('teacher.5a');
    const e = await failure(teacher.registry.register({ ...consent(), scan: { mime: 'application/pdf', base64: Buffer.from('MZ not a pdf').toString('base64') } }));
    expect(e.code).toBe('validation');
    expect(classFile(t, 'c5a').documents).toEqual([]);
  });
});
