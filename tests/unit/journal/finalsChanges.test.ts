import { beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from './fixtureJournal.js';

/**
 * Final marks: who and when (issue 14, п. 6), through the service. The fixture's I четверть ends
 * 24.10.2026, II четверть 28.12.2026, the year 31.05.2027; results reach the family within 1 day,
 * so I четверть is closed from 26.10.2026.
 */
let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-10-24T09:00:00.000Z' });
  await withFixtureJournal(t);
});

const cell = { classId: 'c5a', studentId: 's1', subjectId: 'math', periodKey: 'y2026-q1' };
const REASON = 'пересдача контрольной работы 27.11, приказ № 45';

/** Moves the clock and logs in again (the idle lock closed the old sessions). */
async function on(iso: string, login: string) {
  t.clock.now = new Date(`${iso}T09:00:00.000Z`);
  return t.as(login);
}

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string; problems?: { path: string; message: string }[] }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string; problems?: { path: string; message: string }[] };
  }
  throw new Error('expected a refusal');
}

const entries = async () => (await t.app.core.store.classData('c5a')).finalMarks;

describe('a locked mark changes by a request the deputy confirms', () => {
  it('request → the deputy’s attention list → confirmed: the entry carries who asked, why, who confirmed and when', async () => {
    // On the last day of the quarter the class teacher sets «3»; the next day he corrects it to «4» freely.
    let teacher = await t.as('teacher.5a');
    await teacher.finals.set({ ...cell, value: '3', knownOn: '2026-10-24' });
    teacher = await on('2026-10-25', 'teacher.5a');
    await teacher.finals.set({ ...cell, value: '4', knownOn: '2026-10-24' });

    // Five weeks later the quarter is closed: a change needs a reason and a confirmation.
    teacher = await on('2026-11-30', 'teacher.5a');
    const direct = await failure(teacher.finals.set({ ...cell, value: '5', knownOn: '2026-11-30' }));
    expect(direct.code).toBe('rule');
    expect(direct.message).toContain('период закрыт с 26.10.2026');
    expect(direct.problems).toEqual([expect.objectContaining({ path: 'reason' })]);
    const thin = await failure(teacher.finals.requestChange({ ...cell, value: '5', knownOn: '2026-11-30', reason: 'ошибка' }));
    expect(thin).toMatchObject({ code: 'validation', problems: [{ path: 'reason' }] });
    expect(await entries()).toHaveLength(2);

    const request = await teacher.finals.requestChange({ ...cell, value: '5', knownOn: '2026-11-30', reason: REASON });
    expect(request).toMatchObject({ status: 'pending', fromValue: '4', value: '5', reason: REASON, locked: ['closed'], requestedByName: 'Тестов П. t.', columnTitle: 'I четверть' });
    // Nothing changes until it is confirmed: the board shows «4» and the request beside it.
    const board = await teacher.finals.board({ classId: 'c5a', periodKey: 'y2026-q1' });
    const c = board.rows.find((r) => r.studentId === 's1')!.cells.find((x) => x.subjectId === 'math')!;
    expect(c).toMatchObject({ value: '4', locked: ['closed'], request: { id: request.id, value: '5' } });
    expect(await entries()).toHaveLength(2);
    // One request per cell at a time; the class teacher decides nothing.
    await expect(teacher.finals.requestChange({ ...cell, value: '3', knownOn: '2026-11-30', reason: REASON })).rejects.toMatchObject({ code: 'conflict' });
    await expect(teacher.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'confirm' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect((await t.as('office')).finals.decide({ classId: 'c5a', requestId: request.id, decision: 'confirm' })).rejects.toMatchObject({ code: 'forbidden' });

    // The deputy sees it in «Итоговые отметки»: the attention list and the requests.
    const deputy = await on('2026-12-01', 'zavuch');
    const attention = (await deputy.finals.attention({})).filter((a) => a.kind === 'change_requested');
    expect(attention).toEqual([expect.objectContaining({ classId: 'c5a', studentId: 's1', subjectId: 'math', periodKey: 'y2026-q1', date: '2026-11-30', days: 1 })]);
    expect((await deputy.finals.requests({ pendingOnly: true })).map((r) => r.id)).toEqual([request.id]);

    const decided = await deputy.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'confirm' });
    expect(decided).toMatchObject({ status: 'confirmed', decidedByName: 'Тестов П. z.', decidedAt: '2026-12-01T09:00:00.000Z' });
    const all = await entries();
    expect(all).toHaveLength(3);
    expect(all[2]).toMatchObject({
      value: '5',
      knownOn: '2026-11-30',
      enteredBy: 'u_teacher_5a',
      enteredAt: '2026-11-30T09:00:00.000Z',
      reason: REASON,
      confirmedBy: 'u_zavuch',
      confirmedAt: '2026-12-01T09:00:00.000Z',
    });
    // The confirmed entry goes to the central system as a final mark, on the deputy's behalf.
    const data = await t.app.core.store.classData('c5a');
    expect(data.mutations.at(-1)).toMatchObject({ kind: 'final_mark', payload: all[2], author: 'u_zavuch' });

    // The history: who, when and why.
    const history = await (await t.as('office')).finals.history(cell);
    expect(history.map((h) => [h.value, h.enteredByName, h.reason ?? null, h.confirmedByName ?? null])).toEqual([
      ['3', 'Тестов П. t.', null, null],
      ['4', 'Тестов П. t.', null, null],
      ['5', 'Тестов П. t.', REASON, 'Тестов П. z.'],
    ]);
    expect(history[2]!.confirmedAt).toBe('2026-12-01T09:00:00.000Z');
    // Decided once; no longer in the attention list; the audit has both steps (ids only).
    await expect(deputy.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'refuse' })).rejects.toMatchObject({ code: 'conflict' });
    expect((await deputy.finals.attention({})).filter((a) => a.kind === 'change_requested')).toEqual([]);
    const audit = await t.app.core.audit.all();
    expect(audit.filter((e) => e.action === 'finals.requestChange' || e.action === 'finals.decide').map((e) => [e.action, e.details?.decision ?? null])).toEqual([
      ['finals.requestChange', null],
      ['finals.decide', 'confirm'],
    ]);
    expect(JSON.stringify(audit)).not.toContain('пересдача');
  });

  it('a refused request changes nothing and says who refused it and why', async () => {
    await (await t.as('teacher.5a')).finals.set({ ...cell, value: '4', knownOn: '2026-10-24' });
    const teacher = await on('2026-11-30', 'teacher.5a');
    const request = await teacher.finals.requestChange({ ...cell, value: '5', knownOn: '2026-11-30', reason: REASON });
    const director = await t.as('director');
    const refused = await director.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'refuse', note: 'нет приказа о пересдаче' });
    expect(refused).toMatchObject({ status: 'refused', decidedByName: 'Тестов П. d.', note: 'нет приказа о пересдаче' });
    expect((await entries()).map((e) => e.value)).toEqual(['4']);
    expect(await teacher.finals.requests({ cell: { studentId: 's1', subjectId: 'math', periodKey: 'y2026-q1' } })).toEqual([expect.objectContaining({ id: request.id, status: 'refused' })]);
    // A refused request does not block a new one.
    await expect(teacher.finals.requestChange({ ...cell, value: '5', knownOn: '2026-11-30', reason: `${REASON}, копия приказа приложена` })).resolves.toMatchObject({ status: 'pending' });
  });

  it('a mark already with the family is locked even while its period is open', async () => {
    t.clock.now = new Date('2026-11-20T09:00:00.000Z');
    const teacher = await t.as('teacher.5a');
    const q2 = { ...cell, periodKey: 'y2026-q2' };
    const set = await teacher.finals.set({ ...q2, value: '4', knownOn: '2026-11-20', confirmEarly: true });
    await (await t.as('office')).finals.markPublished({ classId: 'c5a', entryIds: [set.entryId!], publishedOn: '2026-11-20' });
    const e = await failure(teacher.finals.set({ ...q2, value: '3', knownOn: '2026-11-20', confirmEarly: true }));
    expect(e.code).toBe('rule');
    expect(e.message).toContain('отметка доведена до семьи 20.11.2026');
    await expect(teacher.finals.requestChange({ ...q2, value: '3', knownOn: '2026-11-20', confirmEarly: true, reason: REASON })).resolves.toMatchObject({ locked: ['published'] });
  });

  it('the director or a deputy changes a locked mark himself only with a reason, confirmed by himself', async () => {
    await (await t.as('teacher.5a')).finals.set({ ...cell, value: '4', knownOn: '2026-10-24' });
    const director = await on('2026-11-30', 'director');
    await expect(director.finals.set({ ...cell, value: '5', knownOn: '2026-11-30' })).rejects.toMatchObject({ code: 'validation', problems: [{ path: 'reason' }] });
    await expect(director.finals.set({ ...cell, value: '5', knownOn: '2026-11-30', reason: 'ошибка' })).rejects.toMatchObject({ code: 'validation', problems: [{ path: 'reason' }] });
    await director.finals.set({ ...cell, value: '5', knownOn: '2026-11-30', reason: REASON });
    expect((await entries()).at(-1)).toMatchObject({ value: '5', enteredBy: 'u_director', reason: REASON, confirmedBy: 'u_director', confirmedAt: '2026-11-30T09:00:00.000Z' });
    // Removing a locked mark is a change too.
    await expect((await t.as('teacher.5a')).finals.set({ ...cell, value: null, knownOn: '2026-11-30' })).rejects.toMatchObject({ code: 'rule' });
  });

  it('a request the cell has moved past is not confirmed; a free change needs no request', async () => {
    await (await t.as('teacher.5a')).finals.set({ ...cell, value: '4', knownOn: '2026-10-24' });
    const teacher = await on('2026-11-30', 'teacher.5a');
    const request = await teacher.finals.requestChange({ ...cell, value: '5', knownOn: '2026-11-30', reason: REASON });
    await (await t.as('director')).finals.set({ ...cell, value: '3', knownOn: '2026-11-30', reason: 'ошибка при переносе из бумажного журнала' });
    const deputy = await t.as('zavuch');
    await expect(deputy.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'confirm' })).rejects.toMatchObject({ code: 'rule', message: expect.stringContaining('изменилась после') });
    await expect(deputy.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'refuse' })).resolves.toMatchObject({ status: 'refused' });
    // The first mark of an empty cell of a closed quarter is no change: no request.
    await expect(teacher.finals.requestChange({ ...cell, studentId: 's2', value: '5', knownOn: '2026-11-30', reason: REASON })).rejects.toMatchObject({ code: 'rule', message: expect.stringContaining('без запроса') });
    await expect(teacher.finals.set({ ...cell, studentId: 's2', value: '5', knownOn: '2026-11-30' })).resolves.toMatchObject({ value: '5' });
  });

  it('a request made with a login later reported known to others is never confirmed', async () => {
    await (await t.as('teacher.5a')).finals.set({ ...cell, value: '4', knownOn: '2026-10-24' });
    const teacher = await on('2026-11-30', 'teacher.5a');
    const request = await teacher.finals.requestChange({ ...cell, value: '2', knownOn: '2026-11-30', reason: REASON });
    const director = await t.as('director');
    await director.users.reportCompromised({ userId: 'u_teacher_5a', from: '2026-11-30T08:00:00.000Z' });
    expect(await director.finals.requests({ classId: 'c5a' })).toEqual([expect.objectContaining({ id: request.id, invalid: true })]);
    await expect(director.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'confirm' })).rejects.toMatchObject({ code: 'rule', message: expect.stringContaining('посторонним') });
    await expect(director.finals.decide({ classId: 'c5a', requestId: request.id, decision: 'refuse' })).resolves.toMatchObject({ status: 'refused' });
    expect((await entries()).map((e) => e.value)).toEqual(['4']);
  });
});

