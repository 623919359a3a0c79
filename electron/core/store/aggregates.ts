/**
 * Aggregates of a class's journal, kept beside its partition so that statistics and forecasts
 * need not load every mark.
 *
 * File: `journal/<yearId>/<classId>.agg.json` (sectioned codec, encrypted like every partition),
 * written by `Store.updateJournal` right after the journal itself. Format (`StoredAggregates`,
 * `schemaVersion` = AGGREGATES_FORMAT):
 *
 *   journalRev   revision of the journal file the numbers were computed from (the backend's
 *                `revision()`: the file's envelope IV); a mismatch (crash between the two writes,
 *                journal restored from its backup) makes the store recompute them
 *   contextKey   digest of what besides the journal went in: the class's reporting periods and its
 *                timetable changes; when they change (or were not known yet), recomputed likewise
 *   periods      the class's periods in order; bucket p < periods.length is periods[p], bucket
 *                periods.length holds lessons on days outside every period (holidays, no school data)
 *   subjects, students   per-partition dictionaries; the columns below hold indexes into them
 *   cells        per student × subject × bucket where the student has a mark or an absence, columns:
 *                s, j, p; n (number of marks), vw (Σ value·weight), w (Σ weight),
 *                c (5 per cell: counts of 1…5), ab (3 per cell: absences н, б, у)
 *   lessons      per subject × bucket with lessons, columns: j, p; held (lessons conducted),
 *                types + byType (types.length per row: lessons of each type), subst (lessons given
 *                by a substitute teacher), moved (lessons moved here from another slot), cancelled
 *                (cancelled lessons on or before the journal's last lesson day)
 *   days         per subject: the day numbers (days since 1970-01-01, delta-coded) of its lessons,
 *                sorted, with `dayBuckets` their buckets: with each student's dates in the class
 *                (class partition) they give the lessons held while he was in the class
 *
 * Marks and absences of lessons not in the partition (orphans) are not counted. The weighted
 * average of a cell is vw / w.
 *
 * `expandAggregates` turns the stored form and the class's students into `JournalAggregates`, the
 * shape callers use.
 */
import { createHash } from 'node:crypto';
import type { Period, TimetableChange } from '../../contract/entities/school.js';
import type { JournalData } from './schema.js';
import { interner } from './interner.js';

export const AGGREGATES_FORMAT = 1;
const KINDS = ['н', 'б', 'у'] as const;
const DAY_MS = 86_400_000;

export interface AggPeriod {
  id: string;
  start: string;
  end: string;
}

export interface StoredAggregates {
  schemaVersion: number;
  yearId: string;
  classId: string;
  journalRev: string | null;
  contextKey: string;
  periods: AggPeriod[];
  subjects: string[];
  students: string[];
  cells: { s: number[]; j: number[]; p: number[]; n: number[]; vw: number[]; w: number[]; c: number[]; ab: number[] };
  lessons: { j: number[]; p: number[]; held: number[]; types: string[]; byType: number[]; subst: number[]; moved: number[]; cancelled: number[] };
  days: number[][];
  dayBuckets: number[][];
}

/** What besides the journal the aggregates depend on. */
export interface AggregateContext {
  periods: AggPeriod[];
  changes: Pick<TimetableChange, 'date' | 'lessonNo' | 'kind' | 'subjectId' | 'toDate' | 'toLessonNo'>[];
  key: string;
}

/** The context of a class from the school file (null when the school or the class is unknown). */
export function aggregateContext(
  school: { periods: readonly Period[]; classes: readonly { id: string; yearId: string; periodScheme: string }[]; timetableChanges: readonly TimetableChange[] } | null,
  yearId: string,
  classId: string,
): AggregateContext {
  const cls = school?.classes.find((c) => c.id === classId);
  const periods: AggPeriod[] = cls
    ? school!.periods
        .filter((p) => p.yearId === yearId && p.scheme === cls.periodScheme)
        .sort((a, b) => a.index - b.index)
        .map((p) => ({ id: p.id, start: p.start, end: p.end }))
    : [];
  const changes = (school?.timetableChanges ?? [])
    .filter((c) => c.classId === classId)
    .map((c) => ({
      date: c.date,
      lessonNo: c.lessonNo,
      kind: c.kind,
      subjectId: c.subjectId,
      ...(c.toDate !== undefined ? { toDate: c.toDate } : {}),
      ...(c.toLessonNo !== undefined ? { toLessonNo: c.toLessonNo } : {}),
    }));
  const key = createHash('sha256').update(JSON.stringify([AGGREGATES_FORMAT, periods, changes])).digest('base64url').slice(0, 22);
  return { periods, changes, key };
}

