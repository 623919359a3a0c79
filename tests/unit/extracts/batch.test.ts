import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contentHash } from '../../../electron/core/extracts/code.js';
import { ClassExtracts } from '../../../electron/core/extracts/content.js';
import { classContext } from '../../../electron/core/journal/classContext.js';
import type { TestApp } from '../helpers/testApp.js';
import { pdfText, squash } from './helpers.js';
import { WEEK, world } from './world.js';

let t: TestApp;
beforeEach(async () => {
  t = await world();
  // 9Б gets a journal file too (a class without one has no revision: its contents are not kept).
  await t.app.core.store.updateJournal('y2026', 'c9b', () => undefined);
});

const STUDENTS = ['s1', 's2', 's3', 's10'];
const weekly = (studentId: string) => ({ studentId, from: WEEK.monday, to: WEEK.sunday, reason: 'weekly' as const });

/** The text of each extract of a batch PDF, by number (split at the «ВЫПИСКА № N» heads). */
function byNumber(text: string): Map<number, string> {
  const out = new Map<number, string>();
  const parts = text.split(/(?=ВЫПИСКА № \d+ )/);
  for (const p of parts) {
    const m = /^ВЫПИСКА № (\d+) /.exec(p);
    if (m) out.set(Number(m[1]), p.trim());
  }
  return out;
}

/** The school's header line before the first «ВЫПИСКА» of one extract (the batch split drops it). */
const body = (text: string) => squash(text.slice(text.indexOf('ВЫПИСКА № ')));

/** The content of a student's extract assembled right now from the store, with no cache. */
async function freshHash(studentId: string, number: number, issuedOn: string): Promise<string> {
  const store = t.app.core.store;
  const school = await store.school();
  const classId = studentId === 's10' ? 'c9b' : 'c5a';
  const cc = classContext(school, classId)!;
  const data = await store.classData(classId);
  const journal = await store.journal(cc.cls.yearId, classId);
  const ex = new ClassExtracts({ school, cc, recommendations: data.recommendations, journal });
  const rec = data.extracts.find((e) => e.studentId === studentId)!;
  const content = ex.content({ student: data.students.find((s) => s.id === studentId)!, period: { start: rec.periodStart, end: rec.periodEnd }, issuedOn, sections: rec.sections });
  return contentHash(number, issuedOn, content);
}

describe('a batch of extracts as one PDF', () => {
  it('each extract of the batch reads back as the same extract printed alone; the codes are those of content assembled afresh', async () => {
    const office = await t.as('office');
    const rows = [];
    for (const s of STUDENTS) rows.push(await office.extracts.prepare(weekly(s)));
    // Not in the order of the classes: 5А, 9Б, 5А, 5А.
    const order = [rows[0]!, rows[3]!, rows[1]!, rows[2]!];
    const batch = await office.extracts.print({ ids: order.map((r) => r.id) });
    expect(batch).toMatchObject({ count: 4, renewed: 0 });
    const parts = byNumber(squash(pdfText(batch.file.base64)));
    expect([...parts.keys()]).toEqual(order.map((r) => r.number));

    for (const r of rows) {
      const single = await office.extracts.print({ ids: [r.id] });
      const alone = body(pdfText(single.file.base64));
      // The school's name heads each extract: in the batch it ends the previous extract's part.
      const inBatch = parts.get(r.number)!;
      const schoolName = (await t.app.core.store.school()).school.name;
      expect(alone.replace(/\s*$/, '')).toBe(inBatch.replace(new RegExp(`\\s*${schoolName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*$`), '').trim());
      expect(alone).toContain(r.code);
      expect(r.currentHash).toBe(await freshHash(r.studentId, r.number, r.issuedOn));
    }
  });

  it('a cold batch in mixed class order assembles the journal of each class once, and lets it go after the class', async () => {
    const office = await t.as('office');
    const rows = [];
    for (const s of STUDENTS) rows.push(await office.extracts.prepare(weekly(s)));
    t.app.core.extractContents.clear();
    const loads = vi.spyOn(t.app.core.store, 'journalWithRevision');
    // 5А, 9Б, 5А, 5А: planned class by class, so no class is assembled twice although each is let go.
    const order = [rows[0]!, rows[3]!, rows[1]!, rows[2]!];
    const batch = await office.extracts.print({ ids: order.map((r) => r.id) });
    expect(loads.mock.calls.map((c) => c[1]).sort()).toEqual(['c5a', 'c9b']);
    loads.mockRestore();
    expect([...byNumber(squash(pdfText(batch.file.base64))).keys()]).toEqual(order.map((r) => r.number));
  });

  it('the register entries of a batch are written once per class, every print recorded', async () => {
    const office = await t.as('office');
    const rows = [];
    for (const s of STUDENTS) rows.push(await office.extracts.prepare(weekly(s)));
    const writes = vi.spyOn(t.app.core.store, 'updateClass');
    await office.extracts.print({ ids: rows.map((r) => r.id) });
    expect(writes.mock.calls.map((c) => c[0]).sort()).toEqual(['c5a', 'c9b']);
    writes.mockRestore();
    const reg = await office.extracts.register({});
    expect(reg.map((r) => r.printed.count)).toEqual([1, 1, 1, 1]);
  });
});

