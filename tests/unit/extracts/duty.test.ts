import { beforeEach, describe, expect, it } from 'vitest';
import type { Progress } from '../../../electron/contract/method.js';
import type { TestApp } from '../helpers/testApp.js';
import { annul, failure, giveConsent, pdfPages, pdfText, refuse, squash } from './helpers.js';
import { world } from './world.js';

let t: TestApp;
beforeEach(async () => {
  t = await world();
  // Every family of 5А consents: the electronic service is on, nobody is due on paper. 9Б: no consent.
  await giveConsent(t, 's1', 'g1');
  await giveConsent(t, 's2', 'g2');
  await giveConsent(t, 's3', 'g3');
});

const dutyIds = async (classId = 'c5a') => (await (await t.as('office')).extracts.duty({ classId })).rows.map((r) => r.studentId);

describe('the weekly duty follows the registry', () => {
  it('a refusal adds the student, an annulment removes him', async () => {
    expect(await dutyIds()).toEqual([]);
    const { document: refusal } = await refuse(t, 's2', 'g2', '2026-11-18');
    const office = await t.as('office');
    const list = await office.extracts.duty({ classId: 'c5a' });
    expect(list).toMatchObject({ monday: '2026-11-16', sunday: '2026-11-22', today: '2026-11-20', totals: { due: 1, handed: 0, overdue: 0, toSign: 0 } });
    expect(list.rows[0]).toMatchObject({
      studentId: 's2',
      studentName: 'Евдокимова Алёна Сергеевна',
      className: '5А',
      reasons: ['refusal'],
      since: '2026-11-18',
      deadline: '2026-11-25',
      overdue: false,
      handedThisWeek: false,
      guardians: [{ id: 'g2', name: 'Евдокимов Сергей Павлович', relation: 'отец' }],
    });
    expect(list.rows[0]!.extract).toBeUndefined();

    await annul(t, 's2', 'g2', refusal.id, '2026-11-20');
    expect(await dutyIds()).toEqual([]);
    // A past week is judged by what was signed by its end: the week of the refusal still had him.
    const t2 = await office.extracts.duty({ classId: 'c5a', weekOf: '2026-11-09' });
    expect(t2.rows).toEqual([]);
  });

  it('families without consent are due; nothing handed over for more than a week is overdue and stands out', async () => {
    const office = await t.as('office');
    const list = await office.extracts.duty({ classId: 'c9b' });
    // Due since enrolment in 2018, but the duty counts from this school year's start (01.09.2026).
    expect(list.rows).toEqual([expect.objectContaining({ studentId: 's10', reasons: ['no_consent'], since: '2018-09-01', deadline: '2026-09-08', overdue: true })]);
    expect(list.totals.overdue).toBe(1);
  });

  it('the school-wide list has every class the caller sees; a class teacher sees his own', async () => {
    await refuse(t, 's1', 'g1', '2026-10-01');
    const office = await t.as('office');
    expect((await office.extracts.duty({})).rows.map((r) => [r.className, r.studentId])).toEqual([
      ['5А', 's1'],
      ['9Б', 's10'],
    ]);
    const teacher = await t.as('teacher.9b');
    expect((await teacher.extracts.duty({})).rows.map((r) => r.studentId)).toEqual(['s10']);
    expect(await failure(teacher.extracts.duty({ classId: 'c5a' }))).toMatchObject({ code: 'forbidden' });
  });

  it('a hand-over this week takes the family off the overdue list until a week has passed', async () => {
    await refuse(t, 's1', 'g1', '2026-10-01');
    const office = await t.as('office');
    const director = await t.as('director');
    expect((await office.extracts.duty({ classId: 'c5a' })).rows[0]).toMatchObject({ overdue: true, deadline: '2026-10-08' });
    const batch = await office.extracts.printDue({ classId: 'c5a' });
    const row = (await office.extracts.duty({ classId: 'c5a' })).rows[0]!.extract!;
    await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    await office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' });
    const after = await office.extracts.duty({ classId: 'c5a' });
    expect(after.rows[0]).toMatchObject({ handedThisWeek: true, overdue: false, lastHandedOverOn: '2026-11-20', deadline: '2026-11-27', extract: { state: 'handed_over', number: 1 } });
    expect(after.totals).toMatchObject({ due: 1, handed: 1, overdue: 0 });
    expect(batch.count).toBe(1);
    // Handed over: the next batch of the week has nothing left for 5А.
    expect((await failure(office.extracts.printDue({ classId: 'c5a' }))).message).toContain('уже выданы');
    // Next Monday it is due again, and overdue from the Saturday after.
    t.clock.now = new Date('2026-11-28T09:00:00.000Z');
    const later = await t.as('office');
    expect((await later.extracts.duty({ classId: 'c5a' })).rows[0]).toMatchObject({ handedThisWeek: false, overdue: true });
  });
});

