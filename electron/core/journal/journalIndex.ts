import type { Attendance, Lesson, Mark } from '../../contract/entities/journal.js';

/** What the journal computations read: a class's lessons, marks and attendance for a year. */
export interface JournalLike {
  lessons: readonly Lesson[];
  marks: readonly Mark[];
  attendance: readonly Attendance[];
}

/**
 * A journal partition indexed once: lessons by id and by subject (in date order), marks and
 * attendance by student and by lesson. Built in one pass; cached per partition object, and the
 * store replaces the object on every write, so the cache can never be stale.
 */
/** A mark with what the computations need of its lesson. */
export interface JoinedMark {
  subjectId: string;
  date: string;
  type: Lesson['type'];
  value: number;
}

/** An absence with what the computations need of its lesson. */
export interface JoinedAbsence {
  subjectId: string;
  date: string;
  kind: Attendance['kind'];
}

/**
 * A journal partition indexed: lessons by id and by subject (in date order), marks and
 * attendance by lesson and by student. Each part is built on first use, in one pass; the index is
 * cached per partition object, and the store replaces the object on every write, so the cache can
 * never be stale.
 */
export class JournalIndex {
  readonly lessonById = new Map<string, Lesson>();
  /** Lessons of each subject, by date and lesson number. */
  readonly lessonsBySubject = new Map<string, Lesson[]>();
  /** Dates of each subject's lessons, sorted (a date repeats for two lessons on one day). */
  readonly lessonDates = new Map<string, string[]>();
  private byLesson?: { marks: Map<string, Mark[]>; attendance: Map<string, Attendance[]> };
  private byStudent?: {
    marks: Map<string, Mark[]>;
    attendance: Map<string, Attendance[]>;
    joinedMarks: Map<string, JoinedMark[]>;
    joinedAbsences: Map<string, JoinedAbsence[]>;
  };

  constructor(readonly source: JournalLike) {
    for (const l of source.lessons) {
      this.lessonById.set(l.id, l);
      push(this.lessonsBySubject, l.subjectId, l);
    }
    for (const [subjectId, list] of this.lessonsBySubject) {
      list.sort(compareLessons);
      this.lessonDates.set(subjectId, list.map((l) => l.date));
    }
  }

  private lessonPart() {
    if (!this.byLesson) {
      const marks = new Map<string, Mark[]>();
      const attendance = new Map<string, Attendance[]>();
      for (const m of this.source.marks) push(marks, m.lessonId, m);
      for (const a of this.source.attendance) push(attendance, a.lessonId, a);
      this.byLesson = { marks, attendance };
    }
    return this.byLesson;
  }

  private studentPart() {
    if (!this.byStudent) {
      const marks = new Map<string, Mark[]>();
      const attendance = new Map<string, Attendance[]>();
      const joinedMarks = new Map<string, JoinedMark[]>();
      const joinedAbsences = new Map<string, JoinedAbsence[]>();
      for (const m of this.source.marks) {
        push(marks, m.studentId, m);
        const l = this.lessonById.get(m.lessonId);
        if (l) push(joinedMarks, m.studentId, { subjectId: l.subjectId, date: l.date, type: l.type, value: m.value });
      }
      for (const a of this.source.attendance) {
        push(attendance, a.studentId, a);
        const l = this.lessonById.get(a.lessonId);
        if (l) push(joinedAbsences, a.studentId, { subjectId: l.subjectId, date: l.date, kind: a.kind });
      }
      this.byStudent = { marks, attendance, joinedMarks, joinedAbsences };
    }
    return this.byStudent;
  }

  get marksByLesson(): Map<string, Mark[]> {
    return this.lessonPart().marks;
  }
  get attendanceByLesson(): Map<string, Attendance[]> {
    return this.lessonPart().attendance;
  }
  get marksByStudent(): Map<string, Mark[]> {
    return this.studentPart().marks;
  }
  get attendanceByStudent(): Map<string, Attendance[]> {
    return this.studentPart().attendance;
  }
  /** Marks of each student joined with their lessons (marks of unknown lessons are left out). */
  get studentMarks(): Map<string, JoinedMark[]> {
    return this.studentPart().joinedMarks;
  }
  get studentAbsences(): Map<string, JoinedAbsence[]> {
    return this.studentPart().joinedAbsences;
  }
}

const cache = new WeakMap<JournalLike, JournalIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function compareLessons(a: Lesson, b: Lesson): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : a.lessonNo - b.lessonNo;
}

/** The number of dates in a sorted list that fall in [from, to] (strings compare as dates). */
export function countInRange(sorted: readonly string[], from: string, to: string): number {
  if (from > to) return 0;
  return upperBound(sorted, to) - lowerBound(sorted, from);
}

function lowerBound(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function upperBound(a: readonly string[], x: string): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function indexJournal(journal: JournalLike): JournalIndex {
  let index = cache.get(journal);
  if (!index) {
    index = new JournalIndex(journal);
    cache.set(journal, index);
  }
  return index;
}
