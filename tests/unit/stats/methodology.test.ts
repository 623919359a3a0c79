import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { StudentCounts } from '../../../electron/contract/groups/stats.js';
import { classDoc, resultsDoc } from '../../../electron/core/stats/export/documents.js';
import { XLSX_HEADER_ROW, reportXlsx } from '../../../electron/core/stats/export/reportXlsx.js';
import { studentStanding, studentsConsistent, type StudentOutcome, type StudentStanding } from '../../../electron/core/stats/formulas.js';
import { classStats, overview, resultsReport } from '../../../electron/core/stats/reports.js';
import { aggregates, cls, mark, plan, source, student } from './world.js';

/**
 * The methodology (docs/methodology.md) on a hand-worked class. Every figure below is computed by
 * hand in these comments; the tests check that the app's figures equal them.
 *
 * Class 5А, «1 четверть» (01.09–24.10.2026), three subjects: математика, русский язык, физкультура.
 *
 *   student                         math   rus    pe     standing (all his marks of the period)
 *   s1                              5      5      5      отличник
 *   s2                              5      4      5      на «4» и «5»
 *   s3                              4      4      осв.   на «4» и «5» (pe left out)
 *   s4                              5      3      5      с «3»
 *   s5                              3      3      4      с «3»
 *   s6                              2      3      5      неуспевающий («2»)
 *   s7                              4      н/а    5      неуспевающий («н/а» counts against)
 *   s8                              4      —      5      не все отметки (rus deferred): in N, not успевающий
 *   s9                              осв.   осв.   осв.   освобождён от всех: not in N
 *   s10 left on 10.10               3      3      3      выбыл: not in N
 *   s11 joined on 15.09             5      4      4      на «4» и «5»
 *   s12 left on 20.08 (before)      —      —      —      not in the class during the period: not counted
 *
 * Students: enrolled = 11 (s1–s11), left = 1 (s10), exempt = 1 (s9), N = 11 − 1 − 1 = 9.
 *   отличники 1, на «4» и «5» 3 (s2 s3 s11), с «3» 2 (s4 s5), неуспевающие 2 (s6 s7), не все 1 (s8).
 *   успеваемость = (1 + 3 + 2)/9 = 6/9 = 66,67 %;   качество = (1 + 3)/9 = 4/9 = 44,44 %.
 *   (The old per-mark count gave качество 19/26 = 73,08 %: the bug of issue 14.)
 *
 * Per subject (the students with that subject, each once):
 *   math: enrolled 11, left 1, осв. 1 (s9), N 9; «5» 4 (s1 s2 s4 s11), «4» 3 (s3 s7 s8), «3» 1, «2» 1.
 *         успеваемость 8/9 = 88,89 %; качество 7/9 = 77,78 %;
 *         СОУ = (4·1 + 3·0,64 + 1·0,36 + 1·0,16)/9 = 6,44/9 = 71,56 %; средний = (20+12+3+2)/9 = 37/9 = 4,11.
 *   rus:  enrolled 11, left 1, осв. 1, N 9; «5» 1, «4» 3 (s2 s3 s11), «3» 3 (s4 s5 s6), н/а 1, без отметки 1.
 *         успеваемость 7/9 = 77,78 %; качество 4/9 = 44,44 %;
 *         СОУ = (1 + 3·0,64 + 3·0,36 + 1·0,07)/9 = 4,07/9 = 45,22 %; средний = (5+12+9)/7 = 26/7 = 3,71.
 *   pe:   enrolled 11, left 1, осв. 2 (s3 s9), N 8; «5» 6 (s1 s2 s4 s6 s7 s8), «4» 2 (s5 s11).
 *         успеваемость 8/8 = 100 %; качество 100 %; СОУ = (6 + 2·0,64)/8 = 7,28/8 = 91,00 %; средний 38/8 = 4,75.
 *
 * The class's СОУ and average are over all its final marks (26 in N = 9 + 9 + 8):
 *   «5» 11, «4» 8, «3» 4, «2» 1, н/а 1, без отметки 1.
 *   СОУ = (11 + 8·0,64 + 4·0,36 + 0,16 + 0,07)/26 = 17,79/26 = 68,42 %;
 *   средний балл = (55 + 32 + 12 + 2)/24 = 101/24 = 4,21.
 *
 * Class 6А, same period, two subjects: t1 «5» «5» (отличник), t2 «3» «2» (неуспевающий).
 *   N = 2; успеваемость 1/2; качество 1/2.
 *
 * School (5А + 6А): students 13 (11 + 2), N = 9 + 2 = 11; успевающие 6 + 1 = 7, на «4» и «5» 4 + 1 = 5.
 *   успеваемость = 7/11 = 63,64 %; качество = 5/11 = 45,45 %.
 *   marks: 5А's plus «5» 2, «3» 1, «2» 1 → «5» 13, «4» 8, «3» 5, «2» 2, н/а 1, без отметки 1, N 30.
 *   СОУ = (13 + 5,12 + 1,80 + 0,32 + 0,07)/30 = 20,31/30 = 67,70 %; средний = (65+32+15+4)/28 = 116/28 = 4,14.
 */

