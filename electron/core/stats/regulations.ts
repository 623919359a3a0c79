import type { Student } from '../../contract/entities/people.js';
import type { Holiday } from '../../contract/entities/school.js';
import type { NotViewedItem, PaperItem, PaperWeeks, RegulationCounts, RegulationsClassRow } from '../../contract/groups/stats.js';
import { fullName, shortName } from '../../contract/text/format.js';
import { closedWeek, holidayDays, weekOf, type Week } from '../extracts/duty.js';
import { paperDuty, type PaperDuty } from '../extracts/paperDuty.js';
import { addDays, daysBetween, minDate } from '../journal/calendarDays.js';
import { activeDuring, activeOn } from '../journal/periods.js';
import { deriveStatus } from '../registry/status.js';
import type { StatsClassData } from './source.js';

/**
 * How a class keeps the regulations, on the day of the report:
 * - consent to personal-data processing, refusals, annulments, students' own applications (14+),
 *   from the registry's derived status of each student in the class that day;
 * - weekly paper information over the weeks of the report's range only (`classPaperWeeks`): for
 *   each student due in a week, the week's paper handed over in the week is on time, handed over
 *   only later is late, none is missed, and the current week not over yet is pending (`weekOutcome`);
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

export type WeekOutcome = 'onTime' | 'late' | 'missed' | 'pending';

/**
 * How a family's paper duty of one week was kept, seen on `asOf`, from the days of the hand-overs
 * that close that week (`closedWeek`: the week an extract was made for, so one hand-over closes one
 * week) recorded by `asOf`:
 * - «выдано вовремя» (onTime): one of them was handed over by the week's Sunday;
 * - «выдано позже» (late): the week's own paper was handed over only after its Sunday (a weekly
 *   extract of 16–22.11 handed over on 24.11); a later week's paper never makes an earlier week late;
 * - «ещё идёт» (pending): nothing yet, and the week is not over on `asOf` (its Sunday included);
 * - «не выдано» (missed): nothing, and the week is over (`asOf` is after its Sunday).
 */
export function weekOutcome(week: Week, closingDates: readonly string[], asOf: string): WeekOutcome {
  const known = closingDates.filter((d) => d <= asOf);
  if (known.some((d) => d <= week.sunday)) return 'onTime';
  if (known.length > 0) return 'late';
  return week.sunday >= asOf ? 'pending' : 'missed';
}

/** A week of school holidays from Monday to Friday: no lessons, nothing to inform of, no paper due. */
export function holidayWeek(week: Week, isHoliday: (day: string) => boolean): boolean {
  for (let i = 0; i < 5; i++) if (!isHoliday(addDays(week.monday, i))) return false;
  return true;
}

/**
 * Weekly paper information of a class over the weeks of a report's range (`range`: from the
 * period's start to its end, or to `asOf` when the period is still on): only the weeks overlapping
 * the range are counted, whatever day the report is seen on, except weeks of school holidays
 * (`holidayWeek`). A student counts in a week when he is
 * in the class that week and the registry has his family on paper at the end of the week (or on
 * `asOf` for the current one); the week's outcome is `weekOutcome` over hand-overs recorded by `asOf`.
 */
export function classPaperWeeks(
  data: StatsClassData,
  cls: { id: string; name: string },
  range: { start: string; end: string },
  asOf: string,
  isHoliday: (day: string) => boolean,
  known?: ReadonlyMap<string, PaperDuty>,
): PaperResult {
  const weeks = emptyPaperWeeks();
  const duty = paperDutyMemo(data, known);
  /** Per student: the days of his hand-overs (by `asOf`), by the Monday of the week each closes. */
  const closing = new Map<string, Map<string, string[]>>();
  const lastOf = new Map<string, string>();
  for (const e of data.extracts) {
    if (!e.handedOver || e.handedOver.date > asOf) continue;
    const date = e.handedOver.date;
    let byWeek = closing.get(e.studentId);
    if (!byWeek) closing.set(e.studentId, (byWeek = new Map()));
    const monday = closedWeek({ periodEnd: e.periodEnd, handedOver: e.handedOver });
    const list = byWeek.get(monday);
    if (list) list.push(date);
    else byWeek.set(monday, [date]);
    if ((lastOf.get(e.studentId) ?? '') < date) lastOf.set(e.studentId, date);
  }
  const perStudent = new Map<string, PaperItem>();
  for (const week of weeksOf(range.start, range.end)) {
    if (week.monday > asOf) break;
    if (holidayWeek(week, isHoliday)) continue;
    const judgedOn = minDate(week.sunday, asOf);
    for (const student of data.students) {
      if (student.enrolledOn > judgedOn || !activeDuring(student, { start: week.monday, end: judgedOn })) continue;
      if (!duty(student, judgedOn).due) continue;
      const kind = weekOutcome(week, closing.get(student.id)?.get(week.monday) ?? [], asOf);
      if (kind === 'pending') {
        weeks.pending++;
        continue;
      }
      weeks.due++;
      weeks[kind]++;
      let p = perStudent.get(student.id);
      if (!p) {
        const last = lastOf.get(student.id);
        p = {
          key: `${cls.id}:${student.id}`,
          classId: cls.id,
          className: cls.name,
          studentName: fullName(student),
          weeksDue: 0,
          onTime: 0,
          late: 0,
          missed: 0,
          ...(last ? { lastHandedOverOn: last } : {}),
        };
        perStudent.set(student.id, p);
      }
      p.weeksDue++;
      p[kind]++;
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
  opts: { asOf: string; paper: { start: string; end: string }; holidays: readonly Holiday[]; days: number; dayOf: (ts: string) => string },
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

  const paper = classPaperWeeks(data, cls, opts.paper, opts.asOf, holidayDays(opts.holidays, cls.grade), known);
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
