import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { DEMO, login, logout, nav } from './helpers';

/**
 * Issue 14 (points 3 and 9) in Chromium against the web host with the demo school: the office's
 * weekly batch of one class → the director's sign-off, seen as a list and confirmed → the hand-over
 * sheet PDF (read back with pdftotext, rendered with pdftoppm) → the hand-over of the ticked rows
 * in one action; then an on-request period refused with its reason, an annulment, and the code
 * checked as typed in Cyrillic. Screenshots: /tmp/ezhd-e2e-extracts/*.png.
 */

const SCREENS = '/tmp/ezhd-e2e-extracts';

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  await page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });
}

async function openExtracts(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Выписки' }).click();
  await expect(page.getByRole('heading', { name: 'Выписки', level: 1 })).toBeVisible();
}

test.describe.configure({ mode: 'serial' });

let className = '';
let count = 0;

test('the office prints the weekly batch of a class', async ({ page }) => {
  await login(page, DEMO.office);
  await openExtracts(page);
  const table = page.getByTestId('duty-table');
  await expect(table.locator('.datatable-row').first()).toBeVisible();
  className = (await table.locator('.datatable-row:not(.dim)').first().getByRole('gridcell').nth(0).innerText()).trim();
  await page.getByLabel('Класс').selectOption({ label: className });
  // The class's own list: every row of that class.
  await expect(table.locator('.datatable-row').filter({ hasNotText: className })).toHaveCount(0);
  const button = page.getByRole('button', { name: /Напечатать все к выдаче \(\d+\) одним файлом/ });
  const download = page.waitForEvent('download', { timeout: 120_000 });
  await button.click();
  await download;
  const status = page.getByRole('status').filter({ hasText: /Напечатано выписок: \d+/ });
  await expect(status).toBeVisible();
  count = Number(/Напечатано выписок: (\d+)/.exec(await status.innerText())![1]);
  expect(count).toBeGreaterThan(0);
  await logout(page);
});

