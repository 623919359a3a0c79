import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINAL_VALUES } from '../../../electron/contract/entities/journal.js';
import type { Distribution } from '../../../electron/contract/groups/stats.js';
import { addStudents, consistent, emptyStudentCounts, figuresOf, groupFiguresOf, studentsConsistent, sumDistributions } from '../../../electron/core/stats/formulas.js';
import { finalsReport, fulfilmentReport, regulationsReport, resultsReport } from '../../../electron/core/stats/reports.js';
import { aggregates, cls, lessonRow, mark, plan, source, student, type ClassSpec } from './world.js';

/**
 * Whole-school figures are the sums of the class figures where they should be: every count of a
 * distribution adds up over classes, parallels, subjects and teachers alike, and the school's
 * shares are computed from the summed counts (not averaged). The same for fulfilment, final
 * marks and the regulations' counts.
 */

const SUBJECTS = ['math', 'rus', 'pe'] as const;
const TEACHER = { math: 't1', rus: 't2', pe: 't3' } as const;
const KEYS: (keyof Distribution)[] = ['enrolled', 'left', 'exempt', 'n5', 'n4', 'n3', 'n2', 'n1', 'na', 'noMark', 'N'];

const studentArb = fc.record({
  left: fc.constantFrom<string | undefined>(undefined, undefined, undefined, '2026-08-15', '2026-10-01', '2026-12-01'),
  joined: fc.constantFrom('2022-09-01', '2022-09-01', '2026-09-20'),
  marks: fc.array(fc.option(fc.constantFrom(...FINAL_VALUES), { nil: null }), { minLength: 3, maxLength: 3 }),
});
const classArb = fc.record({ grade: fc.integer({ min: 2, max: 11 }), students: fc.array(studentArb, { minLength: 0, maxLength: 8 }), held: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 3, maxLength: 3 }) });

type ClassArb = typeof classArb extends fc.Arbitrary<infer T> ? T : never;

function build(classes: ClassArb[]): ReturnType<typeof source> {
  const specs: ClassSpec[] = classes.map((c, ci) => {
    const id = `c${ci}`;
    const letter = 'АБВГДЕЖЗИК'[ci % 10]!;
    const students = c.students.map((s, si) => student(`${id}s${si}`, id, { enrolledOn: s.joined, ...(s.left ? { leftOn: s.left } : {}) }));
    const finalMarks = c.students.flatMap((s, si) =>
      SUBJECTS.flatMap((subj, k) => {
        const v = s.marks[k];
        return v === null || v === undefined ? [] : [mark(`${id}s${si}`, subj, 'q1', v)];
      }),
    );
    return {
      cls: cls(id, c.grade, letter),
      students,
      finalMarks,
      agg: aggregates(
        id,
        SUBJECTS.map((subjectId) => ({ studentId: `${id}s0`, subjectId, periodId: 'q1' })),
        SUBJECTS.map((subjectId, k) => lessonRow(subjectId, 'q1', c.held[k]!)),
      ),
    };
  });
  return source(specs, '2026-11-02', {
    curriculum: classes.flatMap((_, ci) => SUBJECTS.map((subj) => plan(`c${ci}`, subj, TEACHER[subj], 68))),
  });
}

function sumOf(rows: { dist: Distribution }[]): Distribution {
  return sumDistributions(rows.map((r) => r.dist));
}

describe('whole-school figures add up from the classes', () => {
  it('results: the school is the sum of its classes, parallels, subjects, teachers and class-subjects', () => {
    fc.assert(
      fc.property(fc.array(classArb, { minLength: 1, maxLength: 6 }), (classes) => {
        const r = resultsReport(build(classes), 'q1');
        for (const level of [r.classes, r.parallels, r.subjects, r.teachers, r.classSubjects]) {
          const sum = sumOf(level);
          for (const k of KEYS) expect(sum[k]).toBe(r.school.dist[k]);
        }
        expect(consistent(r.school.dist)).toBe(true);
        // Students are counted once: the school's and each parallel's are the sums of their classes'.
        const students = emptyStudentCounts();
        for (const c of r.classes) addStudents(students, c.students!);
        expect(r.school.students).toEqual(students);
        expect(studentsConsistent(r.school.students!)).toBe(true);
        for (const p of r.parallels) {
          const own = emptyStudentCounts();
          for (const c of r.classes.filter((x) => x.grade === p.grade)) addStudents(own, c.students!);
          expect(p.students).toEqual(own);
        }
        // Shares of students from the summed student counts; СОУ and the average from the summed marks.
        expect(r.school.figures).toEqual(groupFiguresOf(students, sumOf(r.classes), r.weights));
        for (const s of [...r.subjects, ...r.teachers]) expect(s.figures).toEqual(figuresOf(s.dist, r.weights));
        for (const c of r.classes) expect(c.dist).toEqual(sumOf(r.classSubjects.filter((x) => x.classId === c.classId)));
      }),
      { numRuns: 150 },
    );
  });

  it('fulfilment, final marks and the regulations: school totals are the sums over classes', () => {
    fc.assert(
      fc.property(fc.array(classArb, { minLength: 1, maxLength: 5 }), (classes) => {
        const src = build(classes);
        const f = fulfilmentReport(src, 'q1');
        for (const k of ['planPeriod', 'planToDate', 'held', 'lag', 'substitutions', 'moved', 'cancelled'] as const) {
          expect(f.byClass.reduce((n, c) => n + c[k], 0)).toBe(f.school[k]);
          expect(f.bySubject.reduce((n, c) => n + c[k], 0)).toBe(f.school[k]);
          expect(f.rows.reduce((n, c) => n + c[k], 0)).toBe(f.school[k]);
        }
        const fin = finalsReport(src, 'q1');
        for (const k of ['expected', 'assigned', 'deferred', 'deferralDue', 'missing', 'open', 'late', 'unpublishedLate'] as const) {
          expect(fin.classes.reduce((n, c) => n + c[k], 0)).toBe(fin.school[k]);
        }
        expect(fin.school.expected).toBe(fin.school.assigned + fin.school.deferred + fin.school.deferralDue + fin.school.missing + fin.school.open);
        const reg = regulationsReport(src, 'q1');
        for (const k of ['students', 'consent', 'nonconsent', 'noConsent', 'disputed', 'electronic', 'refusals', 'notViewed'] as const) {
          expect(reg.classes.reduce((n, c) => n + c[k], 0)).toBe(reg.school[k]);
        }
        expect(reg.school.students).toBe(reg.school.consent + reg.school.nonconsent + reg.school.noConsent + reg.school.disputed);
      }),
      { numRuns: 60 },
    );
  });
});
