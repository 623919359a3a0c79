import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/testApp.js';

/** «Журнал действий»: filters, names for the director and ids for the administrator, invalid marks, exports. */

let t: TestApp;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ezhd-audit-list-'));
  t = await testApp({ now: '2026-11-18T09:00:00.000Z' });
  // 18.11: the office prints a consent form for Ёлкин Пётр Ильич (5А) made out to his mother.
  const office = await t.as('office');
  await office.registry.form({ studentId: 's1', kind: 'pd_consent', guardianId: 'g1' });
  // 19.11: the class teacher of 5А prints the register of his class.
  t.clock.now = new Date('2026-11-19T09:00:00.000Z');
  const teacher = await t.as('teacher.5a');
  await teacher.registry.logXlsx({ classId: 'c5a' });
  // 20.11 10:00: the director learns that teacher.5a's login is known to others since 09:30.
  t.clock.now = new Date('2026-11-20T09:30:00.000Z');
  const t2 = await t.as('teacher.5a');
  await t2.registry.form({ studentId: 's3', kind: 'refusal', guardianId: 'g3' });
  await t.app.core.store.updateSchool((d) => {
    d.compromises.push({ id: 'cmp-1', userId: 'u_teacher_5a', from: '2026-11-20T09:15:00.000Z', recordedAt: '2026-11-20T10:00:00.000Z', recordedBy: 'u_director' });
  });
  t.clock.now = new Date('2026-11-20T10:00:00.000Z');
  await t.app.core.audit.append({ userId: 'u_director', action: 'auth.compromised', recordIds: ['u_teacher_5a'], details: { from: '2026-11-20T09:15:00.000Z' } });
});

// KEEP_AUDIT_FILES=1 keeps the PDFs to look at.
afterAll(() => (process.env.KEEP_AUDIT_FILES ? console.log(dir) : rmSync(dir, { recursive: true, force: true })));

const CHILDREN = ['Ёлкин', 'Ёлкина', 'Абрамов', 'Абрамова', 'Евдокимов', 'Жуков'];

