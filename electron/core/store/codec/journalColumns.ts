/**
 * Columnar encodings of the journal's sections (lessons, marks, attendance) for the sectioned
 * codec. A journal partition of a full year holds ~50,000 marks; as JSON objects each repeats its
 * id, its lesson's id and its student's id (~95 bytes a mark). Here each field is a column:
 *
 * - ids (`IdCol`): UUIDs as one base64 string of their 16 bytes; ids sharing a prefix followed by
 *   a number ('y2026.c5a.m123') as the prefix, the digit width and delta-coded numbers (ids that do
 *   not fit stay strings in place); otherwise the strings as they are;
 * - references to lessons (`RefCol`): the index of the lesson in the `lessons` section (delta-coded;
 *   ids not among the lessons go to an `e` list and are indexed after them);
 * - repeated strings (subject, teacher, student, type, kind, topic, homework): a per-partition
 *   dictionary and indexes (`DictCol`, -1 when a field is absent);
 * - dates: day numbers, delta-coded (`DateCol`), or the strings where one is not a canonical
 *   YYYY-MM-DD date;
 * - numbers as they are; fields not named here go to an `x` column of leftovers, so nothing is
 *   ever dropped.
 *
 * A section whose elements do not have the expected field types is written as plain JSON instead
 * (`fits`). The deflate of the sectioned codec then squeezes the mostly-small numbers: a year's
 * journal of a class (~5 MB of JSON) becomes a few hundred KB.
 */
import type { SectionEncoding } from './sectioned.js';

type Obj = Record<string, unknown>;

// ---------------------------------------------------------------- helpers

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fail(what: string): never {
  throw new Error(`journal column: ${what}`);
}

function intArray(v: unknown, n: number, what: string): number[] {
  if (!Array.isArray(v) || v.length !== n || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) fail(what);
  return v as number[];
}

/** Copies own keys, `__proto__` included, as plain properties. */
function assignOwn(target: Obj, extra: Obj): void {
  for (const k of Object.keys(extra)) Object.defineProperty(target, k, { value: extra[k], enumerable: true, writable: true, configurable: true });
}

// ---------------------------------------------------------------- ids

export type IdCol = { u: string } | { p: string; w: number; d: (number | string)[] } | { r: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeIds(ids: readonly string[]): IdCol {
  if (ids.length > 0 && ids.every((id) => UUID.test(id))) {
    return { u: Buffer.from(ids.map((id) => id.replace(/-/g, '')).join(''), 'hex').toString('base64') };
  }
  let prefix = ids[0] ?? '';
  for (const id of ids) {
    if (id.startsWith(prefix)) continue;
    let k = 0;
    while (k < prefix.length && k < id.length && prefix.charCodeAt(k) === id.charCodeAt(k)) k++;
    prefix = prefix.slice(0, k);
    if (prefix === '') break;
  }
  prefix = prefix.replace(/\d+$/, '');
  const from = prefix.length;
  // First pass: the number after the prefix (-1: none, too long, or not only digits) and its length.
  const nums = new Float64Array(ids.length);
  const lens = new Int8Array(ids.length);
  const lengths = new Map<number, number>();
  let leadingZero = false;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    const len = id.length - from;
    let n = len < 1 || len > 15 ? -1 : 0;
    for (let k = from; n >= 0 && k < id.length; k++) {
      const c = id.charCodeAt(k) - 48;
      n = c >= 0 && c <= 9 ? n * 10 + c : -1;
    }
    nums[i] = n;
    if (n < 0) continue;
    lens[i] = len;
    if (len > 1 && id.charCodeAt(from) === 48) leadingZero = true;
    lengths.set(len, (lengths.get(len) ?? 0) + 1);
  }
  let w = 0;
  if (leadingZero) {
    let best = 0;
    for (const [len, count] of lengths) if (count > best) [w, best] = [len, count];
  }
  const d: (number | string)[] = new Array<number | string>(ids.length);
  let prev = 0;
  let numeric = 0;
  for (let i = 0; i < ids.length; i++) {
    const n = nums[i]!;
    const len = lens[i]!;
    const ok = n >= 0 && (w === 0 ? len === 1 || ids[i]!.charCodeAt(from) !== 48 : len === w);
    if (ok) {
      d[i] = n - prev;
      prev = n;
      numeric++;
    } else d[i] = ids[i]!;
  }
  if (numeric === 0) return { r: [...ids] };
  return { p: prefix, w, d };
}

