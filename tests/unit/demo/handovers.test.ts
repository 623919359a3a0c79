import { describe, expect, it } from 'vitest';
import { generateDemoSchool } from '../../../electron/core/demo/index.js';
import { classDuty, holidayDays, schoolYearStart, weekOf } from '../../../electron/core/extracts/duty.js';
import { paperDuty } from '../../../electron/core/extracts/paperDuty.js';
import { DEMO_SEED, DEMO_STUDENTS } from '../../../electron/core/setup/loadDemoSchool.js';

/** The demo school keeps its weekly paper duty: its duty list looks like a school that does it. */
function dutyOn(today: string) {
  const demo = generateDemoSchool({ seed: DEMO_SEED, students: DEMO_STUDENTS, asOf: today });
  const items = demo.classes.flatMap((data) => {
    const cls = demo.school.classes.find((c) => c.id === data.classId)!;
    return classDuty({
      students: data.students,
      extracts: data.extracts,
      week: weekOf(today),
      asOf: today,
      yearStart: schoolYearStart(demo.school.years, cls.yearId, today),
      isHoliday: holidayDays(demo.school.holidays, cls.grade),
      duty: (s) => paperDuty(data, s, today, new Set()),
    });
  });
  return { demo, items };
}

describe('the demo school\'s weekly paper duty', () => {
  // A Friday, a Monday, the week after the autumn break, a Wednesday in March.
  it.each(['2026-12-04', '2026-12-07', '2026-11-12', '2027-03-03'])('on %s only a few due families are overdue, none due before the year', (today) => {
    const { demo, items } = dutyOn(today);
    const start = demo.school.years[0]!.start;
    expect(items.length).toBeGreaterThan(30);
    const overdue = items.filter((i) => i.overdue).length;
    expect(overdue).toBeGreaterThan(0);
    expect(overdue / items.length).toBeLessThan(0.12);
    for (const i of items) expect(i.deadline > start).toBe(true);
  });

  it('hands over only what was due, up to the day before the demo\'s day; numbers the register in the order printed', () => {
    const today = '2026-12-04';
    const { demo } = dutyOn(today);
    const all = demo.classes.flatMap((c) => c.extracts);
    expect(all.length).toBeGreaterThan(300);
    expect(all.map((e) => e.number).sort((a, b) => a - b)).toEqual(all.map((_, i) => i + 1));
    const byNumber = [...all].sort((a, b) => a.number - b.number);
    for (let i = 1; i < byNumber.length; i++) expect(byNumber[i]!.prepared.at.slice(0, 10) >= byNumber[i - 1]!.prepared.at.slice(0, 10)).toBe(true);
    for (const e of all) {
      expect(e.handedOver!.date < today).toBe(true);
      expect(e.reason).toBe('weekly');
      expect(e.prepared.at < e.signedOff!.at && e.signedOff!.at < e.handedOver!.at).toBe(true);
      const data = demo.classes.find((c) => c.classId === e.classId)!;
      const student = data.students.find((s) => s.id === e.studentId)!;
      expect(paperDuty(data, student, e.periodEnd < today ? e.periodEnd : today, new Set()).due).toBe(true);
      expect(data.guardians.find((g) => g.id === e.handedOver!.guardianId)?.studentIds).toContain(e.studentId);
    }
  });
});
