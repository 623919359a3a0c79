import type { Attendance, Lesson, Mark } from '../../contract/entities/journal.js';
import type { LessonType } from '../../contract/entities/common.js';
import { DEFAULT_SETTINGS } from '../../contract/entities/settings.js';
import { SCHEMA_VERSION, type JournalData } from '../store/schema.js';
import type { ClassSpec } from './classes.js';
import type { Day } from './dates.js';
import type { PlannedLesson } from './lessonPlan.js';
import type { StudentProfile } from './people.js';
import type { Rng } from './rng.js';
import { isMarked, type SubjectId } from './subjects.js';

/**
 * The journal of a class up to `asOf`: the planned lessons, attendance and marks. A student
 * present at a lesson gets on average `density` marks (everyone gets one at a контрольная or
 * another graded work); values follow the student's ability and the subject, so most marks are
 * 4 and 3, some 5, a few 2 and a rare 1; weights come from the lesson type. Absences are the
 * student's illness runs («б»), excused days («у») and single skipped lessons («н»). Near the end
 * of a period a teacher makes sure everyone present has enough marks for a period mark.
 * Marks are generated lesson by lesson; totals per student, subject and period are kept on the
 * side for final marks and recommendations, so nothing has to read the marks again.
 */
export interface JournalAggregates {
  subjects: readonly SubjectId[];
  periods: number;
  /** Weighted sum of marks; index `(student * subjects + subject) * periods + period`. */
  sumVW: Float64Array;
  sumW: Float64Array;
  count: Int32Array;
  /** Lessons the student missed / lessons held while he was in the class. */
  absent: Int32Array;
  held: Int32Array;
}

export interface ClassJournal {
  journal: JournalData;
  aggregates: JournalAggregates;
}

const TYPE_SHIFT: Record<LessonType, number> = {
  урок: 0,
  контрольная: -0.2,
  проверочная: -0.1,
  самостоятельная: -0.05,
  практическая: 0.15,
  лабораторная: 0.15,
  зачёт: 0.1,
};
const EASY_SUBJECTS: ReadonlySet<string> = new Set(['pe', 'mus', 'izo', 'tech', 'proj']);
const MIN_MARKS = DEFAULT_SETTINGS.forecast.minMarks;

export function aggIndex(a: JournalAggregates, student: number, subject: number, period: number): number {
  return (student * a.subjects.length + subject) * a.periods + period;
}

export function generateJournal(
  spec: ClassSpec,
  yearId: string,
  plan: readonly PlannedLesson[],
  profiles: readonly StudentProfile[],
  subjects: readonly SubjectId[],
  periodCount: number,
  asOf: Day,
  density: number,
  rng: Rng,
): ClassJournal {
  const S = profiles.length;
  const size = S * subjects.length * periodCount;
  const agg: JournalAggregates = {
    subjects,
    periods: periodCount,
    sumVW: new Float64Array(size),
    sumW: new Float64Array(size),
    count: new Int32Array(size),
    absent: new Int32Array(size),
    held: new Int32Array(size),
  };
  const subjectIndex = new Map(subjects.map((s, i) => [s, i] as const));
  const lessons: Lesson[] = [];
  const marks: Mark[] = [];
  const attendance: Attendance[] = [];
  const weights = DEFAULT_SETTINGS.forecast.typeWeights;
  const prefix = `${yearId}.${spec.id}`;

  for (const p of plan) {
    if (p.day > asOf) break;
    const lesson: Lesson = { id: p.id, subjectId: p.subjectId, teacherId: p.teacherId, date: p.date, lessonNo: p.lessonNo, topic: p.topic, type: p.type };
    if (p.homework && p.homeworkDue) {
      lesson.homework = p.homework;
      lesson.homeworkDue = p.homeworkDue;
    }
    lessons.push(lesson);
    const si = subjectIndex.get(p.subjectId) ?? 0;
    const marked = isMarked(p.subjectId, spec.grade);
    const lambda = p.type === 'урок' ? density : Math.max(1, density);
    const whole = Math.floor(lambda);
    const frac = lambda - whole;
    const shift = TYPE_SHIFT[p.type] + (EASY_SUBJECTS.has(p.subjectId) ? 0.5 : 0);
    const weight = weights[p.type] ?? 1;
    const period = Math.max(0, p.period);
    const isPe = p.subjectId === 'pe';

    for (let s = 0; s < S; s++) {
      const pr = profiles[s] as StudentProfile;
      if (p.day < pr.enrolled || (pr.left !== null && p.day >= pr.left)) continue;
      const k = aggIndex(agg, s, si, period);
      agg.held[k] = (agg.held[k] ?? 0) + 1;
      const kind = pr.awayDays.get(p.day) ?? (rng.next() < pr.truancy ? 'н' : undefined);
      if (kind) {
        attendance.push({ id: `${prefix}.a${attendance.length + 1}`, lessonId: p.id, studentId: pr.student.id, kind });
        agg.absent[k] = (agg.absent[k] ?? 0) + 1;
        continue;
      }
      if (!marked || (isPe && pr.peExempt)) continue;
      let n = whole + (rng.next() < frac ? 1 : 0);
      const have = agg.count[k] ?? 0;
      if (n === 0 && have < MIN_MARKS && p.remainingInPeriod < MIN_MARKS - have) n = 1;
      for (let m = 0; m < n; m++) {
        const x = pr.ability + (pr.offsets[si] ?? 0) + shift + rng.normal(0, 0.7);
        const value = x < 1.35 ? 1 : Math.max(2, Math.min(5, Math.round(x)));
        marks.push({ id: `${prefix}.m${marks.length + 1}`, lessonId: p.id, studentId: pr.student.id, value, weight });
        agg.sumVW[k] = (agg.sumVW[k] ?? 0) + value * weight;
        agg.sumW[k] = (agg.sumW[k] ?? 0) + weight;
        agg.count[k] = (agg.count[k] ?? 0) + 1;
      }
    }
  }

  return {
    journal: { schemaVersion: SCHEMA_VERSION.journal, yearId, classId: spec.id, lessons, marks, attendance },
    aggregates: agg,
  };
}