export function decodeIds(col: unknown, n: number): string[] {
  if (!isObj(col)) fail('ids');
  if (typeof col.u === 'string') {
    const bytes = Buffer.from(col.u, 'base64');
    if (bytes.length !== n * 16) fail('uuid length');
    const hex = bytes.toString('hex');
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const h = hex.slice(i * 32, i * 32 + 32);
      out[i] = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    }
    return out;
  }
  if (Array.isArray(col.r)) {
    if (col.r.length !== n || !col.r.every((x) => typeof x === 'string')) fail('raw ids');
    return col.r as string[];
  }
  if (typeof col.p !== 'string' || typeof col.w !== 'number' || !Array.isArray(col.d) || col.d.length !== n) fail('seq ids');
  const { p, w } = col;
  const out = new Array<string>(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    const x = col.d[i];
    if (typeof x === 'string') out[i] = x;
    else if (typeof x === 'number') {
      prev += x;
      out[i] = p + String(prev).padStart(w, '0');
    } else fail('seq id');
  }
  return out;
}

// ---------------------------------------------------------------- dictionaries

export interface DictCol {
  d: string[];
  i: number[];
}

export function encodeDict(values: readonly (string | undefined)[]): DictCol {
  const index = new Map<string, number>();
  const d: string[] = [];
  const i = new Array<number>(values.length);
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (v === undefined) {
      i[k] = -1;
      continue;
    }
    let at = index.get(v);
    if (at === undefined) {
      at = d.length;
      d.push(v);
      index.set(v, at);
    }
    i[k] = at;
  }
  return { d, i };
}

export function decodeDict(col: unknown, n: number, what: string): (string | undefined)[] {
  if (!isObj(col) || !Array.isArray(col.d) || !col.d.every((x) => typeof x === 'string')) fail(what);
  const d = col.d as string[];
  const idx = intArray(col.i, n, what);
  return idx.map((k) => {
    if (k === -1) return undefined;
    const v = d[k];
    if (v === undefined) fail(what);
    return v;
  });
}

function decodeRequired(col: unknown, n: number, what: string): string[] {
  const out = decodeDict(col, n, what);
  if (out.some((v) => v === undefined)) fail(what);
  return out as string[];
}

// ---------------------------------------------------------------- dates

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayOf(s: string): number | null {
  const m = ISO_DAY.exec(s);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < 1000) return null;
  const t = Date.UTC(y, Number(m[2]) - 1, Number(m[3]));
  const day = Math.round(t / DAY_MS);
  return isoOf(day) === s ? day : null;
}

const isoCache = new Map<number, string>();
function isoOf(day: number): string {
  let s = isoCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoCache.size < 100_000) isoCache.set(day, s);
  }
  return s;
}

export type DateCol = { d: number[] } | { r: (string | null)[] } | { o: (number | null)[] };

/** Required dates: delta-coded day numbers; optional ones: day numbers or null. */
export function encodeDates(values: readonly (string | undefined)[], optional: boolean): DateCol {
  const days: (number | null)[] = [];
  for (const v of values) {
    if (v === undefined) {
      if (!optional) return { r: values.map((x) => x ?? null) };
      days.push(null);
      continue;
    }
    const d = dayOf(v);
    if (d === null) return { r: values.map((x) => x ?? null) };
    days.push(d);
  }
  if (optional) return { o: days };
  const d: number[] = [];
  let prev = 0;
  for (const x of days as number[]) {
    d.push(x - prev);
    prev = x;
  }
  return { d };
}

export function decodeDates(col: unknown, n: number, what: string): (string | undefined)[] {
  if (!isObj(col)) fail(what);
  if (Array.isArray(col.r)) {
    if (col.r.length !== n || !col.r.every((x) => x === null || typeof x === 'string')) fail(what);
    return (col.r as (string | null)[]).map((x) => x ?? undefined);
  }
  if (Array.isArray(col.o)) {
    if (col.o.length !== n || !col.o.every((x) => x === null || (typeof x === 'number' && Number.isInteger(x)))) fail(what);
    return (col.o as (number | null)[]).map((x) => (x === null ? undefined : isoOf(x)));
  }
  const d = intArray(col.d, n, what);
  const out = new Array<string>(n);
  let prev = 0;
  for (let i = 0; i < n; i++) {
    prev += d[i]!;
    out[i] = isoOf(prev);
  }
  return out;
}

// ---------------------------------------------------------------- references to lessons

