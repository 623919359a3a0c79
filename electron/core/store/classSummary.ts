/**
 * The summary of a class partition, kept beside it so that statistics need not decode the whole
 * partition (its final-mark entries and diary views are most of it).
 *
 * File: `classes/<classId>.sum.json` (sectioned codec, encrypted like every partition), written by
 * `Store.updateClass` right after the partition itself, under the same mutex. It is derived data:
 * a summary that is missing, unreadable, of another format or made from another version of the
 * partition is recomputed from the partition (and written again) when read; a failed write only
 * means that. Format (`StoredClassSummary`, `schemaVersion` = CLASS_SUMMARY_FORMAT):
 *
 *   partitionRev  revision of the class file the summary was made from (the backend's
 *                 `revision()`: the file's envelope IV, fresh at every write); a mismatch (crash
 *                 between the two writes, a restored backup, a migration) makes the store
 *                 recompute it
 *   partitionSchema  the class-partition schema version of the data it was made from (partitions
 *                 are migrated when read): a program that writes another version recomputes it
 *   students, guardians, documents   the partition's, as they are
 *   extracts      the partition's extracts that were handed over (the regulations' weekly duty
 *                 looks at nothing else)
 *   invalidIds    ids of the records made by a login reported compromised (from the partition's
 *                 pending mutations, `invalidDocumentIds`)
 *   lastViews     per guardian, the moment of his latest diary view (g: guardian ids, at: moments)
 *   finals        the final-mark cells, column by column: per cell (k column, s student, j subject,
 *                 indexes into the dictionaries periods / students / subjects) the entry in force
 *                 (v value, kn knownOn as an index into `days`, pub publishedAt or null; its
 *                 deferral, where it has one, in the sparse columns dc / dr / dd: cell, reason, due
 *                 day) and, where an earlier entry of the cell had a deferral, the latest such entry
 *                 (sparse columns ec cell, ev value, ekn knownOn, er / ed its deferral). That is all
 *                 `finalMarkStatus` reads of a history: the summary's two-entry histories give the
 *                 same status as the whole ones.
 *
 * `expandClassSummary` turns the stored form into `ClassSummary`, the shape callers use.
 */
import type { RegistryDocument } from '../../contract/entities/documents.js';
import type { FinalMarkEntry, FinalValue } from '../../contract/entities/journal.js';
import type { DiaryView, Guardian, Student } from '../../contract/entities/people.js';
import { compareByClock } from '../util/clockOrder.js';
import type { ClassData, ExtractRecord, PendingMutation } from './schema.js';
import { interner } from './interner.js';

export const CLASS_SUMMARY_FORMAT = 1;

export interface StoredFinals {
  periods: string[];
  students: string[];
  subjects: string[];
  days: string[];
  k: number[];
  s: number[];
  j: number[];
  v: (FinalValue | null)[];
  kn: number[];
  pub: (string | null)[];
  dc: number[];
  dr: string[];
  dd: string[];
  ec: number[];
  ev: (FinalValue | null)[];
  ekn: number[];
  er: string[];
  ed: string[];
}

export interface StoredClassSummary {
  schemaVersion: number;
  classId: string;
  partitionRev: string | null;
  partitionSchema: number;
  students: Student[];
  guardians: Guardian[];
  documents: RegistryDocument[];
  extracts: ExtractRecord[];
  invalidIds: string[];
  lastViews: { g: string[]; at: string[] };
  finals: StoredFinals;
}

/** What a summary is made from: the sections of a class partition it reads. */
export type SummarySource = Pick<ClassData, 'schemaVersion' | 'classId' | 'students' | 'guardians' | 'documents' | 'extracts' | 'diaryViews' | 'finalMarks' | 'mutations'>;

// ---------------------------------------------------------------- derivation

