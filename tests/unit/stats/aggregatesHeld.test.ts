import { describe, expect, it } from 'vitest';
import type { Lesson } from '../../../electron/contract/entities/journal.js';
import { computeAggregates, expandAggregates, type AggregateContext } from '../../../electron/core/store/aggregates.js';

/**
 * The lessons a student was in the class for («held» of an aggregate cell), found by binary
 * search since the statistics read the aggregates of every class: the day he joined counts, the
 * day he left does not, lessons outside every period have their own bucket.
 */
const ctx: AggregateContext = {
  periods: [
    { id: 'q1', start: '2026-09-01', end: '2026-09-30' },
    { id: 'q2', start: '2026-10-05', end: '2026-10-31' },
  ],
  changes: [],
  key: 'k',
};

function lesson(n: number, date: string, subjectId = 'math'): Lesson {
  return { id: `l${n}`, subjectId, teacherId: 't', date, lessonNo: 1, topic: 'Тема', type: 'урок' };
}

describe('aggregates: lessons held while the student was in the class', () => {
  const lessons = ['2026-09-01', '2026-09-10', '2026-09-20', '2026-09-30', '2026-10-02', '2026-10-05', '2026-10-15', '2026-10-31'].map((d, i) => lesson(i, d));
  const stored = computeAggregates({ yearId: 'y', classId: 'c', lessons, marks: [{ id: 'm', lessonId: 'l1', studentId: 'a', value: 5, weight: 1 }], attendance: [] }, ctx, 'rev');
  const held = (students: Parameters<typeof expandAggregates>[1], id: string, period: string | null) =>
    expandAggregates(stored, students).cells.find((c) => c.studentId === id && c.periodId === period && c.subjectId === 'math')?.held ?? 0;

  it('counts every lesson of the period for a student there all along', () => {
    const s = [{ id: 'a', enrolledOn: '2022-09-01' }];
    expect(held(s, 'a', 'q1')).toBe(4);
    expect(held(s, 'a', 'q2')).toBe(3);
    expect(held(s, 'a', null)).toBe(1); // 02.10: between the periods
  });

  it('counts from the day he joined and up to the day before he left', () => {
    expect(held([{ id: 'b', enrolledOn: '2026-09-10' }], 'b', 'q1')).toBe(3);
    expect(held([{ id: 'b', enrolledOn: '2026-09-11' }], 'b', 'q1')).toBe(2);
    expect(held([{ id: 'c', enrolledOn: '2022-09-01', leftOn: '2026-10-15' }], 'c', 'q2')).toBe(1);
    expect(held([{ id: 'c', enrolledOn: '2022-09-01', leftOn: '2026-09-01' }], 'c', 'q1')).toBe(0);
  });

  it('a student with marks but not in the class list counts every lesson', () => {
    expect(held([], 'a', 'q1')).toBe(4);
  });
});
