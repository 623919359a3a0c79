import { describe, expect, it } from 'vitest';
import { lessonCalendar, yearShare } from '../../../electron/core/stats/fulfilment.js';
import { fulfilmentReport, lessonTypesReport } from '../../../electron/core/stats/reports.js';
import { aggregates, cls, lessonRow, plan, source } from './world.js';

/**
 * Class 5А, mathematics on Mondays and Thursdays, 60 hours a year; periods 1 четверть
 * (01.09–24.10) and 2 четверть (03.11–28.12) make its year here; 05.11 (Thursday) is a holiday.
 *
 *   lesson days of mathematics: Q1 — 7 Mondays + 8 Thursdays = 15; Q2 — 8 Mondays + 7 Thursdays
 *   (without 05.11) = 15; the year 30, so each lesson day carries 60/30 = 2 hours of the plan.
 *   On 20.11 (Friday): Q2 so far 2 Mondays + 2 Thursdays = 4 days → planned to date 8;
 *   the year so far 19 days → 38.
 *   Conducted: Q1 28 (26 lessons, 2 tests), Q2 6. Q1: share 28/30, lag 2. Q2: 6 of 8, lag 2.
 *   The year: 34 of 38, lag 4. Tests («контрольная»): 4 a year in the plan → to date
 *   round(4 · 19/30) = 3, conducted 2: one behind.
 */
function world() {
  const c = cls('c5a', 5);
  return source(
    [
      {
        cls: c,
        students: [],
        agg: aggregates('c5a', [], [
          lessonRow('math', 'q1', 28, { урок: 26, контрольная: 2 }, { substitutions: 3, moved: 1 }),
          lessonRow('math', 'q2', 6, { урок: 6 }, { cancelled: 1 }),
          lessonRow('rus', 'q1', 12),
        ]),
      },
    ],
    '2026-11-20',
    {
      curriculum: [plan('c5a', 'math', 't1', 60, { контрольная: 4 })],
      timetable: [
        { id: 'm1', classId: 'c5a', weekday: 1, lessonNo: 2, subjectId: 'math', teacherId: 't1', room: '1' },
        { id: 'm4', classId: 'c5a', weekday: 4, lessonNo: 3, subjectId: 'math', teacherId: 't1', room: '1' },
        { id: 'r2', classId: 'c5a', weekday: 2, lessonNo: 1, subjectId: 'rus', teacherId: 't2', room: '1' },
      ],
      holidays: [{ id: 'h', name: 'Праздник', start: '2026-11-05', end: '2026-11-05' }],
    },
  );
}

describe('curriculum fulfilment', () => {
  it('spreads the year\'s hours over the lesson days of the timetable, holidays aside', () => {
    const c = world().classes[0]!;
    const cal = lessonCalendar(c.cc, world().school.timetable, world().school.holidays);
    expect(yearShare(cal, 'math', '2026-09-01', '2026-10-24')).toBeCloseTo(15 / 30, 10);
    expect(yearShare(cal, 'math', '2026-11-03', '2026-11-20')).toBeCloseTo(4 / 30, 10);
    expect(yearShare(cal, 'math', '2026-11-05', '2026-11-05')).toBe(0);
  });

  it('per period: planned, planned to date, conducted, share and lag; substituted, moved and cancelled', () => {
    const q1 = fulfilmentReport(world(), 'q1');
    const math1 = q1.rows.find((r) => r.subjectId === 'math')!;
    expect(math1).toMatchObject({ hoursPerYear: 60, planPeriod: 30, planToDate: 30, held: 28, lag: 2, substitutions: 3, moved: 1, cancelled: 0 });
    expect(math1.share).toBeCloseTo(28 / 30, 10);
    const q2 = fulfilmentReport(world(), 'q2');
    expect(q2.rows.find((r) => r.subjectId === 'math')).toMatchObject({ planPeriod: 30, planToDate: 8, held: 6, lag: 2, share: 0.75, cancelled: 1 });
    const year = fulfilmentReport(world(), 'year:y1');
    expect(year.rows.find((r) => r.subjectId === 'math')).toMatchObject({ planPeriod: 60, planToDate: 38, held: 34, lag: 4 });
  });

  it('a subject with lessons but not in the plan is shown, and left out of the totals', () => {
    const r = fulfilmentReport(world(), 'q1');
    expect(r.rows.find((x) => x.subjectId === 'rus')).toMatchObject({ hoursPerYear: null, held: 12, planToDate: 0 });
    expect(r.school).toMatchObject({ planToDate: 30, held: 28, lag: 2 });
    expect(r.bySubject.map((s) => s.subjectId)).toEqual(['math', 'rus']);
  });

  it('puts the rows behind plan first', () => {
    const c = cls('c6a', 6);
    const src = source(
      [{ cls: c, students: [], agg: aggregates('c6a', [], [lessonRow('math', 'q1', 10), lessonRow('rus', 'q1', 2), lessonRow('pe', 'q1', 9)]) }],
      '2026-10-30',
      { curriculum: [plan('c6a', 'math', 't1', 20), plan('c6a', 'rus', 't2', 20), plan('c6a', 'pe', 't3', 20)] },
    );
    expect(fulfilmentReport(src, 'q1').rows.map((r) => r.subjectId)).toEqual(['rus', 'pe', 'math']);
  });
});

describe('lessons by type', () => {
  it('counts lessons of each type against the plan where it names them', () => {
    const year = lessonTypesReport(world(), 'year:y1');
    const tests = year.rows.find((r) => r.subjectId === 'math' && r.type === 'контрольная')!;
    expect(tests).toMatchObject({ held: 2, planYear: 4, planToDate: 3, diff: -1 });
    expect(year.rows.find((r) => r.subjectId === 'math' && r.type === 'урок')).toMatchObject({ held: 32, planYear: null, diff: null });
    const q1 = lessonTypesReport(world(), 'q1');
    expect(q1.rows.find((r) => r.subjectId === 'math' && r.type === 'контрольная')).toMatchObject({ held: 2, planToDate: 2, diff: 0 });
    expect(year.byType.find((t) => t.type === 'контрольная')).toEqual({ type: 'контрольная', held: 2, planYear: 4, planToDate: 3 });
  });
});
