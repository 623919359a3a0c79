import type { Student } from '../../contract/entities/people.js';
import type { NotViewedItem, PaperItem, PaperWeeks, RegulationCounts, RegulationsClassRow } from '../../contract/groups/stats.js';
import { fullName, shortName } from '../../contract/text/format.js';
import { classDuty, weekOf, type Week } from '../extracts/duty.js';
import { paperDuty, type PaperDuty } from '../extracts/paperDuty.js';
import { addDays, daysBetween, minDate } from '../journal/calendarDays.js';
import { activeOn } from '../journal/periods.js';
import { deriveStatus } from '../registry/status.js';
import type { StatsClassData } from './source.js';

/**
 * How a class keeps the regulations, on the day of the report:
 * - consent to personal-data processing, refusals, annulments, students' own applications (14+),
 *   from the registry's derived status of each student in the class that day;
 * - weekly paper information over the weeks of a range: for each student due in a week (the
 *   registry's verdict at the end of that week), an extract handed over that week is on time, one
 *   handed over only later is late, none at all is missed; the current week, not over and not yet
 *   overdue, is pending (the extracts' weekly duty, `classDuty`);
 * - guardians of students with the electronic service who have not viewed the diary for N days
 *   (or never), from the diary-view records of the central system.
 */

export function emptyPaperWeeks(): PaperWeeks {
  return { due: 0, onTime: 0, late: 0, missed: 0, pending: 0 };
}

export function emptyRegulationCounts(): RegulationCounts {
  return {
    students: 0,
    consent: 0,
    nonconsent: 0,
    noConsent: 0,
    disputed: 0,
    electronic: 0,
    refusals: 0,
    annulments: 0,
    applications: 0,
    canApply: 0,
    paperDue: 0,
    paper: emptyPaperWeeks(),
    guardians: 0,
    notViewed: 0,
    neverViewed: 0,
  };
}

export function addRegulations(a: RegulationCounts, b: RegulationCounts): RegulationCounts {
  for (const k of Object.keys(a) as (keyof RegulationCounts)[]) {
    if (k === 'paper') for (const p of Object.keys(a.paper) as (keyof PaperWeeks)[]) a.paper[p] += b.paper[p];
    else a[k] += b[k];
  }
  return a;
}

/** The weeks (Monday–Sunday) that overlap a range. */
export function weeksOf(start: string, end: string): Week[] {
  const out: Week[] = [];
  for (let w = weekOf(start); w.monday <= end; w = weekOf(addDays(w.monday, 7))) out.push(w);
  return out;
}

/**
 * The registry's paper verdict for a student on a day (`paperDuty`) depends only on the documents
 * signed by then: computed once per distinct set of documents. `known` gives verdicts already
 * derived (today's status) for students all of whose documents are signed by the day of the report.
 */
function paperDutyMemo(data: StatsClassData, known?: ReadonlyMap<string, PaperDuty>): (s: Student, onDay: string) => PaperDuty {
  const invalid = data.invalidIds;
  // The pending mutations are not in the summary: the invalid ids (all paperDuty reads of them) are given.
  const registry = { documents: data.documents, guardians: data.guardians, mutations: [] };
  const dates = new Map<string, string[]>();
  for (const d of data.documents) {
    const list = dates.get(d.studentId);
    if (list) list.push(d.signedOn);
    else dates.set(d.studentId, [d.signedOn]);
  }
  for (const list of dates.values()) list.sort();
  const memo = new Map<string, PaperDuty>();
  return (s, onDay) => {
    const list = dates.get(s.id) ?? [];
    let n = 0;
    while (n < list.length && list[n]! <= onDay) n++;
    if (n === list.length) {
      const k = known?.get(s.id);
      if (k) return k;
    }
    const key = `${s.id}|${n}`;
    let v = memo.get(key);
    if (!v) memo.set(key, (v = paperDuty(registry, s, onDay, invalid)));
    return v;
  };
}

export interface PaperResult {
  weeks: PaperWeeks;
  items: PaperItem[];
}

