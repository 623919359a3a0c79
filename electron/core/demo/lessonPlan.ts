import type { LessonType } from '../../contract/entities/common.js';
import type { CurriculumItem, Period, PlannedTest, TimetableChange, TimetableSlot } from '../../contract/entities/school.js';
import type { ClassSpec } from './classes.js';
import { dayOf, isoOf, weekdayOf, type Day } from './dates.js';
import type { Rng } from './rng.js';
import { extraTypeRates, type SubjectId } from './subjects.js';
import { homeworkFor, homeworkRate, lessonTopic } from './topics.js';

/**
 * A class's lessons for the whole year, before any marks: every timetable slot on every school
 * day, with the known changes applied (a substitute teacher, a moved or cancelled lesson), a few
 * lessons not conducted (a teacher behind the plan), none beyond the plan's hours. Each lesson gets
 * its place in the subject's program: topic, type (the plan's контрольные at even intervals, now
 * and then a самостоятельная or проверочная), homework due at the subject's next lesson.
 * The journal materializes the lessons up to `asOf`; the test schedule comes from the whole plan.
 */
export interface PlannedLesson {
  id: string;
  day: Day;
  date: string;
  lessonNo: number;
  subjectId: SubjectId;
  teacherId: string;
  type: LessonType;
  topic: string;
  homework?: string;
  homeworkDue?: string;
  /** Index of the period (of the class's scheme) containing the lesson. */
  period: number;
  /** Lessons of the same subject left in the same period after this one. */
  remainingInPeriod: number;
}

const TEST_KINDS: ReadonlySet<LessonType> = new Set(['контрольная', 'проверочная', 'зачёт']);

export function buildLessonPlan(
  spec: ClassSpec,
  yearId: string,
  days: readonly Day[],
  slotsByWeekday: readonly TimetableSlot[][],
  changes: readonly TimetableChange[],
  curriculum: readonly CurriculumItem[],
  periods: readonly Period[],
  rng: Rng,
): PlannedLesson[] {
  const changeAt = new Map<string, TimetableChange>();
  for (const ch of changes) changeAt.set(`${ch.date}:${ch.lessonNo}`, ch);

  interface Occurrence {
    day: Day;
    lessonNo: number;
    subjectId: SubjectId;
    teacherId: string;
  }
  const occ: Occurrence[] = [];
  for (const day of days) {
    const iso = isoOf(day);
    for (const slot of slotsByWeekday[weekdayOf(day)] ?? []) {
      const ch = changeAt.get(`${iso}:${slot.lessonNo}`);
      if (ch?.kind === 'cancelled' || ch?.kind === 'moved') continue;
      occ.push({ day, lessonNo: slot.lessonNo, subjectId: slot.subjectId as SubjectId, teacherId: ch?.kind === 'substitution' ? ch.teacherId : slot.teacherId });
    }
  }
  for (const ch of changes) {
    if (ch.kind !== 'moved' || !ch.toDate || !ch.toLessonNo) continue;
    occ.push({ day: dayOf(ch.toDate), lessonNo: ch.toLessonNo, subjectId: ch.subjectId as SubjectId, teacherId: ch.teacherId });
  }
  occ.sort((a, b) => a.day - b.day || a.lessonNo - b.lessonNo);

  // Per subject: the plan's hours, a rate of lessons not conducted, the planned typed lessons.
  interface SubjectState {
    hours: number;
    skipRate: number;
    next: number;
    planned: Map<number, LessonType>;
    ordinals: Map<LessonType, number>;
    extra: readonly (readonly [LessonType, number])[];
  }
  const state = new Map<SubjectId, SubjectState>();
  for (const item of curriculum) {
    const planned = new Map<number, LessonType>();
    const hours = item.hoursPerYear;
    for (const [type, count] of Object.entries(item.typesPlan ?? {}) as [LessonType, number][]) {
      for (let j = 0; j < count; j++) {
        let pos = Math.min(hours - 1, Math.floor(((j + 0.85) * hours) / count));
        while (planned.has(pos) && pos > 0) pos--;
        planned.set(pos, type);
      }
    }
    const behind = rng.chance(0.12);
    state.set(item.subjectId as SubjectId, {
      hours,
      skipRate: behind ? 0.02 + rng.next() * 0.05 : 0.004,
      next: 0,
      planned,
      ordinals: new Map(),
      extra: extraTypeRates(item.subjectId as SubjectId, spec.grade),
    });
  }

  const periodRanges = periods.map((p) => [dayOf(p.start), dayOf(p.end)] as const);
  const lessons: PlannedLesson[] = [];
  let seq = 0;
  for (const o of occ) {
    const st = state.get(o.subjectId);
    if (!st) continue;
    seq++;
    if (rng.chance(st.skipRate)) continue;
    const index = st.next;
    if (index >= st.hours) continue;
    st.next++;
    let type: LessonType = st.planned.get(index) ?? 'урок';
    if (type === 'урок' && index >= 3) {
      for (const [t, p] of st.extra) {
        if (rng.chance(p)) {
          type = t;
          break;
        }
      }
    }
    const ordinal = (st.ordinals.get(type) ?? 0) + 1;
    st.ordinals.set(type, ordinal);
    const lesson: PlannedLesson = {
      id: `${yearId}.${spec.id}.l${String(seq).padStart(4, '0')}`,
      day: o.day,
      date: isoOf(o.day),
      lessonNo: o.lessonNo,
      subjectId: o.subjectId,
      teacherId: o.teacherId,
      type,
      topic: lessonTopic(o.subjectId, spec.grade, index, st.hours, type, ordinal),
      period: periodRanges.findIndex(([a, b]) => o.day >= a && o.day <= b),
      remainingInPeriod: 0,
    };
    if (rng.chance(homeworkRate(o.subjectId))) {
      const hw = homeworkFor(rng, o.subjectId, spec.grade, index, st.hours, type);
      if (hw) lesson.homework = hw;
    }
    lessons.push(lesson);
  }

  // Backwards: homework is due at the subject's next lesson; count what is left in the period.
  const nextDate = new Map<SubjectId, string>();
  const leftInPeriod = new Map<string, number>();
  for (let i = lessons.length - 1; i >= 0; i--) {
    const l = lessons[i] as PlannedLesson;
    if (l.homework) {
      const due = nextDate.get(l.subjectId);
      if (due && due !== l.date) l.homeworkDue = due;
      else delete l.homework;
    }
    nextDate.set(l.subjectId, l.date);
    const key = `${l.subjectId}:${l.period}`;
    l.remainingInPeriod = leftInPeriod.get(key) ?? 0;
    leftInPeriod.set(key, l.remainingInPeriod + 1);
  }
  return lessons;
}

/** The test schedule (график контрольных работ) of a class for the year, from its plan. */
export function plannedTests(classId: string, plan: readonly PlannedLesson[]): PlannedTest[] {
  const tests: PlannedTest[] = [];
  for (const l of plan) {
    if (!TEST_KINDS.has(l.type)) continue;
    tests.push({ id: `pt.${classId}.${String(tests.length + 1).padStart(3, '0')}`, classId, subjectId: l.subjectId, date: l.date, kind: l.type, topic: l.topic });
  }
  return tests;
}
