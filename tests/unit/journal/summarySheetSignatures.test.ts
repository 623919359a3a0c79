import { describe, expect, it } from 'vitest';
import { summarySheetPdf } from '../../../electron/core/journal/print/summarySheetPdf.js';
import type { SummarySheet } from '../../../electron/core/journal/summarySheet.js';
import { pdfText } from '../helpers/pdfText.js';

/** A sheet of `n` students and `subjects` subjects, each with I–IV четверть and the year; `deferrals` of them deferred. */
function sheetOf(n: number, subjects = 8, deferrals = 0): SummarySheet {
  const columns = ['I', 'II', 'III', 'IV', 'Год'].map((t, i) => ({ key: `c${i}`, kind: i < 4 ? 'period' : 'year', title: `${t} четверть`, short: t, start: '2026-09-01', end: '2027-05-31' }));
  return {
    schoolName: 'МБОУ СШ № 1',
    className: '5А',
    yearName: '2026/2027 учебный год',
    classTeacherName: 'Семёнова Ольга Петровна',
    date: '2027-05-31',
    columns: columns as SummarySheet['columns'],
    subjects: Array.from({ length: subjects }, (_, i) => ({ id: `s${i}`, name: `Предмет ${i + 1}`, shortName: `Пр. ${i + 1}` })),
    rows: Array.from({ length: n }, (_, i) => ({
      no: i + 1,
      studentId: `st${i}`,
      name: `Ученик${i + 1} Имя Отчество`,
      short: `Ученик${i + 1} И. О.`,
      note: '',
      cells: Array.from({ length: subjects }, () => columns.map(() => ({ text: '5', state: 'assigned' as const, daysLate: 0 }))),
    })),
    deferrals: Array.from({ length: deferrals }, (_, i) => ({ studentName: `Ученик${i + 1} И. О.`, subjectName: 'Предмет 1', columnTitle: 'IV четверть', reason: 'болезнь', dueOn: '2027-06-10', state: 'deferred' as const })),
  };
}

describe('summary sheet: the signatures are never alone on a page', () => {
  const sizes: Array<[number, number, number]> = [];
  for (const n of [3, 20, 25, 30, 32, 34, 36, 38, 40, 45, 52, 60]) sizes.push([n, 8, 0]);
  for (const n of [20, 30, 40]) for (const d of [1, 5, 12, 30]) sizes.push([n, 8, d]);
  it.each(sizes)('%i students, %i subjects, %i deferrals', (n, subjects, deferrals) => {
    const pages = pdfText(summarySheetPdf(sheetOf(n, subjects, deferrals), { directorName: 'Орлова А. Ю.' })).split('\f');
    const signed = pages.find((p) => p.includes('Директор'))!;
    // Rows of the grid (a student) or of the deferrals are on the signatures' page.
    expect(signed).toMatch(/Ученик\d+ И\. О\./);
  });
});
