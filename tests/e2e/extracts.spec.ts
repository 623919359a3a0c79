import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { DEMO, login, logout, nav } from './helpers';

/**
 * The paper path of the weekly duty in Chromium against the web host with the demo school: the
 * office prints the week's batch (one PDF, read back with pdftotext), the director signs off, the
 * office records the hand-over to a guardian; the register and the code check. Screenshots of the
 * pages go to test-results/screens/extracts-*.png.
 */

const SCREENS = 'test-results/screens';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/extracts-${name}.png`, fullPage: true });
}

async function openExtracts(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Выписки' }).click();
  await expect(page.getByRole('heading', { name: 'Выписки', level: 1 })).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

let studentName = '';
let className = '';
let code = '';

/** ДД.ММ.ГГГГ → YYYY-MM-DD. */
const isoOf = (ru: string) => ru.split('.').reverse().join('-');

test('the weekly duty counts from the school year: sorted by class and ФИО, no «Выдать до» before 01.09', async ({ page }) => {
  await login(page, DEMO.office);
  await openExtracts(page);
  const table = page.getByTestId('duty-table');
  await expect(table.locator('.datatable-row').first()).toBeVisible();
  const now = new Date();
  const yearStart = `${now.getMonth() >= 8 ? now.getFullYear() : now.getFullYear() - 1}-09-01`;
  // The demo school keeps its duty: a few families overdue, not all of them.
  const totals = (await page.locator('.journal-toolbar .muted').first().innerText()).replace(/\s+/g, ' ');
  const due = Number(/к выдаче (\d+)/.exec(totals)![1]);
  const overdue = Number(/просрочено (\d+)/.exec(totals)?.[1] ?? '0');
  expect(due).toBeGreaterThan(10);
  expect(overdue).toBeLessThan(due / 4);
  // By class (grade, then letter), the rows in view.
  const classes = (await table.locator('.datatable-row').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[0]?.textContent ?? ''))).map((c) => c.trim());
  const grades = classes.map((c) => Number.parseInt(c, 10));
  expect(grades).toEqual([...grades].sort((a, b) => a - b));
  // Every «Выдать до» in view is a date of this school year in ДД.ММ.ГГГГ; sorted by it, the earliest too.
  const deadlines = async () =>
    (await table.locator('.datatable-row').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('[role="gridcell"]')[3]?.textContent ?? ''))).map((c) => c.trim());
  for (const d of await deadlines()) {
    if (d === 'выдана') continue;
    expect(d).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(isoOf(d) >= yearStart).toBe(true);
  }
  await table.getByRole('columnheader', { name: 'Выдать до' }).click();
  const earliest = (await deadlines()).find((d) => d !== 'выдана')!;
  expect(earliest).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  expect(isoOf(earliest) > yearStart).toBe(true);
  await shot(page, 'duty-by-deadline');
  await logout(page);
});

test('the office prints the weekly batch of the school as one PDF', async ({ page }) => {
  await login(page, DEMO.office);
  await openExtracts(page);
  const table = page.getByTestId('duty-table');
  await expect(table.locator('.datatable-row').first()).toBeVisible();
  // The first family whose paper of the week is still to hand over (the demo handed over some already).
  const first = table.locator('.datatable-row:not(.dim)').first();
  className = (await first.getByRole('gridcell').nth(0).innerText()).trim();
  studentName = (await first.getByRole('gridcell').nth(1).innerText()).trim();
  await expect(page.locator('.datatable-row.overdue').first()).toBeVisible();
  await shot(page, 'duty');

  const button = page.getByRole('button', { name: /Напечатать все к выдаче \(\d+\) одним файлом/ });
  const count = Number(/\((\d+)\)/.exec((await button.innerText()) ?? '')![1]);
  expect(count).toBeGreaterThan(1);
  const downloadPromise = page.waitForEvent('download', { timeout: 120_000 });
  await button.click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^Выписки за неделю .* — вся школа \(\d+\)\.pdf$/);
  const path = await download.path();
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  // New numbers after the demo's register, one after another.
  const numbers = [...text.matchAll(/ВЫПИСКА № (\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
  expect(numbers).toHaveLength(count);
  expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
  expect(text).toContain(studentName);
  expect(text).toContain('Выписка верна.');
  expect(text).toContain('М.П.');
  expect((text.match(/Стр\. 1 из \d+/g) ?? []).length).toBe(count);
  await expect(page.getByRole('status').filter({ hasText: `Напечатано выписок: ${count}` })).toBeVisible();
  await expect(table.locator('[data-state="prepared"]').first()).toBeVisible();
  await shot(page, 'printed');
  await logout(page);
});

test('the director signs off the class', async ({ page }) => {
  await login(page, DEMO.director);
  await openExtracts(page);
  await page.getByLabel('Класс').selectOption({ label: className });
  const table = page.getByTestId('duty-table');
  await expect(table.locator('[data-state="prepared"]').first()).toBeVisible();
  // The director can neither print nor hand over.
  await expect(page.getByRole('button', { name: /Напечатать все к выдаче/ })).toHaveCount(0);
  await table.locator('.datatable-row').filter({ hasText: studentName }).click();
  await expect(page.getByTestId('extract-panel')).toContainText('ждёт утверждения');
  await shot(page, 'to-sign');
  await page.getByRole('button', { name: /Утвердить подготовленные \(\d+\)/ }).click();
  // The batch is seen as a list and confirmed (issue 14).
  await page.getByRole('dialog', { name: /^Утвердить \d+ выпис/ }).getByRole('button', { name: /^Утвердить \(\d+\)$/ }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Утверждено выписок' })).toBeVisible();
  await expect(table.locator('[data-state="prepared"]')).toHaveCount(0);
  await expect(table.locator('[data-state="signed_off"]').first()).toBeVisible();
  await shot(page, 'signed');
  // The school's template: the director switches sections on and off.
  await page.getByRole('tab', { name: 'Шаблон' }).click();
  await expect(page.getByRole('checkbox', { name: '10. Учителя класса' })).toBeChecked();
  await shot(page, 'template');
  await logout(page);
});

test('the office records the hand-over to a guardian; the register and the code check show it', async ({ page }) => {
  await login(page, DEMO.office);
  await openExtracts(page);
  await page.getByLabel('Класс').selectOption({ label: className });
  const table = page.getByTestId('duty-table');
  await table.locator('.datatable-row').filter({ hasText: studentName }).click();
  const panel = page.getByTestId('extract-panel');
  await expect(panel).toContainText('утверждена');
  code = (await panel.locator('.code').innerText()).trim();
  expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
  await panel.getByRole('button', { name: 'Выдать представителю…' }).click();
  const dialog = page.getByRole('dialog', { name: /Выдача выписки/ });
  await expect(dialog.getByLabel('Кому выдана')).toBeVisible();
  await shot(page, 'handover');
  await dialog.getByRole('button', { name: 'Записать выдачу' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(table.locator('.datatable-row').filter({ hasText: studentName })).toContainText('выдана');
  await expect(page.getByTestId('extract-panel')).toContainText('Выдана');

  await page.getByRole('tab', { name: 'Реестр выписок' }).click();
  const register = page.getByTestId('register-table');
  await expect(register.locator('.datatable-row').first()).toBeVisible();
  await register.locator('.datatable-row').filter({ hasText: studentName }).first().click();
  await expect(page.getByTestId('extract-panel')).toContainText(code);
  await shot(page, 'register');
  const xlsx = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Выгрузить в Excel' }).click();
  expect((await xlsx).suggestedFilename()).toMatch(/^Реестр выписок — Все классы — .*\.xlsx$/);

  await page.getByRole('tab', { name: 'Проверить код' }).click();
  await page.getByLabel('Код проверки').fill(code.toLowerCase());
  await page.getByRole('button', { name: 'Проверить' }).click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-result', 'valid');
  await expect(page.getByTestId('verify-result')).toContainText('подлинная');
  await shot(page, 'verify');
  await page.getByLabel('Код проверки').fill('0000-1111-2222-3333-4444');
  await page.getByRole('button', { name: 'Проверить' }).click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-result', 'not_found');
  await shot(page, 'verify-forged');
  await logout(page);
});

test('on request: any student, any period', async ({ page }) => {
  await login(page, DEMO.office);
  await openExtracts(page);
  await page.getByRole('tab', { name: 'По запросу' }).click();
  await page.getByLabel('Класс').selectOption({ label: className });
  await page.getByRole('button', { name: 'Подготовить выписку' }).click();
  const panel = page.getByTestId('extract-panel');
  await expect(panel).toContainText('по запросу');
  await expect(panel).toContainText('ждёт утверждения');
  await shot(page, 'request');
  const download = page.waitForEvent('download');
  await panel.getByRole('button', { name: 'Печать' }).click();
  expect((await download).suggestedFilename()).toMatch(/^Выписка № \d+ — .*\.pdf$/);
});