export interface RefCol {
  /** ids not among the lessons */
  e: string[];
  /** delta-coded indexes into [...lesson ids, ...e] */
  i: number[];
}

function lessonIdsOf(lessons: unknown): (string | null)[] {
  if (!Array.isArray(lessons)) return [];
  return lessons.map((l: unknown) => (isObj(l) && typeof l.id === 'string' ? l.id : null));
}

function encodeRefs(values: readonly string[], lessonIds: readonly (string | null)[]): RefCol {
  const index = new Map<string, number>();
  lessonIds.forEach((id, k) => {
    if (id !== null && !index.has(id)) index.set(id, k);
  });
  const e: string[] = [];
  const i = new Array<number>(values.length);
  let prev = 0;
  for (let k = 0; k < values.length; k++) {
    const v = values[k]!;
    let at = index.get(v);
    if (at === undefined) {
      at = lessonIds.length + e.length;
      e.push(v);
      index.set(v, at);
    }
    i[k] = at - prev;
    prev = at;
  }
  return { e, i };
}

function decodeRefs(col: unknown, n: number, lessonIds: readonly (string | null)[]): string[] {
  if (!isObj(col) || !Array.isArray(col.e) || !col.e.every((x) => typeof x === 'string')) fail('lesson refs');
  const e = col.e as string[];
  const d = intArray(col.i, n, 'lesson refs');
  const out = new Array<string>(n);
  let at = 0;
  for (let k = 0; k < n; k++) {
    at += d[k]!;
    const v = at < lessonIds.length ? lessonIds[at] : e[at - lessonIds.length];
    if (typeof v !== 'string') fail('lesson ref');
    out[k] = v;
  }
  return out;
}

// ---------------------------------------------------------------- leftovers

function leftovers(items: readonly Obj[], known: ReadonlySet<string>): (Obj | 0)[] | undefined {
  let any = false;
  const x = items.map((it) => {
    let extra: Obj | null = null;
    for (const k of Object.keys(it)) {
      if (known.has(k) || it[k] === undefined) continue;
      extra ??= {};
      Object.defineProperty(extra, k, { value: it[k], enumerable: true, writable: true, configurable: true });
    }
    if (extra) any = true;
    return extra ?? 0;
  });
  return any ? x : undefined;
}

function applyLeftovers(items: Obj[], x: unknown): void {
  if (x === undefined) return;
  if (!Array.isArray(x) || x.length !== items.length) fail('leftovers');
  x.forEach((extra: unknown, k) => {
    if (extra === 0) return;
    if (!isObj(extra)) fail('leftover');
    assignOwn(items[k]!, extra);
  });
}

// ---------------------------------------------------------------- field checks

const str = (v: unknown) => typeof v === 'string';
const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && !Object.is(v, -0);

function every(value: unknown, check: (o: Obj) => boolean): value is Obj[] {
  return Array.isArray(value) && value.every((o: unknown) => isObj(o) && check(o));
}

function countOf(encoded: unknown): { e: Obj; n: number } {
  if (!isObj(encoded) || !Number.isInteger(encoded.n) || (encoded.n as number) < 0) fail('count');
  return { e: encoded, n: encoded.n as number };
}

// ---------------------------------------------------------------- sections

const LESSON_KEYS: ReadonlySet<string> = new Set(['id', 'subjectId', 'teacherId', 'date', 'lessonNo', 'topic', 'type', 'homework', 'homeworkDue']);