test('the director sees the batch as a list and confirms «Утвердить N выписок?»', async ({ page }) => {
  await login(page, DEMO.director);
  await openExtracts(page);
  await page.getByLabel('Класс').selectOption({ label: className });
  const table = page.getByTestId('duty-table');
  await expect(table.locator('[data-state="prepared"]').first()).toBeVisible();
  const button = page.getByRole('button', { name: /Утвердить подготовленные \(\d+\)/ });
  const n = Number(/\((\d+)\)/.exec(await button.innerText())![1]);
  expect(n).toBeGreaterThanOrEqual(count);
  await button.click();
  const dialog = page.getByRole('dialog', { name: /^Утвердить \d+ выпис(ку|ки|ок)\?$/ });
  await expect(dialog).toBeVisible();
  const list = dialog.getByTestId('signoff-list');
  await expect(list.locator('tbody tr')).toHaveCount(n);
  // Each line: number, «Фамилия И. О.», class, period.
  const first = (await list.locator('tbody tr').first().innerText()).replace(/\s+/g, ' ');
  expect(first).toMatch(new RegExp(`^\\d+ \\S+ [А-ЯЁ]\\. [А-ЯЁ]\\.? ?${className} \\d\\d\\.\\d\\d–\\d\\d\\.\\d\\d\\.\\d{4}`));
  await shot(page, '1-signoff-confirm');
  // Nothing is signed before the confirmation.
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(table.locator('[data-state="prepared"]').first()).toBeVisible();
  await button.click();
  await page.getByRole('dialog').getByRole('button', { name: `Утвердить (${n})` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Утверждено выписок: ${n}` })).toBeVisible();
  await expect(table.locator('[data-state="prepared"]')).toHaveCount(0);
  await shot(page, '2-signed');
  await logout(page);
});

test('the office prints «Ведомость выдачи выписок» and records the ticked rows in one action', async ({ page }) => {
  await login(page, DEMO.office);
  await openExtracts(page);
  await page.getByLabel('Класс').selectOption({ label: className });
  const table = page.getByTestId('duty-table');
  await expect(table.locator('[data-state="signed_off"]').first()).toBeVisible();
  const open = page.getByRole('button', { name: /Выдача по ведомости \(\d+\)…/ });
  const n = Number(/\((\d+)\)/.exec(await open.innerText())![1]);
  expect(n).toBeGreaterThan(0);
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'Выдача выписок по ведомости' });
  await expect(dialog.getByTestId('handover-list').locator('tbody tr')).toHaveCount(n);
  await shot(page, '3-handover-dialog');

  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: /Ведомость выдачи выписок \(PDF, \d+\)/ }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^Ведомость выдачи выписок — \d\d\.\d\d\.\d{4} \(\d+\)\.pdf$/);
  const path = await file.path();
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain('ВЕДОМОСТЬ ВЫДАЧИ ВЫПИСОК');
  for (const h of ['Обучающийся', 'Класс', 'Законный представитель', 'Дата получения', 'Подпись']) expect(flat).toContain(h);
  expect(flat).toMatch(/№ \d+ от \d\d\.\d\d\.\d{4}/);
  expect(flat).toMatch(/[А-ЯЁ][а-яё-]+ [А-ЯЁ]\. [А-ЯЁ]\./);
  expect(flat).toMatch(/Выписки выдал\(а\): Канцелярия/);
  mkdirSync(SCREENS, { recursive: true });
  execFileSync('cp', [path, `${SCREENS}/sheet.pdf`]);
  execFileSync('pdftoppm', ['-png', '-r', '80', path, `${SCREENS}/4-sheet`]);

  // Two families signed: tick them and record at once.
  const boxes = dialog.getByTestId('handover-list').locator('tbody input[type="checkbox"]:not([disabled])');
  const ticks = Math.min(2, await boxes.count());
  for (let i = 0; i < ticks; i++) await boxes.nth(i).check();
  await shot(page, '5-ticked');
  await dialog.getByRole('button', { name: `Записать выдачу отмеченных (${ticks})` }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: `Записана выдача выписок: ${ticks}` })).toBeVisible();
  await expect(page.getByRole('button', { name: `Выдача по ведомости (${n - ticks})…` })).toBeVisible();
  await shot(page, '6-handed');
  await logout(page);
});

test('on request: a nonsense period is refused with its reason; an erroneous extract is annulled and its code checks as annulled', async ({ page }) => {
  await login(page, DEMO.office);
  await openExtracts(page);
  await page.getByRole('tab', { name: 'По запросу' }).click();
  await page.getByLabel('Класс').selectOption({ label: className });
  await page.getByLabel('С', { exact: true }).fill('01.01.2025');
  await page.getByLabel('По', { exact: true }).fill('01.02.2025');
  await page.getByRole('button', { name: 'Подготовить выписку' }).click();
  await expect(page.getByText(/Дата начала \(01\.01\.2025\) вне учебного года класса \(01\.09\.\d{4}–\d\d\.\d\d\.\d{4}\)/)).toBeVisible();
  await expect(page.getByText('Вне учебного года', { exact: true })).toBeVisible();
  await shot(page, '7-request-refused');
  await page.getByLabel('С', { exact: true }).fill('31.02.2026');
  await expect(page.getByRole('button', { name: 'Подготовить выписку' })).toBeDisabled();

  // A proper period: the first days of this month (or of the last one on the 1st).
  const now = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  const start = now.getDate() === 1 ? new Date(now.getFullYear(), now.getMonth() - 1, 1) : new Date(now.getFullYear(), now.getMonth(), 1);
  await page.getByLabel('С', { exact: true }).fill(`${p(start.getDate())}.${p(start.getMonth() + 1)}.${start.getFullYear()}`);
  await page.getByLabel('По', { exact: true }).fill(`${p(now.getDate())}.${p(now.getMonth() + 1)}.${now.getFullYear()}`);
  await page.getByRole('button', { name: 'Подготовить выписку' }).click();
  const panel = page.getByTestId('extract-panel');
  await expect(panel).toContainText('ждёт утверждения');
  const code = (await panel.locator('.code').innerText()).trim();

  await panel.getByRole('button', { name: 'Аннулировать…' }).click();
  const dialog = page.getByRole('dialog', { name: /Аннулировать выписку № \d+\?/ });
  await expect(dialog.getByRole('button', { name: /Аннулировать выписку/ })).toBeDisabled();
  await dialog.getByLabel('Причина аннулирования').fill('Неверный период: семья просила прошлый месяц');
  await shot(page, '8-annul');
  await dialog.getByRole('button', { name: /Аннулировать выписку/ }).click();
  await expect(panel).toContainText('аннулирована');
  await expect(panel).toContainText('Причина: Неверный период');
  await expect(panel.getByRole('button', { name: 'Печать' })).toHaveCount(0);
  await shot(page, '9-annulled');

  await page.getByRole('tab', { name: 'Проверить код' }).click();
  const typed = code.replace(/A/g, 'А').replace(/B/g, 'в').replace(/C/g, 'С').replace(/E/g, 'е').replace(/-/g, ' ');
  await page.getByLabel('Код проверки').fill(typed);
  await page.getByRole('button', { name: 'Проверить' }).click();
  await expect(page.getByTestId('verify-result')).toHaveAttribute('data-result', 'annulled');
  await expect(page.getByTestId('verify-result')).toContainText('аннулирована');
  await shot(page, '10-verify-annulled');
  await logout(page);
});
