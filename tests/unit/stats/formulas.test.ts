import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../electron/contract/entities/settings.js';
import { averageMark, consistent, distributionOf, figuresOf, qualityRate, sou, successRate } from '../../../electron/core/stats/formulas.js';
import { classColumnResult, resultRows } from '../../../electron/core/stats/results.js';
import { columnOf } from '../../../electron/core/stats/source.js';
import { resultsReport } from '../../../electron/core/stats/reports.js';
import { aggregates, cls, mark, plan, source, student } from './world.js';

const W = DEFAULT_SETTINGS.sou; // 1, 0.64, 0.36, 0.16, 0.08; н/а 0.07

/**
 * The hand-worked table: class 5А, «1 четверть» (01.09–24.10), mathematics.
 *
 *   s1  «5»            s7   «2»
 *   s2  «5»            s8   «н/а»                       (in N)
 *   s3  «4»            s9   «осв.»                      exempted: not in N
 *   s4  «4»            s10  «3», left on 10.10 (mid-period): not in N
 *   s5  «4»            s11  deferral, no mark yet       (in N, «без отметки»)
 *   s6  «3»            s12  left on 20.08, before the period: not in the class at all
 *                      s13  «4», joined on 15.09 (mid-period): in N
 *                      s14  «5», left on 26.10, after the period's end: in N
 *
 * enrolled = 13 (s1–s11, s13, s14), left = 1, exempt = 1, N = 11:
 *   n5 = 3 (s1 s2 s14), n4 = 4 (s3 s4 s5 s13), n3 = 1 (s6), n2 = 1, н/а = 1, без отметки = 1.
 *   успеваемость = 8/11 = 72,73 %;  качество = 7/11 = 63,64 %;
 *   СОУ = (3·1 + 4·0,64 + 1·0,36 + 1·0,16 + 0·0,08 + 1·0,07)/11 = 6,15/11 = 55,91 %;
 *   средний балл = (15 + 16 + 3 + 2)/9 = 36/9 = 4,00.
 */
function handTable() {
  const c = cls('c5a', 5);
  const students = [
    student('s1', 'c5a'),
    student('s2', 'c5a'),
    student('s3', 'c5a'),
    student('s4', 'c5a'),
    student('s5', 'c5a'),
    student('s6', 'c5a'),
    student('s7', 'c5a'),
    student('s8', 'c5a'),
    student('s9', 'c5a'),
    student('s10', 'c5a', { leftOn: '2026-10-10' }),
    student('s11', 'c5a'),
    student('s12', 'c5a', { leftOn: '2026-08-20' }),
    student('s13', 'c5a', { enrolledOn: '2026-09-15' }),
    student('s14', 'c5a', { leftOn: '2026-10-26' }),
  ];
  const values: Record<string, '5' | '4' | '3' | '2' | 'н/а' | 'осв.'> = {
    s1: '5',
    s2: '5',
    s3: '4',
    s4: '4',
    s5: '4',
    s6: '3',
    s7: '2',
    s8: 'н/а',
    s9: 'осв.',
    s10: '3',
    s13: '4',
    s14: '5',
  };
  const finalMarks = [
    ...Object.entries(values).map(([id, v]) => mark(id, 'math', 'q1', v)),
    mark('s11', 'math', 'q1', null, { deferral: { reason: 'болезнь, справка', dueOn: '2026-11-20' } }),
  ];
  return source(
    [{ cls: c, students, finalMarks, agg: aggregates('c5a', [{ studentId: 's1', subjectId: 'math', periodId: 'q1' }]) }],
    '2026-11-02',
    { curriculum: [plan('c5a', 'math', 't1', 170)] },
  );
}

