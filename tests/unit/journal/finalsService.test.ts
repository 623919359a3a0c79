import { beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from './fixtureJournal.js';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-10-26T09:00:00.000Z' });
  await withFixtureJournal(t);
});

const cell = { classId: 'c5a', studentId: 's1', subjectId: 'math', periodKey: 'y2026-q1' };
/** Moves the clock (days pass) and logs in again as the class teacher: the idle lock has closed the old session. */
async function later(iso: string) {
  t.clock.now = new Date(iso);
  return t.as('teacher.5a');
}

describe('entering final marks', () => {
  it('the class teacher enters a mark: the entry and its pending mutation are written together', async () => {
    const teacher = await t.as('teacher.5a');
    const c = await teacher.finals.set({ ...cell, value: '3', knownOn: '2026-10-24' });
    expect(c).toMatchObject({ subjectId: 'math', state: 'assigned', value: '3', wasDeferred: false, lateness: { deadline: '2026-10-25', pending: true, late: true, daysLate: 1 } });
    const data = await t.app.core.store.classData('c5a');
    expect(data.finalMarks).toHaveLength(1);
    const entry = data.finalMarks[0]!;
    expect(entry).toMatchObject({ studentId: 's1', subjectId: 'math', periodId: 'y2026-q1', value: '3', knownOn: '2026-10-24', enteredBy: 'u_teacher_5a' });
    expect(entry.reason).toBeUndefined();
    expect(entry.confirmedBy).toBeUndefined();
    expect(data.mutations).toHaveLength(1);
    expect(data.mutations[0]).toMatchObject({ id: 'ws-test:1', kind: 'final_mark', payload: entry, hlc: entry.hlc, author: 'u_teacher_5a' });
    expect((await t.app.core.store.school()).workstation.nextMutationSeq).toBe(2);
    const audit = await t.app.core.audit.all();
    expect(audit.at(-1)).toMatchObject({ action: 'finals.set', recordIds: [entry.id, 's1'] });
  });

  it('the class teacher enters marks in his class only; the director and deputy may too; the office only looks', async () => {
    await expect((await t.as('teacher.5a')).finals.set({ ...cell, value: '4', knownOn: '2026-10-24' })).resolves.toMatchObject({ value: '4' });
    await expect((await t.as('teacher.9b')).finals.set({ ...cell, value: '4', knownOn: '2026-10-24' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect((await t.as('office')).finals.set({ ...cell, studentId: 's2', value: '4', knownOn: '2026-10-24' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect((await t.as('director')).finals.set({ ...cell, studentId: 's2', value: '4', knownOn: '2026-10-24' })).resolves.toMatchObject({ value: '4' });
    await expect((await t.as('zavuch')).finals.set({ ...cell, studentId: 's3', value: '5', knownOn: '2026-10-24' })).resolves.toMatchObject({ value: '5' });
    const byLogin = async (login: string) => (await (await t.as(login)).finals.board({ classId: 'c5a', periodKey: 'y2026-q1' }));
    expect([(await byLogin('office')).canEdit, (await byLogin('office')).canConfirm]).toEqual([false, false]);
    expect([(await byLogin('teacher.5a')).canEdit, (await byLogin('teacher.5a')).canConfirm]).toEqual([true, false]);
    expect([(await byLogin('director')).canEdit, (await byLogin('director')).canConfirm]).toEqual([true, true]);
    expect([(await byLogin('zavuch')).canEdit, (await byLogin('zavuch')).canConfirm]).toEqual([true, true]);
    // The office still records that results reached the family (it hands the paper over).
    const entryId = (await byLogin('office')).rows.find((r) => r.studentId === 's1')!.cells[0]!.entryId!;
    await expect((await t.as('office')).finals.markPublished({ classId: 'c5a', entryIds: [entryId], publishedOn: '2026-10-26' })).resolves.toEqual({ count: 1 });
    // Nothing the office tried was written: three entries, of the teacher, the director and the deputy.
    expect((await t.app.core.store.classData('c5a')).finalMarks.map((e) => e.enteredBy)).toEqual(['u_teacher_5a', 'u_director', 'u_zavuch']);
  });

  it('a broken rule is refused with the field named, and nothing is written', async () => {
    const office = await t.as('teacher.5a');
    await expect(office.finals.set({ ...cell, value: '4', deferral: { reason: 'болезнь', dueOn: '2026-11-10' }, knownOn: '2026-10-24' })).rejects.toMatchObject({
      code: 'validation',
      problems: [{ path: 'deferral' }],
    });
    await expect(office.finals.set({ ...cell, periodKey: 'exam:y2026', value: '4', knownOn: '2026-10-24' })).rejects.toMatchObject({ code: 'validation' });
    const data = await t.app.core.store.classData('c5a');
    expect(data.finalMarks).toEqual([]);
    expect(data.mutations).toEqual([]);
  });

  it('deferral lifecycle: deferred → its date comes (flagged) → the mark (no request: nothing was in force)', async () => {
    let office = await t.as('teacher.5a');
    const d = await office.finals.set({ ...cell, value: null, deferral: { reason: 'болезнь, справка № 17', dueOn: '2026-11-10' }, knownOn: '2026-10-24' });
    expect(d).toMatchObject({ state: 'deferred', deferral: { dueOn: '2026-11-10', daysOverdue: 0 } });
    expect((await office.finals.attention({ classId: 'c5a' })).filter((a) => a.kind === 'deferral_due')).toEqual([]);

    office = await later('2026-11-12T09:00:00.000Z');
    const board = await office.finals.board({ classId: 'c5a', periodKey: 'y2026-q1' });
    const row = board.rows.find((r) => r.studentId === 's1')!;
    expect(row.cells[0]).toMatchObject({ state: 'deferral_due', deferral: { daysOverdue: 2 } });
    const due = (await office.finals.attention({ classId: 'c5a' })).filter((a) => a.kind === 'deferral_due');
    expect(due).toEqual([expect.objectContaining({ studentId: 's1', subjectId: 'math', periodKey: 'y2026-q1', date: '2026-11-10', days: 2 })]);

    const m = await office.finals.set({ ...cell, value: '3', knownOn: '2026-11-12' });
    expect(m).toMatchObject({ state: 'assigned', value: '3', wasDeferred: true, lateness: { deadline: '2026-11-13', late: false } });
    expect((await office.finals.attention({ classId: 'c5a' })).filter((a) => a.studentId === 's1' && a.subjectId === 'math' && a.periodKey === 'y2026-q1')).toEqual([]);
    const history = await office.finals.history(cell);
    expect(history.map((h) => [h.value, h.deferral?.dueOn ?? null])).toEqual([
      [null, '2026-11-10'],
      ['3', null],
    ]);
    expect(history[0]!.enteredByName).toBe('Тестов П. t.');
    expect((await t.app.core.store.classData('c5a')).mutations.map((x) => x.kind)).toEqual(['final_mark', 'final_mark']);
  });

  it('lateness: a result not published in time shows how late; published late stays late by the days it took', async () => {
    const c = await (await t.as('teacher.5a')).finals.set({ ...cell, value: '4', knownOn: '2026-10-24' });
    t.clock.now = new Date('2026-10-28T09:00:00.000Z');
    const office = await t.as('office');
    let items = (await office.finals.attention({ classId: 'c5a' })).filter((a) => a.entryId === c.entryId);
    expect(items).toEqual([expect.objectContaining({ kind: 'unpublished_late', date: '2026-10-25', days: 3 })]);

    const r = await office.finals.markPublished({ classId: 'c5a', entryIds: [c.entryId!], publishedOn: '2026-10-27' });
    expect(r.count).toBe(1);
    items = (await office.finals.attention({ classId: 'c5a' })).filter((a) => a.entryId === c.entryId);
    expect(items).toEqual([expect.objectContaining({ kind: 'late', days: 2 })]);
    // once published it stays published
    expect((await office.finals.markPublished({ classId: 'c5a', entryIds: [c.entryId!], publishedOn: '2026-10-28' })).count).toBe(0);
    const data = await t.app.core.store.classData('c5a');
    expect(data.mutations.map((x) => x.kind)).toEqual(['final_mark', 'final_mark_published']);
    await expect(office.finals.markPublished({ classId: 'c5a', entryIds: [c.entryId!], publishedOn: '2026-10-29' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('with a 3-day deadline the same result is on time', async () => {
    await t.app.core.store.updateSchool((d) => {
      d.settings.finalMarkDeadlineDays = 3;
    });
    let office = await t.as('teacher.5a');
    const c = await office.finals.set({ ...cell, value: '4', knownOn: '2026-10-24' });
    expect(c.lateness).toMatchObject({ deadline: '2026-10-27', late: false, pending: true });
    office = await later('2026-10-28T09:00:00.000Z');
    expect((await office.finals.attention({ classId: 'c5a' })).find((a) => a.entryId === c.entryId)).toMatchObject({ kind: 'unpublished_late', days: 1 });
  });

  it('missing marks are listed once the period is over; the board offers the forecast beside each cell', async () => {
    const office = await t.as('office');
    const missing = (await office.finals.attention({ classId: 'c5a' })).filter((a) => a.kind === 'missing');
    expect(missing).toHaveLength(6); // 3 students × 2 subjects for I четверть
    const board = await office.finals.board({ classId: 'c5a', periodKey: 'y2026-q1' });
    expect(board.rows.map((r) => r.cells.map((c) => c.forecast))).toEqual([
      [5, 4],
      [3, 5],
      [2, 3],
    ]);
    expect(board.columns.map((c) => c.key)).toEqual(['y2026-q1', 'y2026-q2', 'year:y2026']);
  });
});

describe('the period the board opens on', () => {
  it('is the one just ended for two weeks (its marks are being set), then the current one', async () => {
    const at = async (iso: string) => {
      t.clock.now = new Date(`${iso}T09:00:00.000Z`);
      return (await (await t.as('office')).finals.board({ classId: 'c5a' })).column.key;
    };
    expect(await at('2026-10-20')).toBe('y2026-q1');
    expect(await at('2026-11-05')).toBe('y2026-q1');
    expect(await at('2026-11-08')).toBe('y2026-q2');
    expect(await at('2027-01-05')).toBe('year:y2026');
  });
});
