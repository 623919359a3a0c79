import type { PeriodScheme } from '../../contract/entities/school.js';
import { schemeForGrade } from './calendar.js';
import type { Rng } from './rng.js';
import { daysPerWeek } from './subjects.js';

/**
 * How many classes of which grades, and how many students in each, so that the total is exactly
 * the number asked for: about 27 per class (seniors a little fewer), all eleven grades from
 * about 90 students, fewer grades (spread over the school) below that.
 */
export interface ClassSpec {
  id: string;
  grade: number;
  letter: string;
  name: string;
  size: number;
  /** The school-wide number of the class's first student (1-based). */
  firstStudentNo: number;
  scheme: PeriodScheme;
  daysPerWeek: number;
}

const LETTERS: readonly (readonly [string, string])[] = [
  ['А', 'a'], ['Б', 'b'], ['В', 'v'], ['Г', 'g'], ['Д', 'd'], ['Е', 'e'], ['Ж', 'zh'], ['З', 'z'],
  ['И', 'i'], ['К', 'k'], ['Л', 'l'], ['М', 'm'], ['Н', 'n'], ['О', 'o'], ['П', 'p'], ['Р', 'r'],
];

/** Relative number of classes per grade: fewer after grade 9, when many leave for colleges. */
const GRADE_WEIGHT = [1.12, 1.1, 1.08, 1.06, 1.05, 1.03, 1.0, 0.98, 0.95, 0.55, 0.5];

export const TARGET_CLASS_SIZE = 27;

/** Splits `total` into integer parts proportional to weights (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left--;
  }
  return parts;
}

export function layoutClasses(students: number, rng: Rng): ClassSpec[] {
  if (!Number.isInteger(students) || students < 1) throw new Error('students must be a positive integer');
  let grades: number[];
  if (students >= 88) {
    const n = Math.max(11, Math.round(students / TARGET_CLASS_SIZE));
    const extra = apportion(n - 11, GRADE_WEIGHT);
    grades = [];
    for (let g = 1; g <= 11; g++) for (let k = 0; k < 1 + (extra[g - 1] ?? 0); k++) grades.push(g);
  } else {
    const n = Math.max(1, Math.min(11, Math.ceil(students / 8)));
    grades = Array.from({ length: n }, (_, i) => Math.floor(1 + ((i + 0.5) * 11) / n));
  }
  const letterIndex = new Map<number, number>();
  const weights = grades.map((g) => (g >= 10 ? 0.9 : 1) * Math.max(0.8, Math.min(1.2, rng.normal(1, 0.06))));
  const sizes = apportion(students, weights);
  let next = 1;
  return grades.map((grade, i) => {
    const k = letterIndex.get(grade) ?? 0;
    letterIndex.set(grade, k + 1);
    const [letter, latin] = LETTERS[k] ?? [`${k + 1}`, `${k + 1}`];
    const size = sizes[i] ?? 0;
    const spec: ClassSpec = {
      id: `c${grade}${latin}`,
      grade,
      letter,
      name: `${grade}${letter}`,
      size,
      firstStudentNo: next,
      scheme: schemeForGrade(grade),
      daysPerWeek: daysPerWeek(grade),
    };
    next += size;
    return spec;
  });
}