type V = '5' | '4' | '3' | '2' | 'н/а' | 'осв.' | null;

function handWorked() {
  const c5 = cls('c5a', 5);
  const c6 = cls('c6a', 6);
  const table: [string, V, V, V, Partial<Parameters<typeof student>[2]>?][] = [
    ['s1', '5', '5', '5'],
    ['s2', '5', '4', '5'],
    ['s3', '4', '4', 'осв.'],
    ['s4', '5', '3', '5'],
    ['s5', '3', '3', '4'],
    ['s6', '2', '3', '5'],
    ['s7', '4', 'н/а', '5'],
    ['s8', '4', null, '5'],
    ['s9', 'осв.', 'осв.', 'осв.'],
    ['s10', '3', '3', '3', { leftOn: '2026-10-10' }],
    ['s11', '5', '4', '4', { enrolledOn: '2026-09-15' }],
    ['s12', null, null, null, { leftOn: '2026-08-20' }],
  ];
  const subjects = ['math', 'rus', 'pe'] as const;
  const students5 = table.map(([id, , , , over]) => student(id, 'c5a', over ?? {}));
  const marks5 = table.flatMap(([id, ...rest]) =>
    subjects.flatMap((subj, k) => {
      const v = rest[k] as V;
      if (v !== null) return [mark(id, subj, 'q1', v)];
      if (id === 's8') return [mark(id, subj, 'q1', null, { deferral: { reason: 'болезнь, справка', dueOn: '2026-11-20' } })];
      return [];
    }),
  );
  const students6 = [student('t1', 'c6a'), student('t2', 'c6a')];
  const marks6 = [mark('t1', 'math', 'q1', '5'), mark('t1', 'rus', 'q1', '5'), mark('t2', 'math', 'q1', '3'), mark('t2', 'rus', 'q1', '2')];
  const graded = (classId: string, subj: readonly string[]) => aggregates(classId, subj.map((subjectId) => ({ studentId: 'x', subjectId, periodId: 'q1' })));
  return source(
    [
      { cls: c5, students: students5, finalMarks: marks5, agg: graded('c5a', subjects) },
      { cls: c6, students: students6, finalMarks: marks6, agg: graded('c6a', ['math', 'rus']) },
    ],
    '2026-11-02',
    { curriculum: [plan('c5a', 'math', 't1', 170), plan('c5a', 'rus', 't2', 170), plan('c5a', 'pe', 't3', 102), plan('c6a', 'math', 't1', 170), plan('c6a', 'rus', 't2', 170)] },
  );
}

const o = (value: V): StudentOutcome => ({ left: false, value });

