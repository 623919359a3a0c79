import { invalidDocumentIdsIn } from '../../contract/auth/compromise.js';
import type { Student } from '../../contract/entities/people.js';
import type { SchoolClass } from '../../contract/entities/school.js';
import type { DutyList, DutyRow, ExtractRow, RegisterFilter } from '../../contract/groups/extracts.js';
import { fullName } from '../../contract/text/format.js';
import { classDuty, holidayDays, schoolYearStart, type Week } from './duty.js';
import { currentOf, type ExtractsLoad } from './load.js';
import { paperDuty } from './paperDuty.js';
import type { ExtractRecord } from './record.js';
import { guardianRefs, rowOf } from './views.js';

/**
 * The two lists of the extracts' screens: the week's duty (who must get a paper extract) and the
 * register (every extract, filtered). The caller's right to a class is checked before.
 */

/** A student due in the week, with the weekly extract of the register if there is one. */
export interface DutyEntry {
  cls: SchoolClass;
  row: DutyRow;
  rec?: ExtractRecord;
  student: Student;
}

/** The day a week's status is judged on: today, or the week's Sunday for a past week. */
function statusDay(week: Week, today: string): string {
  return today > week.sunday ? week.sunday : today;
}

/** The classes of the duty list: the one asked, or those the caller sees whose school year covers the week. */
export function dutyClasses(L: ExtractsLoad, classId: string | undefined, week: Week): SchoolClass[] {
  if (classId) return [L.cls(classId)];
  const years = new Map(L.school.years.map((y) => [y.id, y]));
  return L.visibleClasses().filter((c) => {
    const y = years.get(c.yearId);
    return !y || (y.start <= week.sunday && y.end >= week.monday);
  });
}

/**
 * The duty of the classes in a week, with the weekly extract rows. `check`: compare each extract
 * with the data now (loads the class's journal); without it the recorded state is shown.
 */
export async function dutyOf(L: ExtractsLoad, classes: readonly SchoolClass[], week: Week, opts: { check: boolean; students?: ReadonlySet<string> }): Promise<DutyEntry[]> {
  const asOf = statusDay(week, L.today);
  const out: DutyEntry[] = [];
  for (const cls of classes) {
    const data = await L.classData(cls.id);
    const students = opts.students ? data.students.filter((s) => opts.students!.has(s.id)) : data.students;
    if (students.length === 0) continue;
    const invalid = invalidDocumentIdsIn(L.compromise, data);
    // Nobody is due before the class's school year starts (a refusal of 2016 counts from 01.09).
    const yearStart = schoolYearStart(L.school.years, cls.yearId, week.monday);
    const isHoliday = holidayDays(L.school.holidays, cls.grade);
    // An annulled extract neither was handed over nor is the week's paper: the family is due a correct one.
    const extracts = data.extracts.some((e) => e.annulled) ? data.extracts.filter((e) => !e.annulled) : data.extracts;
    const items = classDuty({ students, extracts, week, asOf, yearStart, isHoliday, duty: (s) => paperDuty(data, s, asOf, invalid), rule: L.compromise });
    if (items.length === 0) continue;
    const src = opts.check && items.some((it) => it.extract && !it.extract.handedOver) ? await L.src(cls.id) : null;
    for (const it of items) {
      const extract = it.extract ? rowOf(L, { cls, data }, it.extract, src ? await currentOf(src, it.extract, L.today) : undefined) : undefined;
      out.push({
        cls,
        student: it.student,
        ...(it.extract ? { rec: it.extract } : {}),
        row: {
          studentId: it.student.id,
          studentName: fullName(it.student),
          classId: cls.id,
          className: cls.name,
          reasons: it.reasons,
          ...(it.since ? { since: it.since } : {}),
          ...(it.lastHandedOverOn ? { lastHandedOverOn: it.lastHandedOverOn } : {}),
          deadline: it.deadline,
          overdue: it.overdue,
          handedThisWeek: it.handedThisWeek,
          ...(extract ? { extract } : {}),
          guardians: guardianRefs({ data }, it.student.id),
        },
      });
    }
  }
  return out;
}

/** The duty list of a week as the screen shows it, with its totals. */
export function dutyList(week: Week, today: string, classId: string | undefined, entries: readonly DutyEntry[]): DutyList {
  const rows = entries.map((x) => x.row);
  return {
    monday: week.monday,
    sunday: week.sunday,
    today,
    ...(classId ? { classId } : {}),
    rows,
    totals: {
      due: rows.length,
      handed: rows.filter((r) => r.handedThisWeek).length,
      overdue: rows.filter((r) => r.overdue).length,
      toSign: rows.filter((r) => r.extract && (r.extract.state === 'prepared' || r.extract.state === 'outdated')).length,
    },
  };
}

/** The register filtered, newest first. One class or one student is compared with the data now. */
export async function registerRows(L: ExtractsLoad, f: RegisterFilter): Promise<ExtractRow[]> {
  let classes = L.visibleClasses();
  if (f.classId) classes = classes.filter((c) => c.id === f.classId);
  const rows: ExtractRow[] = [];
  for (const c of classes) {
    const data = await L.classData(c.id);
    const recs = data.extracts.filter(
      (e) =>
        (!f.studentId || e.studentId === f.studentId) &&
        (!f.from || e.issuedOn >= f.from) &&
        (!f.to || e.issuedOn <= f.to) &&
        (!f.reason || e.reason === f.reason) &&
        (!f.state ||
          (f.state === 'annulled' ? Boolean(e.annulled) : f.state === 'handed_over' ? Boolean(e.handedOver) && !e.annulled : !e.handedOver && !e.annulled)),
    );
    if (recs.length === 0) continue;
    const check = recs.some((e) => !e.handedOver && !e.annulled) && Boolean(f.classId || f.studentId || (f.state && f.state !== 'handed_over' && f.state !== 'annulled'));
    const src = check ? await L.src(c.id) : null;
    for (const rec of recs) {
      const row = rowOf(L, { cls: c, data }, rec, src ? await currentOf(src, rec, L.today) : undefined);
      if (!f.state || row.state === f.state) rows.push(row);
    }
  }
  return rows.sort((a, b) => b.number - a.number);
}
