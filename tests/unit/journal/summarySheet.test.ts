import ExcelJS from 'exceljs';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SummarySheetView } from '../../../electron/contract/groups/finals.js';
import { SHEET_FIRST_DATA_ROW, SHEET_HEADER_ROW } from '../../../electron/core/journal/print/summarySheetXlsx.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from './fixtureJournal.js';
import { pdfText } from '../helpers/pdfText.js';

/**
 * A small class computed by hand. 5А, subjects Математика and Русский язык, columns I and II
 * четверть and Год; the sheet is made on 15.01.2027. The fixture school has only two quarters,
 * so its year mark is due when the II четверть ends: both quarters and the year are over.
 *
 *                        Математика            Русский язык
 *                        1 ч.   2 ч.   Год     1 ч.   2 ч.   Год
 *  1 Абрамов Иван        5      4      ·       н/а    ·      ·
 *  2 Евдокимова Алёна    отср.  ·      ·       осв.   5      ·
 *  3 Ёлкин Пётр          3      отср.  ·       3      ·      ·
 *
 * «·» = missing (the period is over, nothing set): an empty cell.
 * Ёлкин's first mathematics mark was 2, then corrected to 3: the later entry is in force.
 * Deferrals: Евдокимова, Математика, I четверть, until 20.01.2027 (still running);
 *            Ёлкин, Математика, II четверть, until 10.01.2027 (come due).
 */
const EXPECTED: { name: string; short: string; math: string[]; rus: string[] }[] = [
  { name: 'Абрамов Иван Олегович', short: 'Абрамов И. О.', math: ['5', '4', ''], rus: ['н/а', '', ''] },
  { name: 'Евдокимова Алёна Сергеевна', short: 'Евдокимова А. С.', math: ['отср.', '', ''], rus: ['осв.', '5', ''] },
  { name: 'Ёлкин Пётр Ильич', short: 'Ёлкин П. И.', math: ['3', 'отср.', ''], rus: ['3', '', ''] },
];
const EXPECTED_STATES = [
  { math: ['assigned', 'assigned', 'missing'], rus: ['assigned', 'missing', 'missing'] },
  { math: ['deferred', 'missing', 'missing'], rus: ['assigned', 'assigned', 'missing'] },
  { math: ['assigned', 'deferral_due', 'missing'], rus: ['assigned', 'missing', 'missing'] },
];

let t: TestApp;
let sheet: SummarySheetView;

beforeAll(async () => {
  t = await testApp({ now: '2026-12-29T09:00:00.000Z' });
  await withFixtureJournal(t);
  const office = await t.as('teacher.5a');
  const q1 = { classId: 'c5a', periodKey: 'y2026-q1', knownOn: '2026-10-24' };
  const q2 = { classId: 'c5a', periodKey: 'y2026-q2', knownOn: '2026-12-28' };
  await office.finals.set({ ...q1, studentId: 's3', subjectId: 'math', value: '5' });
  await office.finals.set({ ...q2, studentId: 's3', subjectId: 'math', value: '4' });
  await office.finals.set({ ...q1, studentId: 's3', subjectId: 'rus', value: 'н/а' });
  await office.finals.set({ ...q1, studentId: 's2', subjectId: 'math', value: null, deferral: { reason: 'болезнь, справка № 12', dueOn: '2027-01-20' } });
  await office.finals.set({ ...q1, studentId: 's2', subjectId: 'rus', value: 'осв.' });
  await office.finals.set({ ...q2, studentId: 's2', subjectId: 'rus', value: '5' });
  await office.finals.set({ ...q1, studentId: 's1', subjectId: 'math', value: '2' });
  // I четверть is closed: the change of «2» to «3» carries the director's reason.
  await (await t.as('director')).finals.set({ ...q1, studentId: 's1', subjectId: 'math', value: '3', reason: 'ошибка при переносе из бумажного журнала' });
  await office.finals.set({ ...q2, studentId: 's1', subjectId: 'math', value: null, deferral: { reason: 'болезнь', dueOn: '2027-01-10' } });
  await office.finals.set({ ...q1, studentId: 's1', subjectId: 'rus', value: '3' });
  t.clock.now = new Date('2027-01-15T09:00:00.000Z');
  sheet = await (await t.as('director')).finals.sheet({ classId: 'c5a' });
});

