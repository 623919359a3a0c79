import type { LessonType } from '../../contract/entities/common.js';
import type { Subject } from '../../contract/entities/school.js';

/**
 * The subjects of a Russian school and the federal basic curriculum per grade (ФОП 2023, 5-day
 * week for grades 1–9, 6-day week for 10–11): weekly hours, and the planned lessons of particular
 * types (контрольные, лабораторные, практические) for the main subjects.
 */
export type SubjectId =
  | 'rus' | 'litread' | 'lit' | 'eng' | 'math' | 'alg' | 'geom' | 'stat' | 'inf' | 'hist' | 'soc'
  | 'geo' | 'okr' | 'orkse' | 'bio' | 'phys' | 'chem' | 'mus' | 'izo' | 'tech' | 'pe' | 'obzr' | 'proj';

/** A teacher's specialty: who may teach a subject in a grade, and who substitutes whom. */
export type Specialty =
  | 'primary' | 'rus' | 'math' | 'eng' | 'hist' | 'geo' | 'bio' | 'chem' | 'phys' | 'inf' | 'arts' | 'tech' | 'pe' | 'obzr';

export interface DemoSubject extends Subject {
  id: SubjectId;
  /** Subjects without marks (ОРКСЭ is безотметочный). Grade 1 has no marks at all. */
  marked: boolean;
}

export const SUBJECTS: readonly DemoSubject[] = [
  { id: 'rus', name: 'Русский язык', shortName: 'Рус. яз.', marked: true },
  { id: 'litread', name: 'Литературное чтение', shortName: 'Лит. чтение', marked: true },
  { id: 'lit', name: 'Литература', shortName: 'Литература', marked: true },
  { id: 'eng', name: 'Английский язык', shortName: 'Англ. яз.', marked: true },
  { id: 'math', name: 'Математика', shortName: 'Математика', marked: true },
  { id: 'alg', name: 'Алгебра', shortName: 'Алгебра', marked: true },
  { id: 'geom', name: 'Геометрия', shortName: 'Геометрия', marked: true },
  { id: 'stat', name: 'Вероятность и статистика', shortName: 'Вер. и стат.', marked: true },
  { id: 'inf', name: 'Информатика', shortName: 'Информатика', marked: true },
  { id: 'hist', name: 'История', shortName: 'История', marked: true },
  { id: 'soc', name: 'Обществознание', shortName: 'Обществозн.', marked: true },
  { id: 'geo', name: 'География', shortName: 'География', marked: true },
  { id: 'okr', name: 'Окружающий мир', shortName: 'Окр. мир', marked: true },
  { id: 'orkse', name: 'Основы религиозных культур и светской этики', shortName: 'ОРКСЭ', marked: false },
  { id: 'bio', name: 'Биология', shortName: 'Биология', marked: true },
  { id: 'phys', name: 'Физика', shortName: 'Физика', marked: true },
  { id: 'chem', name: 'Химия', shortName: 'Химия', marked: true },
  { id: 'mus', name: 'Музыка', shortName: 'Музыка', marked: true },
  { id: 'izo', name: 'Изобразительное искусство', shortName: 'ИЗО', marked: true },
  { id: 'tech', name: 'Труд (технология)', shortName: 'Труд', marked: true },
  { id: 'pe', name: 'Физическая культура', shortName: 'Физ-ра', marked: true },
  { id: 'obzr', name: 'Основы безопасности и защиты Родины', shortName: 'ОБЗР', marked: true },
  { id: 'proj', name: 'Индивидуальный проект', shortName: 'Инд. проект', marked: true },
];

const SUBJECT_BY_ID = new Map(SUBJECTS.map((s) => [s.id, s] as const));

export function subjectById(id: string): DemoSubject {
  const s = SUBJECT_BY_ID.get(id as SubjectId);
  if (!s) throw new Error(`Unknown subject ${id}`);
  return s;
}