/** Weekly paper information of a class over the weeks from `start` to `asOf`. */
export function classPaperWeeks(
  data: StatsClassData,
  cls: { id: string; name: string },
  start: string,
  asOf: string,
  known?: ReadonlyMap<string, PaperDuty>,
): PaperResult {
  const weeks = emptyPaperWeeks();
  const duty = paperDutyMemo(data, known);
  const handed = new Map<string, string[]>();
  for (const e of data.extracts) {
    if (!e.handedOver || e.handedOver.date > asOf) continue;
    const list = handed.get(e.studentId);
    if (list) list.push(e.handedOver.date);
    else handed.set(e.studentId, [e.handedOver.date]);
  }
  const perStudent = new Map<string, PaperItem>();
  for (const week of weeksOf(start, asOf)) {
    const judgedOn = minDate(week.sunday, asOf);
    const current = judgedOn < week.sunday;
    const items = classDuty({ students: data.students, extracts: data.extracts, week, asOf: judgedOn, duty: (s) => duty(s, judgedOn) });
    for (const it of items) {
      let kind: keyof PaperWeeks;
      if (it.handedThisWeek) kind = 'onTime';
      else if (current && !it.overdue) kind = 'pending';
      else if ((handed.get(it.student.id) ?? []).some((d) => d > week.sunday)) kind = 'late';
      else kind = 'missed';
      if (kind === 'pending') {
        weeks.pending++;
        continue;
      }
      weeks.due++;
      weeks[kind]++;
      let p = perStudent.get(it.student.id);
      if (!p) {
        p = { key: `${cls.id}:${it.student.id}`, classId: cls.id, className: cls.name, studentName: fullName(it.student), weeksDue: 0, onTime: 0, late: 0, missed: 0 };
        perStudent.set(it.student.id, p);
      }
      p.weeksDue++;
      p[kind]++;
      const last = (handed.get(it.student.id) ?? []).sort().at(-1);
      if (last) p.lastHandedOverOn = last;
    }
  }
  return { weeks, items: [...perStudent.values()] };
}

/** The latest view of each guardian (any of his children), as a day. */
function lastViews(data: Pick<StatsClassData, 'lastViews'>, dayOf: (ts: string) => string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [g, at] of data.lastViews) out.set(g, dayOf(at));
  return out;
}

export interface ClassRegulations {
  row: RegulationsClassRow;
  notViewed: NotViewedItem[];
  paper: PaperItem[];
}

export function classRegulations(
  data: StatsClassData,
  cls: { id: string; name: string; grade: number },
  opts: { asOf: string; paperFrom: string; days: number; dayOf: (ts: string) => string },
): ClassRegulations {
  const counts = emptyRegulationCounts();
  const invalidIds = data.invalidIds;
  const docsOf = new Map<string, typeof data.documents>();
  for (const d of data.documents) {
    const list = docsOf.get(d.studentId);
    if (list) list.push(d);
    else docsOf.set(d.studentId, [d]);
  }
  const electronic = new Set<string>();
  const present = new Map<string, Student>();
  const known = new Map<string, PaperDuty>();
  for (const s of data.students) {
    if (!activeOn(s, opts.asOf)) continue;
    present.set(s.id, s);
    counts.students++;
    const documents = docsOf.get(s.id) ?? [];
    const st = deriveStatus({ student: s, guardians: data.guardians, documents, today: opts.asOf, invalidIds });
    // The same derivation paperDuty makes for the day of the report (all documents signed by then).
    if (documents.every((d) => d.signedOn <= opts.asOf)) known.set(s.id, { due: st.paper.due, reasons: st.paper.reasons, ...(st.paper.since ? { since: st.paper.since } : {}) });
    if (st.consent.state === 'given' || st.consent.studentOwn) counts.consent++;
    else if (st.consent.state === 'refused') counts.nonconsent++;
    else if (st.consent.state === 'disputed') counts.disputed++;
    else counts.noConsent++;
    if (st.service.electronic) {
      counts.electronic++;
      electronic.add(s.id);
      if (st.service.reason === 'annulment') counts.annulments++;
    } else if (st.service.reason === 'refusal') counts.refusals++;
    if (st.consent.studentOwn) counts.applications++;
    if (st.canApply) counts.canApply++;
    if (st.paper.due) counts.paperDue++;
  }

  const paper = classPaperWeeks(data, cls, opts.paperFrom, opts.asOf, known);
  counts.paper = paper.weeks;

  const last = lastViews(data, opts.dayOf);
  const notViewed: NotViewedItem[] = [];
  for (const g of data.guardians) {
    const children = g.studentIds.filter((id) => electronic.has(id));
    if (children.length === 0) continue;
    counts.guardians++;
    const lastOn = last.get(g.id);
    const days = lastOn ? daysBetween(lastOn, opts.asOf) : null;
    if (days !== null && days < opts.days) continue;
    counts.notViewed++;
    if (days === null) counts.neverViewed++;
    notViewed.push({
      key: `${cls.id}:${g.id}`,
      classId: cls.id,
      className: cls.name,
      guardianName: fullName(g),
      relation: g.relation,
      studentNames: children.map((id) => shortName(present.get(id)!)).join(', '),
      ...(lastOn ? { lastViewedOn: lastOn } : {}),
      days,
    });
  }
  return { row: { classId: cls.id, className: cls.name, grade: cls.grade, ...counts }, notViewed, paper: paper.items };
}