describe('summary sheet of a small class, computed by hand', () => {
  it('on screen: the same rows, subjects, columns and cells as worked by hand', () => {
    expect(sheet.columns.map((c) => c.short)).toEqual(['1 ч.', '2 ч.', 'Год']);
    expect(sheet.subjects.map((s) => s.name)).toEqual(['Математика', 'Русский язык']);
    expect(sheet.rows.map((r) => r.name)).toEqual(EXPECTED.map((e) => e.name));
    expect(sheet.rows.map((r) => r.cells.map((subject) => subject.map((c) => c.text)))).toEqual(EXPECTED.map((e) => [e.math, e.rus]));
    expect(sheet.rows.map((r) => r.cells.map((subject) => subject.map((c) => c.state)))).toEqual(EXPECTED_STATES.map((e) => [e.math, e.rus]));
    expect(sheet.deferrals).toEqual([
      { studentName: 'Евдокимова А. С.', subjectName: 'Математика', columnTitle: 'I четверть', reason: 'болезнь, справка № 12', dueOn: '2027-01-20', state: 'deferred' },
      { studentName: 'Ёлкин П. И.', subjectName: 'Математика', columnTitle: 'II четверть', reason: 'болезнь', dueOn: '2027-01-10', state: 'deferral_due' },
    ]);
    expect(sheet).toMatchObject({ className: '5А', yearName: '2026/2027', classTeacherName: 'Семёнова Ольга Петровна', date: '2027-01-15' });
  });

  it('in the PDF: each student line reads back with the cells in order', async () => {
    const file = await (await t.as('office')).finals.sheetPdf({ classId: 'c5a' });
    expect(file.name).toBe('Сводная ведомость 5А 2026-2027.pdf');
    const bytes = Buffer.from(file.base64, 'base64');
    mkdirSync('test-results', { recursive: true });
    writeFileSync(join('test-results', 'summary-sheet-small.pdf'), bytes);
    const text = pdfText(bytes, true);
    for (const e of EXPECTED) {
      const line = text.split('\n').find((l) => l.includes(e.short));
      expect(line, e.short).toBeDefined();
      const tokens = line!.slice(line!.indexOf(e.short) + e.short.length).trim().split(/\s+/);
      expect(tokens).toEqual([...e.math, ...e.rus].filter(Boolean));
    }
    for (const s of ['Сводная ведомость итоговых отметок', '5А класс, 2026/2027', 'Математика', 'Русский язык', '1 ч.', 'Год', 'болезнь, справка № 12', '20.01.2027', 'Директор', 'Орлова А. Ю.']) {
      expect(text).toContain(s);
    }
    // landscape A4
    const info = execFileSync('pdfinfo', [join('test-results', 'summary-sheet-small.pdf')], { encoding: 'utf8' });
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28/);
  });

  it('in the XLSX read back with exceljs: the same cells, marks as numbers', async () => {
    const file = await (await t.as('office')).finals.sheetXlsx({ classId: 'c5a' });
    expect(file.name).toBe('Сводная ведомость 5А 2026-2027.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(file.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Сводная ведомость')!;
    expect(ws.getCell(SHEET_HEADER_ROW, 3).value).toBe('Математика');
    expect(ws.getCell(SHEET_HEADER_ROW, 6).value).toBe('Русский язык');
    expect([3, 4, 5].map((c) => ws.getCell(SHEET_HEADER_ROW + 1, c).value)).toEqual(['1 ч.', '2 ч.', 'Год']);
    EXPECTED.forEach((e, i) => {
      const r = SHEET_FIRST_DATA_ROW + i;
      expect(ws.getCell(r, 1).value).toBe(i + 1);
      expect(ws.getCell(r, 2).value).toBe(e.name);
      const cells = [3, 4, 5, 6, 7, 8].map((c) => ws.getCell(r, c).value);
      expect(cells).toEqual([...e.math, ...e.rus].map((x) => (/^[1-5]$/.test(x) ? Number(x) : x === '' ? null : x)));
    });
    const wd = wb.getWorksheet('Отсрочки')!;
    expect(wd.getRow(2).values).toEqual([undefined, 'Евдокимова А. С.', 'Математика', 'I четверть', 'болезнь, справка № 12', '20.01.2027', 'отсрочка']);
    expect(wd.getRow(3).getCell(6).value).toBe('срок отсрочки наступил');
  });

  it('a 9th grade sheet has exam and final columns', async () => {
    const s = await (await t.as('office')).finals.sheet({ classId: 'c9b' });
    expect(s.columns.map((c) => c.short)).toEqual(['1 ч.', '2 ч.', 'Год', 'Экз.', 'Итог']);
  });
});