describe('«Журнал действий»', () => {
  it('the director sees who (ФИО, role), what, on which record by name, newest first', async () => {
    const director = await t.as('director');
    const r = await director.audit.list({});
    expect(r.rows[0]!.seq).toBeGreaterThan(r.rows.at(-1)!.seq);
    const form = r.rows.find((x) => x.action === 'registry.form' && x.userId === 'u_office')!;
    expect(form).toMatchObject({
      who: 'Тестов Пользователь office',
      role: 'Канцелярия',
      what: 'Печать бланка',
      details: 'Согласие на обработку персональных данных',
      invalid: false,
    });
    expect(form.records).toEqual(['Ёлкин П. И. (5А)', 'Ёлкина М. И. (представитель)']);
    const log = r.rows.find((x) => x.action === 'registry.logXlsx')!;
    expect(log.records).toEqual(['класс 5А']);
    expect(log.role).toBe('Классный руководитель');
    // Every action has a Russian label, none is shown as its path.
    for (const row of r.rows) expect(row.what).not.toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(r.people.map((p) => p.label)).toContain('Система');
    expect(r.kinds.map((k) => k.label)).toEqual(expect.arrayContaining(['Вход и учётные записи', 'Согласия и отказы', 'Журнал действий']));
  });

  it('operations made with the compromised login from the moment on are marked invalid; the report itself is not', async () => {
    const zavuch = await t.as('zavuch');
    const r = await zavuch.audit.list({ userId: 'u_teacher_5a' });
    const byAt = (iso: string, action: string) => r.rows.find((x) => x.at === iso && x.action === action)!;
    expect(byAt('2026-11-19T09:00:00.000Z', 'registry.logXlsx').invalid).toBe(false);
    expect(byAt('2026-11-20T09:30:00.000Z', 'auth.login').invalid).toBe(true);
    expect(byAt('2026-11-20T09:30:00.000Z', 'registry.form').invalid).toBe(true);
    const report = (await zavuch.audit.list({ kind: 'auth.compromised' })).rows[0]!;
    expect(report).toMatchObject({ invalid: false, who: 'Тестов Пользователь director', what: 'Логин стал известен посторонним' });
    expect(report.details).toMatch(/^операции недействительны с 20\.11\.2026 \d\d:15$/);
    const only = await zavuch.audit.list({ invalidOnly: true });
    expect(only.total).toBe(2);
    expect(only.rows.every((x) => x.invalid && x.userId === 'u_teacher_5a')).toBe(true);
  });

  it('filters by person, days and kind (a kind or one action), and pages', async () => {
    const director = await t.as('director');
    const office = await director.audit.list({ userId: 'u_office' });
    expect(office.rows.length).toBeGreaterThan(0);
    expect(office.rows.every((x) => x.userId === 'u_office')).toBe(true);
    const registry = await director.audit.list({ kind: 'registry' });
    expect(new Set(registry.rows.map((x) => x.action))).toEqual(new Set(['registry.form', 'registry.logXlsx']));
    const forms = await director.audit.list({ kind: 'registry.form' });
    expect(forms.total).toBe(2);
    const day = await director.audit.list({ from: '2026-11-19', to: '2026-11-19' });
    expect(day.rows.length).toBeGreaterThan(0);
    expect(day.rows.every((x) => x.at.startsWith('2026-11-19'))).toBe(true);
    const since = await director.audit.list({ from: '2026-11-20' });
    expect(since.rows.every((x) => x.at >= '2026-11-20')).toBe(true);
    const all = await director.audit.list({});
    const page = await director.audit.list({ offset: 2, limit: 3 });
    expect(page).toMatchObject({ total: all.total, offset: 2 });
    expect(page.rows.map((x) => x.seq)).toEqual(all.rows.slice(2, 5).map((x) => x.seq));
    await expect(director.audit.list({ from: '2026-11-20', to: '2026-11-19' })).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining('раньше') });
  });

  it('the administrator sees staff and classes by name, every child, guardian and document by id only', async () => {
    const admin = await t.as('admin');
    const r = await admin.audit.list({});
    const form = r.rows.find((x) => x.action === 'registry.form' && x.userId === 'u_office')!;
    expect(form.records).toEqual(['s1', 'g1']);
    expect(form.who).toBe('Тестов Пользователь office');
    const text = JSON.stringify(r);
    for (const name of CHILDREN) expect(text).not.toContain(name);
    const pdf = Buffer.from((await admin.audit.exportPdf({})).base64, 'base64');
    writeFileSync(join(dir, 'admin.pdf'), pdf);
    const pdfText = execFileSync('pdftotext', ['-layout', join(dir, 'admin.pdf'), '-'], { encoding: 'utf8' });
    for (const name of CHILDREN) expect(pdfText).not.toContain(name);
  });

  it('only the director, the deputies and the administrator open it', async () => {
    for (const login of ['office', 'teacher.9b']) {
      const c = await t.as(login);
      await expect(c.audit.list({})).rejects.toMatchObject({ code: 'forbidden' });
      await expect(c.audit.exportPdf({})).rejects.toMatchObject({ code: 'forbidden' });
      await expect(c.audit.verify({})).rejects.toMatchObject({ code: 'forbidden' });
    }
  });

  it('prints to PDF with the chain state on top, names, and the invalid marks', async () => {
    const director = await t.as('director');
    const f = await director.audit.exportPdf({});
    expect(f.name).toBe('Журнал действий 2026-11-20.pdf');
    writeFileSync(join(dir, 'director.pdf'), Buffer.from(f.base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'director.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Журнал действий');
    expect(text).toContain('Все записи');
    // The last entry's day in the workstation's local time (the test's clock stands at the last entry).
    const last = t.clock.now;
    const day = `${String(last.getDate()).padStart(2, '0')}\\.${String(last.getMonth() + 1).padStart(2, '0')}\\.${last.getFullYear()}`;
    expect(text).toMatch(new RegExp(`Цепочка записей цела: \\d+ запис(ь|и|ей), последняя ${day}`));
    expect(text).toContain('Ёлкин П. И. (5А)');
    expect(text).toContain('Печать бланка');
    // The two operations made with the compromised login, and only they, carry the mark.
    expect(text.match(/недействительно:/g)?.length).toBe(2);
    expect(text.match(/скомпрометирована/g)?.length).toBe(2);
    // The export is recorded too.
    expect((await director.audit.list({ kind: 'audit.exportPdf' })).total).toBeGreaterThan(0);
  });

  it('exports to XLSX with the filter, the chain state and one row per entry', async () => {
    const director = await t.as('director');
    const f = await director.audit.exportXlsx({ userId: 'u_teacher_5a' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(f.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const values = (n: number) => (ws.getRow(n).values as unknown[]).slice(1).map((v) => (v === undefined || v === null ? '' : String(v)));
    expect(values(2)).toEqual(['Журнал действий']);
    expect(values(3)).toEqual(['Тестов Пользователь teacher.5a']);
    expect(values(4)[0]).toMatch(/^Цепочка записей цела/);
    expect(values(5)).toEqual(['№', 'Когда', 'Кто', 'Роль', 'Действие', 'Запись', 'Подробности', 'Отметка']);
    const rows = [];
    for (let i = 6; i <= ws.rowCount; i++) rows.push(values(i));
    const expected = await director.audit.list({ userId: 'u_teacher_5a' });
    expect(rows.length).toBe(expected.total);
    const form = rows.find((r) => r[4] === 'Печать бланка')!;
    expect(form[2]).toBe('Тестов Пользователь teacher.5a');
    expect(form[5]).toBe('Абрамов И. О. (5А), Абрамова Н. Л. (представитель)');
    expect(form[7]).toBe('недействительно: учётная запись скомпрометирована');
  });

  it('shows a broken chain in red words at the top of the list and the printout', async () => {
    const t2 = await testApp();
    const director = await t2.as('director');
    await director.registry.logPdf({});
    const lines = t2.sink.months.get('2026-11')!;
    lines.splice(-1, 1);
    const check = await director.audit.verify({});
    expect(check.ok).toBe(false);
    expect(check.message).toMatch(/^Цепочка записей нарушена: удалены последние записи: прежняя № \d+ \(1 запись\) \(обнаружено 20\.11\.2026 \d\d:\d\d\)/);
    const f = await director.audit.exportPdf({});
    writeFileSync(join(dir, 'broken.pdf'), Buffer.from(f.base64, 'base64'));
    const text = execFileSync('pdftotext', [join(dir, 'broken.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Цепочка записей нарушена');
    expect(text).toContain('Нарушение журнала');
  });
});
