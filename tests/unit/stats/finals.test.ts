import { describe, expect, it } from 'vitest';
import type { FinalMarkEntry } from '../../../electron/contract/entities/journal.js';
import { finalsReport } from '../../../electron/core/stats/reports.js';
import { aggregates, cls, mark, source, student } from './world.js';

/**
 * 1 четверть ended on 24.10; the report is on 02.11; the school's deadline is 1 day (by 25.10).
 * Class 4А studies mathematics and Russian (with marks) and ОРКСЭ (no marks); class 1А has no
 * marks at all.
 *   a: math «5» published 24.10 (on time); rus «4» published 27.10 (2 days late)
 *   b: math deferral to 10.11 (not yet due); rus deferral to 30.10 (due 3 days ago, no mark)
 *   c: math nothing (missing, 9 days after the period); rus «3» not published (8 days late)
 *   d: left on 10.10, nothing expected
 */
function unpublished(e: FinalMarkEntry): FinalMarkEntry {
  const { publishedAt: _p, ...rest } = e;
  return rest;
}

function world() {
  const c4 = cls('c4a', 4);
  const c1 = cls('c1a', 1, 'А', 'quarters');
  // Noon of the day in the workstation's local time (the app counts days in it: 12:00 UTC is the next day in Kamchatka).
  const at = (day: string) => new Date(`${day}T12:00:00`).toISOString();
  return source(
    [
      {
        cls: c4,
        students: [student('a', 'c4a'), student('b', 'c4a'), student('c', 'c4a'), student('d', 'c4a', { leftOn: '2026-10-10' })],
        finalMarks: [
          mark('a', 'math', 'q1', '5', { publishedAt: at('2026-10-24') }),
          mark('a', 'rus', 'q1', '4', { publishedAt: at('2026-10-27') }),
          mark('b', 'math', 'q1', null, { deferral: { reason: 'болезнь, справка № 12', dueOn: '2026-11-10' } }),
          mark('b', 'rus', 'q1', null, { deferral: { reason: 'болезнь, справка № 12', dueOn: '2026-10-30' } }),
          unpublished(mark('c', 'rus', 'q1', '3')),
        ],
        agg: aggregates('c4a', [
          { studentId: 'a', subjectId: 'math', periodId: 'q1' },
          { studentId: 'a', subjectId: 'rus', periodId: 'q1' },
        ]),
      },
      { cls: c1, students: [student('x', 'c1a'), student('y', 'c1a')] },
    ],
    '2026-11-02',
    {
      curriculum: [
        { classId: 'c4a', subjectId: 'math', teacherId: 't1', hoursPerYear: 136 },
        { classId: 'c4a', subjectId: 'rus', teacherId: 't2', hoursPerYear: 170 },
        { classId: 'c4a', subjectId: 'orkse', teacherId: 't3', hoursPerYear: 34 },
        { classId: 'c1a', subjectId: 'math', teacherId: 't1', hoursPerYear: 132 },
      ],
    },
  );
}

describe('final marks: assigned, deferred, missing, late', () => {
  it('counts each expected cell once; first grades and subjects without marks are never missing', () => {
    const r = finalsReport(world(), 'q1');
    const c4 = r.classes.find((c) => c.classId === 'c4a')!;
    expect(c4).toMatchObject({ students: 3, subjects: 2, expected: 6, assigned: 3, deferred: 1, deferralDue: 1, missing: 1, open: 0, late: 1, unpublishedLate: 1 });
    const c1 = r.classes.find((c) => c.classId === 'c1a')!;
    expect(c1).toMatchObject({ expected: 0, missing: 0 });
    expect(r.school).toMatchObject({ expected: 6, missing: 1 });
  });

  it('lists deferrals with their due dates, missing marks and late results, with days', () => {
    const items = finalsReport(world(), 'q1').items.map((i) => [i.kind, i.studentId, i.subjectName, i.date, i.days]);
    expect(items).toEqual(
      expect.arrayContaining([
        ['deferred', 'b', 'Математика', '2026-11-10', 0],
        ['deferral_due', 'b', 'Русский язык', '2026-10-30', 3],
        ['missing', 'c', 'Математика', '2026-10-24', 9],
        ['late', 'a', 'Русский язык', '2026-10-25', 2],
        ['unpublished_late', 'c', 'Русский язык', '2026-10-25', 8],
      ]),
    );
    expect(items).toHaveLength(5);
  });

  it('a period still going on has open cells, not missing ones', () => {
    const r = finalsReport(world(), 'q2');
    expect(r.school).toMatchObject({ missing: 0, open: 6 });
  });

  it('a school deadline of 3 days forgives the result published 2 days after it was known', () => {
    const src = world();
    src.school.settings.finalMarkDeadlineDays = 3;
    const r = finalsReport(src, 'q1');
    expect(r.school.late).toBe(0);
    expect(r.school.unpublishedLate).toBe(1);
  });
});
