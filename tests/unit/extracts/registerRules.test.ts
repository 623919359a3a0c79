/**
 * Table tests of the register's rules of issue 14: the period of an extract, the reading of a typed
 * code, the annulment transitions, the facts the central system learns.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../electron/contract/errors.js';
import { codeDigest } from '../../../electron/core/extracts/code.js';
import { codeCandidates, codeOf } from '../../../electron/contract/extracts/code.js';
import { factsOf } from '../../../electron/core/extracts/facts.js';
import { periodProblem, type PeriodInput } from '../../../electron/core/extracts/period.js';
import type { ExtractRecord } from '../../../electron/core/extracts/record.js';
import { annul, handOver, prepare, recordPrint, renew, signOff, stateOf, type Actor } from '../../../electron/core/extracts/register.js';
import { compromiseRule } from '../../../electron/contract/auth/compromise.js';

const YEAR = { name: '2026/2027', start: '2026-09-01', end: '2027-05-31' };
const TODAY = '2026-11-20';

describe('the period of an extract (periodProblem)', () => {
  const cases: Array<[string, Partial<PeriodInput>, null | { path: 'from' | 'to'; has: string }]> = [
    ['a month on request', { from: '2026-10-01', to: '2026-10-31' }, null],
    ['one day, today', { from: TODAY, to: TODAY }, null],
    ['from the first day of the year', { from: '2026-09-01', to: '2026-09-30' }, null],
    ['to before from', { from: '2026-10-31', to: '2026-10-01' }, { path: 'to', has: 'раньше даты начала' }],
    ['01.01–01.02.2025: before the school year', { from: '2025-01-01', to: '2025-02-01' }, { path: 'from', has: 'вне учебного года класса (01.09.2026–31.05.2027)' }],
    ['ending 01.05.2027: after today', { from: '2026-11-01', to: '2027-05-01' }, { path: 'to', has: 'позже сегодняшнего дня' }],
    ['starting tomorrow', { from: '2026-11-21', to: '2026-11-21' }, { path: 'from', has: 'позже сегодняшнего дня' }],
    ['straddling the year start', { from: '2026-08-25', to: '2026-09-10' }, { path: 'from', has: 'вне учебного года класса' }],
    ['the class year unknown', { from: '2026-10-01', to: '2026-10-31', year: undefined }, { path: 'from', has: 'Учебный год класса не известен' }],
    ['weekly: this week (ends after today)', { reason: 'weekly', from: '2026-11-16', to: '2026-11-22' }, null],
    ['weekly: not a Monday', { reason: 'weekly', from: '2026-11-17', to: '2026-11-23' }, { path: 'from', has: 'с понедельника по воскресенье' }],
    ['weekly: next week', { reason: 'weekly', from: '2026-11-23', to: '2026-11-29' }, { path: 'from', has: 'ещё не началась' }],
    ['weekly: a summer week before the year', { reason: 'weekly', from: '2026-08-17', to: '2026-08-23' }, { path: 'from', has: 'не входит в период учебного года класса' }],
  ];
  it.each(cases)('%s', (_name, over, want) => {
    const p = periodProblem({ reason: 'request', from: '', to: '', today: TODAY, year: YEAR, ...over } as PeriodInput);
    if (want === null) expect(p).toBeNull();
    else {
      expect(p).not.toBeNull();
      expect(p!.path).toBe(want.path);
      expect(p!.message).toContain(want.has);
      expect(p!.message).toMatch(/^[А-ЯЁ]/);
      expect(p!.message).not.toMatch(/\d{4}-\d{2}-\d{2}/); // dates as ДД.ММ.ГГГГ
    }
  });
});

describe('reading a typed code (codeCandidates)', () => {
  const CODE = 'A1B2-C3D4-E5F6-0718-293A';
  const cases: Array<[string, string, string[]]> = [
    ['as printed', CODE, [CODE]],
    ['lower case, no dashes', 'a1b2c3d4e5f60718293a', [CODE]],
    ['spaces anywhere', ' a1b 2c3d4 e5f6 0718 293a ', [CODE]],
    ['inside the QR text', `EZHD-VYPISKA N57 ${CODE}`, [CODE]],
    ['inside the check page address', `https://ezhd.example.ru/v1/verify/${CODE}`, [CODE]],
    ['Cyrillic look-alikes А В С Е (upper and lower)', 'А1В2-С3D4-Е5F6-0718-293а', [CODE]],
    ['Cyrillic О for the digit 0', 'A1B2-C3D4-E5F6-О718-293A', [CODE]],
    // Typed with the Russian layout on: A→Ф, B→И, C→С, D→В, E→У, F→А. В and А read as look-alikes first.
    ['Russian layout', 'ф1и2-с3в4-у5а6-0718-293ф', ['A1B2-C3D4-E5F6-0718-293A']],
    ['ambiguous В and А: both readings', 'А1В2-0000-0000-0000-0000', ['A1B2-0000-0000-0000-0000', 'F1D2-0000-0000-0000-0000']],
    ['a look-alike that is not a code letter (Н)', 'Н1В2-С3D4-Е5F6-0718-293A', []],
    ['too short', 'A1B2-C3D4', []],
    ['not a code', 'выписка пятая', []],
  ];
  it.each(cases)('%s', (_name, input, want) => {
    expect(codeCandidates(input)).toEqual(want);
  });
  it('the digest is of the code, not of what was typed', () => {
    expect(codeDigest(codeCandidates('а1в2с3d4е5f60718293а')[0]!)).toBe(codeDigest(CODE));
    expect(codeDigest(CODE)).toMatch(/^[0-9a-f]{64}$/);
  });
});

// ---------------------------------------------------------------- annulment

const office: Actor = { id: 'u_office', role: 'office', name: 'Канцелярия О. О.' };
const director: Actor = { id: 'u_director', role: 'director', name: 'Тестов П. Д.' };
const deputy: Actor = { id: 'u_zavuch', role: 'deputy', name: 'Тестов П. З.' };
const teacher: Actor = { id: 'u_teacher_5a', role: 'teacher', name: 'Учитель У. У.' };
const now = new Date('2026-11-20T10:00:00.000Z');
const H1 = 'a'.repeat(64);
const H2 = 'b'.repeat(64);
const noRule = compromiseRule([]);

type Stage = 'prepared' | 'signed_off' | 'printed' | 'handed_over' | 'outdated' | 'annulled';

function recordAt(stage: Stage): ExtractRecord {
  const rec = prepare(
    { id: 'ex1', number: 7, studentId: 's1', classId: 'c5a', periodStart: '2026-11-02', periodEnd: '2026-11-13', reason: 'request', issuedOn: TODAY, sections: ['marks'], contentHash: H1 },
    office,
    now,
  );
  if (stage === 'prepared') return rec;
  if (stage === 'annulled') {
    annul(rec, { reason: 'Неверный период', actor: office, now });
    return rec;
  }
  signOff(rec, { seenHash: H1, current: { contentHash: H1, issuedOn: TODAY }, actor: director, now, rule: noRule });
  if (stage === 'signed_off' || stage === 'outdated') return rec;
  recordPrint(rec, H1, office, now);
  if (stage === 'printed') return rec;
  handOver(rec, { guardianId: 'g1', guardianIds: ['g1'], date: TODAY, today: TODAY, currentHash: H1, actor: office, now, rule: noRule });
  return rec;
}

describe('annulment transitions', () => {
  const cases: Array<[Stage, Actor, string, 'annulled' | string]> = [
    ['prepared', office, 'Ошибка в периоде', 'annulled'],
    ['signed_off', director, 'Не тот ученик', 'annulled'],
    ['printed', office, 'Выписка напечатана с ошибкой', 'annulled'],
    ['handed_over', director, 'Выдана не та выписка', 'annulled'],
    ['annulled', office, 'Повторно', 'уже аннулирована'],
    ['signed_off', deputy, 'Заместитель не аннулирует', 'канцелярия или директор'],
    ['signed_off', teacher, 'Учитель не аннулирует', 'канцелярия или директор'],
    ['signed_off', office, '   ', 'Укажите причину'],
  ];
  it.each(cases)('%s, by %s: %s', (stage, actor, reason, want) => {
    const rec = recordAt(stage);
    if (want === 'annulled') {
      annul(rec, { reason, actor, now });
      expect(stateOf(rec, H1, noRule)).toBe('annulled');
      expect(rec.annulled).toMatchObject({ by: actor.id, role: actor.role, reason: reason.trim(), at: now.toISOString() });
      // Kept: its number and earlier steps stay in the register.
      expect(rec.number).toBe(7);
    } else {
      expect(() => annul(rec, { reason, actor, now })).toThrow(want);
    }
  });

  const after: Array<[string, (r: ExtractRecord) => void]> = [
    ['sign-off', (r) => signOff(r, { seenHash: H2, current: { contentHash: H2, issuedOn: TODAY }, actor: director, now, rule: noRule })],
    ['print', (r) => recordPrint(r, r.contentHash, office, now)],
    ['renewal', (r) => renew(r, { contentHash: H2, issuedOn: TODAY }, office, now)],
    ['hand-over', (r) => handOver(r, { guardianId: 'g1', guardianIds: ['g1'], date: TODAY, today: TODAY, currentHash: r.contentHash, actor: office, now, rule: noRule })],
  ];
  it.each(after)('an annulled extract refuses the %s', (_name, act) => {
    const rec = recordAt('printed');
    annul(rec, { reason: 'Ошибка в данных', actor: office, now });
    let err: unknown;
    try {
      act(rec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('аннулирована');
  });
});

describe('facts for the central system (factsOf)', () => {
  const code = (h: string) => codeDigest(codeOf(h));
  it('prepared: nothing; signed off: issued; annulled: annulled; a signed version replaced: superseded', () => {
    const prepared = recordAt('prepared');
    expect(factsOf(undefined, prepared)).toEqual([]);

    const signed = structuredClone(prepared);
    signOff(signed, { seenHash: H1, current: { contentHash: H1, issuedOn: TODAY }, actor: director, now, rule: noRule });
    // Signed and annulled on the workstation's local day of the moment (10:00 UTC is the next day east of UTC+13).
    const localDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    expect(factsOf(prepared, signed)).toEqual([{ kind: 'extract.issued', payload: { digest: code(H1), number: 7, issuedOn: TODAY, signedOn: localDay(now) } }]);
    // A print changes nothing the central system knows.
    const printed = structuredClone(signed);
    recordPrint(printed, H1, office, now);
    expect(factsOf(signed, printed)).toEqual([]);

    const renewed = structuredClone(signed);
    const later = new Date('2026-11-21T10:00:00.000Z');
    signOff(renewed, { seenHash: H2, current: { contentHash: H2, issuedOn: '2026-11-21' }, actor: director, now: later, rule: noRule });
    expect(factsOf(signed, renewed).map((f) => [f.kind, f.payload.digest])).toEqual([
      ['extract.annulled', code(H1)],
      ['extract.issued', code(H2)],
    ]);
    expect(factsOf(signed, renewed)[0]!.payload).toMatchObject({ superseded: true, annulledOn: localDay(later) });

    const annulled = structuredClone(signed);
    annul(annulled, { reason: 'Ошибка', actor: office, now });
    expect(factsOf(signed, annulled)).toEqual([{ kind: 'extract.annulled', payload: { digest: code(H1), number: 7, issuedOn: TODAY, annulledOn: localDay(now) } }]);
    // Never a student or a name on the wire.
    expect(JSON.stringify([factsOf(prepared, signed), factsOf(signed, annulled)])).not.toMatch(/s1|c5a|studentId/);
  });
});
