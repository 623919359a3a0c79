import { describe, expect, it } from 'vitest';
import type { LessonType } from '../../../electron/contract/entities/common.js';
import { DEFAULT_SETTINGS } from '../../../electron/contract/entities/settings.js';
import { classForecasts, expectedMarks, fewMarks, forecastFor, forecastFromMarks, roundMark, subjectForecasts, weightedAverage, type ForecastRules } from '../../../electron/core/journal/forecast.js';
import { ATTENDANCE, LESSONS, MARKS } from './fixtureJournal.js';

const rules = (over: Partial<ForecastRules> = {}): ForecastRules => ({ ...structuredClone(DEFAULT_SETTINGS.forecast), ...over });
const R05 = rules({ roundUpFrom: 0.5 });
const R06 = rules({ roundUpFrom: 0.6 });

describe('roundMark: the school rounding rule at its edges', () => {
  // [average, roundUpFrom, expected]
  const cases: [number, number, number][] = [
    [2.5, 0.5, 3],
    [2.49, 0.5, 2],
    [2.4999999, 0.5, 2],
    [2.5, 0.6, 2],
    [2.59, 0.6, 2],
    [2.6, 0.6, 3],
    [2.61, 0.6, 3],
    [13 / 5, 0.6, 3], // 2.6 computed: 2.6000000000000001
    [6.5 / 2.5, 0.6, 3], // 2.6 computed another way
    [3.5, 0.5, 4],
    [3.5, 0.6, 3],
    [4.6, 0.6, 5],
    [4.55, 0.6, 4],
    [4.55, 0.5, 5],
    [1, 0.5, 1],
    [1.2, 0.5, 1],
    [5, 0.5, 5],
    [4.999, 0.6, 5],
    [3, 0.6, 3],
    [2.9999999999, 0.6, 3],
  ];
  it.each(cases)('%s with roundUpFrom %s → %s', (avg, from, expected) => {
    expect(roundMark(avg, from)).toBe(expected);
  });
});

describe('weightedAverage', () => {
  it('is Σ v·w / Σ w, ignoring zero weights; null without weight', () => {
    expect(weightedAverage([{ value: 5, weight: 2 }, { value: 2, weight: 1 }])).toBe(4);
    expect(weightedAverage([{ value: 5, weight: 0 }, { value: 2, weight: 1 }])).toBe(2);
    expect(weightedAverage([{ value: 5, weight: 0 }])).toBeNull();
    expect(weightedAverage([])).toBeNull();
  });
});

type M = [number, LessonType];
const marks = (list: M[]) => list.map(([value, type]) => ({ value, type }));
const repeat = (n: number, m: M): M[] => Array.from({ length: n }, () => m);