/** Weekly hours per grade, in the order a timetable lists them. */
const WEEKLY: Record<number, Partial<Record<SubjectId, number>>> = {
  1: { rus: 5, litread: 4, math: 4, okr: 2, mus: 1, izo: 1, tech: 1, pe: 3 },
  2: { rus: 5, litread: 4, eng: 2, math: 4, okr: 2, mus: 1, izo: 1, tech: 1, pe: 3 },
  3: { rus: 5, litread: 4, eng: 2, math: 4, okr: 2, mus: 1, izo: 1, tech: 1, pe: 3 },
  4: { rus: 5, litread: 3, eng: 2, math: 4, okr: 2, orkse: 1, mus: 1, izo: 1, tech: 1, pe: 3 },
  5: { rus: 5, lit: 3, eng: 3, math: 5, hist: 2, geo: 1, bio: 1, inf: 1, mus: 1, izo: 1, tech: 2, pe: 3 },
  6: { rus: 6, lit: 3, eng: 3, math: 5, hist: 2, soc: 1, geo: 1, bio: 1, inf: 1, mus: 1, izo: 1, tech: 2, pe: 3 },
  7: { rus: 4, lit: 2, eng: 3, alg: 3, geom: 2, stat: 1, inf: 1, hist: 2, soc: 1, geo: 2, phys: 2, bio: 1, mus: 1, izo: 1, tech: 2, pe: 3 },
  8: { rus: 3, lit: 2, eng: 3, alg: 3, geom: 2, stat: 1, inf: 1, hist: 2, soc: 1, geo: 2, phys: 2, chem: 2, bio: 2, mus: 1, tech: 1, obzr: 1, pe: 3 },
  9: { rus: 3, lit: 3, eng: 3, alg: 3, geom: 2, stat: 1, inf: 1, hist: 3, soc: 1, geo: 2, phys: 3, chem: 2, bio: 2, obzr: 1, pe: 3 },
  10: { rus: 3, lit: 3, eng: 3, alg: 4, geom: 3, stat: 1, inf: 2, hist: 3, soc: 2, geo: 1, phys: 3, chem: 2, bio: 2, obzr: 1, pe: 3, proj: 1 },
  11: { rus: 3, lit: 3, eng: 3, alg: 4, geom: 3, stat: 1, inf: 2, hist: 3, soc: 2, geo: 1, phys: 3, chem: 2, bio: 2, obzr: 1, pe: 3 },
};

export interface WeeklyItem {
  subjectId: SubjectId;
  hours: number;
}

export function weeklyPlan(grade: number): WeeklyItem[] {
  const plan = WEEKLY[grade];
  if (!plan) throw new Error(`No curriculum for grade ${grade}`);
  return Object.entries(plan).map(([subjectId, hours]) => ({ subjectId: subjectId as SubjectId, hours: hours ?? 0 }));
}

/** Study weeks in a year: 33 in grade 1, 34 otherwise. */
export function studyWeeks(grade: number): number {
  return grade === 1 ? 33 : 34;
}

/** Days a week: five for grades 1–9, six for the senior grades. */
export function daysPerWeek(grade: number): number {
  return grade >= 10 ? 6 : 5;
}

/** The most lessons a day (СанПиН): 4–5 in grade 1, 5 in 2–4, 6 in 5–6, 7 from grade 7. */
export function maxLessonsPerDay(grade: number): number {
  if (grade === 1) return 5;
  if (grade <= 4) return 5;
  if (grade <= 6) return 6;
  return 7;
}

/** Grade 1 is taught without marks; so are the безотметочные subjects. */
export function isMarked(subjectId: string, grade: number): boolean {
  return grade > 1 && subjectById(subjectId).marked;
}

