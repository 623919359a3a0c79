import { describe, expect, it } from 'vitest';
import type { FinalMarkEntry } from '../../../electron/contract/entities/journal.js';
import {
  checkFinalEntry,
  entriesInForce,
  entryHistories,
  entryKey,
  finalMarkStatus,
  latenessOf,
  type FinalEntryContext,
} from '../../../electron/core/journal/finalMarks.js';
import type { FinalColumn } from '../../../electron/core/journal/periods.js';

const Q1: FinalColumn = { key: 'y2026-q1', kind: 'period', title: 'I четверть', short: '1 ч.', start: '2026-09-01', end: '2026-10-24' };
let seq = 0;
function entry(over: Partial<FinalMarkEntry>): FinalMarkEntry {
  seq++;
  return {
    id: `fm${seq}`,
    studentId: 's1',
    subjectId: 'math',
    periodId: Q1.key,
    value: null,
    knownOn: '2026-10-24',
    enteredBy: 'u_office',
    enteredAt: '2026-10-24T10:00:00.000Z',
    hlc: `2026-10-24T10:00:00.000Z-${String(seq).padStart(4, '0')}-ws`,
    ...over,
  };
}
/** The day of a timestamp as written (tests do not depend on the machine's time zone). */
const utcDay = (ts: string) => ts.slice(0, 10);
const status = (history: FinalMarkEntry[], today: string, days = 1) => finalMarkStatus('k', history, Q1, today, days, utcDay);

describe('deferral lifecycle', () => {
  const deferral = entry({ value: null, deferral: { reason: 'болезнь, справка № 17', dueOn: '2026-11-10' }, knownOn: '2026-10-24' });

  it('nothing set: open while the period runs, missing once it is over', () => {
    expect(status([], '2026-10-24').state).toBe('open');
    expect(status([], '2026-10-25').state).toBe('missing');
  });

  it('a deferral is in force until its date; on that date it comes due and is flagged', () => {
    expect(status([deferral], '2026-11-09')).toMatchObject({ state: 'deferred', value: null, deferral: { dueOn: '2026-11-10', daysOverdue: 0 } });
    expect(status([deferral], '2026-11-10')).toMatchObject({ state: 'deferral_due', deferral: { daysOverdue: 0 } });
    expect(status([deferral], '2026-11-13')).toMatchObject({ state: 'deferral_due', deferral: { daysOverdue: 3 } });
  });

  it('a deferral is not a result: no lateness is counted for it', () => {
    expect(status([deferral], '2026-12-01').lateness).toBeUndefined();
    expect(latenessOf(deferral, 1, '2026-12-01', utcDay)).toBeNull();
  });

  it('extended: a new deferral with a later date is in force again', () => {
    const extended = entry({ value: null, deferral: { reason: 'болезнь продолжается', dueOn: '2026-11-24' }, knownOn: '2026-11-10' });
    expect(status([deferral, extended], '2026-11-12')).toMatchObject({ state: 'deferred', deferral: { dueOn: '2026-11-24' } });
  });

  it('ends with the mark: assigned, remembered as deferred, lateness counted from the day the mark was known', () => {
    const mark = entry({ value: '4', knownOn: '2026-11-09', publishedAt: '2026-11-09T15:00:00.000Z' });
    expect(status([deferral, mark], '2026-11-20')).toMatchObject({ state: 'assigned', value: '4', wasDeferred: true, lateness: { deadline: '2026-11-10', late: false, daysLate: 0 } });
  });

  it('the entry in force is the latest by clock, whatever the order they are stored in', () => {
    const a = entry({ value: '3', hlc: '2026-10-24T10:00:00.000Z-0000-ws1' });
    const b = entry({ value: '4', hlc: '2026-10-24T10:00:00.000Z-0001-ws1' });
    const c = entry({ value: '5', hlc: '2026-10-23T23:00:00.000Z-0009-ws2' });
    for (const order of [[a, b, c], [c, b, a], [b, a, c]]) {
      expect(entriesInForce(order).get(entryKey('s1', 'math', Q1.key))?.value).toBe('4');
      expect(entryHistories(order).get(entryKey('s1', 'math', Q1.key))?.map((e) => e.value)).toEqual(['5', '3', '4']);
    }
  });

  it('a mark cleared (value null, no deferral) leaves the cell missing again', () => {
    const mark = entry({ value: '3' });
    const cleared = entry({ value: null });
    expect(status([mark, cleared], '2026-11-01').state).toBe('missing');
  });
});