describe('forecastFromMarks: a hand-worked table (weights урок 1, контрольная 2, практическая 1.5; minMarks 3)', () => {
  // marks, weighted average worked by hand, forecast with 0.5, forecast with 0.6
  const table: { name: string; marks: M[]; avg: number; f05: number; f06: number }[] = [
    { name: '5, 4 (уроки)', marks: [[5, 'урок'], [4, 'урок']], avg: 4.5, f05: 5, f06: 4 },
    { name: '3, 2 (уроки)', marks: [[3, 'урок'], [2, 'урок']], avg: 2.5, f05: 3, f06: 2 },
    { name: '3, 3, 3, 2, 2', marks: [[3, 'урок'], [3, 'урок'], [3, 'урок'], [2, 'урок'], [2, 'урок']], avg: 2.6, f05: 3, f06: 3 },
    { name: '3 урок, 2 контрольная', marks: [[3, 'урок'], [2, 'контрольная']], avg: 7 / 3, f05: 2, f06: 2 },
    { name: '4 урок, 3 контрольная', marks: [[4, 'урок'], [3, 'контрольная']], avg: 10 / 3, f05: 3, f06: 3 },
    { name: '5 контрольная, 3 и 4 уроки', marks: [[5, 'контрольная'], [3, 'урок'], [4, 'урок']], avg: 4.25, f05: 4, f06: 4 },
    { name: '2, 2 уроки, 3 практическая', marks: [[2, 'урок'], [2, 'урок'], [3, 'практическая']], avg: 8.5 / 3.5, f05: 2, f06: 2 },
    { name: '3 практическая, 2 урок', marks: [[3, 'практическая'], [2, 'урок']], avg: 2.6, f05: 3, f06: 3 },
    { name: '59 троек и 41 двойка', marks: [...repeat(59, [3, 'урок']), ...repeat(41, [2, 'урок'])], avg: 2.59, f05: 3, f06: 2 },
    { name: '4 контрольная, 5 урок', marks: [[4, 'контрольная'], [5, 'урок']], avg: 13 / 3, f05: 4, f06: 4 },
    { name: '5 контрольная, 4 урок', marks: [[5, 'контрольная'], [4, 'урок']], avg: 14 / 3, f05: 5, f06: 5 },
    { name: '4 зачёт, 3 урок, 3 урок', marks: [[4, 'зачёт'], [3, 'урок'], [3, 'урок']], avg: 3.5, f05: 4, f06: 3 },
  ];
  it.each(table)('$name → average $avg, forecast $f05 (0.5) / $f06 (0.6)', (c) => {
    const a = forecastFromMarks(marks(c.marks), { lessons: 10, absences: 0 }, R05);
    const b = forecastFromMarks(marks(c.marks), { lessons: 10, absences: 0 }, R06);
    expect(a.average).toBeCloseTo(c.avg, 10);
    expect(a.forecast).toBe(c.f05);
    expect(b.forecast).toBe(c.f06);
  });
});

describe('risk signs', () => {
  it('forecast «2» is a risk; «3» is not', () => {
    expect(forecastFromMarks(marks([[3, 'урок'], [2, 'урок'], [2, 'урок']]), { lessons: 3, absences: 0 }, R06).risks).toEqual(['fail']);
    expect(forecastFromMarks(marks([[3, 'урок'], [3, 'урок'], [2, 'урок']]), { lessons: 3, absences: 0 }, R06).risks).toEqual([]);
    // 2.5: a risk where 2.5 rounds down, not where it rounds up
    expect(forecastFromMarks(marks([[3, 'урок'], [2, 'урок'], [3, 'урок'], [2, 'урок']]), { lessons: 4, absences: 0 }, R06).risks).toEqual(['fail']);
    expect(forecastFromMarks(marks([[3, 'урок'], [2, 'урок'], [3, 'урок'], [2, 'урок']]), { lessons: 4, absences: 0 }, R05).risks).toEqual([]);
  });

  it('fewer marks than the rule expects for the lessons held is a risk; exactly that many is not', () => {
    // The default rule: one mark per 3 lessons held, at most 3. 9 lessons: 3 expected.
    expect(forecastFromMarks(marks([[5, 'урок'], [5, 'урок']]), { lessons: 9, absences: 0 }, R06).risks).toEqual(['few_marks']);
    expect(forecastFromMarks(marks([[5, 'урок'], [5, 'урок'], [5, 'урок']]), { lessons: 9, absences: 0 }, R06).risks).toEqual([]);
    expect(forecastFromMarks(marks([[5, 'урок'], [5, 'урок']]), { lessons: 9, absences: 0 }, rules({ minMarks: 2 })).risks).toEqual([]);
    // 8 lessons: 2 expected, so two marks are enough; a school with one per 2 lessons expects 3.
    expect(forecastFromMarks(marks([[5, 'урок'], [5, 'урок']]), { lessons: 8, absences: 0 }, R06).risks).toEqual([]);
    expect(forecastFromMarks(marks([[5, 'урок'], [5, 'урок']]), { lessons: 8, absences: 0 }, rules({ lessonsPerMark: 2 })).risks).toEqual(['few_marks']);
    const none = forecastFromMarks([], { lessons: 5, absences: 0 }, R06);
    expect(none).toMatchObject({ average: null, forecast: null, marks: 0, expected: 1, risks: ['few_marks'] });
    // Two lessons held: nothing is expected yet.
    expect(forecastFromMarks([], { lessons: 2, absences: 0 }, R06).risks).toEqual([]);
  });

  it('absences above the share are a risk; exactly the share is not', () => {
    const ok = marks([[4, 'урок'], [4, 'урок'], [4, 'урок']]);
    expect(forecastFromMarks(ok, { lessons: 10, absences: 5 }, R06).risks).toEqual([]);
    expect(forecastFromMarks(ok, { lessons: 10, absences: 6 }, R06).risks).toEqual(['absences']);
    expect(forecastFromMarks(ok, { lessons: 10, absences: 3 }, rules({ maxAbsenceShare: 0.25 })).risks).toEqual(['absences']);
    expect(forecastFromMarks(ok, { lessons: 0, absences: 0 }, R06).absenceShare).toBe(0);
  });

  it('all three at once', () => {
    expect(forecastFromMarks(marks([[2, 'урок']]), { lessons: 6, absences: 4 }, R06).risks).toEqual(['fail', 'absences', 'few_marks']); // riskiest first
  });

  it('a type weighted 0 does not count, neither in the average nor in the number of marks', () => {
    const r = rules({ typeWeights: { ...R06.typeWeights, самостоятельная: 0 } });
    const f = forecastFromMarks(marks([[2, 'самостоятельная'], [5, 'урок'], [5, 'урок'], [4, 'урок']]), { lessons: 4, absences: 0 }, r);
    expect(f.average).toBeCloseTo(14 / 3, 10);
    expect(f.marks).toBe(3);
  });
});