describe('the formulas on a hand-worked table', () => {
  it('N leaves out the exempted and those who left; «н/а» and students without a mark stay in N', () => {
    const src = handTable();
    const c = src.classes[0]!;
    const r = classColumnResult(c, columnOf(c, 'q1')!, true);
    const d = r.bySubject.get('math')!;
    expect(d).toEqual({ enrolled: 13, left: 1, exempt: 1, n5: 3, n4: 4, n3: 1, n2: 1, n1: 0, na: 1, noMark: 1, N: 11 });
    expect(consistent(d)).toBe(true);
    expect(r.byStudent.has('s12')).toBe(false); // left before the period: not in the class
  });

  it('успеваемость, качество знаний, СОУ and the average mark', () => {
    const d = handTable().classes.map((c) => classColumnResult(c, columnOf(c, 'q1')!).bySubject.get('math')!)[0]!;
    expect(successRate(d)).toBeCloseTo(8 / 11, 10);
    expect(qualityRate(d)).toBeCloseTo(7 / 11, 10);
    expect(sou(d, W)).toBeCloseTo(6.15 / 11, 10);
    expect(averageMark(d)).toBeCloseTo(4, 10);
  });

  it('«н/а» is weighted as the school sets (0.08 instead of 0.07)', () => {
    const d = distributionOf([{ left: false, value: 'н/а' }, { left: false, value: '5' }]);
    expect(sou(d, { ...W, na: 0.07 })).toBeCloseTo(1.07 / 2, 10);
    expect(sou(d, { ...W, na: 0.08 })).toBeCloseTo(1.08 / 2, 10);
  });

  it('«1» has its own weight, and an empty group has no figures', () => {
    const d = distributionOf([{ left: false, value: '1' }, { left: false, value: '3' }]);
    expect(sou(d, W)).toBeCloseTo((0.08 + 0.36) / 2, 10);
    expect(averageMark(d)).toBe(2);
    expect(figuresOf(distributionOf([{ left: true }, { left: false, value: 'осв.' }]), W)).toEqual({ success: null, quality: null, sou: null, average: null });
  });

  it('the report says the same at the class, subject, teacher and school levels, and compares with the previous period', () => {
    const src = handTable();
    const r = resultsReport(src, 'q1');
    for (const row of [r.school, r.classes[0]!, r.subjects[0]!, r.teachers[0]!, r.classSubjects[0]!]) {
      expect(row.dist.N).toBe(11);
      expect(row.figures.success).toBeCloseTo(8 / 11, 10);
      expect(row.figures.sou).toBeCloseTo(6.15 / 11, 10);
    }
    expect(r.teachers[0]!.label).toBe('Семёнова О. П.');
    expect(r.previous).toBeUndefined();
    // Q2 (the period is still on): the comparison is with Q1.
    const r2 = resultsReport(src, 'q2');
    expect(r2.previous?.key).toBe('q1');
    expect(r2.school.prev?.success).toBeCloseTo(8 / 11, 10);
    expect(r2.school.dist.noMark).toBe(r2.school.dist.N); // nothing set yet in Q2
  });

  it('the year counts every student who was in the class during the year', () => {
    const src = handTable();
    const c = src.classes[0]!;
    const rows = resultRows([classColumnResult(c, columnOf(c, `year:y1`)!)], W, ['math']);
    // s10 left on 10.10 and s14 on 26.10: both before the end of the year. s12 was never in the year.
    expect(rows.school.dist.enrolled).toBe(13);
    expect(rows.school.dist.left).toBe(2);
    expect(rows.school.dist.N).toBe(13 - 2 - 0); // no year marks entered: nobody exempt, all «без отметки»
  });

  it('exam columns count only the students who sat the exam', () => {
    const c = cls('c9a', 9);
    const src = source(
      [
        {
          cls: c,
          students: [student('a', 'c9a'), student('b', 'c9a'), student('c', 'c9a')],
          finalMarks: [mark('a', 'math', 'exam:y1', '4'), mark('b', 'math', 'exam:y1', '2')],
          agg: aggregates('c9a', [{ studentId: 'a', subjectId: 'math', periodId: 'q1' }, { studentId: 'a', subjectId: 'rus', periodId: 'q1' }]),
        },
      ],
      '2027-06-30',
    );
    const r = resultsReport(src, 'exam:y1');
    expect(r.school.dist).toMatchObject({ enrolled: 2, N: 2, n4: 1, n2: 1 });
    expect(r.subjects.map((s) => s.subjectId)).toEqual(['math']);
  });

});
