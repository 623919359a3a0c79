import type { FinalValue } from '../../contract/entities/journal.js';
import type { Distribution, ResultFigures, SouWeights, StudentCounts } from '../../contract/groups/stats.js';

/**
 * The standard school statistics (docs/methodology.md), over the final marks of a group.
 *
 * Class, parallel, school: each student counted once, by all his final marks of the period
 * (`studentStanding`): N = students in the class during the period − those who left before its
 * end − those exempted («осв.») from every subject;
 *   успеваемость    = (отличники + на «4» и «5» + с «3») / N  — every mark «3» or better;
 *   качество знаний = (отличники + на «4» и «5») / N          — every mark «4» or «5»;
 * «н/а» counts against; a student still without a mark somewhere counts in N but is neither.
 *
 * A subject (in a class, or over the school; a teacher's subjects, counted per mark): the
 * students of the class(es) with that subject, each once:
 *
 *   N = students in the class during the period − exempted («осв.») − those who left; «н/а» and
 *       students still without a mark count in N;
 *   успеваемость    = (n5 + n4 + n3) / N;
 *   качество знаний = (n5 + n4) / N;
 *   СОУ (Симонов)   = (w5·n5 + w4·n4 + w3·n3 + w2·n2 + w1·n1 + na·n_na) / N, the school's weights
 *                     (1.00, 0.64, 0.36, 0.16, 0.08; «н/а» 0.07 or 0.08);
 *   средний балл    = (5·n5 + 4·n4 + 3·n3 + 2·n2 + 1·n1) / (n5 + n4 + n3 + n2 + n1).
 *
 * СОУ and the average mark are always over the final marks (a class: all its students' marks in
 * all subjects). Distributions and student counts add up (a class's marks are the sum of its
 * subjects, the school's students the sum of its classes); the figures are always computed from
 * the summed counts, never averaged.
 */