/** The final-mark cells of the entries (see the top of the file). */
export function summarizeFinals(entries: readonly FinalMarkEntry[]): StoredFinals {
  // Each cell's entry in force and its latest earlier entry with a deferral, in clock order.
  const cells = new Map<string, { last: FinalMarkEntry; deferred?: FinalMarkEntry }>();
  for (const e of entries) {
    const key = `${e.periodId}\u0000${e.studentId}\u0000${e.subjectId}`;
    const cell = cells.get(key);
    if (!cell) {
      cells.set(key, { last: e });
      continue;
    }
    const [earlier, later] = compareByClock(cell.last, e) <= 0 ? [cell.last, e] : [e, cell.last];
    cell.last = later;
    if (earlier.deferral && (!cell.deferred || compareByClock(cell.deferred, earlier) < 0)) cell.deferred = earlier;
  }
  const periods = interner();
  const students = interner();
  const subjects = interner();
  const days = interner();
  const out: StoredFinals = {
    periods: periods.list,
    students: students.list,
    subjects: subjects.list,
    days: days.list,
    k: [],
    s: [],
    j: [],
    v: [],
    kn: [],
    pub: [],
    dc: [],
    dr: [],
    dd: [],
    ec: [],
    ev: [],
    ekn: [],
    er: [],
    ed: [],
  };
  for (const { last, deferred } of cells.values()) {
    const c = out.k.length;
    out.k.push(periods.at(last.periodId));
    out.s.push(students.at(last.studentId));
    out.j.push(subjects.at(last.subjectId));
    out.v.push(last.value);
    out.kn.push(days.at(last.knownOn));
    out.pub.push(last.publishedAt ?? null);
    if (last.deferral) {
      out.dc.push(c);
      out.dr.push(last.deferral.reason);
      out.dd.push(last.deferral.dueOn);
    }
    if (deferred?.deferral) {
      out.ec.push(c);
      out.ev.push(deferred.value);
      out.ekn.push(days.at(deferred.knownOn));
      out.er.push(deferred.deferral.reason);
      out.ed.push(deferred.deferral.dueOn);
    }
  }
  return out;
}

/** Whether moment `a` is later than `b`: moments written alike (same length, both UTC «…Z») compare as strings; others are parsed. */
function later(a: string, b: string): boolean {
  if (a.length === b.length && a.charCodeAt(a.length - 1) === 90 && b.charCodeAt(b.length - 1) === 90) return a > b;
  return Date.parse(a) > Date.parse(b);
}

/** Each guardian's latest diary view. */
export function summarizeViews(views: readonly DiaryView[]): StoredClassSummary['lastViews'] {
  const best = new Map<string, string>();
  for (const v of views) {
    const b = best.get(v.guardianId);
    if (b === undefined || later(v.at, b)) best.set(v.guardianId, v.at);
  }
  return { g: [...best.keys()], at: [...best.values()] };
}

