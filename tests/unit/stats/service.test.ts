import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { STATS_REPORTS } from '../../../electron/contract/groups/stats.js';
import { AppError } from '../../../electron/contract/errors.js';
import { loadDemoSchool } from '../../../electron/core/setup/loadDemoSchool.js';
import { XLSX_HEADER_ROW } from '../../../electron/core/stats/export/reportXlsx.js';
import { pdfText } from '../helpers/pdfText.js';
import { testApp, type TestApp } from '../helpers/testApp.js';

/** The stats group through the app's one entry point, on a small generated school, and its exports read back. */

async function workbook(base64: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

let t: TestApp;
let director: Awaited<ReturnType<TestApp['as']>>;

beforeAll(async () => {
  t = await testApp({ empty: true, now: '2026-11-20T09:00:00.000Z' });
  await loadDemoSchool(t.app.core, { asOf: t.clock.now, students: 120, seed: 7 });
  director = t.anonymous();
  await director.auth.login({ login: 'director', password: 'demo-director' });
}, 60_000);

describe('stats service', () => {
  it('gives the overview: the last period that ended, the figures, the trend', async () => {
    const o = await director.stats.overview({});
    expect(o.period.kind).toBe('period');
    expect(o.period.ended).toBe(true);
    expect(o.results.dist.N).toBeGreaterThan(0);
    expect(o.results.figures.success).toBeGreaterThan(0.5);
    expect(o.byClass.length).toBeGreaterThan(0);
    expect(o.trend.map((x) => x.key)).toContain(o.period.key);
    expect(o.fulfilment.planToDate).toBeGreaterThan(0);
    expect(o.regulations.students).toBeGreaterThan(100);
    expect(o.schoolName.length).toBeGreaterThan(0);
  });

  it('sums the school from the classes in every report', async () => {
    const r = await director.stats.results({});
    expect(r.classes.reduce((n, c) => n + c.dist.N, 0)).toBe(r.school.dist.N);
    expect(r.classes.reduce((n, c) => n + c.students!.enrolled, 0)).toBe(r.school.students!.enrolled);
    expect(r.school.students!.enrolled).toBeLessThanOrEqual(120); // the school has 120 students: each counted once
    expect(r.subjects.reduce((n, c) => n + c.dist.n5, 0)).toBe(r.school.dist.n5);
    const f = await director.stats.fulfilment({});
    expect(f.byClass.reduce((n, c) => n + c.held, 0)).toBe(f.school.held);
  });

  it('drills down to a class and a student', async () => {
    const r = await director.stats.results({});
    const classId = r.classes[0]!.classId!;
    const c = await director.stats.classStats({ classId });
    expect(c.result.dist).toEqual(r.classes[0]!.dist);
    expect(c.students.length).toBeGreaterThan(0);
    // The class's «Учеников» is the number of its students in the period: the rows of its page.
    expect(c.result.students).toEqual(r.classes[0]!.students);
    expect(c.result.students!.enrolled).toBe(c.students.length);
    const s = await director.stats.studentStats({ studentId: c.students[0]!.studentId });
    expect(s.className).toBe(c.className);
    expect(s.subjects.length).toBeGreaterThan(0);
    expect(s.columns.length).toBe(s.subjects[0]!.finals.length);
  });

  it('is for the director and the deputies only', async () => {
    const office = t.anonymous();
    await office.auth.login({ login: 'office', password: 'demo-office' });
    await expect(office.stats.overview({})).rejects.toBeInstanceOf(AppError);
  });

  it('refuses a period the school does not have', async () => {
    await expect(director.stats.results({ periodKey: 'nope' })).rejects.toThrow(/Такого периода нет/);
  });

  it('exports every report to XLSX: titled, dated, numbers as numbers, shares as percents', async () => {
    const r = await director.stats.results({});
    const file = await director.stats.export({ report: 'results', format: 'xlsx' });
    expect(file.name).toMatch(/^Статистика — Успеваемость и качество знаний — 2026-11-20\.xlsx$/);
    const wb = await workbook(file.base64);
    const ws = wb.getWorksheet('По классам (доля учеников)')!;
    expect(ws.getCell(1, 1).value).toBe('Успеваемость и качество знаний');
    expect(String(ws.getCell(3, 1).value)).toContain('по состоянию на 20.11.2026');
    expect(String(ws.getCell(4, 1).value)).toMatch(/^Сформирован 20\.11\.2026/);
    const header = (ws.getRow(XLSX_HEADER_ROW).values as unknown[]).slice(1);
    expect(header).toEqual(expect.arrayContaining(['Класс', 'Учеников', 'N (учеников)', 'Успеваемость, доля учеников', 'Качество, доля учеников', 'СОУ, по отметкам']));
    const first = ws.getRow(XLSX_HEADER_ROW + 1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(first.getCell(col('Класс')).value).toBe(r.classes[0]!.label);
    // «Учеников» counts students, not marks: no class of the demo school has more than 40.
    expect(first.getCell(col('Учеников')).value).toBe(r.classes[0]!.students!.enrolled);
    expect(r.classes[0]!.students!.enrolled).toBeLessThanOrEqual(40);
    expect(first.getCell(col('N (учеников)')).value).toBe(r.classes[0]!.students!.N);
    expect(first.getCell(col('Успеваемость, доля учеников')).value).toBeCloseTo(r.classes[0]!.figures.success!, 10);
    expect(first.getCell(col('Успеваемость, доля учеников')).numFmt).toBe('0.0%');
    for (const report of STATS_REPORTS) {
      if (report === 'class' || report === 'student') continue;
      const f = await director.stats.export({ report, format: 'xlsx' });
      expect((await workbook(f.base64)).worksheets.length).toBeGreaterThan(0);
    }
  });

  it('exports every report to PDF with real Cyrillic text', async () => {
    const r = await director.stats.results({});
    const classId = r.classes[0]!.classId!;
    const c = await director.stats.classStats({ classId });
    const cases = [
      { report: 'overview', expect: ['Сводка', 'Главные показатели', 'Качество знаний по классам', 'Динамика по периодам'] },
      { report: 'results', expect: ['Успеваемость и качество знаний', 'По классам', r.classes[0]!.label, 'СОУ'] },
      { report: 'fulfilment', expect: ['Выполнение учебного плана', 'План к дате', 'Отставание'] },
      { report: 'lessonTypes', expect: ['Уроки по видам', 'контрольная'] },
      { report: 'finals', expect: ['Итоговые отметки: выставление и сроки', 'Отсрочки'] },
      { report: 'regulations', expect: ['Соблюдение регламента', 'Согласие ПД', 'не просматривающие дневник'] },
      { report: 'class', classId, expect: [`Итоги класса ${c.className}`, 'Ученики', c.students[0]!.name.split(' ')[0]!] },
      { report: 'student', studentId: c.students[0]!.studentId, expect: ['Итоги ученика', c.students[0]!.name.split(' ')[0]!] },
    ] as const;
    for (const k of cases) {
      const f = await director.stats.export({ report: k.report, format: 'pdf', ...('classId' in k ? { classId: k.classId } : {}), ...('studentId' in k ? { studentId: k.studentId } : {}) });
      expect(f.mime).toBe('application/pdf');
      const text = pdfText(f.base64, true).replace(/\s+/g, ' ');
      for (const s of k.expect) expect(text, `${k.report}: ${s}`).toContain(s);
      expect(text).toContain('20.11.2026');
    }
    const audit = (await t.sink.readAll()).filter((line) => line.includes('"stats.export"'));
    expect(audit.length).toBeGreaterThanOrEqual(8);
  });
});
