import type { RegistryDocument } from '../../contract/entities/documents.js';
import type { Guardian, Student } from '../../contract/entities/people.js';
import type { ExtractSection } from '../../contract/entities/settings.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName } from '../../contract/text/format.js';
import { paperDuty, type PaperDuty } from '../extracts/paperDuty.js';
import type { ExtractRecord } from '../extracts/record.js';
import type { ClassData } from '../store/schema.js';
import type { Actor } from '../extracts/register.js';
import { activeOn } from '../journal/periods.js';
import { dayOf, isoOf, moscowTimestamp, weekdayOf, type Day } from './dates.js';
import type { Rng } from './rng.js';

/**
 * The weekly paper duty as a school that keeps it (regulations: paper information «не реже чем
 * один раз в неделю» for families on paper): every week of the school year the office prints the
 * batch of weekly extracts (`batchDays`: one working day per week, the same for the whole school),
 * the director — now and then the deputy — signs them off the same day, and the class teacher hands
 * them over against a guardian's signature on the class's day (Thursday or Friday). Most families
 * get their paper every week; some now and then a few days late (the next Monday or Tuesday); a few
 * families are hard to reach and miss weeks. A week is judged by the registry as it was then
 * (`paperDuty`), so a family is due only while its refusal, missing consent or chosen paper
 * channel is in force. Only what was handed over is in the register (the content hash of a demo
 * extract is not the hash of an assembled content: nothing of it is printed again), and nothing
 * is handed over after `until` (the day before the demo's day: that day's work is still to come).
 */

/** How reliably a family comes for its paper: on time, late (the next Monday or Tuesday), else missed. */
const HABITS: readonly (readonly [{ onTime: number; late: number }, number])[] = [
  [{ onTime: 0.95, late: 0.03 }, 0.8],
  [{ onTime: 0.8, late: 0.1 }, 0.15],
  [{ onTime: 0.5, late: 0.15 }, 0.05],
];

export interface HandoverInput {
  classId: string;
  students: readonly Student[];
  guardians: readonly Guardian[];
  documents: readonly RegistryDocument[];
  /** The class's school days, in order. */
  classDays: readonly Day[];
  /** Per week (its Monday), the day the office prints the school's batch. */
  batchDays: ReadonlyMap<Day, Day>;
  /** The last day anything is handed over. */
  until: Day;
  office: Actor;
  classTeacher: Actor;
  /** The director first, then deputies. */
  signers: readonly Actor[];
  sections: ExtractSection[];
  rng: Rng;
}

/** A handed-over weekly extract, its number still 0: numbers are given school-wide in order (`numberExtracts`). */
export interface PlannedExtract {
  rec: ExtractRecord;
  /** The day it was prepared (the batch day, or later for a family due from that week). */
  preparedOn: Day;
  studentName: string;
}

const mondayOf = (d: Day): Day => d - weekdayOf(d) + 1;

/** The day of the school's weekly batch: the week's Wednesday, or the nearest working day of the week. */
export function batchDaysOf(workingDays: readonly Day[]): Map<Day, Day> {
  const byWeek = new Map<Day, Day[]>();
  for (const d of workingDays) {
    if (weekdayOf(d) > 5) continue;
    const m = mondayOf(d);
    const list = byWeek.get(m);
    if (list) list.push(d);
    else byWeek.set(m, [d]);
  }
  const out = new Map<Day, Day>();
  for (const [m, days] of byWeek) out.set(m, days.find((d) => weekdayOf(d) >= 3) ?? days[days.length - 1]!);
  return out;
}

function hex(rng: Rng, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[rng.int(0, 15)];
  return s;
}

