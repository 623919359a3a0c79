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
export interface JournalIndex {
  source: JournalLike;
  lessonById: Map<string, Lesson>;
  /** Lessons of each subject, by date and lesson number. */
  lessonsBySubject: Map<string, Lesson[]>;
  marksByStudent: Map<string, Mark[]>;
  marksByLesson: Map<string, Mark[]>;
  attendanceByStudent: Map<string, Attendance[]>;
  attendanceByLesson: Map<string, Attendance[]>;
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

export function indexJournal(journal: JournalLike): JournalIndex {
  const hit = cache.get(journal);
  if (hit) return hit;
  const lessonById = new Map<string, Lesson>();
  const lessonsBySubject = new Map<string, Lesson[]>();
  for (const l of journal.lessons) {
    lessonById.set(l.id, l);
    push(lessonsBySubject, l.subjectId, l);
  }
  for (const list of lessonsBySubject.values()) list.sort(compareLessons);
  const marksByStudent = new Map<string, Mark[]>();
  const marksByLesson = new Map<string, Mark[]>();
  for (const m of journal.marks) {
    push(marksByStudent, m.studentId, m);
    push(marksByLesson, m.lessonId, m);
  }
  const attendanceByStudent = new Map<string, Attendance[]>();
  const attendanceByLesson = new Map<string, Attendance[]>();
  for (const a of journal.attendance) {
    push(attendanceByStudent, a.studentId, a);
    push(attendanceByLesson, a.lessonId, a);
  }
  const index: JournalIndex = { source: journal, lessonById, lessonsBySubject, marksByStudent, marksByLesson, attendanceByStudent, attendanceByLesson };
  cache.set(journal, index);
  return index;
}
