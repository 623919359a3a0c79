import { describe, expect, it } from 'vitest';
import { LOGIN_GUARD, LoginGuard, tooManyAttemptsMessage } from '../../../electron/core/auth/loginGuard.js';

const T0 = Date.parse('2026-11-20T09:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

/** `n` failures spread evenly from `from` to `to` minutes (inclusive). */
function failures(n: number, from: number, to: number): Array<[number, 'failure']> {
  return Array.from({ length: n }, (_, i) => [n === 1 ? from : from + ((to - from) * i) / (n - 1), 'failure']);
}

type Step = [minute: number, event: 'failure' | 'check'];
type Expected = 'open' | `closed ${number} min`;

function verdictAfter(steps: Step[]): Expected {
  const guard = new LoginGuard();
  let v = guard.check(at(0));
  for (const [minute, event] of steps) v = event === 'failure' ? guard.failure(at(minute)) : guard.check(at(minute));
  return v.open ? 'open' : `closed ${v.minutesLeft} min`;
}

describe('the guard against guessing across logins (more than 20 failures in 10 minutes close the logins)', () => {
  const RULES: Array<[story: string, steps: Step[], expected: Expected]> = [
    ['no failure: open', [[0, 'check']], 'open'],
    ['20 failures in 10 minutes: still open', failures(20, 0, 9.9), 'open'],
    ['the 21st failure in 10 minutes closes for 10 minutes', failures(21, 0, 9.9), 'closed 10 min'],
    ['21 failures spread over more than 10 minutes: open (sliding window)', failures(21, 0, 10.5), 'open'],
    ['closed: 4 minutes later 6 minutes are left', [...failures(21, 0, 5), [9, 'check']], 'closed 6 min'],
    ['closed: after 10 minutes open again', [...failures(21, 0, 5), [15, 'check']], 'open'],
    ['after a closing the count starts again: one failure does not close', [...failures(21, 0, 5), [15, 'failure']], 'open'],
    ['failures while closed do not extend the closing', [...failures(21, 0, 5), ...failures(30, 6, 14)], 'closed 1 min'],
    ['a second closing within 24 hours lasts 20 minutes', [...failures(21, 0, 5), ...failures(21, 16, 20)], 'closed 20 min'],
    ['a third one 40 minutes', [...failures(21, 0, 5), ...failures(21, 16, 20), ...failures(21, 41, 45)], 'closed 40 min'],
    [
      'never more than 60 minutes',
      [...failures(21, 0, 5), ...failures(21, 16, 20), ...failures(21, 41, 45), ...failures(21, 86, 90)],
      'closed 60 min',
    ],
    ['a closing a day after the last one is 10 minutes again', [...failures(21, 0, 5), ...failures(21, 16, 20), ...failures(21, 1500, 1505)], 'closed 10 min'],
  ];

  it.each(RULES)('%s', (_story, steps, expected) => {
    expect(verdictAfter(steps)).toBe(expected);
  });

  it('the rule is the documented one, and the message names the wait', () => {
    expect(LOGIN_GUARD).toMatchObject({ maxFailures: 20, windowMinutes: 10, closeMinutes: 10, maxCloseMinutes: 60 });
    expect(tooManyAttemptsMessage(7)).toBe('Слишком много неудачных попыток входа. Подождите 7 мин.');
  });
});
