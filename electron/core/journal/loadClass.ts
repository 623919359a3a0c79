import { compromiseRule, finalMarkInvalid, type CompromiseRule } from '../../contract/auth/compromise.js';
import { AppError } from '../../contract/errors.js';
import type { Student } from '../../contract/entities/people.js';
import type { Period } from '../../contract/entities/school.js';
import type { AuthedContext } from '../context.js';
import type { Core } from '../core.js';
import type { ClassData, JournalData, SchoolData } from '../store/schema.js';
import { isoDay } from '../util/dates.js';
import type { DateRange } from './calendarDays.js';
import { classContext, type ClassContext } from './classContext.js';
import { currentPeriod } from './periods.js';

/**
 * What a page of one class reads (the journal's and the final marks' groups), loaded once per
 * call, and the small lookups both groups share.
 */

/** What loading a class reads of the core: its store and the caller's right to the class. */
export type ClassLoader = Pick<Core, 'store' | 'assertClassAccess'>;

/** Everything a journal page of one class reads, loaded once per call. */
export interface LoadedClass {
  school: SchoolData;
  cc: ClassContext;
  /** The partition as the rules read it: final marks entered with a compromised login left out. */
  data: ClassData;
  /** Every final-mark entry, the invalid ones too (histories show them marked). */
  allFinalMarks: ClassData['finalMarks'];
  rule: CompromiseRule;
  today: string;
  journal(): Promise<JournalData>;
}

/** Checks access to the class and loads its school context and partition. */
export async function loadClass(core: ClassLoader, ctx: AuthedContext, classId: string): Promise<LoadedClass> {
  core.assertClassAccess(ctx, classId);
  const school = await core.store.school();
  const cc = classContext(school, classId);
  if (!cc) throw new AppError('not_found', 'Класс не найден. Обновите список классов.');
  const stored = await core.store.classData(classId);
  const rule = compromiseRule(school.compromises);
  const invalid = stored.finalMarks.some((e) => finalMarkInvalid(rule, e));
  const data = invalid ? { ...stored, finalMarks: stored.finalMarks.filter((e) => !finalMarkInvalid(rule, e)) } : stored;
  return { school, cc, data, allFinalMarks: stored.finalMarks, rule, today: isoDay(ctx.now), journal: () => core.store.journal(cc.cls.yearId, classId) };
}

export function findStudent(data: ClassData, studentId: string): Student {
  const s = data.students.find((x) => x.id === studentId);
  if (!s) throw new AppError('not_found', 'Ученик не найден в этом классе.');
  return s;
}

/** The whole school year of a class: from its first period to the end of the year. */
export function yearRange(cc: ClassContext): DateRange {
  return { start: cc.periods[0]?.start ?? cc.year.start, end: cc.year.end };
}

/** A period of the class by id, or (absent) the current one; `year` means the whole year. */
export function resolvePeriod(cc: ClassContext, periodId: string | undefined, today: string): { period?: Period; range: DateRange; name: string } {
  if (periodId === 'year') return { range: yearRange(cc), name: cc.year.name };
  const p = periodId ? cc.periods.find((x) => x.id === periodId) : currentPeriod(cc.periods, today);
  if (periodId && !p) throw new AppError('not_found', 'У класса нет такого периода. Выберите период из списка.');
  if (!p) return { range: yearRange(cc), name: cc.year.name };
  return { period: p, range: { start: p.start, end: p.end }, name: p.name };
}

/**
 * Subjects of the class that have marks in its journal (some subjects are not graded), from the
 * journal's aggregates: no need to read every mark.
 */
export async function gradedSubjects(core: Pick<Core, 'store'>, cc: ClassContext): Promise<ClassContext['subjects']> {
  const agg = await core.store.journalAggregates(cc.cls.yearId, cc.cls.id);
  const graded = new Set<string>();
  for (const c of agg.cells) if (c.marks > 0) graded.add(c.subjectId);
  return cc.subjects.filter((s) => graded.has(s.id));
}