function bucketOf(periods: readonly AggPeriod[], date: string): number {
  for (let p = 0; p < periods.length; p++) {
    const per = periods[p]!;
    if (per.start <= date && date <= per.end) return p;
  }
  return periods.length;
}

function dayNumber(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(t) ? Math.round(t / DAY_MS) : 0;
}

/** Computes the aggregates of a journal partition in one pass over lessons, marks and attendance. */
export function computeAggregates(journal: Pick<JournalData, 'yearId' | 'classId' | 'lessons' | 'marks' | 'attendance'>, ctx: AggregateContext, journalRev: string | null): StoredAggregates {
  const P = ctx.periods.length;
  const subjects = interner();
  const students = interner();
  const types = interner();

  const lessonInfo = new Map<string, { j: number; p: number }>();
  const rowOf = new Map<number, number>(); // j * (P + 1) + p → row
  const lessons: StoredAggregates['lessons'] = { j: [], p: [], held: [], types: types.list, byType: [], subst: [], moved: [], cancelled: [] };
  const rowTypes: Map<number, number>[] = [];
  const row = (j: number, p: number): number => {
    const key = j * (P + 1) + p;
    let r = rowOf.get(key);
    if (r === undefined) {
      r = lessons.j.length;
      rowOf.set(key, r);
      lessons.j.push(j);
      lessons.p.push(p);
      lessons.held.push(0);
      lessons.subst.push(0);
      lessons.moved.push(0);
      lessons.cancelled.push(0);
      rowTypes.push(new Map());
    }
    return r;
  };

  const slot = (date: string, no: number) => `${date}#${no}`;
  const substituted = new Set<string>();
  const movedHere = new Set<string>();
  for (const c of ctx.changes) {
    if (c.kind === 'substitution') substituted.add(slot(c.date, c.lessonNo));
    else if (c.kind === 'moved') movedHere.add(slot(c.toDate ?? c.date, c.toLessonNo ?? c.lessonNo));
  }

  const dayLists: number[][] = [];
  const bucketLists: number[][] = [];
  let lastDate = '';
  for (const l of journal.lessons) {
    const j = subjects.at(l.subjectId);
    const p = bucketOf(ctx.periods, l.date);
    lessonInfo.set(l.id, { j, p });
    const r = row(j, p);
    lessons.held[r]!++;
    const t = types.at(l.type);
    rowTypes[r]!.set(t, (rowTypes[r]!.get(t) ?? 0) + 1);
    const key = slot(l.date, l.lessonNo);
    if (substituted.has(key)) lessons.subst[r]!++;
    if (movedHere.has(key)) lessons.moved[r]!++;
    (dayLists[j] ??= []).push(dayNumber(l.date));
    (bucketLists[j] ??= []).push(p);
    if (l.date > lastDate) lastDate = l.date;
  }
  for (const c of ctx.changes) {
    if (c.kind !== 'cancelled' || c.date > lastDate) continue;
    const r = row(subjects.at(c.subjectId), bucketOf(ctx.periods, c.date));
    lessons.cancelled[r]!++;
  }
  for (const m of rowTypes) for (let t = 0; t < types.list.length; t++) lessons.byType.push(m.get(t) ?? 0);

  // Cell key: (student · subjects + subject) · buckets + bucket, a number (much faster than a string).
  const cellOf = new Map<number, number>();
  const J = Math.max(1, subjects.list.length);
  const cells: StoredAggregates['cells'] = { s: [], j: [], p: [], n: [], vw: [], w: [], c: [], ab: [] };
  const cell = (studentId: string, j: number, p: number): number => {
    const s = students.at(studentId);
    const key = (s * J + j) * (P + 1) + p;
    let k = cellOf.get(key);
    if (k === undefined) {
      k = cells.s.length;
      cellOf.set(key, k);
      cells.s.push(s);
      cells.j.push(j);
      cells.p.push(p);
      cells.n.push(0);
      cells.vw.push(0);
      cells.w.push(0);
      cells.c.push(0, 0, 0, 0, 0);
      cells.ab.push(0, 0, 0);
    }
    return k;
  };
  for (const m of journal.marks) {
    const info = lessonInfo.get(m.lessonId);
    if (!info) continue;
    const k = cell(m.studentId, info.j, info.p);
    cells.n[k]!++;
    cells.vw[k]! += m.value * m.weight;
    cells.w[k]! += m.weight;
    if (Number.isInteger(m.value) && m.value >= 1 && m.value <= 5) cells.c[k * 5 + m.value - 1]!++;
  }
  for (const a of journal.attendance) {
    const info = lessonInfo.get(a.lessonId);
    const kind = KINDS.indexOf(a.kind);
    if (!info || kind < 0) continue;
    const k = cell(a.studentId, info.j, info.p);
    cells.ab[k * 3 + kind]!++;
  }

  // Days per subject, sorted (with their buckets), delta-coded.
  const days: number[][] = [];
  const dayBuckets: number[][] = [];
  for (let j = 0; j < subjects.list.length; j++) {
    const d = dayLists[j] ?? [];
    const b = bucketLists[j] ?? [];
    const order = d.map((_, i) => i).sort((x, y) => d[x]! - d[y]!);
    let prev = 0;
    days.push(
      order.map((i) => {
        const delta = d[i]! - prev;
        prev = d[i]!;
        return delta;
      }),
    );
    dayBuckets.push(order.map((i) => b[i]!));
  }

  return {
    schemaVersion: AGGREGATES_FORMAT,
    yearId: journal.yearId,
    classId: journal.classId,
    journalRev,
    contextKey: ctx.key,
    periods: ctx.periods,
    subjects: subjects.list,
    students: students.list,
    cells,
    lessons,
    days,
    dayBuckets,
  };
}