/** Ids of the records made by a login reported compromised (as `invalidDocumentIds`). */
export function summarizeInvalid(mutations: readonly PendingMutation[]): string[] {
  const out = new Set<string>();
  for (const m of mutations) {
    if (!m.invalid) continue;
    const id = (m.payload as { id?: unknown } | null)?.id;
    if (typeof id === 'string') out.add(id);
  }
  return [...out];
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The summary of a class partition. With `prev` (the summary of an earlier version of the same
 * partition, and that version), the parts whose sections did not change (the store is
 * copy-on-write: an unchanged section is the same object) are taken over as they are: nothing to
 * compute, and the codec does not encode them again.
 */
export function summarizeClass(data: SummarySource, partitionRev: string | null, prev?: { from: SummarySource; summary: StoredClassSummary }): StoredClassSummary {
  const p = prev && prev.from.classId === data.classId ? prev : undefined;
  const reuse = <K extends keyof SummarySource>(...keys: K[]) => p !== undefined && keys.every((k) => p.from[k] === data[k]);
  let invalidIds = reuse('mutations') ? p!.summary.invalidIds : summarizeInvalid(data.mutations);
  if (p && invalidIds !== p.summary.invalidIds && sameList(invalidIds, p.summary.invalidIds)) invalidIds = p.summary.invalidIds;
  return {
    schemaVersion: CLASS_SUMMARY_FORMAT,
    classId: data.classId,
    partitionRev,
    partitionSchema: data.schemaVersion,
    students: data.students,
    guardians: data.guardians,
    documents: data.documents,
    extracts: reuse('extracts') ? p!.summary.extracts : data.extracts.filter((e) => e.handedOver !== undefined),
    invalidIds,
    lastViews: reuse('diaryViews') ? p!.summary.lastViews : summarizeViews(data.diaryViews),
    finals: reuse('finalMarks') ? p!.summary.finals : summarizeFinals(data.finalMarks),
  };
}

/** Checks the shape of a stored summary (it is derived data: anything odd is recomputed). */
export function isStoredClassSummary(v: unknown): v is StoredClassSummary {
  if (v === null || typeof v !== 'object') return false;
  const s = v as Partial<StoredClassSummary>;
  const f = s.finals as Partial<StoredFinals> | undefined;
  const arrays = (o: object | undefined, keys: string[]) => o !== undefined && o !== null && keys.every((k) => Array.isArray((o as Record<string, unknown>)[k]));
  return (
    s.schemaVersion === CLASS_SUMMARY_FORMAT &&
    typeof s.classId === 'string' &&
    (s.partitionRev === null || typeof s.partitionRev === 'string') &&
    typeof s.partitionSchema === 'number' &&
    arrays(s, ['students', 'guardians', 'documents', 'extracts', 'invalidIds']) &&
    typeof s.lastViews === 'object' &&
    arrays(s.lastViews, ['g', 'at']) &&
    typeof f === 'object' &&
    arrays(f, ['periods', 'students', 'subjects', 'days', 'k', 's', 'j', 'v', 'kn', 'pub', 'dc', 'dr', 'dd', 'ec', 'ev', 'ekn', 'er', 'ed'])
  );
}

// ---------------------------------------------------------------- what callers get

/** What a summary keeps of a final-mark entry: all that decides the status of its cell (journal/finalMarks.ts). */
export type StatusEntry = Pick<FinalMarkEntry, 'value' | 'deferral' | 'knownOn' | 'publishedAt'>;

/** Final-mark histories by column → student → subject, each in clock order (the last is in force). */
export type FinalIndex = Map<string, Map<string, Map<string, readonly StatusEntry[]>>>;

/** A class partition as the statistics read it. Shared by every caller, like all the store gives: never change it. */
export interface ClassSummary {
  classId: string;
  students: Student[];
  guardians: Guardian[];
  documents: RegistryDocument[];
  /** The extracts that were handed over. */
  extracts: ExtractRecord[];
  /** Records made by a login reported compromised. */
  invalidIds: Set<string>;
  /** Guardian id → the moment of his latest diary view. */
  lastViews: Map<string, string>;
  /**
   * The final-mark cells: per cell the entry in force and, if an earlier entry had a deferral, the
   * latest such before it — all `finalMarkStatus` needs (a whole history gives the same status).
   */
  finals: FinalIndex;
}

export function expandClassSummary(stored: StoredClassSummary): ClassSummary {
  const f = stored.finals;
  const finals: FinalIndex = new Map();
  const deferral = new Map<number, number>();
  f.dc.forEach((c, i) => deferral.set(c, i));
  const earlier = new Map<number, number>();
  f.ec.forEach((c, i) => earlier.set(c, i));
  for (let c = 0; c < f.k.length; c++) {
    const column = f.periods[f.k[c]!]!;
    const studentId = f.students[f.s[c]!]!;
    const subjectId = f.subjects[f.j[c]!]!;
    const d = deferral.get(c);
    // One shape for every entry (absent fields undefined): many small objects, made fast.
    const last: StatusEntry = {
      value: f.v[c] ?? null,
      knownOn: f.days[f.kn[c]!]!,
      publishedAt: f.pub[c] ?? undefined,
      deferral: d !== undefined ? { reason: f.dr[d]!, dueOn: f.dd[d]! } : undefined,
    };
    const e = earlier.get(c);
    const history: StatusEntry[] =
      e === undefined ? [last] : [{ value: f.ev[e] ?? null, knownOn: f.days[f.ekn[e]!]!, publishedAt: undefined, deferral: { reason: f.er[e]!, dueOn: f.ed[e]! } }, last];
    let byStudent = finals.get(column);
    if (!byStudent) finals.set(column, (byStudent = new Map()));
    let bySubject = byStudent.get(studentId);
    if (!bySubject) byStudent.set(studentId, (bySubject = new Map()));
    bySubject.set(subjectId, history);
  }
  return {
    classId: stored.classId,
    students: stored.students,
    guardians: stored.guardians,
    documents: stored.documents,
    extracts: stored.extracts,
    invalidIds: new Set(stored.invalidIds),
    lastViews: new Map(stored.lastViews.g.map((g, i) => [g, stored.lastViews.at[i]!])),
    finals,
  };
}