describe('«мало отметок»: fewer marks than the rule expects for the lessons held', () => {
  // The school's rule: one mark per `lessonsPerMark` lessons held, at most `minMarks` (docs/methodology.md).
  // [lessons held, marks, lessonsPerMark, minMarks, expected marks, «мало отметок»]
  const cases: [number, number, number | undefined, number, number, boolean][] = [
    [0, 0, 2, 3, 0, false], // nothing held: nothing expected
    [1, 0, 2, 3, 0, false], // one lesson: too early
    [2, 0, 2, 3, 1, true], // two lessons, no mark
    [3, 1, 2, 3, 1, false],
    [4, 0, 2, 3, 2, true], // 0 marks after 4 lessons: 2 expected
    [4, 1, 2, 3, 2, true],
    [4, 2, 2, 3, 2, false],
    [5, 2, 2, 3, 2, false],
    [6, 2, 2, 3, 3, true], // 3 marks expected only after 6 lessons
    [6, 3, 2, 3, 3, false],
    [40, 3, 2, 3, 3, false], // never more than the minimum of the period
    [4, 0, 3, 3, 1, true], // one mark per 3 lessons
    [5, 1, 3, 3, 1, false],
    [9, 2, 3, 3, 3, true],
    [4, 0, 5, 3, 0, false], // one per 5 lessons: 4 music lessons expect nothing yet
    [3, 2, 1, 3, 3, true], // a mark at every lesson
    [10, 0, 2, 0, 0, false], // minimum 0: never «мало отметок»
    [6, 1, undefined, 3, 2, true], // settings written before the rule: the default, one per 3 lessons
    [5, 1, undefined, 3, 1, false],
  ];
  it.each(cases)('%i lessons, %i marks, one per %s lessons, at most %i: %i expected → %s', (lessons, marksCount, per, min, expected, few) => {
    const r = { minMarks: min, ...(per === undefined ? {} : { lessonsPerMark: per }) };
    expect(expectedMarks(lessons, r)).toBe(expected);
    expect(fewMarks(marksCount, lessons, r)).toBe(few);
  });
});

