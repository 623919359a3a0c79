import type { TimetableSlot } from '../../contract/entities/school.js';
import type { ClassSpec } from './classes.js';
import type { Rng } from './rng.js';
import type { Staff } from './staff.js';
import { maxLessonsPerDay, weeklyPlan, type SubjectId } from './subjects.js';

/**
 * The weekly timetable: each subject's weekly hours spread over the days (no subject twice a day
 * unless it has more hours than days), the day's lessons numbered 1…n without gaps, and the
 * numbering chosen (a bipartite matching) so that no teacher is in two classes at once.
 */
export interface Timetable {
  slots: TimetableSlot[];
  /** classId → weekday (1–6) → slots ordered by lesson number */
  byClassDay: Map<string, TimetableSlot[][]>;
  /** `${teacherId}:${weekday}:${lessonNo}` for every lesson a teacher gives. */
  busy: Set<string>;
  /** Lessons where no conflict-free numbering was found (0 in practice). */
  conflicts: number;
}

export const busyKey = (teacherId: string, weekday: number, lessonNo: number) => `${teacherId}:${weekday}:${lessonNo}`;

export function buildTimetable(classes: readonly ClassSpec[], staff: Staff, rng: Rng): Timetable {
  const slots: TimetableSlot[] = [];
  const byClassDay = new Map<string, TimetableSlot[][]>();
  const busy = new Set<string>();
  const teacherDayLoad = new Map<string, number[]>();
  let conflicts = 0;

  // Seniors first: they have the most lessons and share teachers the most. A class whose lessons
  // cannot be numbered without double-booking a teacher is redistributed over the days again.
  const order = [...classes].sort((a, b) => b.grade - a.grade || (a.id < b.id ? -1 : 1));
  for (const c of order) {
    const teacherOf = (s: SubjectId) => staff.assignment.get(c.id)?.get(s) ?? '';
    let best: Attempt | null = null;
    for (let attempt = 0; attempt < 40 && (best === null || best.conflicts > 0); attempt++) {
      const a = attemptClass(c, teacherOf, teacherDayLoad, busy, rng);
      if (best === null || a.conflicts < best.conflicts) best = a;
    }
    if (!best) continue;
    conflicts += best.conflicts;
    for (const [t, days] of best.teacherDays) {
      const tLoad = teacherDayLoad.get(t) ?? new Array<number>(6).fill(0);
      days.forEach((n, d) => (tLoad[d] = (tLoad[d] ?? 0) + n));
      teacherDayLoad.set(t, tLoad);
    }
    const perDay: TimetableSlot[][] = [[]];
    best.days.forEach((subjects, d) => {
      const weekday = d + 1;
      perDay[weekday] = subjects.map((subjectId, j) => {
        const teacherId = teacherOf(subjectId);
        busy.add(busyKey(teacherId, weekday, j + 1));
        return {
          id: `tt.${c.id}.${weekday}.${j + 1}`,
          classId: c.id,
          weekday,
          lessonNo: j + 1,
          subjectId,
          teacherId,
          room: staff.byId.get(teacherId)?.room ?? '',
        };
      });
    });
    byClassDay.set(c.id, perDay);
  }

  for (const c of classes) {
    const perDay = byClassDay.get(c.id) ?? [];
    for (const day of perDay) slots.push(...day);
  }
  return { slots, byClassDay, busy, conflicts };
}

interface Attempt {
  /** Per day (0-based), the subjects in lesson-number order. */
  days: SubjectId[][];
  conflicts: number;
  /** teacherId → lessons per day added by this class */
  teacherDays: Map<string, number[]>;
}

function attemptClass(
  c: ClassSpec,
  teacherOf: (s: SubjectId) => string,
  teacherDayLoad: Map<string, number[]>,
  busy: Set<string>,
  rng: Rng,
): Attempt {
  const days = c.daysPerWeek;
  const max = maxLessonsPerDay(c.grade);
  const load = new Array<number>(days).fill(0);
  const daySubjects: SubjectId[][] = Array.from({ length: days }, () => []);
  const teacherDays = new Map<string, number[]>();
  const plan = weeklyPlan(c.grade).sort((a, b) => b.hours - a.hours);
  for (const item of plan) {
    const t = teacherOf(item.subjectId);
    const before = teacherDayLoad.get(t) ?? [];
    const mine = teacherDays.get(t) ?? new Array<number>(6).fill(0);
    teacherDays.set(t, mine);
    for (let h = 0; h < item.hours; h++) {
      let best = 0;
      let bestScore = Infinity;
      for (let d = 0; d < days; d++) {
        const same = daySubjects[d]?.filter((s) => s === item.subjectId).length ?? 0;
        const full = (load[d] ?? 0) >= max ? 1000 : 0;
        const tl = (before[d] ?? 0) + (mine[d] ?? 0);
        const score = full + same * 10 + (load[d] ?? 0) + tl * 0.6 + rng.next() * 0.9;
        if (score < bestScore) {
          bestScore = score;
          best = d;
        }
      }
      daySubjects[best]?.push(item.subjectId);
      load[best] = (load[best] ?? 0) + 1;
      mine[best] = (mine[best] ?? 0) + 1;
    }
  }

  let conflicts = 0;
  const ordered = daySubjects.map((list, d) => {
    const weekday = d + 1;
    const subjects = rng.shuffle([...list]);
    const n = subjects.length;
    // Kuhn's matching: lesson i → number j (0-based) where its teacher is free.
    const free = (i: number, j: number) => !busy.has(busyKey(teacherOf(subjects[i] as SubjectId), weekday, j + 1));
    const holder = new Array<number>(n).fill(-1);
    const tryAssign = (i: number, seen: boolean[]): boolean => {
      for (let j = 0; j < n; j++) {
        if (seen[j] || !free(i, j)) continue;
        seen[j] = true;
        const h = holder[j] ?? -1;
        if (h < 0 || tryAssign(h, seen)) {
          holder[j] = i;
          return true;
        }
      }
      return false;
    };
    const matched = new Array<boolean>(n).fill(false);
    for (let i = 0; i < n; i++) matched[i] = tryAssign(i, new Array<boolean>(n).fill(false));
    for (let i = 0; i < n; i++) {
      if (matched[i]) continue;
      holder[holder.findIndex((h) => h < 0)] = i;
      conflicts++;
    }
    return holder.map((i) => subjects[i] as SubjectId);
  });
  return { days: ordered, conflicts, teacherDays };
}
