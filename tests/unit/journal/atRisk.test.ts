import ExcelJS from 'exceljs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RiskItem, RiskSign } from '../../../electron/contract/groups/journal.js';
import { riskCategory, riskCounts, riskDoc, riskList } from '../../../electron/core/journal/atRisk.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from './fixtureJournal.js';
import { pdfText } from '../helpers/pdfText.js';

/** The at-risk list a class teacher acts on: categories, riskiest first, filters, exports. */

function item(name: string, subject: string, risks: RiskSign[], forecast: number | null, absenceShare = 0, className = '5А'): RiskItem {
  return {
    classId: className,
    className,
    periodName: 'II четверть',
    studentId: name,
    studentName: name,
    subjectId: subject,
    subjectName: subject,
    forecast: { average: forecast, forecast, marks: 1, expected: 2, lessons: 4, absences: Math.round(absenceShare * 4), absenceShare, risks },
  };
}

describe('the category of a row is its worst sign', () => {
  const cases: [RiskSign[], RiskSign | null][] = [
    [['fail'], 'fail'],
    [['few_marks', 'fail'], 'fail'],
    [['absences', 'few_marks'], 'absences'],
    [['few_marks'], 'few_marks'],
    [['fail', 'absences', 'few_marks'], 'fail'],
    [[], null],
  ];
  it.each(cases)('%j → %s', (risks, category) => expect(riskCategory(risks)).toBe(category));
});

describe('the list: riskiest first, filtered by category', () => {
  const items = [
    item('Яковлев', 'Музыка', ['few_marks'], null),
    item('Борисов', 'Математика', ['few_marks'], 4),
    item('Антонов', 'Физика', ['absences', 'few_marks'], 3, 0.75),
    item('Власов', 'Химия', ['fail'], null), // not possible in practice; a «2» always has a forecast
    item('Григорьев', 'Русский язык', ['fail', 'few_marks'], 2),
    item('Демидов', 'Литература', ['absences'], 4, 0.6),
    item('Ёлкин', 'Математика', ['fail'], 1),
    item('Ершов', 'История', ['few_marks'], 3),
  ];

  it('forecast «2» first, then the risk of «н/а», then few marks; a lower forecast first, no forecast last; more absences first', () => {
    expect(riskList(items).map((r) => r.studentName)).toEqual(['Ёлкин', 'Григорьев', 'Власов', 'Антонов', 'Демидов', 'Ершов', 'Борисов', 'Яковлев']);
  });

  it('filters by category (none chosen: all) and counts each row once, in its worst category', () => {
    expect(riskList(items, ['few_marks']).map((r) => r.studentName)).toEqual(['Ершов', 'Борисов', 'Яковлев']);
    expect(riskList(items, ['fail', 'absences']).map((r) => r.studentName)).toEqual(['Ёлкин', 'Григорьев', 'Власов', 'Антонов', 'Демидов']);
    expect(riskList(items, [])).toHaveLength(items.length);
    expect(riskCounts(items)).toEqual({ fail: 3, absences: 2, few_marks: 3 });
  });

  it('the document to file lists what is shown, with the rule and the counts', () => {
    const doc = riskDoc(riskList(items, ['few_marks']), {
      schoolName: 'СШ № 1',
      scope: '5А класс',
      asOf: '2026-11-20',
      generated: 'Сформирован 20.11.2026 12:00',
      rules: { minMarks: 3, lessonsPerMark: 2, maxAbsenceShare: 0.5 },
      categories: ['few_marks'],
    });
    expect(doc.subtitle).toBe('5А класс; II четверть; по состоянию на 20.11.2026. Категории: мало отметок.');
    expect(doc.notes[0]).toContain('меньше 1 отметки на каждые 2 проведённых урока, но ожидается не больше 3 за период');
    expect(doc.sections[0]!.title).toBe('Список (3: мало отметок — 3)');
    expect(doc.sections[0]!.rows.map((r) => r[1])).toEqual(['Ершов', 'Борисов', 'Яковлев']);
  });
});

describe('the export through the contract', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await testApp({ now: '2026-11-20T09:00:00.000Z' });
    await withFixtureJournal(t);
  });

  it('a class teacher exports his class to XLSX and PDF: the rows of the chosen categories, riskiest first', async () => {
    const director = await t.as('director');
    const { settings } = await director.school.overview({});
    await director.school.updateSettings({ ...settings, forecast: { ...settings.forecast, lessonsPerMark: 1 } });
    const teacher = await t.as('teacher.5a');
    const all = await teacher.journal.atRisk({ classId: 'c5a' });
    expect(all.length).toBeGreaterThan(0);

    const x = await teacher.journal.atRiskExport({ classId: 'c5a', categories: ['few_marks'], format: 'xlsx' });
    expect(x.name).toBe('В зоне риска — 5А — 2026-11-20.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(x.base64, 'base64') as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const few = all.filter((r) => riskCategory(r.forecast.risks) === 'few_marks');
    const names: unknown[] = [];
    for (let r = 7; r < 7 + few.length; r++) names.push(ws.getRow(r).getCell(2).value);
    expect(names).toEqual(few.map((r) => r.studentName));
    expect(ws.getRow(7 + few.length).getCell(2).value ?? null).toBeNull();

    const p = await teacher.journal.atRiskExport({ classId: 'c5a', format: 'pdf' });
    expect(p.mime).toBe('application/pdf');
    const text = pdfText(Buffer.from(p.base64, 'base64'));
    expect(text).toContain('Ученики в зоне риска');
    expect(text).toContain('5А класс');
    expect(text).toContain(all[0]!.studentName.split(' ')[0]!);
  });

  it('another class teacher cannot export this class', async () => {
    const other = await t.as('teacher.9b');
    await expect(other.journal.atRiskExport({ classId: 'c5a', format: 'pdf' })).rejects.toMatchObject({ code: 'forbidden' });
  });
});