describe('forecastFor on a journal (see fixtureJournal.ts)', () => {
  const journal = { lessons: LESSONS, marks: MARKS, attendance: ATTENDANCE };
  const q1 = { range: { start: '2026-09-01', end: '2026-10-24' } };
  const s = (id: string, enrolledOn = '2022-09-01', leftOn?: string) => ({ id, enrolledOn, ...(leftOn ? { leftOn } : {}) });

  it('Абрамов, математика, I четверть: (5 + 4 + 5·2) / 4 = 4,75 → 5', () => {
    expect(forecastFor(journal, s('s3'), 'math', q1, R06)).toEqual({ average: 4.75, forecast: 5, marks: 3, expected: 1, lessons: 4, absences: 0, absenceShare: 0, risks: [] });
  });

  it('Евдокимова: 3 and 3·2 → 3; two marks after four lessons are enough (one per three lessons); 2 of 4 lessons missed is not above half', () => {
    expect(forecastFor(journal, s('s2'), 'math', q1, R06)).toEqual({ average: 3, forecast: 3, marks: 2, expected: 1, lessons: 4, absences: 2, absenceShare: 0.5, risks: [] });
    // A school that expects a mark at every lesson: two are too few.
    expect(forecastFor(journal, s('s2'), 'math', q1, rules({ roundUpFrom: 0.6, lessonsPerMark: 1 })).risks).toEqual(['few_marks']);
  });

  it('Ёлкин: (2 + 2 + 3·2) / 4 = 2,5 → «2» at 0.6 (a risk), «3» at 0.5', () => {
    expect(forecastFor(journal, s('s1'), 'math', q1, R06)).toMatchObject({ average: 2.5, forecast: 2, risks: ['fail'] });
    expect(forecastFor(journal, s('s1'), 'math', q1, R05)).toMatchObject({ average: 2.5, forecast: 3, risks: [] });
  });

  it('asOf cuts the period: on 15.09 only two lessons are held', () => {
    expect(forecastFor(journal, s('s3'), 'math', { ...q1, asOf: '2026-09-15' }, R06)).toMatchObject({ average: 4.5, forecast: 4, marks: 2, lessons: 2 });
  });

  it('lessons count only while the student is in the class', () => {
    expect(forecastFor(journal, s('s2', '2026-09-20'), 'math', q1, R06)).toMatchObject({ lessons: 2, absences: 1 });
    expect(forecastFor(journal, s('s2', '2022-09-01', '2026-09-20'), 'math', q1, R06)).toMatchObject({ lessons: 2, absences: 1 });
  });

  it('absent from the only lesson of the period: no forecast, absences; after one lesson no mark is expected yet', () => {
    const q2 = { range: { start: '2026-11-03', end: '2026-12-28' }, asOf: '2026-11-20' };
    expect(forecastFor(journal, s('s3'), 'rus', q2, R06)).toEqual({ average: null, forecast: null, marks: 0, expected: 0, lessons: 1, absences: 1, absenceShare: 1, risks: ['absences'] });
  });

  it('classForecasts gives the same as forecastFor for every student and subject', () => {
    const students = [s('s1'), s('s2'), s('s3')];
    const all = classForecasts(journal, students, ['math', 'rus'], q1, R06);
    for (const st of students) for (const subj of ['math', 'rus']) expect(all.get(st.id)!.get(subj)).toEqual(forecastFor(journal, st, subj, q1, R06));
  });
});

describe('subjectForecasts (the journal page of a subject) agrees with forecastFor', () => {
  const journal = { lessons: LESSONS, marks: MARKS, attendance: ATTENDANCE };
  it('for every student, subject and scope, including students who came or left', () => {
    const students = [
      { id: 's1', enrolledOn: '2022-09-01' },
      { id: 's2', enrolledOn: '2026-09-20' },
      { id: 's3', enrolledOn: '2022-09-01', leftOn: '2026-11-11' },
    ];
    const scopes = [
      { range: { start: '2026-09-01', end: '2026-10-24' } },
      { range: { start: '2026-09-01', end: '2026-10-24' }, asOf: '2026-09-15' },
      { range: { start: '2026-11-03', end: '2026-12-28' }, asOf: '2026-11-20' },
      { range: { start: '2026-09-01', end: '2027-05-31' } },
    ];
    for (const scope of scopes) {
      for (const subject of ['math', 'rus']) {
        const all = subjectForecasts(journal, students, subject, scope, R06);
        for (const st of students) expect(all.get(st.id)).toEqual(forecastFor(journal, st, subject, scope, R06));
      }
    }
  });
});