describe('a mark before its period ends, and deferrals', () => {
  it('an early mark is refused with the question unless confirmed; nothing is written on refusal', async () => {
    const teacher = await on('2026-11-20', 'teacher.5a');
    const q2 = { ...cell, periodKey: 'y2026-q2' };
    const e = await failure(teacher.finals.set({ ...q2, value: '5', knownOn: '2026-11-20' }));
    expect(e).toMatchObject({ code: 'rule', message: 'Период ещё не закончился (до 28.12.2026). Выставить отметку досрочно?', problems: [{ path: 'confirmEarly' }] });
    expect(await entries()).toEqual([]);
    await expect(teacher.finals.set({ ...q2, value: '5', knownOn: '2026-11-20', confirmEarly: true })).resolves.toMatchObject({ state: 'assigned', value: '5' });
    // A deferral is not a mark: nothing to confirm.
    await expect(teacher.finals.set({ ...q2, studentId: 's2', value: null, deferral: { reason: 'болезнь, справка № 3', dueOn: '2027-01-20' }, knownOn: '2026-11-20' })).resolves.toMatchObject({ state: 'deferred' });
  });

  it('a deferral lasts at most to the end of the school year', async () => {
    const teacher = await on('2026-11-20', 'teacher.5a');
    const far = await failure(teacher.finals.set({ ...cell, value: null, deferral: { reason: 'болезнь, справка № 3', dueOn: '2099-01-01' }, knownOn: '2026-11-20' }));
    expect(far).toMatchObject({ code: 'validation', message: 'Отсрочка возможна не дольше конца учебного года — до 31.05.2027.', problems: [{ path: 'deferral.dueOn' }] });
    await expect(teacher.finals.set({ ...cell, value: null, deferral: { reason: 'болезнь, справка № 3', dueOn: '2027-05-31' }, knownOn: '2026-11-20' })).resolves.toMatchObject({ state: 'deferred' });
    const board = await teacher.finals.board({ classId: 'c5a', periodKey: 'y2026-q1' });
    expect([board.yearEnd, board.closedFrom]).toEqual(['2027-05-31', '2026-10-26']);
  });
});
