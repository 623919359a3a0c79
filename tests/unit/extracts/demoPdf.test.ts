import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTRACT_SECTIONS } from '../../../electron/contract/entities/settings.js';
import { EXTRACT_SECTION_LABELS } from '../../../electron/contract/groups/extracts.js';
import { loadDemoSchool } from '../../../electron/core/setup/loadDemoSchool.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { pdfPages, pdfText, renderPng, squash } from './helpers.js';

/**
 * An extract of a demo student, read back with pdftotext, and its pages rendered with pdftoppm
 * into .tmp/extracts-pages/ to be looked at (Playwright empties test-results/ when it starts) (as a parent would).
 */
const NOW = '2026-11-20T09:00:00.000Z';
let t: TestApp;

async function as(login: string) {
  const c = t.anonymous();
  await c.auth.login({ login, password: `demo-${login}` });
  return c;
}

beforeAll(async () => {
  t = await testApp({ empty: true, now: NOW });
  await loadDemoSchool(t.app.core, { asOf: new Date(NOW) });
});

describe('extract of a demo student', () => {
  it('pdftotext reads back the name, the number, every section and the signature block; the pages look right', async () => {
    const office = await as('office');
    const duty = await office.extracts.duty({ classId: 'c5a' });
    expect(duty.rows.length).toBeGreaterThan(0);
    const who = duty.rows[0]!;
    const res = await office.extracts.printDue({ studentIds: [who.studentId] });
    const [row] = await office.extracts.register({ studentId: who.studentId });
    const director = await as('director');
    await director.extracts.signOff({ items: [{ id: row!.id, contentHash: row!.currentHash }] });
    const signed = await office.extracts.print({ ids: [row!.id] });

    for (const file of [res.file.base64, signed.file.base64]) {
      const text = squash(pdfText(file));
      expect(text).toContain(`ВЫПИСКА № ${row!.number}`);
      expect(text).toContain(who.studentName);
      expect(text).toContain('Класс: 5А');
      expect(text).toContain('Период: с 16.11.2026 по 22.11.2026 (неделя)');
      expect(text).toContain('Выдана: 20.11.2026');
      EXTRACT_SECTIONS.forEach((s, i) => expect(text).toContain(`${i + 1}. ${EXTRACT_SECTION_LABELS[s]}`));
      expect(text).toContain('Выписка верна.');
      expect(text).toMatch(/Классный руководитель \/ [А-ЯЁ][а-яё]+ [А-ЯЁ]\. [А-ЯЁ]\. \//);
      expect(text).toMatch(/Директор \/ [А-ЯЁ][а-яё]+ [А-ЯЁ]\. [А-ЯЁ]\. \//);
      expect(text).toContain('М.П.');
      expect(text).toContain('Выписку получил(а):');
      expect(text).toContain(row!.code);
      expect(text).toMatch(/Стр\. 1 из \d/);
    }
    expect(squash(pdfText(signed.file.base64))).toMatch(/Утверждена в реестре выписок: директор [А-ЯЁ][а-яё]+ [А-ЯЁ]\. [А-ЯЁ]\., 20\.11\.2026 \d\d:\d\d\./);
    expect(pdfPages(signed.file.base64)).toBeLessThanOrEqual(5);

    const dir = join('.tmp', 'extracts-pages');
    mkdirSync(dir, { recursive: true });
    const pngs = renderPng(signed.file.base64, dir, 'demo-extract');
    expect(pngs.length).toBe(pdfPages(signed.file.base64));
  });

  it('a request for any period: a quarter of the demo journal, with tables across pages', async () => {
    const office = await as('office');
    const students = await office.school.students({ classId: 'c9a' });
    const s = students[0]!;
    const row = await office.extracts.prepare({ studentId: s.id, from: '2026-09-01', to: '2026-10-30', reason: 'request' });
    const res = await office.extracts.print({ ids: [row.id] });
    const text = squash(pdfText(res.file.base64));
    expect(text).toContain(`ВЫПИСКА № ${row.number}`);
    expect(text).toContain('Основание: запрос законного представителя');
    // The marks table goes on over several pages, its header repeated.
    expect(pdfPages(res.file.base64)).toBeGreaterThan(3);
    expect(text.match(/Дата Отметка Вид работы Вес Тема урока/g)!.length).toBeGreaterThan(1);
    renderPng(res.file.base64, join('.tmp', 'extracts-pages'), 'demo-request');
  });
});