describe('one click: all due extracts of a class or of the school as one PDF', () => {
  it('prepares what is missing, prints everything due in one file with progress, each extract numbered on its own pages', async () => {
    await refuse(t, 's1', 'g1', '2026-10-01');
    await refuse(t, 's3', 'g3', '2026-11-02');
    const office = await t.as('office');
    // One extract already prepared (and its data changed since): it is renewed, not duplicated.
    const early = await office.extracts.prepare({ studentId: 's3', from: '2026-11-16', to: '2026-11-22', reason: 'weekly' });
    await t.app.core.store.updateJournal('y2026', 'c5a', (d) => {
      d.marks.push({ id: 'late-s3', lessonId: 'w2', studentId: 's3', value: 5, weight: 1 });
    });
    const events: Progress[] = [];
    const res = await office.extracts.printDue({}, { onProgress: (p) => events.push(p) });
    expect(res).toMatchObject({ count: 3, prepared: 2, renewed: 1, skipped: 0 });
    expect(res.file.name).toBe('Выписки за неделю 16.11.2026–22.11.2026 — вся школа (3).pdf');
    expect(events.length).toBeGreaterThanOrEqual(6);
    expect(events.at(-1)).toMatchObject({ done: 6, total: 6, label: 'Печать' });
    expect(events.map((e) => e.done)).toEqual([...events.map((e) => e.done)].sort((a, b) => a - b));

    const text = squash(pdfText(res.file.base64));
    const rows = await office.extracts.register({});
    expect(rows.map((r) => [r.number, r.studentId, r.printed.count])).toEqual([
      [3, 's10', 1],
      [2, 's1', 1],
      [1, 's3', 1],
    ]);
    for (const r of rows) {
      expect(text).toContain(`ВЫПИСКА № ${r.number}`);
      expect(text).toContain(r.studentName);
      expect(text).toContain(r.code);
    }
    expect(rows.find((r) => r.number === 1)!.versions).toBe(1);
    expect(rows.find((r) => r.number === 1)!.code).not.toBe(early.code);
    // Page numbers count within each extract.
    const pages = pdfPages(res.file.base64);
    const firsts = text.match(/Стр\. 1 из \d+/g)!;
    expect(firsts).toHaveLength(3);
    expect(firsts.reduce((n, s) => n + Number(/из (\d+)/.exec(s)![1]), 0)).toBe(pages);
  });

  it('one student on request from the duty list; the director cannot print', async () => {
    await refuse(t, 's1', 'g1', '2026-10-01');
    const office = await t.as('office');
    const one = await office.extracts.printDue({ studentIds: ['s1'] });
    expect(one).toMatchObject({ count: 1, prepared: 1 });
    expect(one.file.name).toMatch(/^Выписка № 1 — Ёлкин П\. И\., 5А — 16\.11\.2026–22\.11\.2026\.pdf$/);
    const director = await t.as('director');
    expect(await failure(director.extracts.printDue({}))).toMatchObject({ code: 'forbidden' });
    expect((await failure(office.extracts.printDue({ weekOf: '2026-11-30' }))).message).toContain('ещё не началась');
  });
});
