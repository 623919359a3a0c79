/**
 * Extracts on request and their register (issue 14, point 3), through the app: a refused period
 * takes no number; annulment with a reason, kept in the register and verified as annulled; the
 * hand-over sheet and the hand-over of ticked rows in one action.
 */
import { mkdirSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/testApp.js';
import { classFile, failure, pdfPages, pdfText, renderPng, squash } from './helpers.js';
import { world } from './world.js';

let t: TestApp;
beforeEach(async () => {
  t = await world();
});

const request = (studentId: string, from: string, to: string) => ({ studentId, from, to, reason: 'request' as const });

describe('extracts on request', () => {
  it('a refused period takes no number: the next valid extract gets the next number of the register', async () => {
    const office = await t.as('office');
    const first = await office.extracts.prepare(request('s1', '2026-11-02', '2026-11-13'));
    expect(first.number).toBe(1);
    for (const [from, to, path, text] of [
      ['2025-01-01', '2025-02-01', 'from', 'вне учебного года класса (01.09.2026–31.05.2027)'],
      ['2026-11-01', '2027-05-01', 'to', 'позже сегодняшнего дня'],
      ['2026-11-13', '2026-11-02', 'to', 'раньше даты начала'],
    ] as const) {
      const e = await failure(office.extracts.prepare(request('s2', from, to)));
      expect(e).toMatchObject({ code: 'validation', problems: [{ path }] });
      expect(e.message).toContain(text);
    }
    expect((await classFile(t, 'c5a')).extracts.map((x) => x.number)).toEqual([1]);
    const next = await office.extracts.prepare(request('s2', '2026-10-01', '2026-10-31'));
    expect(next.number).toBe(2);
  });
});

describe('annulment', () => {
  it('the office annuls with a reason: kept in the register as «аннулирована», verified as annulled, never signed off, printed or handed over', async () => {
    const office = await t.as('office');
    const director = await t.as('director');
    const row = await office.extracts.prepare(request('s1', '2026-11-02', '2026-11-13'));
    await director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    await office.extracts.print({ ids: [row.id] });

    expect(await failure(office.extracts.annul({ id: row.id, reason: '  ' }))).toMatchObject({ code: 'validation' });
    const teacher = await t.as('teacher.5a');
    expect(await failure(teacher.extracts.annul({ id: row.id, reason: 'Неверный период' }))).toMatchObject({ code: 'forbidden' });

    const annulled = await office.extracts.annul({ id: row.id, reason: 'Неверный период: семья просила октябрь' });
    expect(annulled).toMatchObject({ state: 'annulled', number: row.number, annulled: { byId: 'u_office', role: 'Канцелярия', reason: 'Неверный период: семья просила октябрь' } });
    const [inRegister] = await office.extracts.register({ state: 'annulled' });
    expect(inRegister).toMatchObject({ id: row.id, state: 'annulled' });
    expect(await office.extracts.register({ state: 'signed_off' })).toHaveLength(0);

    for (const attempt of [
      () => director.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] }),
      () => office.extracts.print({ ids: [row.id] }),
      () => office.extracts.handOver({ id: row.id, guardianId: 'g1', date: '2026-11-20' }),
      () => office.extracts.handOverBatch({ date: '2026-11-20', items: [{ id: row.id, guardianId: 'g1' }] }),
      () => office.extracts.handOverSheet({ items: [{ id: row.id }] }),
      () => office.extracts.annul({ id: row.id, reason: 'Ещё раз' }),
    ]) {
      expect((await failure(attempt())).message).toContain('аннулирована');
    }

    // The app's own check, with the code as typed from the paper in Cyrillic.
    const typed = row.code.replace(/A/g, 'А').replace(/B/g, 'в').replace(/C/g, 'С').replace(/E/g, 'е').replace(/-/g, ' ');
    const v = await office.extracts.verify({ code: typed });
    expect(v).toMatchObject({ result: 'annulled', number: row.number, state: 'annulled', annulled: { reason: 'Неверный период: семья просила октябрь' } });
    expect(v.message).toContain('аннулирована');
    // The administrator sees no reason (it may name the child) and no name.
    const admin = await t.as('admin');
    const va = await admin.extracts.verify({ code: row.code });
    expect(va.result).toBe('annulled');
    expect(va.annulled?.reason).toBeUndefined();
    expect(va.studentName).toBeUndefined();

    // A preview is marked void; a new extract of the same period takes a new number.
    expect(squash(pdfText((await office.extracts.preview({ id: row.id })).base64))).toContain('АННУЛИРОВАНА 20.11.2026: Неверный период: семья просила октябрь. Выписка недействительна.');
    const again = await office.extracts.prepare(request('s1', '2026-11-02', '2026-11-13'));
    expect(again.number).toBe(row.number + 1);
    // The register keeps the annulment's fact for the central system, in the same class file.
    expect((await classFile(t, 'c5a')).mutations.map((m) => m.kind)).toEqual(['extract.issued', 'extract.annulled']);
  });
});