// ---------------------------------------------------------------- what callers get

export interface AggCell {
  studentId: string;
  subjectId: string;
  /** null: lessons on days outside every reporting period */
  periodId: string | null;
  /** number of marks */
  marks: number;
  /** Σ value × weight */
  sumVW: number;
  /** Σ weight; the weighted average is sumVW / sumW */
  sumW: number;
  /** counts of the marks 1, 2, 3, 4, 5 */
  counts: [number, number, number, number, number];
  absences: { н: number; б: number; у: number };
  /** lessons of the subject in the period held while the student was in the class */
  held: number;
}

export interface SubjectPeriodAggregate {
  subjectId: string;
  periodId: string | null;
  /** lessons conducted */
  held: number;
  /** lessons conducted by type (урок, контрольная, …) */
  byType: Record<string, number>;
  /** lessons given by a substitute teacher */
  substitutions: number;
  /** lessons moved into this slot from another */
  moved: number;
  /** cancelled lessons (up to the journal's last lesson day) */
  cancelled: number;
}

export interface JournalAggregates {
  yearId: string;
  classId: string;
  periods: AggPeriod[];
  cells: AggCell[];
  subjects: SubjectPeriodAggregate[];
}

export interface Membership {
  id: string;
  enrolledOn?: string;
  leftOn?: string;
}

/**
 * The aggregates as callers use them. `students` (the class partition's students) gives each
 * student's cells `held`: lessons on days from enrolledOn up to (not including) leftOn. A student
 * with marks but not among `students` counts all lessons. Cells exist where the student had lessons
 * while in the class, or a mark, or an absence.
 */
export function expandAggregates(stored: StoredAggregates, students: readonly Membership[]): JournalAggregates {
  const periodId = (p: number): string | null => stored.periods[p]?.id ?? null;
  const L = stored.lessons;
  const T = L.types.length;
  const subjects: SubjectPeriodAggregate[] = L.j.map((j, r) => {
    const byType: Record<string, number> = {};
    for (let t = 0; t < T; t++) {
      const n = L.byType[r * T + t]!;
      if (n > 0) byType[L.types[t]!] = n;
    }
    return {
      subjectId: stored.subjects[j]!,
      periodId: periodId(L.p[r]!),
      held: L.held[r]!,
      byType,
      substitutions: L.subst[r]!,
      moved: L.moved[r]!,
      cancelled: L.cancelled[r]!,
    };
  });
  const result = { yearId: stored.yearId, classId: stored.classId, periods: stored.periods, subjects } as JournalAggregates;
  // The cells are many objects, and the dashboard needs none of them (`markedSubjects` says which
  // subjects have marks): made when first asked for.
  let cells: AggCell[] | undefined;
  Object.defineProperty(result, 'cells', {
    enumerable: true,
    configurable: true,
    get: () => (cells ??= expandCells(stored, students)),
  });
  const c = stored.cells;
  const marked = new Set<string>();
  for (let k = 0; k < c.n.length; k++) if (c.n[k]! > 0) marked.add(stored.subjects[c.j[k]!]!);
  markedOf.set(result, marked);
  return result;
}

const markedOf = new WeakMap<JournalAggregates, ReadonlySet<string>>();