export function emptyDistribution(): Distribution {
  return { enrolled: 0, left: 0, exempt: 0, n5: 0, n4: 0, n3: 0, n2: 0, n1: 0, na: 0, noMark: 0, N: 0 };
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addInto(a: Distribution, b: Distribution): Distribution {
  a.enrolled += b.enrolled;
  a.left += b.left;
  a.exempt += b.exempt;
  a.n5 += b.n5;
  a.n4 += b.n4;
  a.n3 += b.n3;
  a.n2 += b.n2;
  a.n1 += b.n1;
  a.na += b.na;
  a.noMark += b.noMark;
  a.N += b.N;
  return a;
}

export function sumDistributions(list: Iterable<Distribution>): Distribution {
  const out = emptyDistribution();
  for (const d of list) addInto(out, d);
  return out;
}

/** One student's situation in one subject for the period. */
export type StudentOutcome =
  /** left the class before the end of the period: not in N */
  | { left: true }
  | { left: false; value: FinalValue | null };

/** Counts one student's outcome into the distribution (in place). */
export function countOutcome(d: Distribution, o: StudentOutcome): void {
  d.enrolled++;
  if (o.left) {
    d.left++;
    return;
  }
  switch (o.value) {
    case 'осв.':
      d.exempt++;
      return;
    case '5':
      d.n5++;
      break;
    case '4':
      d.n4++;
      break;
    case '3':
      d.n3++;
      break;
    case '2':
      d.n2++;
      break;
    case '1':
      d.n1++;
      break;
    case 'н/а':
      d.na++;
      break;
    default:
      d.noMark++;
  }
  d.N++;
}

/** A distribution from outcomes (tests, small tables). */
export function distributionOf(outcomes: Iterable<StudentOutcome>): Distribution {
  const d = emptyDistribution();
  for (const o of outcomes) countOutcome(d, o);
  return d;
}

export function successRate(d: Distribution): number | null {
  return d.N > 0 ? (d.n5 + d.n4 + d.n3) / d.N : null;
}

export function qualityRate(d: Distribution): number | null {
  return d.N > 0 ? (d.n5 + d.n4) / d.N : null;
}

export function sou(d: Distribution, w: SouWeights): number | null {
  if (d.N <= 0) return null;
  return (w.w5 * d.n5 + w.w4 * d.n4 + w.w3 * d.n3 + w.w2 * d.n2 + w.w1 * d.n1 + w.na * d.na) / d.N;
}

export function averageMark(d: Pick<Distribution, 'n5' | 'n4' | 'n3' | 'n2' | 'n1'>): number | null {
  const marks = d.n5 + d.n4 + d.n3 + d.n2 + d.n1;
  return marks > 0 ? (5 * d.n5 + 4 * d.n4 + 3 * d.n3 + 2 * d.n2 + d.n1) / marks : null;
}

export function figuresOf(d: Distribution, w: SouWeights): ResultFigures {
  return { success: successRate(d), quality: qualityRate(d), sou: sou(d, w), average: averageMark(d) };
}

/** Whether the distribution holds its identity: N = enrolled − left − exempt = the marks and the rest. */
export function consistent(d: Distribution): boolean {
  return d.N === d.enrolled - d.left - d.exempt && d.N === d.n5 + d.n4 + d.n3 + d.n2 + d.n1 + d.na + d.noMark;
}

// ---------------------------------------------------------------- students counted once

/** Where one student stands by all his final marks of the period (the rule of успеваемость and качество). */
export type StudentStanding = 'left' | 'exempt' | 'excellent' | 'good' | 'withThree' | 'failing' | 'incomplete';

/**
 * The standing of one student from his outcomes in the subjects of the period:
 *   left the class before the end of the period (any outcome «left»)  → left (not in N);
 *   «осв.» in every subject                                          → exempt (not in N);
 *   any «2», «1» or «н/а»                                            → failing;
 *   otherwise any subject without a final mark (deferral, not set)   → incomplete;
 *   otherwise every mark «5»                                         → excellent;
 *   every mark «4» or «5»                                            → good;
 *   every mark «3» or better                                         → withThree.
 * «осв.» in some subjects: those subjects are left out. No outcomes at all: null (not counted).
 */
export function studentStanding(outcomes: Iterable<StudentOutcome>): StudentStanding | null {
  let any = false;
  let graded = 0;
  let fours = 0;
  let threes = 0;
  let failing = false;
  let missing = false;
  for (const o of outcomes) {
    any = true;
    if (o.left) return 'left';
    switch (o.value) {
      case 'осв.':
        continue;
      case '5':
        break;
      case '4':
        fours++;
        break;
      case '3':
        threes++;
        break;
      case '2':
      case '1':
      case 'н/а':
        failing = true;
        break;
      default:
        missing = true;
    }
    graded++;
  }
  if (!any) return null;
  if (graded === 0) return 'exempt';
  if (failing) return 'failing';
  if (missing) return 'incomplete';
  if (threes > 0) return 'withThree';
  if (fours > 0) return 'good';
  return 'excellent';
}

export function emptyStudentCounts(): StudentCounts {
  return { enrolled: 0, left: 0, exempt: 0, N: 0, excellent: 0, good: 0, withThree: 0, failing: 0, incomplete: 0 };
}

/** Counts one student's standing (in place); null counts nothing. */
export function countStudent(c: StudentCounts, standing: StudentStanding | null): void {
  if (standing === null) return;
  c.enrolled++;
  c[standing]++;
  if (standing !== 'left' && standing !== 'exempt') c.N++;
}

/** Adds `b` into `a` (in place) and returns `a`. */
export function addStudents(a: StudentCounts, b: StudentCounts): StudentCounts {
  for (const k of Object.keys(a) as (keyof StudentCounts)[]) a[k] += b[k];
  return a;
}

/** Student counts from each student's outcomes (tests, small tables). */
export function studentCountsOf(students: Iterable<Iterable<StudentOutcome>>): StudentCounts {
  const c = emptyStudentCounts();
  for (const s of students) countStudent(c, studentStanding(s));
  return c;
}

/** успеваемость over students: every mark «3» or better. */
export function studentSuccessRate(c: StudentCounts): number | null {
  return c.N > 0 ? (c.excellent + c.good + c.withThree) / c.N : null;
}

/** качество знаний over students: every mark «4» or «5». */
export function studentQualityRate(c: StudentCounts): number | null {
  return c.N > 0 ? (c.excellent + c.good) / c.N : null;
}

/** The figures of a class, parallel or school: shares of students, СОУ and the average over the marks. */
export function groupFiguresOf(students: StudentCounts, marks: Distribution, w: SouWeights): ResultFigures {
  return { success: studentSuccessRate(students), quality: studentQualityRate(students), sou: sou(marks, w), average: averageMark(marks) };
}

/** Whether the student counts hold their identity. */
export function studentsConsistent(c: StudentCounts): boolean {
  return c.N === c.enrolled - c.left - c.exempt && c.N === c.excellent + c.good + c.withThree + c.failing + c.incomplete;
}
