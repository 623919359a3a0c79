import { describe, expect, it } from 'vitest';
import type { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { Guardian } from '../../../electron/contract/entities/people.js';
import { REFUSAL_STANDARD_TEXT } from '../../../electron/contract/groups/registry.js';
import type { ExtractRecord } from '../../../electron/core/extracts/record.js';
import { weeksOf } from '../../../electron/core/stats/regulations.js';
import { regulationsReport } from '../../../electron/core/stats/reports.js';
import { cls, source, student } from './world.js';

/**
 * Class 9А on Friday 20.11.2026; the paper weeks of 2 четверть (from 03.11): 02–08.11, 09–15.11
 * and 16–22.11 (the current one).
 *   p1  consent of g1, electronic; g1 viewed the diary on 18.11
 *   p2  consent of g2, electronic; g2 never viewed it
 *   p3  refusal of g3 (paper due): extracts handed over on 05.11 and 17.11 — week 1 on time,
 *       week 2 late (handed over only in week 3), week 3 on time
 *   p4  no consent (paper due), nothing handed over: three weeks missed
 *   p5  16 years old, guardian's non-consent but his own application with consent: electronic;
 *       g5 last viewed on 01.10 (50 days ago)
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

function handed(studentId: string, date: string): ExtractRecord {
  return {
    id: `e${studentId}${date}`,
    number: 1,
    studentId,
    classId: 'c9a',
    periodStart: date,
    periodEnd: date,
    reason: 'request',
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
          extracts: [handed('p3', '2026-11-05'), handed('p3', '2026-11-17')],
          diaryViews: [
            { guardianId: 'g1', studentId: 'p1', at: '2026-11-10T17:00:00.000Z' },
            { guardianId: 'g1', studentId: 'p1', at: '2026-11-18T17:00:00.000Z' },
            { guardianId: 'g5', studentId: 'p5', at: '2026-10-01T17:00:00.000Z' },
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

  it('weekly paper information: on time in the week, late when only later, missed when never', () => {
    const r = regulationsReport(world(), 'q2', 14);
    expect(r.range).toEqual({ start: '2026-11-03', end: '2026-11-20' });
    expect(r.school.paper).toEqual({ due: 6, onTime: 2, late: 1, missed: 3, pending: 0 });
    const p3 = r.paper.find((p) => p.key.endsWith(':p3'))!;
    expect(p3).toMatchObject({ weeksDue: 3, onTime: 2, late: 1, missed: 0, lastHandedOverOn: '2026-11-17' });
    expect(r.paper.find((p) => p.key.endsWith(':p4'))).toMatchObject({ weeksDue: 3, missed: 3 });
  });

  it('the current week is pending until the family is overdue', () => {
    // On Tuesday 10.11 the second week is still on: p3 got paper on 05.11 (deadline 12.11).
    const r = regulationsReport({ ...world(), asOf: '2026-11-10' }, 'q2', 14);
    expect(r.school.paper).toEqual({ due: 3, onTime: 1, late: 0, missed: 2, pending: 1 });
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

  it('weeks are Monday to Sunday and cover the range', () => {
    expect(weeksOf('2026-11-03', '2026-11-20').map((w) => [w.monday, w.sunday])).toEqual([
      ['2026-11-02', '2026-11-08'],
      ['2026-11-09', '2026-11-15'],
      ['2026-11-16', '2026-11-22'],
    ]);
  });
});