describe('the content cache', () => {
  it('a print right after the preparation does not load the journals; a cold print gives the same file text', async () => {
    const office = await t.as('office');
    const rows = [];
    for (const s of STUDENTS) rows.push(await office.extracts.prepare(weekly(s)));
    const store = t.app.core.store;
    const loads = vi.spyOn(store, 'journalWithRevision');
    const warm = await office.extracts.print({ ids: rows.map((r) => r.id) });
    expect(loads).not.toHaveBeenCalled();

    t.app.core.extractContents.clear();
    const cold = await office.extracts.print({ ids: rows.map((r) => r.id) });
    expect(loads.mock.calls.map((c) => c[1]).sort()).toEqual(['c5a', 'c9b']);
    loads.mockRestore();
    expect(cold.renewed).toBe(0);
    expect(pdfText(cold.file.base64)).toBe(pdfText(warm.file.base64));
  });

  it('a change of the journal, of a student or of the school is seen at once: only what changed is assembled again', async () => {
    const office = await t.as('office');
    const rows = [];
    for (const s of STUDENTS) rows.push(await office.extracts.prepare(weekly(s)));
    const store = t.app.core.store;
    const loads = vi.spyOn(store, 'journalWithRevision');

    // A mark of 5А corrected: 5А's journal is read again, 9Б's is not.
    await store.updateJournal('y2026', 'c5a', (d) => {
      d.marks.find((m) => m.id === 'w1-s1')!.value = 5;
    });
    const res = await office.extracts.print({ ids: rows.map((r) => r.id) });
    expect(loads.mock.calls.map((c) => c[1])).toEqual(['c5a']);
    expect(res.renewed).toBe(1); // s1's extract; s2 and s3 have no mark in that lesson
    const text = squash(pdfText(res.file.base64));
    expect(text).toMatch(/16\.11\.2026 5 урок 1 Сложение дробей/);

    // A student renamed, the school renamed: the contents follow.
    loads.mockClear();
    await store.updateClass('c9b', (d) => {
      d.students.find((s) => s.id === 's10')!.lastName = 'Жукова';
    });
    await store.updateSchool((d) => {
      d.school.name = 'Школа № 1 имени Пушкина';
    });
    const again = squash(pdfText((await office.extracts.print({ ids: rows.map((r) => r.id) })).file.base64));
    expect(loads.mock.calls.map((c) => c[1]).sort()).toEqual(['c5a', 'c9b']);
    expect(again).toContain('Жукова Артём');
    expect(again.match(/Школа № 1 имени Пушкина/g)).toHaveLength(4);
    loads.mockRestore();
    for (const r of rows) {
      const [now] = await office.extracts.register({ studentId: r.studentId });
      expect(now!.currentHash).toBe(await freshHash(r.studentId, r.number, now!.issuedOn));
    }
  });
});
