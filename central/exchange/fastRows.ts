/**
 * The rows of the biggest files (marks.csv and attendance.csv: a million and a half rows for a
 * school's year; diary_views.csv and final_marks.csv: some ninety and fifty thousand) read without the general machinery — no `Row` object, no problem list, no schema
 * parse — when they are plainly valid. Anything else (an empty or unusual cell, a value out of
 * range, a text too long) gives `null`, and the caller reads the row the ordinary way
 * (`Row`, `FileSpec.read`, the contract schema), which reports the problems with their Russian
 * messages. A fast reading is therefore never the one that refuses a row, and whenever it accepts
 * one it gives what the ordinary reading gives (tests/unit/exchange/fastRows.property.test.ts
 * holds it to that).
 */
import type { RowContext } from './format.js';
import { parseAttendanceCode, parseDate, parseDecimal, parseMark } from './values.js';

/** A plainly valid row: the entity's canonical JSON and what it refers to. */
export type FastRow =
  | { kind: 'mark' | 'attendance'; id: string; lessonId: string; studentId: string; text: string }
  /** A parent's view of a student's diary: its id is the contract's key (guardian:student:moment). */
  | { kind: 'diaryView'; id: string; guardianId: string; studentId: string; text: string }
  /** A final mark: the period it refers to is a period or, for `year:`/`exam:`/`final:`, a year. */
  | { kind: 'finalMark'; id: string; studentId: string; subjectId: string; periodRef: { kind: 'period' | 'year'; id: string }; text: string }
  /** A special mark or a late arrival: counted, not imported. */
  | { kind: 'skipped'; label: string };

export type FastReader = (cells: string[]) => FastRow | null;

/** The contract's `Id` (nothing in it is escaped in JSON). */
const ID = /^[A-Za-z0-9_.:-]{1,64}$/;

/**
 * The canonical JSON (keys in order, as `canonicalJson` writes it) of a mark and of an absence:
 * ids are of the `Id` alphabet, so they are written as they are; numbers are finite.
 */
const markText = (id: string, lessonId: string, studentId: string, value: number, weight: number, work: string) =>
  `{"id":"${id}","lessonId":"${lessonId}","studentId":"${studentId}","value":${value},"weight":${weight}${work === '' ? '' : `,"work":${JSON.stringify(work)}`}}`;
const absenceText = (id: string, kind: string, lessonId: string, studentId: string) => `{"id":"${id}","kind":"${kind}","lessonId":"${lessonId}","studentId":"${studentId}"}`;

/** The three ids of a journal row, mapped to internal ones and valid as the contract's `Id`; null otherwise. */
function ids(ctx: RowContext, rawId: string | undefined, rawLesson: string | undefined, rawStudent: string | undefined): [string, string, string] | null {
  if (!rawId || !rawLesson || !rawStudent) return null;
  const id = ctx.id(rawId);
  const lessonId = ctx.id(rawLesson);
  const studentId = ctx.id(rawStudent);
  if (id === null || lessonId === null || studentId === null || !ID.test(id) || !ID.test(lessonId) || !ID.test(studentId)) return null;
  return [id, lessonId, studentId];
}

const column = (header: string[], name: string) => header.indexOf(name);

/** marks.csv: a mark of the journal, an absence written among the marks, or a special mark. */
function markReader(header: string[], ctx: RowContext): FastReader {
  const cId = column(header, 'id');
  const cLesson = column(header, 'lesson_id');
  const cStudent = column(header, 'student_id');
  const cValue = column(header, 'value');
  const cScale = column(header, 'scale');
  const cWeight = column(header, 'weight');
  const cWork = column(header, 'work');
  const at = (cells: string[], c: number) => (c < 0 ? '' : (cells[c] ?? ''));
  return (cells) => {
    const three = ids(ctx, cells[cId], cells[cLesson], cells[cStudent]);
    if (!three) return null;
    const [id, lessonId, studentId] = three;
    const valueCell = at(cells, cValue);
    const scaleCell = at(cells, cScale);
    let value: number;
    if (valueCell.length === 1 && valueCell >= '1' && valueCell <= '5' && (scaleCell === '' || scaleCell === '5')) value = valueCell.charCodeAt(0) - 48;
    else {
      const v = parseMark(valueCell, scaleCell);
      if (!v.ok) return null;
      if (v.value.kind === 'special') return { kind: 'skipped', label: v.value.label };
      // An absence keeps no weight or kind of work: those cells are not read.
      if (v.value.kind === 'absence') return { kind: 'attendance', id, lessonId, studentId, text: absenceText(id, v.value.code, lessonId, studentId) };
      value = v.value.value;
    }
    const weightCell = at(cells, cWeight);
    let weight = 1;
    if (weightCell !== '' && weightCell !== '1') {
      const w = parseDecimal(weightCell, 0, 10);
      if (!w.ok) return null;
      weight = w.value;
    }
    const work = at(cells, cWork);
    if (work.length > 100) return null;
    return { kind: 'mark', id, lessonId, studentId, text: markText(id, lessonId, studentId, value, weight, work) };
  };
}

/** attendance.csv: an absence, or a late arrival (not kept). */
function attendanceReader(header: string[], ctx: RowContext): FastReader {
  const cId = column(header, 'id');
  const cLesson = column(header, 'lesson_id');
  const cStudent = column(header, 'student_id');
  const cCode = column(header, 'code');
  return (cells) => {
    const three = ids(ctx, cells[cId], cells[cLesson], cells[cStudent]);
    if (!three) return null;
    const [id, lessonId, studentId] = three;
    const cell = cCode < 0 ? '' : (cells[cCode] ?? '');
    let kind: string;
    if (cell === 'н' || cell === 'б' || cell === 'у') kind = cell;
    else {
      const code = parseAttendanceCode(cell);
      if (!code.ok) return null;
      if (code.value === null) return { kind: 'skipped', label: 'опоздание' };
      kind = code.value;
    }
    return { kind: 'attendance', id, lessonId, studentId, text: absenceText(id, kind, lessonId, studentId) };
  };
}