describe('the standing of one student (the rule of успеваемость and качество)', () => {
  const cases: [string, StudentOutcome[], StudentStanding | null][] = [
    ['every mark «5»: отличник', [o('5'), o('5')], 'excellent'],
    ['every mark «4» or «5»: на «4» и «5»', [o('5'), o('4')], 'good'],
    ['a «3» and nothing lower: успевающий с «3»', [o('5'), o('3')], 'withThree'],
    ['a «2»: неуспевающий', [o('5'), o('2')], 'failing'],
    ['«н/а» counts against', [o('5'), o('н/а')], 'failing'],
    ['a subject without a mark: in N, not успевающий', [o('5'), o(null)], 'incomplete'],
    ['a «2» outweighs a missing mark', [o(null), o('2')], 'failing'],
    ['«осв.» in one subject: that subject is left out', [o('4'), o('осв.')], 'good'],
    ['«осв.» in every subject: освобождён, not in N', [o('осв.'), o('осв.')], 'exempt'],
    ['left before the end of the period: not in N', [{ left: true }, { left: true }], 'left'],
    ['no subjects at all: not counted', [], null],
  ];
  it.each(cases)('%s', (_, outcomes, expected) => {
    expect(studentStanding(outcomes)).toBe(expected);
  });
});

describe('results on the hand-worked class', () => {
  const src = handWorked();
  const r = resultsReport(src, 'q1');
  const c5 = r.classes.find((x) => x.classId === 'c5a')!;

  it('counts each student once: «Учеников» is the number of students, not of marks', () => {
    const expected: StudentCounts = { enrolled: 11, left: 1, exempt: 1, N: 9, excellent: 1, good: 3, withThree: 2, failing: 2, incomplete: 1 };
    expect(c5.students).toEqual(expected);
    expect(studentsConsistent(c5.students!)).toBe(true);
    expect(c5.basis).toBe('students');
  });

  it('успеваемость and качество of the class are shares of students', () => {
    expect(c5.figures.success).toBeCloseTo(6 / 9, 10); // 66,67 %
    expect(c5.figures.quality).toBeCloseTo(4 / 9, 10); // 44,44 %, not 19/26
  });

  it('СОУ and the average of the class are over all its final marks', () => {
    expect(c5.dist).toMatchObject({ n5: 11, n4: 8, n3: 4, n2: 1, n1: 0, na: 1, noMark: 1, N: 26 });
    expect(c5.figures.sou).toBeCloseTo(17.79 / 26, 10); // 68,42 %
    expect(c5.figures.average).toBeCloseTo(101 / 24, 10); // 4,21
  });

  it('per subject: the students with that subject', () => {
    const bySubject = Object.fromEntries(r.classSubjects.filter((x) => x.classId === 'c5a').map((x) => [x.subjectId, x]));
    expect(bySubject.math!.dist).toEqual({ enrolled: 11, left: 1, exempt: 1, n5: 4, n4: 3, n3: 1, n2: 1, n1: 0, na: 0, noMark: 0, N: 9 });
    expect(bySubject.math!.figures.success).toBeCloseTo(8 / 9, 10);
    expect(bySubject.math!.figures.quality).toBeCloseTo(7 / 9, 10);
    expect(bySubject.math!.figures.sou).toBeCloseTo(6.44 / 9, 10);
    expect(bySubject.math!.figures.average).toBeCloseTo(37 / 9, 10);
    expect(bySubject.rus!.dist).toEqual({ enrolled: 11, left: 1, exempt: 1, n5: 1, n4: 3, n3: 3, n2: 0, n1: 0, na: 1, noMark: 1, N: 9 });
    expect(bySubject.rus!.figures.success).toBeCloseTo(7 / 9, 10);
    expect(bySubject.rus!.figures.quality).toBeCloseTo(4 / 9, 10);
    expect(bySubject.rus!.figures.sou).toBeCloseTo(4.07 / 9, 10);
    expect(bySubject.rus!.figures.average).toBeCloseTo(26 / 7, 10);
    expect(bySubject.pe!.dist).toMatchObject({ exempt: 2, n5: 6, n4: 2, N: 8 });
    expect(bySubject.pe!.figures).toEqual({ success: 1, quality: 1, sou: expect.closeTo(7.28 / 8, 10), average: 4.75 });
  });

  it('the school: students added over the classes, shares of students', () => {
    expect(r.school.students).toEqual({ enrolled: 13, left: 1, exempt: 1, N: 11, excellent: 2, good: 3, withThree: 2, failing: 3, incomplete: 1 });
    expect(r.school.students!.enrolled).toBe(r.classes.reduce((n, c) => n + c.students!.enrolled, 0));
    expect(r.school.figures.success).toBeCloseTo(7 / 11, 10); // 63,64 %
    expect(r.school.figures.quality).toBeCloseTo(5 / 11, 10); // 45,45 %
    expect(r.school.figures.sou).toBeCloseTo(20.31 / 30, 10); // 67,70 %
    expect(r.school.figures.average).toBeCloseTo(116 / 28, 10); // 4,14
    const p5 = r.parallels.find((x) => x.grade === 5)!;
    expect(p5.students).toEqual(c5.students);
    expect(p5.figures).toEqual(c5.figures);
  });

  it('a teacher is counted per mark and says so', () => {
    const t1 = r.teachers.find((x) => x.teacherId === 't1')!; // math in 5А and 6А
    expect(t1.basis).toBe('marks');
    expect(t1.students).toBeUndefined();
    expect(t1.dist.N).toBe(11);
  });

  it('the overview, the trend and the class page show the same figures', () => {
    const ov = overview(src, 'q1');
    expect(ov.results.figures).toEqual(r.school.figures);
    expect(ov.trend.find((x) => x.key === 'q1')).toMatchObject({ N: 11, figures: r.school.figures });
    const cs = classStats(src, 'c5a', 'q1');
    expect(cs.result.figures).toEqual(c5.figures);
    expect(cs.categories).toMatchObject({ excellent: 1, good: 3, oneThree: 1, three: 1, failing: 2, incomplete: 1, exempt: 1, left: 1 });
  });

  it('the exports print the same: «Учеников» 11, N 9, 66,7 % and 44,4 % for 5А', async () => {
    const meta = { schoolName: 'СШ № 1', generated: 'Сформирован 02.11.2026' };
    const doc = resultsDoc(r, meta);
    const classes = doc.sections.find((s) => s.title.startsWith('По классам ('))!;
    expect(classes.title).toContain('доля учеников');
    const header = classes.columns.map((c) => c.header);
    const row = classes.rows.find((x) => x[0] === '5А')!;
    expect(row[header.indexOf('Учеников')]).toBe(11);
    expect(row[header.indexOf('N (учеников)')]).toBe(9);
    expect(row[header.indexOf('Успеваемость, доля учеников')]).toBeCloseTo(6 / 9, 10);
    expect(row[header.indexOf('Качество, доля учеников')]).toBeCloseTo(4 / 9, 10);
    expect(row[header.indexOf('СОУ, по отметкам')]).toBeCloseTo(17.79 / 26, 10);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await reportXlsx(doc)) as unknown as ArrayBuffer);
    const ws = wb.worksheets.find((w) => w.name.startsWith('По классам ('))!;
    const heads = (ws.getRow(XLSX_HEADER_ROW).values as unknown[]).slice(1);
    const line = ws.getRow(XLSX_HEADER_ROW + 1).values as unknown[];
    expect(line[1]).toBe('5А');
    expect(line[heads.indexOf('Учеников') + 1]).toBe(11);
    expect(line[heads.indexOf('Качество, доля учеников') + 1]).toBeCloseTo(4 / 9, 10);

    const cd = classDoc(classStats(src, 'c5a', 'q1'), meta);
    const whole = cd.sections[0]!;
    expect(whole.title).toBe('Класс (доля учеников)');
    expect(whole.rows[0]!.slice(0, 5)).toEqual(['5А', 11, 1, 1, 9]);
  });
});
