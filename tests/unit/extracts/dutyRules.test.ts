import { describe, expect, it } from 'vitest';
import type { Student } from '../../../electron/contract/entities/people.js';
import { classDuty, closedWeek, holidayDays, paperDeadline, schoolYearStart, weekOf } from '../../../electron/core/extracts/duty.js';
import type { ExtractRecord } from '../../../electron/core/extracts/record.js';

/**
 * The weekly paper duty's rules (regulations, item 2: paper information «не реже чем один раз в
 * неделю»), each a row: when the family is due from, «Выдать до», overdue, which week a hand-over
 * closes, the list's order.
 */

describe('«Выдать до»: a week after the last hand-over, or after the day the family became due in this school year; holidays do not count', () => {
  // due since, school year starts, last hand-over, handed over this week, today → выдать до, overdue
  it.each([
    ['refusal of 2016, nothing handed over', '2016-05-10', '2026-09-01', undefined, false, '2026-11-20', '2026-09-08', true],
    ['refusal of 2016, seen on the first days of the year', '2016-05-10', '2026-09-01', undefined, false, '2026-09-03', '2026-09-08', false],
    ['refusal of 2016, handed over last Friday', '2016-05-10', '2026-09-01', '2026-11-13', false, '2026-11-20', '2026-11-20', false],
    ['refusal of 2016, handed over a week ago Thursday', '2016-05-10', '2026-09-01', '2026-11-12', false, '2026-11-20', '2026-11-19', true],
    ['overdue by the date, but the week\'s paper is handed over', '2016-05-10', '2026-09-01', '2026-11-12', true, '2026-11-20', '2026-11-19', false],
    ['a hand-over of the previous school year does not count', '2016-05-10', '2026-09-01', '2026-05-22', false, '2026-11-20', '2026-09-08', true],
    ['refusal signed this year on 18.11', '2026-11-18', '2026-09-01', undefined, false, '2026-11-20', '2026-11-25', false],
    ['refusal signed on 01.10, nothing handed over', '2026-10-01', '2026-09-01', undefined, false, '2026-11-20', '2026-10-08', true],
    ['due on the deadline itself: not overdue yet', '2026-11-13', '2026-09-01', undefined, false, '2026-11-20', '2026-11-20', false],
    ['no consent since enrolment in 2018', '2018-09-01', '2026-09-01', undefined, false, '2026-09-09', '2026-09-08', true],
  ] as const)('%s', (_, dueSince, yearStart, last, handedThisWeek, today, deadline, overdue) => {
    expect(paperDeadline({ dueSince, yearStart, lastHandedOverOn: last, handedThisWeek, today })).toMatchObject({ deadline, overdue });
  });

  // The autumn break 31.10–08.11.2026: its days do not count in the week.
  const autumn = holidayDays([{ id: 'h', name: 'Осенние каникулы', start: '2026-10-31', end: '2026-11-08' }], 5);
  it.each([
    ['handed over on Friday 30.10, just before the break', '2026-10-30', '2026-11-12', '2026-11-15', false],
    ['handed over on Thursday 29.10', '2026-10-29', '2026-11-16', '2026-11-14', true],
    ['handed over on 23.10, a week before the break', '2026-10-23', '2026-11-12', '2026-10-30', true],
    ['handed over on 16.11, after the break', '2026-11-16', '2026-11-20', '2026-11-23', false],
  ] as const)('holidays: %s', (_, last, today, deadline, overdue) => {
    expect(paperDeadline({ dueSince: '2016-05-10', yearStart: '2026-09-01', lastHandedOverOn: last, handedThisWeek: false, today, isHoliday: autumn })).toMatchObject({ deadline, overdue });
  });

  it('the extra February holidays of first graders pause only their duty', () => {
    const feb = [{ id: 'y2026.h.grade1', name: 'Дополнительные каникулы для 1-х классов', start: '2027-02-13', end: '2027-02-21' }];
    const of = (grade: number) => paperDeadline({ dueSince: '2016-05-10', yearStart: '2026-09-01', lastHandedOverOn: '2027-02-12', handedThisWeek: false, today: '2027-02-24', isHoliday: holidayDays(feb, grade) });
    expect(of(1)).toMatchObject({ deadline: '2027-02-28', overdue: false });
    expect(of(2)).toMatchObject({ deadline: '2027-02-19', overdue: true });
  });

  it('the duty starts on the later of the year start and the day the family became due', () => {
    expect(paperDeadline({ dueSince: '2016-05-10', yearStart: '2026-09-01', handedThisWeek: false, today: '2026-11-20' }).start).toBe('2026-09-01');
    expect(paperDeadline({ dueSince: '2026-10-01', yearStart: '2026-09-01', handedThisWeek: false, today: '2026-11-20' }).start).toBe('2026-10-01');
  });

  it('the school year of a class: its year, or 1 September before the day when the replica lacks it', () => {
    const years = [{ id: 'y2026', start: '2026-09-01' }];
    expect(schoolYearStart(years, 'y2026', '2026-11-20')).toBe('2026-09-01');
    expect(schoolYearStart(years, 'y2025', '2026-03-10')).toBe('2025-09-01');
    expect(schoolYearStart(years, 'y2027', '2027-09-01')).toBe('2027-09-01');
  });
});

