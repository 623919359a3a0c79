import { finalMarkInvalid, type CompromiseRule } from '../../contract/auth/compromise.js';
import type { FinalMarkEntry } from '../../contract/entities/journal.js';
import type { PersonName } from '../../contract/entities/common.js';
import type { FinalCell, FinalChangeRequestView, FinalEntryView } from '../../contract/groups/finals.js';
import { fullName, shortName } from '../../contract/text/format.js';
import type { ClassContext } from '../journal/classContext.js';
import { dayOfMoment, type FinalMarkStatus } from '../journal/finalMarks.js';
import type { ClassData, SchoolData } from '../store/schema.js';
import type { FinalChangeRequest } from './changeRequests.js';
import { classColumns } from './columns.js';
import { changeLock, type LockReason } from './rules.js';

/** What the final marks' screens see: a cell of the board, a change request, a name. */

export interface CellExtra {
  forecast?: number | null;
  inactive?: boolean;
  locked?: LockReason[];
  request?: FinalChangeRequest | undefined;
}

export function toCell(subjectId: string, st: FinalMarkStatus, extra: CellExtra = {}): FinalCell {
  return {
    subjectId,
    state: st.state,
    value: st.value,
    ...(st.deferral ? { deferral: st.deferral } : {}),
    wasDeferred: st.wasDeferred,
    ...(st.lateness ? { lateness: st.lateness } : {}),
    ...(st.entry ? { entryId: st.entry.id, knownOn: st.entry.knownOn } : {}),
    ...(extra.forecast !== undefined ? { forecast: extra.forecast } : {}),
    ...(extra.inactive ? { inactive: true } : {}),
    ...(extra.locked && extra.locked.length > 0 ? { locked: extra.locked } : {}),
    ...(extra.request
      ? { request: { id: extra.request.id, value: extra.request.value, ...(extra.request.deferral ? { deferral: extra.request.deferral } : {}) } }
      : {}),
  };
}

/** A user's or teacher's short name by id, for histories and request lists («—» when unknown). */
export function namer(school: SchoolData): (id: string | undefined) => string {
  const people = new Map<string, PersonName>();
  for (const t of school.teachers) people.set(t.id, t);
  for (const u of school.users) people.set(u.id, u.name);
  return (id) => {
    const p = id ? people.get(id) : undefined;
    return p ? shortName(p) : '—';
  };
}

export function requestView(
  r: FinalChangeRequest,
  o: { cc: ClassContext; data: ClassData; school: SchoolData; rule: CompromiseRule; today: string; deadlineDays: number; allFinalMarks: readonly FinalMarkEntry[] },
): FinalChangeRequestView {
  const name = namer(o.school);
  const student = o.data.students.find((s) => s.id === r.studentId);
  const column = classColumns(o.cc, o.data.finalMarks).find((c) => c.key === r.periodId);
  const base = o.allFinalMarks.find((e) => e.id === r.baseEntryId);
  const invalid = o.rule.isInvalidAt(r.requestedBy, r.requestedAt);
  return {
    id: r.id,
    classId: o.cc.cls.id,
    className: o.cc.cls.name,
    studentId: r.studentId,
    studentName: student ? fullName(student) : '—',
    subjectId: r.subjectId,
    subjectName: o.cc.subjects.find((s) => s.id === r.subjectId)?.name ?? '—',
    periodKey: r.periodId,
    columnTitle: column?.title ?? r.periodId,
    fromValue: base?.value ?? null,
    value: r.value,
    ...(r.deferral ? { deferral: r.deferral } : {}),
    knownOn: r.knownOn,
    reason: r.reason,
    // Why the mark was locked, as of the day of the request.
    locked: base && column ? changeLock(base, column, dayOfMoment(r.requestedAt), o.deadlineDays) : [],
    requestedByName: name(r.requestedBy),
    requestedAt: r.requestedAt,
    status: r.status,
    ...(r.decidedBy ? { decidedByName: name(r.decidedBy) } : {}),
    ...(r.decidedAt ? { decidedAt: r.decidedAt } : {}),
    ...(r.note ? { note: r.note } : {}),
    ...(invalid ? { invalid: true } : {}),
  };
}

/** The history of a cell, oldest first: every entry, those made with a compromised login marked invalid. */
export function historyRows(history: readonly FinalMarkEntry[], school: SchoolData, rule: CompromiseRule): FinalEntryView[] {
  const name = namer(school);
  return history.map((e) => ({
    id: e.id,
    value: e.value,
    ...(e.deferral ? { deferral: e.deferral } : {}),
    knownOn: e.knownOn,
    ...(e.publishedAt ? { publishedAt: e.publishedAt } : {}),
    enteredByName: name(e.enteredBy),
    enteredAt: e.enteredAt,
    ...(finalMarkInvalid(rule, e) ? { invalid: true } : {}),
    ...(e.reason ? { reason: e.reason } : {}),
    ...(e.confirmedBy ? { confirmedByName: name(e.confirmedBy) } : {}),
    ...(e.confirmedAt ? { confirmedAt: e.confirmedAt } : {}),
  }));
}
