import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/testApp.js';
import { classFile, failure, pdfText, squash } from './helpers.js';
import { WEEK, world } from './world.js';

let t: TestApp;
beforeEach(async () => {
  t = await world();
});

const weekly = (studentId = 's1') => ({ studentId, from: WEEK.monday, to: WEEK.sunday, reason: 'weekly' as const });

describe('sign-off workflow: who may do which step', () => {
  it('the office prepares: a number in the register, the issue date, a code; the director signs off; the office prints and hands over', async () => {
    const office = await t.as('office');
    const row = await office.extracts.prepare(weekly());
    expect(row).toMatchObject({ number: 1, studentId: 's1', classId: 'c5a', className: '5А', issuedOn: '2026-11-20', state: 'prepared', reason: 'weekly', versions: 0 });
    expect(row.code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(row.prepared).toMatchObject({ byId: 'u_office', role: 'Канцелярия' });
    expect(row.currentHash.slice(0, 4).toUpperCase()).toBe(row.code.slice(0, 4));

    const director = await t.as('director');
    const [signed] = await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    expect(signed).toMatchObject({ state: 'signed_off', code: row.code, signedOff: { byId: 'u_director', role: 'Директор' } });

    const printed = await office.extracts.print({ ids: [row.id] });
    expect(printed).toMatchObject({ count: 1, renewed: 0 });
    const text = squash(pdfText(printed.file.base64));
    expect(text).toContain('ВЫПИСКА № 1');
    expect(text).toMatch(/Утверждена в реестре выписок: директор Тестов П\. d\., \d\d\.\d\d\.2026 \d\d:\d\d\./);

    const handed = await office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' });
    expect(handed).toMatchObject({ state: 'handed_over', handedOver: { guardianId: 'g1', guardianName: 'Ёлкина Мария Ивановна', date: '2026-11-20', byId: 'u_office' }, printed: { count: 1 } });
  });

  it('the class teacher prepares for his class only; the director and deputy cannot prepare, print or hand over; the office and teacher cannot sign off', async () => {
    const teacher = await t.as('teacher.5a');
    const row = await teacher.extracts.prepare(weekly('s2'));
    expect(row.prepared.role).toBe('Классный руководитель');
    const stranger = await t.as('teacher.9b');
    expect(await failure(stranger.extracts.prepare(weekly('s3')))).toMatchObject({ code: 'not_found' });
    expect(await failure(stranger.extracts.print({ ids: [row.id] }))).toMatchObject({ code: 'not_found' });

    for (const login of ['director', 'zavuch']) {
      const boss = await t.as(login);
      expect(await failure(boss.extracts.prepare(weekly('s3')))).toMatchObject({ code: 'forbidden' });
      expect(await failure(boss.extracts.print({ ids: [row.id] }))).toMatchObject({ code: 'forbidden' });
      expect(await failure(boss.extracts.handOver({ id: row.id, guardianId: 'g2', date: '2026-11-20' }))).toMatchObject({ code: 'forbidden' });
    }
    for (const login of ['office', 'teacher.5a', 'admin']) {
      const c = await t.as(login);
      expect(await failure(c.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] }))).toMatchObject({ code: 'forbidden' });
    }
    const admin = await t.as('admin');
    expect(await failure(admin.extracts.register({}))).toMatchObject({ code: 'forbidden' });

    // The deputy signs off, and the PDF says so.
    const deputy = await t.as('zavuch');
    const [signed] = await deputy.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    expect(signed!.signedOff).toMatchObject({ byId: 'u_zavuch', role: 'Заместитель директора' });
    const pdf = await teacher.extracts.print({ ids: [row.id] });
    expect(squash(pdfText(pdf.file.base64))).toMatch(/Утверждена в реестре выписок: заместитель директора Тестов П\. z\., \d\d\.\d\d\.2026 \d\d:\d\d/);
  });

  it('hand-over needs a sign-off, a print, a guardian of the student and a date that has come', async () => {
    const office = await t.as('office');
    const row = await office.extracts.prepare(weekly());
    expect((await failure(office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' }))).message).toContain('не утверждена');
    const director = await t.as('director');
    await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    expect((await failure(office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' }))).message).toContain('не напечатана');
    await office.extracts.print({ ids: [row.id] });
    expect(await failure(office.extracts.handOver({ id: row.id, guardianId: 'g2', date: '2026-11-20' }))).toMatchObject({ code: 'validation', problems: [{ path: 'guardianId' }] });
    expect(await failure(office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-21' }))).toMatchObject({ code: 'validation', problems: [{ path: 'date' }] });
    await office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' });
    // Final: nothing more happens to it.
    expect((await failure(office.extracts.print({ ids: [row.id] }))).message).toContain('уже выдана');
    expect(await failure(director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] }))).toMatchObject({ code: 'conflict' });
  });

  it('preparing twice gives the same extract (one number), and numbers are unique across the school', async () => {
    const office = await t.as('office');
    const a = await office.extracts.prepare(weekly());
    const b = await office.extracts.prepare(weekly());
    expect(b.id).toBe(a.id);
    const [c, d] = await Promise.all([office.extracts.prepare(weekly('s2')), office.extracts.prepare(weekly('s10'))]);
    expect([a.number, c.number, d.number].sort()).toEqual([1, 2, 3]);
    expect(d.className).toBe('9Б');
    const r = await office.extracts.prepare({ studentId: 's1', from: '2026-09-01', to: '2026-11-20', reason: 'request' });
    expect(r).toMatchObject({ number: 4, reason: 'request', periodStart: '2026-09-01', periodEnd: '2026-11-20' });
  });

  it('a weekly extract covers Monday to Sunday; no period in the future', async () => {
    const office = await t.as('office');
    expect(await failure(office.extracts.prepare({ studentId: 's1', from: '2026-11-17', to: '2026-11-23', reason: 'weekly' }))).toMatchObject({ code: 'validation' });
    expect(await failure(office.extracts.prepare({ studentId: 's1', from: '2026-11-23', to: '2026-11-29', reason: 'request' }))).toMatchObject({ code: 'validation' });
    expect(await failure(office.extracts.prepare({ studentId: 's1', from: '2026-11-20', to: '2026-11-01', reason: 'request' }))).toMatchObject({ code: 'validation' });
  });
});

describe('outdated after a change of the data', () => {
  async function signedExtract() {
    const office = await t.as('office');
    const director = await t.as('director');
    const row = await office.extracts.prepare(weekly());
    await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    await office.extracts.print({ ids: [row.id] });
    return { office, director, row };
  }

  it('a mark corrected after sign-off makes the extract outdated: no hand-over; a new print is a new version that needs a new sign-off', async () => {
    const { office, director, row } = await signedExtract();
    await t.app.core.store.updateJournal('y2026', 'c5a', (d) => {
      d.marks.find((m) => m.id === 'w1-s1')!.value = 3;
    });
    const [now] = await office.extracts.register({ studentId: 's1' });
    expect(now).toMatchObject({ id: row.id, state: 'outdated', code: row.code, checked: true });
    expect(now!.currentHash).not.toBe(row.currentHash);
    expect((await failure(office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' }))).message).toContain('изменились после утверждения');

    // The director signs off what he sees now: a new version with a new code, same number.
    const [again] = await director.extracts.signOff({ items: [{ id: row.id, contentHash: now!.currentHash }] });
    expect(again).toMatchObject({ number: row.number, state: 'signed_off', versions: 1, printed: { count: 0 } });
    expect(again!.code).not.toBe(row.code);
    await office.extracts.print({ ids: [row.id] });
    await office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' });
  });

  it('printing an outdated extract prepares the new version and clears the sign-off', async () => {
    const { office, row } = await signedExtract();
    await t.app.core.store.updateClass('c5a', (d) => {
      d.recommendations.push({ id: 'rec3', studentId: 's1', subjectId: 'rus', teacherId: 't2', date: '2026-11-19', text: 'Читать вслух 15 минут в день' });
    });
    const res = await office.extracts.print({ ids: [row.id] });
    expect(res.renewed).toBe(1);
    const text = squash(pdfText(res.file.base64));
    expect(text).toContain('Читать вслух 15 минут в день');
    expect(text).toContain('Утверждение в реестре выписок: ______');
    const [now] = await office.extracts.register({ studentId: 's1' });
    expect(now).toMatchObject({ state: 'prepared', versions: 1, printed: { count: 1 } });
    expect(text).toContain(now!.code);
  });

  it('a signer must have seen the current content: a stale hash is refused', async () => {
    const office = await t.as('office');
    const director = await t.as('director');
    const row = await office.extracts.prepare(weekly());
    await t.app.core.store.updateJournal('y2026', 'c5a', (d) => {
      d.marks.push({ id: 'x-s1', lessonId: 'w4', studentId: 's1', value: 5, weight: 1 });
    });
    expect(await failure(director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] }))).toMatchObject({ code: 'conflict' });
  });

  it('a sign-off made with a login reported compromised does not count', async () => {
    const { office, row } = await signedExtract();
    await t.app.core.store.updateSchool((d) => {
      d.compromises.push({ id: 'cmp-1', userId: 'u_director', from: '2026-11-01T00:00:00.000Z', recordedAt: '2026-11-21T00:00:00.000Z', recordedBy: 'u_admin' });
    });
    const [now] = await office.extracts.register({ studentId: 's1' });
    expect(now!.state).toBe('prepared');
    expect(now!.problems.join(' ')).toContain('взломе');
    expect((await failure(office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' }))).message).toContain('не утверждена');
  });
});

describe('verification code', () => {
  it('a genuine code checks against the register; a forged one does not; an old version says so', async () => {
    const office = await t.as('office');
    const director = await t.as('director');
    const row = await office.extracts.prepare(weekly());
    await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });

    const admin = await t.as('admin');
    const ok = await admin.extracts.verify({ code: row.code.toLowerCase().replace(/-/g, '') });
    expect(ok).toMatchObject({ result: 'valid', number: 1, code: row.code, className: '5А', state: 'signed_off', signedOff: { role: 'Директор' } });
    expect(ok.studentName).toBeUndefined(); // the administrator does not see children's names
    expect(ok.message).toContain('подлинная');
    const seen = await office.extracts.verify({ code: `EZHD-VYPISKA N1 ${row.code}` });
    expect(seen).toMatchObject({ result: 'valid', studentName: 'Ёлкин Пётр Ильич' });

    // Forged: a plausible code that is not in the register, and one digit changed.
    const last = row.code.at(-1) === '0' ? '1' : '0';
    for (const code of ['0123-4567-89AB-CDEF-0123', `${row.code.slice(0, -1)}${last}`]) {
      expect(await office.extracts.verify({ code })).toMatchObject({ result: 'not_found' });
    }
    expect((await office.extracts.verify({ code: 'не код' })).result).toBe('not_found');

    // The data changes: the code is genuine but the content no longer matches.
    await t.app.core.store.updateJournal('y2026', 'c5a', (d) => {
      d.attendance.push({ id: 'wa3', lessonId: 'w3', studentId: 's1', kind: 'у' });
    });
    expect(await office.extracts.verify({ code: row.code })).toMatchObject({ result: 'outdated' });
    // Signed off again: the old paper's code belongs to a superseded version.
    const [now] = await office.extracts.register({ studentId: 's1' });
    await director.extracts.signOff({ items: [{ id: row.id, contentHash: now!.currentHash }] });
    expect(await office.extracts.verify({ code: row.code })).toMatchObject({ result: 'superseded', number: 1 });
    const fresh = (await office.extracts.register({ studentId: 's1' }))[0]!;
    expect(await office.extracts.verify({ code: fresh.code })).toMatchObject({ result: 'valid' });
  });
});

describe('register and audit', () => {
  it('the register filters by class, state, reason and dates; the XLSX has a row per extract', async () => {
    const office = await t.as('office');
    const director = await t.as('director');
    const a = await office.extracts.prepare(weekly());
    await office.extracts.prepare(weekly('s10'));
    await office.extracts.prepare({ studentId: 's2', from: '2026-09-01', to: '2026-10-24', reason: 'request' });
    await director.extracts.signOff({ items: [{ id: a.id, contentHash: a.currentHash }] });
    expect((await office.extracts.register({})).map((r) => r.number)).toEqual([3, 2, 1]);
    expect((await office.extracts.register({ classId: 'c9b' })).map((r) => r.number)).toEqual([2]);
    expect((await office.extracts.register({ state: 'signed_off' })).map((r) => r.number)).toEqual([1]);
    expect((await office.extracts.register({ reason: 'request' })).map((r) => r.number)).toEqual([3]);
    expect(await office.extracts.register({ from: '2026-11-21' })).toEqual([]);
    const teacher = await t.as('teacher.5a');
    expect((await teacher.extracts.register({})).map((r) => r.number)).toEqual([3, 1]);
    expect(await failure(teacher.extracts.register({ classId: 'c9b' }))).toMatchObject({ code: 'forbidden' });

    const x = await office.extracts.exportXlsx({});
    expect(x.name).toMatch(/\.xlsx$/);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Реестр выписок')!;
    expect(ws.getRow(4).getCell(1).value).toBe('№');
    expect([5, 6, 7].map((r) => ws.getRow(r).getCell(1).value)).toEqual([3, 2, 1]);
    expect(ws.getRow(7).getCell(2).value).toBe('Ёлкин Пётр Ильич');
    expect(ws.getRow(7).getCell(8).value).toBe('утверждена');
  });

  it('every step is audited with ids only', async () => {
    const office = await t.as('office');
    const director = await t.as('director');
    const row = await office.extracts.prepare(weekly());
    await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    await office.extracts.print({ ids: [row.id] });
    await office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' });
    await office.extracts.verify({ code: row.code });
    const entries = (await t.app.core.audit.all()).filter((e) => e.action.startsWith('extracts.'));
    expect(entries.map((e) => [e.action, e.userId])).toEqual([
      ['extracts.prepare', 'u_office'],
      ['extracts.signOff', 'u_director'],
      ['extracts.print', 'u_office'],
      ['extracts.handOver', 'u_office'],
      ['extracts.verify', 'u_office'],
    ]);
    expect(entries[0]!.recordIds).toEqual([row.id, 's1']);
    expect(entries[3]!.recordIds).toEqual([row.id, 's1', 'g1']);
    const text = JSON.stringify(entries);
    for (const s of ['Ёлкин', 'Ёлкина', 'Мария', 'Пётр', row.code]) expect(text).not.toContain(s);
    // The register keeps the steps in the class partition.
    const data = await classFile(t, 'c5a');
    expect(data.extracts[0]).toMatchObject({ number: 1, prepared: { by: 'u_office', role: 'office' }, signedOff: { by: 'u_director' }, handedOver: { guardianId: 'g1' } });
  });

  it('the template of the school: sections switched off are not printed; switching is for the director and deputy', async () => {
    const director = await t.as('director');
    const office = await t.as('office');
    const overview = await office.school.overview({});
    expect(await failure(office.extracts.setTemplate({ sections: { ...overview.settings.extractSections, teachers: false } }))).toMatchObject({ code: 'forbidden' });
    await director.extracts.setTemplate({ sections: { ...overview.settings.extractSections, teachers: false, holidays: false } });
    const row = await office.extracts.prepare(weekly());
    const text = squash(pdfText((await office.extracts.print({ ids: [row.id] })).file.base64));
    expect(text).not.toContain('Учителя класса');
    expect(text).not.toContain('Каникулы');
    expect(text).toContain('8. Предстоящие контрольные работы');
  });
});
