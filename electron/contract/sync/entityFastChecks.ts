/**
 * Hand-written checks of the kinds a pull brings by the thousand (marks, attendance, lessons, diary
 * views, final marks): a first pull has 1.7 million entities, and a zod parse of each, with the comparison of
 * its output, took seconds. A fast check answers `true` only for an entity its kind's schema
 * (entitySchemas.ts) accepts and gives back unchanged — no extra key, nothing trimmed or
 * defaulted; `false` means «not sure»: the caller asks the schema, which also says what is wrong.
 * So a fast check may refuse more than the schema (that costs time, never correctness), never
 * less: tests/unit/sync/entityFastChecks.property.test.ts compares them on valid and mutated
 * entities. A schema made stricter must have its fast check made stricter too (the property test
 * fails until then).
 */
import { ATTENDANCE_KINDS, LESSON_TYPES } from '../entities/common.js';
import { FINAL_VALUES } from '../entities/journal.js';
import type { SchemaKind } from './entitySchemas.js';

type Data = Record<string, unknown>;

/** The contract's `Id`: 1–64 characters of A–Z a–z 0–9 _ . : - */
export function isWireId(v: unknown): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > 64) return false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // 0-9 : (48–58), A-Z (65–90), a-z (97–122), - . (45, 46), _ (95)
    if (!((c >= 48 && c <= 58) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 46 || c === 95)) return false;
  }
  return true;
}

const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

const digit = (s: string, i: number) => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/** Whether the 10 characters of `s` from `at` are YYYY-MM-DD of a day of the (proleptic Gregorian) calendar, years 0100–9999. */
function isDateAt(s: string, at: number): boolean {
  if (s.charCodeAt(at + 4) !== 45 || s.charCodeAt(at + 7) !== 45) return false;
  let y = 0;
  for (let i = at; i < at + 4; i++) {
    const d = digit(s, i);
    if (d < 0) return false;
    y = y * 10 + d;
  }
  const m1 = digit(s, at + 5);
  const m2 = digit(s, at + 6);
  const d1 = digit(s, at + 8);
  const d2 = digit(s, at + 9);
  if (m1 < 0 || m2 < 0 || d1 < 0 || d2 < 0) return false;
  const m = m1 * 10 + m2;
  const d = d1 * 10 + d2;
  // Date.UTC reads years 0–99 as 1900–1999: IsoDate's check then finds another year than the one
  // written and refuses the date.
  if (y < 100) return false;
  return m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m);
}

/** The contract's `IsoDate`: YYYY-MM-DD of a day of the (proleptic Gregorian) calendar, years 0100–9999. */
export function isIsoDate(v: unknown): v is string {
  return typeof v === 'string' && v.length === 10 && isDateAt(v, 0);
}

/** Two digits at `at` making a number up to `max`. */
const twoDigitsUpTo = (s: string, at: number, max: number) => {
  const a = digit(s, at);
  const b = digit(s, at + 1);
  return a >= 0 && b >= 0 && a * 10 + b <= max;
};

/**
 * A moment as `Date.toISOString` writes it, `YYYY-MM-DDTHH:MM:SS[.fraction]Z` (years 0100–9999):
 * a part of what the contract's `Timestamp` accepts (it also takes offsets like +03:00, which are
 * left to it).
 */
export function isUtcTimestamp(v: unknown): v is string {
  if (typeof v !== 'string' || v.length < 20 || v.charCodeAt(v.length - 1) !== 90 /* Z */) return false;
  if (!isDateAt(v, 0) || v.charCodeAt(10) !== 84 /* T */ || v.charCodeAt(13) !== 58 || v.charCodeAt(16) !== 58) return false;
  if (!twoDigitsUpTo(v, 11, 23) || !twoDigitsUpTo(v, 14, 59) || !twoDigitsUpTo(v, 17, 59)) return false;
  if (v.length === 20) return true;
  if (v.charCodeAt(19) !== 46 /* . */ || v.length < 22) return false;
  for (let i = 20; i < v.length - 1; i++) if (digit(v, i) < 0) return false;
  return true;
}

