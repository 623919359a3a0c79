import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Mark } from '../../../electron/contract/entities/journal.js';
import { JournalIndex, STUDENT_INDEX_FROM } from '../../../electron/core/journal/journalIndex.js';
import { ATTENDANCE, LESSONS, MARKS } from './fixtureJournal.js';

/**
 * The per-student part of the journal index answers exactly what filtering the journal answers,
 * whether a student is asked for among the first few (a pass of its own) or after the whole index
 * was built, in any order, with students that have nothing and marks of unknown lessons.
 */

const journal = {
  lessons: LESSONS,
  // A mark of a lesson that is not in the journal: kept among the marks, left out of the joined ones.
  marks: [...MARKS, { id: 'x1', lessonId: 'gone', studentId: 's2', value: 4, weight: 1 } as Mark],
  attendance: ATTENDANCE,
};

function expected(studentId: string) {
  const lessons = new Map(LESSONS.map((l) => [l.id, l]));
  const marks = journal.marks.filter((m) => m.studentId === studentId);
  const attendance = journal.attendance.filter((a) => a.studentId === studentId);
  return {
    marks,
    attendance,
    joinedMarks: marks.flatMap((m) => {
      const l = lessons.get(m.lessonId);
      return l ? [{ subjectId: l.subjectId, date: l.date, type: l.type, value: m.value }] : [];
    }),
    joinedAbsences: attendance.flatMap((a) => {
      const l = lessons.get(a.lessonId);
      return l ? [{ subjectId: l.subjectId, date: l.date, kind: a.kind }] : [];
    }),
  };
}

function actual(ix: JournalIndex, studentId: string) {
  return { marks: ix.marksOf(studentId), attendance: ix.attendanceOf(studentId), joinedMarks: ix.joinedMarksOf(studentId), joinedAbsences: ix.joinedAbsencesOf(studentId) };
}

describe('journal index: one student', () => {
  it('gives each student his marks and absences, joined with their lessons', () => {
    const ix = new JournalIndex(journal);
    expect(actual(ix, 's1')).toEqual(expected('s1'));
    expect(actual(ix, 's2').marks).toHaveLength(6);
    expect(actual(ix, 's2').joinedMarks).toHaveLength(5);
    expect(actual(ix, 'nobody')).toEqual({ marks: [], attendance: [], joinedMarks: [], joinedAbsences: [] });
  });

  it(`answers the same before and after every student is indexed (from the ${STUDENT_INDEX_FROM}th student asked)`, () => {
    const students = ['s1', 's2', 's3', 'nobody', 'other'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...students), { minLength: 1, maxLength: 12 }), (asks) => {
        const ix = new JournalIndex(journal);
        for (const id of asks) expect(actual(ix, id)).toEqual(expected(id));
      }),
      { numRuns: 200 },
    );
  });

  it('knows the subjects with marks, whether the lessons were indexed before or not', () => {
    const fresh = new JournalIndex(journal);
    expect([...fresh.gradedSubjects].sort()).toEqual(['math', 'rus']);
    const byLesson = new JournalIndex({ ...journal, marks: journal.marks.filter((m) => m.lessonId.startsWith('m')) });
    expect(byLesson.marksByLesson.size).toBeGreaterThan(0);
    expect([...byLesson.gradedSubjects]).toEqual(['math']);
    expect([...new JournalIndex({ ...journal, marks: [] }).gradedSubjects]).toEqual([]);
  });
});
