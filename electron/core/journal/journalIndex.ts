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
  private byStudent?: Map<string, StudentPart>;
  /** Students asked for before the whole per-student part is built, each from one pass of its own. */
  private readonly single = new Map<string, StudentPart>();
  private graded?: Set<string>;

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

  /**
   * One student's marks and absences, with their lessons joined. For the first few students asked
   * (one extract, one student's report) each comes from a pass over the journal of its own, which
   * costs a fraction of indexing every student; from STUDENT_INDEX_FROM students on (a class's
   * batch, a class report) every student is indexed in one pass.
   */
  private studentPart(studentId: string): StudentPart {
    if (!this.byStudent) {
      let one = this.single.get(studentId);
      if (one) return one;
      if (this.single.size < STUDENT_INDEX_FROM - 1) {
        one = this.studentsPart((id) => id === studentId).get(studentId) ?? emptyPart();
        this.single.set(studentId, one);
        return one;
      }
      this.single.clear();
    }
    this.byStudent ??= this.studentsPart(() => true);
    return this.byStudent.get(studentId) ?? EMPTY_PART;
  }

  private studentsPart(wanted: (studentId: string) => boolean): Map<string, StudentPart> {
    const out = new Map<string, StudentPart>();
    const partOf = (id: string) => {
      let p = out.get(id);
      if (!p) out.set(id, (p = emptyPart()));
      return p;
    };
    for (const m of this.source.marks) {
      if (!wanted(m.studentId)) continue;
      const p = partOf(m.studentId);
      p.marks.push(m);
      const l = this.lessonById.get(m.lessonId);
      if (l) p.joinedMarks.push({ subjectId: l.subjectId, date: l.date, type: l.type, value: m.value });
    }
    for (const a of this.source.attendance) {
      if (!wanted(a.studentId)) continue;
      const p = partOf(a.studentId);
      p.attendance.push(a);
      const l = this.lessonById.get(a.lessonId);
      if (l) p.joinedAbsences.push({ subjectId: l.subjectId, date: l.date, kind: a.kind });
    }
    return out;
  }

  /** The subjects with at least one mark (of a known lesson). */
  get gradedSubjects(): ReadonlySet<string> {
    if (!this.graded) {
      const graded = new Set<string>();
      if (this.byLesson) {
        for (const lessonId of this.byLesson.marks.keys()) {
          const l = this.lessonById.get(lessonId);
          if (l) graded.add(l.subjectId);
        }
      } else {
        for (const m of this.source.marks) {
          const l = this.lessonById.get(m.lessonId);
          if (l) graded.add(l.subjectId);
        }
      }
      this.graded = graded;
    }
    return this.graded;
  }

  get marksByLesson(): Map<string, Mark[]> {
    return this.lessonPart().marks;
  }
  get attendanceByLesson(): Map<string, Attendance[]> {
    return this.lessonPart().attendance;
  }
  /** A student's marks, in the journal's order. */
  marksOf(studentId: string): readonly Mark[] {
    return this.studentPart(studentId).marks;
  }
  /** A student's attendance records, in the journal's order. */
  attendanceOf(studentId: string): readonly Attendance[] {
    return this.studentPart(studentId).attendance;
  }
  /** A student's marks joined with their lessons (marks of unknown lessons are left out). */
  joinedMarksOf(studentId: string): readonly JoinedMark[] {
    return this.studentPart(studentId).joinedMarks;
  }
  /** A student's absences joined with their lessons (those of unknown lessons are left out). */
  joinedAbsencesOf(studentId: string): readonly JoinedAbsence[] {
    return this.studentPart(studentId).joinedAbsences;
  }
}

/** What the index holds of one student. */
interface StudentPart {
  marks: Mark[];
  attendance: Attendance[];
  joinedMarks: JoinedMark[];
  joinedAbsences: JoinedAbsence[];
}

/** From this many students asked on, the index holds every student's part. */
export const STUDENT_INDEX_FROM = 4;

function emptyPart(): StudentPart {
  return { marks: [], attendance: [], joinedMarks: [], joinedAbsences: [] };
}

const EMPTY_PART: StudentPart = Object.freeze({ marks: [], attendance: [], joinedMarks: [], joinedAbsences: [] }) as StudentPart;

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