const isStringUpTo = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
const isIntIn = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** A plain object (as JSON.parse makes) whose every key is one of `allowed` (the fields' checks see to the required ones). */
function plainWithKeys(v: unknown, allowed: ReadonlySet<string>): v is Data {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (!Object.hasOwn(v, k) || !allowed.has(k)) return false;
  return true;
}

const MARK_KEYS = new Set(['id', 'lessonId', 'studentId', 'value', 'weight', 'work']);
const ATTENDANCE_KEYS = new Set(['id', 'lessonId', 'studentId', 'kind']);
const LESSON_KEYS = new Set(['id', 'subjectId', 'teacherId', 'date', 'lessonNo', 'topic', 'type', 'homework', 'homeworkDue', 'group']);
const DIARY_VIEW_KEYS = new Set(['guardianId', 'studentId', 'at']);
const ATTENDANCE_KIND = new Set<unknown>(ATTENDANCE_KINDS);
const LESSON_TYPE = new Set<unknown>(LESSON_TYPES);

/** An optional field: absent (or undefined, which JSON never gives) or what `ok` accepts. */
const optional = (v: unknown, ok: (v: unknown) => boolean) => v === undefined || ok(v);

export function isMark(e: unknown): boolean {
  return (
    plainWithKeys(e, MARK_KEYS) &&
    isWireId(e.id) &&
    isWireId(e.lessonId) &&
    isWireId(e.studentId) &&
    isIntIn(e.value, 1, 5) &&
    typeof e.weight === 'number' &&
    e.weight >= 0 &&
    e.weight <= 10 &&
    optional(e.work, (w) => isStringUpTo(w, 100))
  );
}

export function isAttendance(e: unknown): boolean {
  return plainWithKeys(e, ATTENDANCE_KEYS) && isWireId(e.id) && isWireId(e.lessonId) && isWireId(e.studentId) && ATTENDANCE_KIND.has(e.kind);
}

export function isLesson(e: unknown): boolean {
  return (
    plainWithKeys(e, LESSON_KEYS) &&
    isWireId(e.id) &&
    isWireId(e.subjectId) &&
    isWireId(e.teacherId) &&
    isIsoDate(e.date) &&
    isIntIn(e.lessonNo, 1, 10) &&
    isStringUpTo(e.topic, 500) &&
    LESSON_TYPE.has(e.type) &&
    optional(e.homework, (h) => isStringUpTo(h, 2000)) &&
    optional(e.homeworkDue, isIsoDate) &&
    optional(e.group, (g) => isStringUpTo(g, 60))
  );
}

const FINAL_MARK_KEYS = new Set(['id', 'studentId', 'subjectId', 'periodId', 'value', 'deferral', 'knownOn', 'publishedAt', 'enteredBy', 'enteredAt', 'hlc', 'reason', 'confirmedBy', 'confirmedAt']);
const DEFERRAL_KEYS = new Set(['reason', 'dueOn']);
const FINAL_VALUE = new Set<unknown>([...FINAL_VALUES, null]);
const isStringFromTo = (v: unknown, min: number, max: number): v is string => typeof v === 'string' && v.length >= min && v.length <= max;

export function isFinalMark(e: unknown): boolean {
  return (
    plainWithKeys(e, FINAL_MARK_KEYS) &&
    isWireId(e.id) &&
    isWireId(e.studentId) &&
    isWireId(e.subjectId) &&
    isStringFromTo(e.periodId, 1, 80) &&
    FINAL_VALUE.has(e.value) &&
    optional(e.deferral, (d) => plainWithKeys(d, DEFERRAL_KEYS) && isStringFromTo(d.reason, 3, 300) && isIsoDate(d.dueOn)) &&
    isIsoDate(e.knownOn) &&
    optional(e.publishedAt, isUtcTimestamp) &&
    isWireId(e.enteredBy) &&
    isUtcTimestamp(e.enteredAt) &&
    typeof e.hlc === 'string' &&
    optional(e.reason, (r) => isStringFromTo(r, 3, 500)) &&
    optional(e.confirmedBy, isWireId) &&
    optional(e.confirmedAt, isUtcTimestamp)
  );
}

export function isDiaryView(e: unknown): boolean {
  return plainWithKeys(e, DIARY_VIEW_KEYS) && isWireId(e.guardianId) && isWireId(e.studentId) && typeof e.at === 'string';
}

/** The fast check of each kind that has one. */
export const FAST_CHECKS: Partial<Record<SchemaKind, (e: unknown) => boolean>> = {
  mark: isMark,
  attendance: isAttendance,
  lesson: isLesson,
  diaryView: isDiaryView,
  finalMark: isFinalMark,
};
