import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import ExcelJS from 'exceljs';
import { DEMO, E2E_TOKEN, login, nav } from './helpers';

/**
 * «Журнал действий» end to end, in Chromium against the web host with the demo school: the office
 * prints a form for a student; the director sees who did what, when and on whom by name, the
 * chain's state on top, filters the list, exports it to XLSX and PDF; the administrator sees the
 * same entries with the student by id only.
 */

/** Calls a contract method from the page, with its session (as the renderer's web transport does). */
async function call<T>(page: Page, path: string, input: unknown): Promise<T> {
  const text = await page.evaluate(
    async ({ path, input, token }) => {
      const res = await fetch(`./api/${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Ezhd-Token': token },
        body: JSON.stringify(input),
        credentials: 'same-origin',
      });
      return res.text();
    },
    { path, input, token: E2E_TOKEN },
  );
  const last = text.trim().split('\n').at(-1)!;
  const { result } = JSON.parse(last) as { result: { ok: boolean; value?: T; error?: { message: string } } };
  if (!result.ok) throw new Error(result.error?.message);
  return result.value as T;
}

interface Card {
  student: { id: string; lastName: string; firstName: string; middleName?: string };
  className: string;
  guardians: { id: string }[];
}

const short = (p: { lastName: string; firstName: string; middleName?: string }) =>
  `${p.lastName} ${[p.firstName, p.middleName].filter(Boolean).map((x) => `${x![0]}.`).join(' ')}`;

async function openAudit(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Журнал действий', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Журнал действий' })).toBeVisible();
  await expect(page.getByTestId('audit-table').locator('[role=row][data-row-id]').first()).toBeVisible();
}

const rows = (page: Page) => page.getByTestId('audit-table').locator('[role=row][data-row-id]');
/** The list keeps its last rows on screen while a new filter's rows come (aria-busy meanwhile). */
const settledRows = async (page: Page) => {
  await expect(page.getByTestId('audit-table').getByRole('grid')).not.toHaveAttribute('aria-busy', 'true');
  return rows(page);
};

test('директор видит журнал действий: кто, когда, что, над чьей записью; цепочка цела; отбор; выгрузка в XLSX и PDF; администратор видит только идентификаторы', async ({ browser }) => {
  test.setTimeout(120_000);
  mkdirSync('test-results/downloads', { recursive: true });

  // The office prints a consent form for the first student of the demo school.
  const officeCtx = await browser.newContext();
  const office = await officeCtx.newPage();
  await login(office, DEMO.office);
  const card = await call<Card>(office, 'registry.student', { studentId: 's00001' });
  await call(office, 'registry.form', { studentId: card.student.id, kind: 'pd_consent', guardianId: card.guardians[0]!.id });
  const studentLabel = `${short(card.student)} (${card.className})`;
  await officeCtx.close();

  const ctx = await browser.newContext({ acceptDownloads: true });
  const page = await ctx.newPage();
  await login(page, DEMO.director);
  await openAudit(page);

  // The chain's state on top.
  const chain = page.getByTestId('audit-chain');
  await expect(chain).toHaveText(/^Цепочка записей цела: \d+ запис(ь|и|ей), последняя \d\d\.\d\d\.\d{4} \d\d:\d\d\./);
  await expect(chain).toHaveClass(/\bok\b/);

  // The office's print, with the student by name and the role in Russian.
  const form = rows(page).filter({ hasText: 'Печать бланка' }).first();
  await expect(form).toContainText(studentLabel);
  await expect(form).toContainText('Канцелярия');
  await expect(form).toContainText('Согласие на обработку персональных данных');
  await expect(form).toContainText(/\d\d\.\d\d\.\d{4} \d\d:\d\d/);
  await page.screenshot({ path: '/tmp/audit-e2e-director.png', fullPage: true });

  // Filters: the kind of action, the person, the days.
  await page.getByLabel('Вид действия').selectOption({ label: 'Согласия и отказы: все' });
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText('Печать бланка');
  await page.getByRole('button', { name: 'Сбросить' }).click();
  const officeOption = await page.getByLabel('Кто').locator('option', { hasText: '(канцелярия)' }).first().textContent();
  await page.getByLabel('Кто').selectOption({ label: officeOption! });
  await expect(rows(page).first()).toBeVisible();
  const whoCells = await (await settledRows(page)).locator('[role=gridcell]:nth-child(3)').allTextContents();
  expect(whoCells.length).toBeGreaterThan(0);
  for (const w of whoCells) expect(w).toContain('Канцелярия');
  await page.getByRole('button', { name: 'Сбросить' }).click();
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Записи с').fill(tomorrow);
  await expect(page.getByTestId('audit-range')).toHaveText('Записей, подходящих под условия, нет');
  await page.getByRole('button', { name: 'Сбросить' }).click();
  await expect(rows(page).filter({ hasText: 'Печать бланка' })).toHaveCount(1);

  // A row opened shows the whole entry.
  await form.click();
  await expect(page.getByTestId('audit-details')).toContainText(`Печать бланка — `);
  await expect(page.getByTestId('audit-details')).toContainText(studentLabel);

  // Export to XLSX: the same entries, with names.
  const xlsxPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Выгрузить в Excel (XLSX)' }).click();
  const xlsx = await xlsxPromise;
  expect(xlsx.suggestedFilename()).toMatch(/^Журнал действий \d{4}-\d\d-\d\d\.xlsx$/);
  const xlsxPath = `test-results/downloads/audit-${Date.now()}.xlsx`;
  await xlsx.saveAs(xlsxPath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  const ws = wb.worksheets[0]!;
  expect(String(ws.getRow(2).getCell(1).value)).toBe('Журнал действий');
  expect(String(ws.getRow(4).getCell(1).value)).toMatch(/^Цепочка записей цела/);
  const texts: string[] = [];
  ws.eachRow((r) => texts.push((r.values as unknown[]).slice(1).join(' | ')));
  expect(texts.some((t) => t.includes('Печать бланка') && t.includes(studentLabel))).toBe(true);

  // Print to PDF.
  const pdfPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Печать (PDF)' }).click();
  const pdf = await pdfPromise;
  const pdfPath = `test-results/downloads/audit-${Date.now()}.pdf`;
  await pdf.saveAs(pdfPath);
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain('Журнал действий');
  expect(text).toMatch(/Цепочка записей цела: \d+ запис/);
  expect(text).toContain(short(card.student));
  // The exports are recorded too, and the list shows them after a refresh.
  await page.getByRole('button', { name: 'Проверить цепочку' }).click();
  await expect(rows(page).filter({ hasText: 'Журнал действий в Excel (XLSX)' })).toHaveCount(1);
  await ctx.close();

  // The administrator: the same entries, the student by id only.
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await login(admin, DEMO.admin);
  await openAudit(admin);
  const adminForm = rows(admin).filter({ hasText: 'Печать бланка' }).first();
  await expect(adminForm).toContainText(card.student.id);
  await expect(adminForm).not.toContainText(card.student.lastName);
  await expect(admin.getByText('только идентификаторами')).toBeVisible();
  await admin.screenshot({ path: '/tmp/audit-e2e-admin.png', fullPage: true });
  expect(await admin.content()).not.toContain(card.student.lastName);
  await adminCtx.close();
});

test('операции скомпрометированной учётной записи помечены в журнале действий как недействительные', async ({ browser }) => {
  test.setTimeout(120_000);
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, DEMO.director);
  // A class teacher no other test logs in as.
  const users = await call<{ id: string; login: string; classIds: string[]; name: { lastName: string } }[]>(page, 'users.list', {});
  const teacher = users.filter((u) => /^teacher\.\d+[a-z]$/.test(u.login) && !['teacher.5a', 'teacher.9a'].includes(u.login) && u.classIds.length).at(-1)!;

  const tctx = await browser.newContext();
  const tpage = await tctx.newPage();
  await login(tpage, { login: teacher.login, password: `demo-${teacher.login}` });
  const cls = await call<{ rows: { student: { id: string }; guardians: { id: string }[] }[] }>(tpage, 'registry.classStatus', { classId: teacher.classIds[0] });
  const row = cls.rows.find((r) => r.guardians.length)!;
  await call(tpage, 'registry.form', { studentId: row.student.id, kind: 'pd_consent', guardianId: row.guardians[0]!.id });
  await tctx.close();

  // The director was told that the login is known to others since a minute ago.
  await call(page, 'users.reportCompromised', { userId: teacher.id, from: new Date(Date.now() - 60_000).toISOString(), note: 'проверка журнала действий' });
  await openAudit(page);
  await page.getByLabel('Только недействительные').check();
  await expect(rows(page).first()).toBeVisible();
  const marked = await (await settledRows(page)).allTextContents();
  expect(marked.length).toBeGreaterThanOrEqual(2);
  for (const r of marked) {
    expect(r).toContain(teacher.name.lastName);
    expect(r).toContain('недействительно');
  }
  const form = rows(page).filter({ hasText: 'Печать бланка' }).first();
  await form.click();
  await expect(page.getByTestId('audit-details')).toContainText('недействительно: учётная запись скомпрометирована');
  await page.screenshot({ path: '/tmp/audit-e2e-invalid.png' });
  // The report itself is not invalid: it is the director's.
  await page.getByLabel('Только недействительные').uncheck();
  const report = rows(page).filter({ hasText: 'Логин стал известен посторонним' }).first();
  await expect(report).toBeVisible();
  await expect(report.locator('[role=gridcell]').nth(5)).toHaveText('');
  await expect(report).toContainText('операции недействительны с');
  await ctx.close();
});
