import { describe, expect, it } from 'vitest';
import type { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { Guardian } from '../../../electron/contract/entities/people.js';
import { REFUSAL_STANDARD_TEXT } from '../../../electron/contract/groups/registry.js';
import type { ExtractRecord } from '../../../electron/core/extracts/record.js';
import { weekdayOf } from '../../../electron/core/journal/calendarDays.js';
import { yearKey } from '../../../electron/core/journal/periods.js';
import { holidayWeek, weekOutcome, weeksOf } from '../../../electron/core/stats/regulations.js';
import { regulationsReport } from '../../../electron/core/stats/reports.js';
import { YEAR, cls, source, student } from './world.js';

/** A moment given in the workstation's local time (the app counts days in it: 20:00 in Moscow is the next morning in Kamchatka). */
const local = (dateTime: string) => new Date(dateTime).toISOString();

/**
 * Class 9А on Friday 20.11.2026; the paper weeks of 2 четверть (from 03.11): 02–08.11, 09–15.11
 * and 16–22.11 (the current one, not over yet).
 *   p1  consent of g1, electronic; g1 viewed the diary on 18.11
 *   p2  consent of g2, electronic; g2 never viewed it
 *   p3  refusal of g3 (paper due): the weekly extract of week 1 handed over on 05.11 (on time), of
 *       week 2 only on 17.11 (late), of week 3 on 19.11 (on time)
 *   p4  no consent (paper due): nothing in weeks 1 and 2; on 20.11 an extract on request for
 *       01.09–20.11 — it closes week 3 only, weeks 1 and 2 stay missed (not «late»)
 *   p5  16 years old, guardian's non-consent (01.09) but his own application with consent (10.09):
 *       electronic; g5 last viewed on 01.10 (50 days ago)
 *   p6  no consent, left on 01.10
 */
let n = 0;
function doc(studentId: string, signerId: string, body: Record<string, unknown>, signedOn = '2026-09-01'): RegistryDocument {
  n++;
  return {
    id: `d${n}`,
    studentId,
    signerKind: signerId.startsWith('g') ? 'guardian' : 'student',
    signerId,
    signedOn,
    registeredAt: `${signedOn}T10:00:00.000Z`,
    registeredBy: 'u1',
    hlc: `${String(1000 + n).padStart(13, '0')}-0000-ws`,
    workstationId: 'ws',
    ...body,
  } as RegistryDocument;
}

/** An extract of `period` handed over on `date`: weekly when the period is a Monday–Sunday week. */
function handed(studentId: string, date: string, period: [string, string] = [date, date]): ExtractRecord {
  return {
    id: `e${studentId}${date}`,
    number: 1,
    studentId,
    classId: 'c9a',
    periodStart: period[0],
    periodEnd: period[1],
    reason: weeksOf(period[0], period[1]).length === 1 && weekdayOf(period[0]) === 1 && weekdayOf(period[1]) === 7 ? 'weekly' : 'request',
    issuedOn: date,
    sections: [],
    contentHash: '0',
    prepared: { at: `${date}T08:00:00.000Z`, by: 'u1', role: 'office' },
    printed: [],
    handedOver: { at: `${date}T09:00:00.000Z`, by: 'u1', role: 'office', guardianId: 'g3', date },
    versions: [],
  };
}

function world() {
  const students = [
    student('p1', 'c9a'),
    student('p2', 'c9a'),
    student('p3', 'c9a'),
    student('p4', 'c9a'),
    student('p5', 'c9a', { birthDate: '2010-01-10' }),
    student('p6', 'c9a', { leftOn: '2026-10-01' }),
  ];
  const guardians: Guardian[] = ['1', '2', '3', '4', '5'].map((k) => ({ id: `g${k}`, lastName: 'Родитель', firstName: `Имя${k}`, relation: 'мать', studentIds: [`p${k}`] }));
  const documents = [
    doc('p1', 'g1', { kind: 'pd_consent' }),
    doc('p2', 'g2', { kind: 'pd_consent' }),
    doc('p3', 'g3', { kind: 'refusal', text: REFUSAL_STANDARD_TEXT }),
    doc('p5', 'g5', { kind: 'pd_nonconsent' }),
    doc('p5', 'p5', { kind: 'student_application', passport: { series: '1234', number: '567890', issuedOn: '2024-02-01' }, ownConsent: true }, '2026-09-10'),
  ];
  return source(
    [
      {
        cls: cls('c9a', 9),
        students,
        documents,
        extra: {
          guardians,
          extracts: [
            handed('p3', '2026-11-05', ['2026-11-02', '2026-11-08']),
            handed('p3', '2026-11-17', ['2026-11-09', '2026-11-15']),
            handed('p3', '2026-11-19', ['2026-11-16', '2026-11-22']),
            handed('p4', '2026-11-20', ['2026-09-01', '2026-11-20']),
          ],
          diaryViews: [
            { guardianId: 'g1', studentId: 'p1', at: local('2026-11-10T20:00') },
            { guardianId: 'g1', studentId: 'p1', at: local('2026-11-18T20:00') },
            { guardianId: 'g5', studentId: 'p5', at: local('2026-10-01T20:00') },
          ],
        },
      },
    ],
    '2026-11-20',
  );
}

describe('the regulations', () => {
  it('consent, refusals and 14+ applications of the students in the class today', () => {
    const r = regulationsReport(world(), 'q2', 14);
    expect(r.school).toMatchObject({ students: 5, consent: 3, nonconsent: 0, noConsent: 2, disputed: 0, electronic: 3, refusals: 1, applications: 1, paperDue: 2 });
  });

  it('weekly paper information: on time in the week, late when the week\'s own paper came later, missed when never', () => {
    const r = regulationsReport(world(), 'q2', 14);
    expect(r.range).toEqual({ start: '2026-11-03', end: '2026-11-20' });
    expect(r.school.paper).toEqual({ due: 6, onTime: 3, late: 1, missed: 2, pending: 0 });
    const p3 = r.paper.find((p) => p.key.endsWith(':p3'))!;
    expect(p3).toMatchObject({ weeksDue: 3, onTime: 2, late: 1, missed: 0, lastHandedOverOn: '2026-11-19' });
    // The hand-over of 20.11 closes its own week: the two weeks before it stay missed.
    expect(r.paper.find((p) => p.key.endsWith(':p4'))).toMatchObject({ weeksDue: 3, onTime: 1, late: 0, missed: 2, lastHandedOverOn: '2026-11-20' });
  });

  it('the current week is pending until it is over', () => {
    // On Tuesday 10.11 the second week is still on for p3 and p4; the paper of 17.11 is not known yet.
    const r = regulationsReport({ ...world(), asOf: '2026-11-10' }, 'q2', 14);
    expect(r.range).toEqual({ start: '2026-11-03', end: '2026-11-10' });
    expect(r.school.paper).toEqual({ due: 2, onTime: 1, late: 0, missed: 1, pending: 2 });
  });

  it('a past period counts its own weeks only, whatever the day the report is seen on', () => {
    // 1 четверть, 01.09–24.10, seen on 20.11: the 8 weeks from 31.08–06.09 to 19.10–25.10, not 12.
    const r = regulationsReport(world(), 'q1', 14);
    expect(r.range).toEqual({ start: '2026-09-01', end: '2026-10-24' });
    // p3 and p4 due all 8 weeks; p5 the first week (his own application came on 10.09); p6 until he left.
    expect(r.paper.map((p) => [p.key.split(':')[1], p.weeksDue, p.missed])).toEqual([
      ['p3', 8, 8],
      ['p4', 8, 8],
      ['p5', 1, 1],
      ['p6', 5, 5],
    ]);
    // Nothing was handed over in those weeks: the later papers of 17–20.11 make none of them «late».
    expect(r.school.paper).toEqual({ due: 22, onTime: 0, late: 0, missed: 22, pending: 0 });
  });

  it('guardians of students with the electronic service who have not viewed the diary for N days', () => {
    const r = regulationsReport(world(), 'q2', 14);
    expect(r.school).toMatchObject({ guardians: 3, notViewed: 2, neverViewed: 1 });
    expect(r.notViewed.map((v) => [v.guardianName, v.lastViewedOn ?? null, v.days])).toEqual([
      ['Родитель Имя2', null, null],
      ['Родитель Имя5', '2026-10-01', 50],
    ]);
    expect(regulationsReport(world(), 'q2', 60).school.notViewed).toBe(1);
    expect(regulationsReport(world(), 'q2', 2).school.notViewed).toBe(3);
  });

  it('a week of school holidays asks for no paper', () => {
    const w = world();
    const autumn = { ...w, school: { ...w.school, holidays: [{ id: 'h', name: 'Осенние каникулы', start: '2026-10-25', end: '2026-11-02' }] } };
    // The year seen on 20.11: 12 weeks from 31.08–06.09 to 16–22.11; 26.10–01.11 is all holidays.
    expect(regulationsReport(w, yearKey(YEAR), 14).paper.find((p) => p.key.endsWith(':p4'))).toMatchObject({ weeksDue: 12, onTime: 1, missed: 11 });
    expect(regulationsReport(autumn, yearKey(YEAR), 14).paper.find((p) => p.key.endsWith(':p4'))).toMatchObject({ weeksDue: 11, onTime: 1, missed: 10 });
    expect(holidayWeek({ monday: '2026-10-26', sunday: '2026-11-01' }, (d) => d >= '2026-10-25' && d <= '2026-11-02')).toBe(true);
    expect(holidayWeek({ monday: '2026-11-02', sunday: '2026-11-08' }, (d) => d >= '2026-10-25' && d <= '2026-11-02')).toBe(false);
  });

  // Week 16–22.11.2026; the days of the hand-overs closing it (its own paper); the day seen on.
  it.each([
    ['handed over in the week', ['2026-11-19'], '2026-11-27', 'onTime'],
    ['handed over on its Sunday', ['2026-11-22'], '2026-11-27', 'onTime'],
    ['handed over in the week, seen the same day', ['2026-11-19'], '2026-11-19', 'onTime'],
    ['the week\'s paper handed over only on 24.11', ['2026-11-24'], '2026-11-27', 'late'],
    ['late, and again in time (a second copy): in time wins', ['2026-11-24', '2026-11-20'], '2026-11-27', 'onTime'],
    ['handed over on 04.12, seen on 27.11: not known yet', ['2026-12-04'], '2026-11-27', 'missed'],
    ['nothing, the week is over', [], '2026-11-23', 'missed'],
    ['nothing yet, the week is still on (Friday)', [], '2026-11-20', 'pending'],
    ['nothing yet on its Sunday: the week is not over', [], '2026-11-22', 'pending'],
  ] as const)('a week\'s outcome: %s', (_, dates, asOf, outcome) => {
    expect(weekOutcome({ monday: '2026-11-16', sunday: '2026-11-22' }, dates, asOf)).toBe(outcome);
  });

  it('weeks are Monday to Sunday and cover the range', () => {
    expect(weeksOf('2026-11-03', '2026-11-20').map((w) => [w.monday, w.sunday])).toEqual([
      ['2026-11-02', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-22'],
    ]);
  });
});
