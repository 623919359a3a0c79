import { describe, expect, it } from 'vitest';
import type { Role } from '../../../electron/contract/roles.js';
import { decisionProblem } from '../../../electron/core/finals/changeRequests.js';
import {
  changeLock,
  changeRoute,
  checkChangeReason,
  checkDeferralDue,
  closedFrom,
  earlyMark,
  earlyMarkQuestion,
  finalMarkRight,
  mayConfirmFinalChanges,
} from '../../../electron/core/finals/rules.js';

/** I четверть of the fixture school: 01.09–24.10.2026; the school year ends 31.05.2027. */
const Q1 = { kind: 'period' as const, start: '2026-09-01', end: '2026-10-24' };

describe('who sets final marks', () => {
  it.each<[Role, boolean, string, boolean]>([
    // role,      own class, right,  confirms late changes
    ['teacher', true, 'set', false],
    ['teacher', false, 'none', false],
    ['director', false, 'set', true],
    ['deputy', false, 'set', true],
    ['office', false, 'read', false],
    ['admin', false, 'none', false],
  ])('%s (own class: %s) → %s; confirms: %s', (role, own, right, confirms) => {
    expect(finalMarkRight(role, own)).toBe(right);
    expect(mayConfirmFinalChanges(role)).toBe(confirms);
  });
});

describe('a period is closed the day after its results were due to reach the family', () => {
  it.each([
    // period ends, deadline days, closed from
    ['2026-10-24', 1, '2026-10-26'],
    ['2026-10-24', 3, '2026-10-28'],
    ['2026-12-28', 1, '2026-12-30'],
  ])('ends %s, %i day(s) → closed from %s', (end, days, from) => {
    expect(closedFrom({ end }, days)).toBe(from);
  });
});

describe('when a change needs a reason and a confirmation', () => {
  const mark = { value: '4' as const };
  const published = { value: '4' as const, publishedAt: '2026-10-25T09:00:00.000Z' };
  it.each([
    // what is in force,           today,        deadline days, lock
    ['nothing', undefined, '2026-11-30', 1, []],
    ['a deferral', { value: null }, '2026-11-30', 1, []],
    ['a mark, within the deadline', mark, '2026-10-25', 1, []],
    ['a mark, the day the period closes', mark, '2026-10-26', 1, ['closed']],
    ['a mark, a 3-day deadline, day 3', mark, '2026-10-27', 3, []],
    ['a mark, a 3-day deadline, day 4', mark, '2026-10-28', 3, ['closed']],
    ['a mark five weeks later', mark, '2026-11-30', 1, ['closed']],
    ['a published mark, period still open', published, '2026-10-25', 1, ['published']],
    ['a published mark, period closed', published, '2026-11-30', 1, ['closed', 'published']],
  ] as const)('%s, on %s (%i d.) → %j', (_what, current, today, days, lock) => {
    expect(changeLock(current, Q1, today, days)).toEqual(lock);
  });

  it.each<[string, readonly ('closed' | 'published')[], Role, string]>([
    ['a free change by the class teacher', [], 'teacher', 'direct'],
    ['a free change by the deputy', [], 'deputy', 'direct'],
    ['a closed mark, the class teacher', ['closed'], 'teacher', 'request'],
    ['a published mark, the class teacher', ['published'], 'teacher', 'request'],
    ['a closed mark, the deputy', ['closed'], 'deputy', 'with_reason'],
    ['a published mark, the director', ['published'], 'director', 'with_reason'],
  ])('%s → %s', (_what, lock, role, route) => {
    expect(changeRoute(lock, role)).toBe(route);
  });
});

describe('the reason of a change is a few words', () => {
  it.each([
    ['', false],
    ['   ', false],
    ['ошибка', false],
    ['ошибка ввода', false],
    ['да да да', false],
    ['пересдача контрольной работы', true],
    ['пересдача 12.11, приказ № 45', true],
    ['Ошибка при выставлении: перепутаны ученики', true],
  ])('«%s» → accepted: %s', (text, ok) => {
    const p = checkChangeReason(text);
    expect(p === null).toBe(ok);
    if (p) expect(p.path).toBe('reason');
  });
});

describe('a deferral lasts at most to the end of the school year, and not before today', () => {
  const today = '2026-11-20';
  const yearEnd = '2027-05-31';
  it.each([
    ['2026-11-19', 'Срок отсрочки должен быть позже сегодняшнего дня.'],
    ['2026-11-20', 'Срок отсрочки должен быть позже сегодняшнего дня.'],
    ['2026-11-21', null],
    ['2027-05-31', null],
    ['2027-06-01', 'Отсрочка возможна не дольше конца учебного года — до 31.05.2027.'],
    ['2099-01-01', 'Отсрочка возможна не дольше конца учебного года — до 31.05.2027.'],
  ])('due %s → %s', (dueOn, message) => {
    expect(checkDeferralDue(dueOn, today, yearEnd)?.message ?? null).toBe(message);
  });
});

describe('a mark before its period ends asks for confirmation', () => {
  const year = { kind: 'year' as const, end: '2027-05-25' };
  const exam = { kind: 'exam' as const, end: '2027-05-31' };
  it.each([
    // what,                   value, column, today,        asks (the period's end) or null
    ['a quarter mark a month early', '5', Q1, '2026-09-24', '2026-10-24'],
    ['a quarter mark the day before the end', '5', Q1, '2026-10-23', '2026-10-24'],
    ['a quarter mark on its last day', '5', Q1, '2026-10-24', null],
    ['a quarter mark after the end', '5', Q1, '2026-10-26', null],
    ['«н/а» early', 'н/а', Q1, '2026-10-01', '2026-10-24'],
    ['a deferral early (not a mark)', null, Q1, '2026-10-01', null],
    ['a year mark in April', '4', year, '2027-04-20', '2027-05-25'],
    ['an exam mark in May (exams come before the year ends)', '4', exam, '2027-05-20', null],
  ] as const)('%s → %s', (_what, value, column, today, endsOn) => {
    expect(earlyMark(value, column, today)).toBe(endsOn);
  });

  it('the question names the last day of the period', () => {
    expect(earlyMarkQuestion('2026-12-28')).toBe('Период ещё не закончился (до 28.12.2026). Выставить отметку досрочно?');
  });
});

describe('deciding a change request', () => {
  const pending = { status: 'pending' as const, requestedBy: 'u_teacher', baseEntryId: 'fm_1' };
  const ok = { deciderId: 'u_zavuch', inForceId: 'fm_1', requesterCompromised: false };
  it.each([
    ['a pending request, the cell unchanged: confirmed', pending, 'confirm', ok, null],
    ['a pending request: refused', pending, 'refuse', ok, null],
    ['a decided request', { ...pending, status: 'confirmed' as const }, 'confirm', ok, /уже рассмотрен/],
    ['a refused request, refused again', { ...pending, status: 'refused' as const }, 'refuse', ok, /уже рассмотрен/],
    ['one\'s own request', pending, 'confirm', { ...ok, deciderId: 'u_teacher' }, /другой руководитель/],
    ['the cell changed since', pending, 'confirm', { ...ok, inForceId: 'fm_2' }, /изменилась после/],
    ['the cell changed since: still refused', pending, 'refuse', { ...ok, inForceId: 'fm_2' }, null],
    ['made with a compromised login', pending, 'confirm', { ...ok, requesterCompromised: true }, /стал известен посторонним/],
  ] as const)('%s', (_what, request, decision, ctx, problem) => {
    const p = decisionProblem(request, decision, ctx);
    if (problem === null) expect(p).toBeNull();
    else expect(p).toMatch(problem);
  });
});