export function generateHandovers(a: HandoverInput): PlannedExtract[] {
  const days = new Set(a.classDays);
  const handDay = a.rng.weighted<number>([
    [4, 0.4],
    [5, 0.6],
  ]);
  // The registry's verdict on a day depends only on the student's documents signed by then.
  const own = new Map<string, Pick<ClassData, 'documents' | 'guardians' | 'mutations'>>(
    a.students.map((s) => [s.id, { documents: [], guardians: a.guardians.filter((g) => g.studentIds.includes(s.id)), mutations: [] }]),
  );
  for (const d of a.documents) own.get(d.studentId)?.documents.push(d);
  const memo = new Map<string, PaperDuty>();
  const noInvalid = new Set<string>();
  const dutyOn = (s: Student, day: Day): PaperDuty => {
    const registry = own.get(s.id)!;
    const iso = isoOf(day);
    let n = 0;
    for (const d of registry.documents) if (d.signedOn <= iso) n++;
    const key = `${s.id}|${n}`;
    let v = memo.get(key);
    if (!v) memo.set(key, (v = paperDuty(registry, s, iso, noInvalid)));
    return v;
  };
  const habits = new Map(a.students.map((s) => [s.id, a.rng.fork('habit', s.id).weighted(HABITS)] as const));
  const out: PlannedExtract[] = [];
  for (const [monday, batchDay] of [...a.batchDays].sort((x, y) => x[0] - y[0])) {
    const sunday = monday + 6;
    const weekDays = a.classDays.filter((d) => d >= monday && d <= sunday);
    if (weekDays.length === 0 || batchDay > a.until) continue;
    const judgedOn = Math.min(sunday, a.until);
    for (const s of a.students) {
      const duty = dutyOn(s, judgedOn);
      if (!duty.due) continue;
      // Prepared with the batch, or — for a family due from this week — once it is due.
      const since = duty.since ? dayOf(duty.since) : monday;
      const preparedOn = weekDays.find((d) => d >= Math.max(batchDay, since));
      if (preparedOn === undefined) continue;
      const rng = a.rng.fork('week', s.id, monday);
      const habit = habits.get(s.id)!;
      const roll = rng.next();
      let handedOn: Day | undefined;
      if (roll < habit.onTime) {
        handedOn = weekDays.find((d) => d >= preparedOn && weekdayOf(d) >= handDay) ?? weekDays.filter((d) => d >= preparedOn).at(-1);
      } else if (roll < habit.onTime + habit.late) {
        const latest = sunday + rng.int(1, 2);
        handedOn = a.classDays.find((d) => d > sunday && d <= latest);
      }
      if (handedOn === undefined || handedOn > a.until || !days.has(handedOn)) continue;
      if (!activeOn(s, isoOf(handedOn))) continue;
      const guardian = guardianFor(s, a.guardians, a.documents);
      if (!guardian) continue;
      const signer = rng.chance(0.85) ? a.signers[0]! : (a.signers[1] ?? a.signers[0]!);
      const step = (actor: Actor, day: Day, hour: number, minute: number) => ({ at: moscowTimestamp(day, hour, minute), by: actor.id, role: actor.role });
      const prepMinute = rng.int(0, 50);
      out.push({
        preparedOn,
        studentName: fullName(s),
        rec: {
          id: `ex.demo.${s.id}.${isoOf(monday)}`,
          number: 0,
          studentId: s.id,
          classId: a.classId,
          periodStart: isoOf(monday),
          periodEnd: isoOf(sunday),
          reason: 'weekly',
          issuedOn: isoOf(preparedOn),
          sections: [...a.sections],
          contentHash: hex(rng, 64),
          prepared: step(a.office, preparedOn, 9, prepMinute),
          signedOff: { ...step(signer, preparedOn, 11, rng.int(0, 59)), signerName: signer.name },
          printed: [step(a.office, preparedOn, 9, prepMinute + 5)],
          handedOver: { ...step(a.classTeacher, handedOn, 14, rng.int(0, 59)), guardianId: guardian.id, date: isoOf(handedOn) },
          versions: [],
        },
      });
    }
  }
  return out;
}

/** Who signs for the paper: the guardian who signed the refusal, else the first guardian of the student. */
function guardianFor(s: Student, guardians: readonly Guardian[], documents: readonly RegistryDocument[]): Guardian | undefined {
  const own = guardians.filter((g) => g.studentIds.includes(s.id));
  const refusal = documents.filter((d) => d.studentId === s.id && d.kind === 'refusal' && d.signerKind === 'guardian').at(-1);
  return own.find((g) => g.id === refusal?.signerId) ?? own[0];
}

/**
 * Register numbers for the school's planned extracts, from 1 (after `after`), in the order they were
 * prepared: by day, then in the batch's order — class by class in the school's order, ФИО within.
 * `classRank`: the class's place in the school's order.
 */
export function numberExtracts(planned: readonly PlannedExtract[], classRank: (classId: string) => number, after = 0): void {
  const order = [...planned].sort(
    (x, y) =>
      x.preparedOn - y.preparedOn ||
      classRank(x.rec.classId) - classRank(y.rec.classId) ||
      compareRu(x.studentName, y.studentName) ||
      (x.rec.studentId < y.rec.studentId ? -1 : x.rec.studentId > y.rec.studentId ? 1 : 0),
  );
  order.forEach((p, i) => {
    p.rec.number = after + i + 1;
  });
}