/** A moment as `parseMoment` keeps it unchanged (what `toISOString` writes). */
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** diary_views.csv: a view at a moment written as `toISOString` writes it. */
function diaryViewReader(header: string[], ctx: RowContext): FastReader {
  const cGuardian = column(header, 'guardian_id');
  const cStudent = column(header, 'student_id');
  const cAt = column(header, 'at');
  return (cells) => {
    const rawGuardian = cells[cGuardian];
    const rawStudent = cells[cStudent];
    const at = cAt < 0 ? '' : (cells[cAt] ?? '');
    if (!rawGuardian || !rawStudent || !MOMENT.test(at) || Number.isNaN(Date.parse(at))) return null;
    const guardianId = ctx.id(rawGuardian);
    const studentId = ctx.id(rawStudent);
    if (guardianId === null || studentId === null || !ID.test(guardianId) || !ID.test(studentId)) return null;
    // The contract's key, with nothing to drop: both ids and the moment are of its alphabet.
    const id = `${guardianId}:${studentId}:${at}`;
    if (id.length > 64) return null;
    return { kind: 'diaryView', id, guardianId, studentId, text: `{"at":"${at}","guardianId":"${guardianId}","studentId":"${studentId}"}` };
  };
}

/** A moment that the contract's `Timestamp` takes and `parseMoment` keeps as it is: exactly what `toISOString` writes. */
const isoMoment = (s: string) => {
  if (!MOMENT.test(s)) return false;
  const t = Date.parse(s);
  return !Number.isNaN(t) && new Date(t).toISOString() === s;
};

/**
 * final_marks.csv: a mark (1–5) or none, no deferral, the day it became known written out as
 * ГГГГ-ММ-ДД (an empty one takes the period's end: the ordinary reading), moments as `toISOString`
 * writes them.
 */
function finalMarkReader(header: string[], ctx: RowContext): FastReader {
  const c = (name: string) => column(header, name);
  const [cId, cStudent, cSubject, cPeriod, cValue, cReason, cDue, cKnown, cPublished, cBy, cAt, cHlc] = ['id', 'student_id', 'subject_id', 'period_id', 'value', 'deferral_reason', 'deferral_due_on', 'known_on', 'published_at', 'entered_by', 'entered_at', 'hlc'].map(c);
  const at = (cells: string[], i: number | undefined) => (i === undefined || i < 0 ? '' : (cells[i] ?? ''));
  const plainId = (raw: string) => {
    if (raw === '') return null;
    const id = ctx.id(raw);
    return id !== null && ID.test(id) ? id : null;
  };
  return (cells) => {
    if (at(cells, cReason) !== '' || at(cells, cDue) !== '') return null;
    const id = plainId(at(cells, cId));
    const studentId = plainId(at(cells, cStudent));
    const subjectId = plainId(at(cells, cSubject));
    if (id === null || studentId === null || subjectId === null) return null;
    const rawPeriod = at(cells, cPeriod);
    const m = /^(year|exam|final):(.+)$/.exec(rawPeriod);
    const periodRef = m ? { kind: 'year' as const, id: plainId(m[2]!) } : { kind: 'period' as const, id: plainId(rawPeriod) };
    if (periodRef.id === null) return null;
    const periodId = m ? `${m[1]}:${periodRef.id}` : periodRef.id;
    if (periodId.length > 80) return null;
    const valueCell = at(cells, cValue);
    if (valueCell !== '' && !(valueCell.length === 1 && valueCell >= '1' && valueCell <= '5')) return null;
    const knownOn = at(cells, cKnown);
    const known = parseDate(knownOn);
    if (!known.ok || known.value !== knownOn) return null;
    const publishedAt = at(cells, cPublished);
    if (publishedAt !== '' && !isoMoment(publishedAt)) return null;
    const byCell = at(cells, cBy);
    const enteredBy = byCell === '' ? ctx.source : plainId(byCell);
    if (enteredBy === null || !ID.test(enteredBy)) return null;
    const atCell = at(cells, cAt);
    const enteredAt = atCell === '' ? ctx.exportedAt : atCell;
    if (!isoMoment(enteredAt)) return null;
    const hlcCell = at(cells, cHlc);
    const hlc = hlcCell === '' ? `${enteredAt}-0000-${ctx.source}` : hlcCell;
    const text =
      `{"enteredAt":"${enteredAt}","enteredBy":"${enteredBy}","hlc":${JSON.stringify(hlc)},"id":"${id}","knownOn":"${knownOn}","periodId":"${periodId}"` +
      `${publishedAt === '' ? '' : `,"publishedAt":"${publishedAt}"`},"studentId":"${studentId}","subjectId":"${subjectId}","value":${valueCell === '' ? 'null' : `"${valueCell}"`}}`;
    return { kind: 'finalMark', id, studentId, subjectId, periodRef: { kind: periodRef.kind, id: periodRef.id }, text };
  };
}

/** The fast reader of a file, when it has one. `header`: the file's header (lower case). */
export function fastReaderOf(file: string, header: string[], ctx: RowContext): FastReader | null {
  if (file === 'marks.csv') return markReader(header, ctx);
  if (file === 'attendance.csv') return attendanceReader(header, ctx);
  if (file === 'diary_views.csv') return diaryViewReader(header, ctx);
  if (file === 'final_marks.csv') return finalMarkReader(header, ctx);
  return null;
}