/** The subjects with at least one mark in the journal (the cells' subjects with marks). */
export function markedSubjects(agg: JournalAggregates): ReadonlySet<string> {
  let out = markedOf.get(agg);
  if (!out) {
    const s = new Set<string>();
    for (const c of agg.cells) if (c.marks > 0) s.add(c.subjectId);
    markedOf.set(agg, (out = s));
  }
  return out;
}

function expandCells(stored: StoredAggregates, students: readonly Membership[]): AggCell[] {
  const P = stored.periods.length;
  const periodId = (p: number): string | null => stored.periods[p]?.id ?? null;
  const cells: AggCell[] = [];

  // Lesson days per subject and bucket, sorted (the stored days are sorted per subject): the
  // lessons held in a window are found by two binary searches, not a scan of the year.
  const byBucket: number[][][] = stored.days.map((deltas, j) => {
    const b = stored.dayBuckets[j] ?? [];
    const lists: number[][] = Array.from({ length: P + 1 }, () => []);
    let prev = 0;
    deltas.forEach((d, i) => {
      prev += d;
      const bucket = b[i];
      if (bucket !== undefined) lists[bucket]?.push(prev);
    });
    return lists;
  });
  const lowerBound = (xs: readonly number[], x: number): number => {
    let lo = 0;
    let hi = xs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const heldFor = (j: number, p: number, from: number, to: number): number => {
    const xs = byBucket[j]?.[p];
    if (!xs || xs.length === 0) return 0;
    return lowerBound(xs, to) - lowerBound(xs, from);
  };
  const window = new Map<string, [number, number]>();
  for (const s of students) {
    window.set(s.id, [s.enrolledOn ? dayNumber(s.enrolledOn) : -Infinity, s.leftOn ? dayNumber(s.leftOn) : Infinity]);
  }
  const windowOf = (id: string): [number, number] => window.get(id) ?? [-Infinity, Infinity];

  // Cells seen, by (stored student index · subjects + subject) · buckets + bucket.
  const J = stored.subjects.length;
  const seen = new Set<number>();
  const c = stored.cells;
  for (let k = 0; k < c.s.length; k++) {
    const studentId = stored.students[c.s[k]!]!;
    const j = c.j[k]!;
    const p = c.p[k]!;
    const [from, to] = windowOf(studentId);
    seen.add((c.s[k]! * J + j) * (P + 1) + p);
    cells.push({
      studentId,
      subjectId: stored.subjects[j]!,
      periodId: periodId(p),
      marks: c.n[k]!,
      sumVW: c.vw[k]!,
      sumW: c.w[k]!,
      counts: [c.c[k * 5]!, c.c[k * 5 + 1]!, c.c[k * 5 + 2]!, c.c[k * 5 + 3]!, c.c[k * 5 + 4]!],
      absences: { н: c.ab[k * 3]!, б: c.ab[k * 3 + 1]!, у: c.ab[k * 3 + 2]! },
      held: heldFor(j, p, from, to),
    });
  }
  const storedIndex = new Map(stored.students.map((id, i) => [id, i]));
  for (const s of students) {
    const [from, to] = windowOf(s.id);
    const si = storedIndex.get(s.id);
    for (let j = 0; j < J; j++) {
      for (let p = 0; p <= P; p++) {
        if (si !== undefined && seen.has((si * J + j) * (P + 1) + p)) continue;
        const held = heldFor(j, p, from, to);
        if (held === 0) continue;
        cells.push({
          studentId: s.id,
          subjectId: stored.subjects[j]!,
          periodId: periodId(p),
          marks: 0,
          sumVW: 0,
          sumW: 0,
          counts: [0, 0, 0, 0, 0],
          absences: { н: 0, б: 0, у: 0 },
          held,
        });
      }
    }
  }

  return cells;
}

/** Checks the shape of a stored aggregates file (it is derived data: anything odd is recomputed). */
export function isStoredAggregates(v: unknown): v is StoredAggregates {
  if (v === null || typeof v !== 'object') return false;
  const a = v as Partial<StoredAggregates>;
  return (
    a.schemaVersion === AGGREGATES_FORMAT &&
    typeof a.contextKey === 'string' &&
    (a.journalRev === null || typeof a.journalRev === 'string') &&
    Array.isArray(a.periods) &&
    Array.isArray(a.subjects) &&
    Array.isArray(a.students) &&
    typeof a.cells === 'object' &&
    a.cells !== null &&
    typeof a.lessons === 'object' &&
    a.lessons !== null &&
    Array.isArray(a.days) &&
    Array.isArray(a.dayBuckets)
  );
}
