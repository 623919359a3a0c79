import type { FinalValue } from '../../contract/entities/journal.js';
import type { Distribution, ResultFigures, SouWeights } from '../../contract/groups/stats.js';

/**
 * The standard school statistics (RuJel's Calculations; the regulations' formulas), over the
 * final marks of a group of students:
 *
 *   N = students in the class during the period − exempted («осв.») − those who left; «н/а» and
 *       students still without a mark count in N;
 *   успеваемость    = (n5 + n4 + n3) / N;
 *   качество знаний = (n5 + n4) / N;
 *   СОУ (Симонов)   = (w5·n5 + w4·n4 + w3·n3 + w2·n2 + w1·n1 + na·n_na) / N, the school's weights
 *                     (1.00, 0.64, 0.36, 0.16, 0.08; «н/а» 0.07 or 0.08);
 *   средний балл    = (5·n5 + 4·n4 + 3·n3 + 2·n2 + 1·n1) / (n5 + n4 + n3 + n2 + n1).
 *
 * Distributions add up (a class is the sum of its subjects, the school of its classes); the
 * figures are always computed from the summed counts, never averaged.
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