export function specialtyOf(subjectId: SubjectId, grade: number): Specialty {
  if (grade <= 4 && ['rus', 'litread', 'math', 'okr', 'izo', 'tech', 'orkse'].includes(subjectId)) return 'primary';
  switch (subjectId) {
    case 'rus':
    case 'lit':
    case 'litread':
      return 'rus';
    case 'math':
    case 'alg':
    case 'geom':
    case 'stat':
      return 'math';
    case 'eng':
      return 'eng';
    case 'hist':
    case 'soc':
    case 'orkse':
      return 'hist';
    case 'geo':
      return 'geo';
    case 'bio':
      return 'bio';
    case 'chem':
      return 'chem';
    case 'phys':
      return 'phys';
    case 'inf':
    case 'proj':
      return 'inf';
    case 'mus':
    case 'izo':
      return 'arts';
    case 'tech':
      return 'tech';
    case 'pe':
      return 'pe';
    case 'obzr':
    case 'okr':
      return 'obzr';
  }
}

export const SPECIALTY_POSITIONS: Record<Specialty, string> = {
  primary: 'учитель начальных классов',
  rus: 'учитель русского языка и литературы',
  math: 'учитель математики',
  eng: 'учитель английского языка',
  hist: 'учитель истории и обществознания',
  geo: 'учитель географии',
  bio: 'учитель биологии',
  chem: 'учитель химии',
  phys: 'учитель физики',
  inf: 'учитель информатики',
  arts: 'учитель музыки и ИЗО',
  tech: 'учитель труда (технологии)',
  pe: 'учитель физической культуры',
  obzr: 'преподаватель-организатор ОБЗР',
};

/** Planned lessons of particular types in a year (the part of the plan the statistics compare). */
export function typesPlan(subjectId: SubjectId, grade: number): Partial<Record<LessonType, number>> | undefined {
  if (grade === 1) return undefined;
  const primary = grade <= 4;
  const senior = grade >= 10;
  switch (subjectId) {
    case 'rus':
      return { контрольная: primary ? 6 : senior ? 4 : 8 };
    case 'litread':
      return { проверочная: 4 };
    case 'lit':
      return { контрольная: 3 };
    case 'math':
      return { контрольная: primary ? 8 : 10 };
    case 'alg':
      return { контрольная: senior ? 6 : 8 };
    case 'geom':
      return { контрольная: senior ? 4 : 5 };
    case 'stat':
      return { контрольная: 2 };
    case 'eng':
      return { контрольная: 4 };
    case 'okr':
      return { проверочная: 4 };
    case 'hist':
    case 'soc':
      return { контрольная: 2 };
    case 'geo':
      return { практическая: senior ? 3 : 5 };
    case 'bio':
      return { лабораторная: 5, контрольная: 2 };
    case 'phys':
      return { лабораторная: senior ? 6 : 8, контрольная: 4 };
    case 'chem':
      return { практическая: 6, контрольная: 4 };
    case 'inf':
      return { практическая: 8, контрольная: 2 };
    case 'obzr':
      return { практическая: 3 };
    case 'tech':
      return primary ? undefined : { практическая: 6 };
    case 'pe':
      return primary ? undefined : { зачёт: 4 };
    default:
      return undefined;
  }
}

/**
 * Extra, unplanned lesson types a teacher uses now and then (per lesson of type урок):
 * short самостоятельные and проверочные in the main subjects, лабораторные опыты in the sciences.
 */
export function extraTypeRates(subjectId: SubjectId, grade: number): readonly (readonly [LessonType, number])[] {
  if (grade === 1) return [];
  switch (subjectId) {
    case 'rus':
    case 'math':
    case 'alg':
    case 'geom':
    case 'eng':
      return [
        ['самостоятельная', 0.05],
        ['проверочная', 0.03],
      ];
    case 'phys':
    case 'chem':
      return [
        ['самостоятельная', 0.04],
        ['лабораторная', 0.03],
      ];
    case 'bio':
      return [
        ['проверочная', 0.03],
        ['лабораторная', 0.02],
      ];
    case 'hist':
    case 'soc':
    case 'geo':
    case 'lit':
    case 'litread':
    case 'okr':
    case 'inf':
      return [['проверочная', 0.03]];
    default:
      return [];
  }
}