describe('the weekly hand-over by one sheet', () => {
  it('«Ведомость выдачи выписок» has a line per family; one action records the ticked rows', async () => {
    const office = await t.as('office');
    const director = await t.as('director');
    const batch = await office.extracts.printDue({ classId: 'c5a' });
    expect(batch.count).toBeGreaterThanOrEqual(2);
    const duty = await office.extracts.duty({ classId: 'c5a' });
    const rows = duty.rows.filter((r) => r.extract).map((r) => r.extract!);
    await director.extracts.signOff({ items: rows.map((r) => ({ id: r.id, contentHash: r.currentHash })) });

    const sheet = await office.extracts.handOverSheet({ items: rows.map((r) => ({ id: r.id })) });
    expect(sheet.name).toBe(`Ведомость выдачи выписок — 20.11.2026 (${rows.length}).pdf`);
    const text = squash(pdfText(sheet.base64));
    expect(text).toContain('ВЕДОМОСТЬ ВЫДАЧИ ВЫПИСОК');
    for (const h of ['Обучающийся', 'Класс', 'Выписка (№, дата)', 'Законный представитель', 'Дата получения', 'Подпись']) expect(text).toContain(h);
    for (const r of rows) expect(text).toContain(`№ ${r.number} от 20.11.2026`);
    expect(text).toContain('Ёлкин Пётр Ильич');
    expect(text).toContain('Ёлкина М. И.');
    expect(text).toMatch(/Выписки выдал\(а\): Канцелярия .*\/ .+ \//);
    const dir = '/tmp/ezhd-extracts-sheet';
    mkdirSync(dir, { recursive: true });
    renderPng(sheet.base64, dir, 'sheet');

    // Ticked rows only; a wrong guardian refuses the whole action, nothing recorded.
    const [a, b] = rows;
    const wrong = await failure(office.extracts.handOverBatch({ date: '2026-11-20', items: [{ id: a!.id, guardianId: a!.guardians[0]!.id }, { id: b!.id, guardianId: 'g10' }] }));
    expect(wrong).toMatchObject({ code: 'validation' });
    expect((await office.extracts.register({ state: 'handed_over' })).length).toBe(0);
    const done = await office.extracts.handOverBatch({ date: '2026-11-20', items: [{ id: a!.id, guardianId: a!.guardians[0]!.id }] });
    expect(done.count).toBe(1);
    expect(done.rows[0]).toMatchObject({ id: a!.id, state: 'handed_over', handedOver: { date: '2026-11-20', guardianId: a!.guardians[0]!.id } });
    expect((await office.extracts.register({ state: 'handed_over' })).map((r) => r.id)).toEqual([a!.id]);
    // Handed over: no longer on a sheet.
    expect((await failure(office.extracts.handOverSheet({ items: [{ id: a!.id }] }))).message).toContain('уже выдана');
  });

  it('signatures never alone on a page: the last rows go with the signature block', async () => {
    const { handoverSheetPdf } = await import('../../../electron/core/extracts/handoverSheet.js');
    for (const n of [1, 10, 13, 14, 15, 16, 30]) {
      const rows = Array.from({ length: n }, (_, i) => ({ number: i + 1, issuedOn: '2026-11-20', studentName: `Ученикова Ученица ${i + 1}`, className: '5А', guardianName: 'Родителева Р. Р.' }));
      const bytes = handoverSheetPdf({ schoolName: 'Школа', date: '2026-11-20', rows, issuer: { role: 'Канцелярия', name: 'Канцелярская К. К.' } });
      const pages = pdfPages(bytes);
      const last = squash(pdfText(bytes).split('\f')[pages - 1] ?? '');
      expect(last, `${n} rows`).toContain('Выписки выдал(а)');
      // The page of the signature block holds table rows too (at least the last ones).
      expect(last, `${n} rows`).toContain(`Ученикова Ученица ${n}`);
      if (n >= 3 && pages > 1) expect(last).toContain(`Ученикова Ученица ${n - 2}`);
    }
  });
});