describe('lateness against the school setting (1 or 3 days)', () => {
  const known = (over: Partial<FinalMarkEntry>) => entry({ value: '5', knownOn: '2026-10-24', ...over });
  // [deadline days, published on (or null), today, late?, days late, pending?]
  const cases: [number, string | null, string, boolean, number, boolean][] = [
    [1, '2026-10-24', '2026-11-01', false, 0, false],
    [1, '2026-10-25', '2026-11-01', false, 0, false],
    [1, '2026-10-26', '2026-11-01', true, 1, false],
    [1, '2026-10-30', '2026-11-01', true, 5, false],
    [1, null, '2026-10-25', false, 0, true],
    [1, null, '2026-10-26', true, 1, true],
    [1, null, '2026-10-28', true, 3, true],
    [3, '2026-10-27', '2026-11-01', false, 0, false],
    [3, '2026-10-28', '2026-11-01', true, 1, false],
    [3, null, '2026-10-27', false, 0, true],
    [3, null, '2026-10-29', true, 2, true],
  ];
  it.each(cases)('deadline %s day(s), published %s, today %s → late %s by %s', (days, published, today, late, daysLate, pending) => {
    const e = known(published ? { publishedAt: `${published}T09:00:00.000Z` } : {});
    const l = latenessOf(e, days, today, utcDay)!;
    expect(l).toMatchObject({ deadline: days === 1 ? '2026-10-25' : '2026-10-27', late, daysLate, pending });
    expect(status([e], today, days).lateness).toEqual(l);
  });

  it('«н/а» and «осв.» are results too', () => {
    expect(latenessOf(known({ value: 'н/а' }), 1, '2026-10-27', utcDay)?.daysLate).toBe(2);
    expect(latenessOf(known({ value: 'осв.' }), 1, '2026-10-25', utcDay)?.late).toBe(false);
  });

  it('the publication day is taken in the workstation time zone by default', () => {
    const e = known({ publishedAt: new Date(2026, 9, 25, 23, 30).toISOString() });
    expect(latenessOf(e, 1, '2026-11-01')?.publishedOn).toBe('2026-10-25');
  });
});

describe('rules of a new entry', () => {
  const ctx = (over: Partial<FinalEntryContext> = {}): FinalEntryContext => ({
    today: '2026-10-26',
    column: Q1,
    student: { enrolledOn: '2022-09-01' },
    subjectIds: new Set(['math', 'rus']),
    yearEnd: '2027-05-31',
    ...over,
  });
  const draft = { studentId: 's1', subjectId: 'math', periodKey: Q1.key, value: '4' as const, knownOn: '2026-10-24' };
  const paths = (p: { path: string }[]) => p.map((x) => x.path);

  it('a mark known in the period, for a student of the class, is accepted', () => {
    expect(checkFinalEntry(draft, ctx())).toEqual([]);
    expect(checkFinalEntry({ ...draft, value: 'н/а' }, ctx())).toEqual([]);
    expect(checkFinalEntry({ ...draft, value: 'осв.' }, ctx())).toEqual([]);
  });

  it('a deferral with a reason and a date after today is accepted', () => {
    expect(checkFinalEntry({ ...draft, value: null, deferral: { reason: 'болезнь', dueOn: '2026-11-10' } }, ctx())).toEqual([]);
  });

  it('a mark and a deferral together are refused', () => {
    const p = checkFinalEntry({ ...draft, deferral: { reason: 'болезнь', dueOn: '2026-11-10' } }, ctx());
    expect(paths(p)).toEqual(['deferral']);
    expect(p[0]!.message).toMatch(/Отсрочка ставится вместо отметки/);
  });

  it('a deferral due today or earlier is refused', () => {
    expect(paths(checkFinalEntry({ ...draft, value: null, deferral: { reason: 'болезнь', dueOn: '2026-10-26' } }, ctx()))).toEqual(['deferral.dueOn']);
  });

  it('a deferral past the end of the school year is refused; to its last day it is accepted', () => {
    expect(paths(checkFinalEntry({ ...draft, value: null, deferral: { reason: 'болезнь', dueOn: '2099-01-01' } }, ctx()))).toEqual(['deferral.dueOn']);
    expect(paths(checkFinalEntry({ ...draft, value: null, deferral: { reason: 'болезнь', dueOn: '2027-06-01' } }, ctx()))).toEqual(['deferral.dueOn']);
    expect(checkFinalEntry({ ...draft, value: null, deferral: { reason: 'болезнь', dueOn: '2027-05-31' } }, ctx())).toEqual([]);
  });

  it('a result known in the future or before the period began is refused', () => {
    expect(paths(checkFinalEntry({ ...draft, knownOn: '2026-10-27' }, ctx()))).toEqual(['knownOn']);
    expect(paths(checkFinalEntry({ ...draft, knownOn: '2026-08-31' }, ctx()))).toEqual(['knownOn']);
  });

  it('a student who was not in the class during the period gets nothing here', () => {
    expect(paths(checkFinalEntry(draft, ctx({ student: { enrolledOn: '2026-10-25' } })))).toEqual(['studentId']);
    expect(paths(checkFinalEntry(draft, ctx({ student: { enrolledOn: '2022-09-01', leftOn: '2026-09-01' } })))).toEqual(['studentId']);
    expect(paths(checkFinalEntry(draft, ctx({ student: undefined })))).toEqual(['studentId']);
  });

  it('an unknown period or subject is refused', () => {
    expect(paths(checkFinalEntry(draft, ctx({ column: undefined })))).toEqual(['periodKey']);
    expect(paths(checkFinalEntry({ ...draft, subjectId: 'chem' }, ctx()))).toEqual(['subjectId']);
  });

  it('clearing is allowed only when something is in force', () => {
    expect(paths(checkFinalEntry({ ...draft, value: null }, ctx()))).toEqual(['value']);
    expect(checkFinalEntry({ ...draft, value: null }, ctx({ current: entry({ value: '3' }) }))).toEqual([]);
  });
});