export const lessonsEncoding: SectionEncoding = {
  id: 'lessons1',
  fits: (v) =>
    every(
      v,
      (l) =>
        str(l.id) && str(l.subjectId) && str(l.teacherId) && str(l.date) && num(l.lessonNo) && str(l.topic) && str(l.type) && optStr(l.homework) && optStr(l.homeworkDue),
    ),
  encode(value) {
    const ls = value as Obj[];
    const s = (k: string) => ls.map((l) => l[k] as string | undefined);
    const x = leftovers(ls, LESSON_KEYS);
    return {
      n: ls.length,
      id: encodeIds(s('id') as string[]),
      subj: encodeDict(s('subjectId')),
      teacher: encodeDict(s('teacherId')),
      date: encodeDates(s('date'), false),
      no: ls.map((l) => l.lessonNo as number),
      topic: encodeDict(s('topic')),
      type: encodeDict(s('type')),
      hw: encodeDict(s('homework')),
      due: encodeDates(s('homeworkDue'), true),
      ...(x ? { x } : {}),
    };
  },
  decode(encoded) {
    const { e, n } = countOf(encoded);
    const id = decodeIds(e.id, n);
    const subj = decodeRequired(e.subj, n, 'subject');
    const teacher = decodeRequired(e.teacher, n, 'teacher');
    const date = decodeDates(e.date, n, 'date');
    const no = intArray(e.no, n, 'lesson number');
    const topic = decodeRequired(e.topic, n, 'topic');
    const type = decodeRequired(e.type, n, 'type');
    const hw = decodeDict(e.hw, n, 'homework');
    const due = decodeDates(e.due, n, 'homework due');
    const out: Obj[] = new Array<Obj>(n);
    for (let k = 0; k < n; k++) {
      const d = date[k];
      if (d === undefined) fail('date');
      const l: Obj = { id: id[k], subjectId: subj[k], teacherId: teacher[k], date: d, lessonNo: no[k], topic: topic[k], type: type[k] };
      if (hw[k] !== undefined) l.homework = hw[k];
      if (due[k] !== undefined) l.homeworkDue = due[k];
      out[k] = l;
    }
    applyLeftovers(out, e.x);
    return out;
  },
};

const MARK_KEYS: ReadonlySet<string> = new Set(['id', 'lessonId', 'studentId', 'value', 'weight']);

export const marksEncoding: SectionEncoding = {
  id: 'marks1',
  fits: (v) => every(v, (m) => str(m.id) && str(m.lessonId) && str(m.studentId) && num(m.value) && num(m.weight)),
  deps: (whole) => [whole.lessons],
  encode(value, whole) {
    const ms = value as Obj[];
    const x = leftovers(ms, MARK_KEYS);
    return {
      n: ms.length,
      id: encodeIds(ms.map((m) => m.id as string)),
      l: encodeRefs(
        ms.map((m) => m.lessonId as string),
        lessonIdsOf(whole.lessons),
      ),
      s: encodeDict(ms.map((m) => m.studentId as string)),
      v: ms.map((m) => m.value as number),
      w: ms.map((m) => m.weight as number),
      ...(x ? { x } : {}),
    };
  },
  decode(encoded, section) {
    const { e, n } = countOf(encoded);
    const id = decodeIds(e.id, n);
    const lesson = decodeRefs(e.l, n, lessonIdsOf(section('lessons')));
    const student = decodeRequired(e.s, n, 'student');
    const v = intArray(e.v, n, 'value');
    const w = intArray(e.w, n, 'weight');
    const out: Obj[] = new Array<Obj>(n);
    for (let k = 0; k < n; k++) out[k] = { id: id[k], lessonId: lesson[k], studentId: student[k], value: v[k], weight: w[k] };
    applyLeftovers(out, e.x);
    return out;
  },
};

const ATTENDANCE_KEYS: ReadonlySet<string> = new Set(['id', 'lessonId', 'studentId', 'kind']);

export const attendanceEncoding: SectionEncoding = {
  id: 'attendance1',
  fits: (v) => every(v, (a) => str(a.id) && str(a.lessonId) && str(a.studentId) && str(a.kind)),
  deps: (whole) => [whole.lessons],
  encode(value, whole) {
    const as = value as Obj[];
    const x = leftovers(as, ATTENDANCE_KEYS);
    return {
      n: as.length,
      id: encodeIds(as.map((a) => a.id as string)),
      l: encodeRefs(
        as.map((a) => a.lessonId as string),
        lessonIdsOf(whole.lessons),
      ),
      s: encodeDict(as.map((a) => a.studentId as string)),
      k: encodeDict(as.map((a) => a.kind as string)),
      ...(x ? { x } : {}),
    };
  },
  decode(encoded, section) {
    const { e, n } = countOf(encoded);
    const id = decodeIds(e.id, n);
    const lesson = decodeRefs(e.l, n, lessonIdsOf(section('lessons')));
    const student = decodeRequired(e.s, n, 'student');
    const kind = decodeRequired(e.k, n, 'kind');
    const out: Obj[] = new Array<Obj>(n);
    for (let k = 0; k < n; k++) out[k] = { id: id[k], lessonId: lesson[k], studentId: student[k], kind: kind[k] };
    applyLeftovers(out, e.x);
    return out;
  },
};

export const JOURNAL_ENCODINGS: Record<string, SectionEncoding> = {
  lessons: lessonsEncoding,
  marks: marksEncoding,
  attendance: attendanceEncoding,
};