describe('a hand-over closes one week: the week its extract was made for', () => {
  // extract period, handed over on → the Monday of the week it closes
  it.each([
    ['weekly extract handed over in its week', ['2026-11-16', '2026-11-22'], '2026-11-20', '2026-11-16'],
    ['weekly extract handed over late, next Tuesday', ['2026-11-16', '2026-11-22'], '2026-11-24', '2026-11-16'],
    ['on request for 01.09–04.12, handed over on 04.12', ['2026-09-01', '2026-12-04'], '2026-12-04', '2026-11-30'],
    ['on request for 01.09–30.10, handed over on 04.12', ['2026-09-01', '2026-10-30'], '2026-12-04', '2026-10-26'],
    ['on request for a period running past the hand-over', ['2026-11-01', '2026-11-30'], '2026-11-20', '2026-11-16'],
  ] as const)('%s', (_, period, date, monday) => {
    expect(closedWeek({ periodEnd: period[1], handedOver: { date } })).toBe(monday);
  });
});

describe('the duty list of a class', () => {
  const student = (id: string, lastName: string, firstName: string): Student =>
    ({ id, classId: 'c', lastName, firstName, middleName: 'Иванович', birthDate: '2015-01-01', gender: 'm', enrolledOn: '2022-09-01' }) as Student;
  const handed = (studentId: string, period: [string, string], date: string): ExtractRecord =>
    ({
      id: `e-${studentId}-${date}`,
      number: 1,
      studentId,
      classId: 'c',
      periodStart: period[0],
      periodEnd: period[1],
      reason: 'weekly',
      issuedOn: date,
      sections: [],
      contentHash: '0',
      prepared: { at: `${date}T08:00:00.000Z`, by: 'u', role: 'office' },
      printed: [],
      handedOver: { at: `${date}T09:00:00.000Z`, by: 'u', role: 'office', guardianId: 'g', date },
      versions: [],
    }) as ExtractRecord;
  const students = [student('a', 'Ёжиков', 'Пётр'), student('b', 'Егоров', 'Илья'), student('c', 'Абрамов', 'Олег'), student('d', 'Ежов', 'Антон')];
  const week = weekOf('2026-11-20');
  const duty = (extracts: ExtractRecord[]) =>
    classDuty({ students, extracts, week, asOf: '2026-11-20', yearStart: '2026-09-01', isHoliday: () => false, duty: () => ({ due: true, reasons: ['refusal'], since: '2016-05-10' }) });

  it('sorts by ФИО, ё as е (Ёжиков before Ежов, after Егоров)', () => {
    expect(duty([]).map((d) => d.student.lastName)).toEqual(['Абрамов', 'Егоров', 'Ёжиков', 'Ежов']);
  });

  it('counts from the school year: a refusal of 2016 gives «выдать до» 08.09 of this year', () => {
    expect(duty([]).map((d) => [d.deadline, d.overdue])).toEqual(Array(4).fill(['2026-09-08', true]));
  });

  it('last week\'s paper handed over this Monday is late for last week: this week\'s is still to hand over', () => {
    const [d] = duty([handed('c', ['2026-11-09', '2026-11-15'], '2026-11-16')]);
    expect(d).toMatchObject({ lastHandedOverOn: '2026-11-16', deadline: '2026-11-23', overdue: false, handedThisWeek: false });
    const [e] = duty([handed('c', ['2026-11-16', '2026-11-22'], '2026-11-18')]);
    expect(e).toMatchObject({ lastHandedOverOn: '2026-11-18', deadline: '2026-11-25', overdue: false, handedThisWeek: true });
  });
});
