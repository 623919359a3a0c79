import { execFileSync } from 'node:child_process';
import ExcelJS from 'exceljs';
import { expect, test } from './fixtures';
import { login, nav } from './helpers';

const TEACHER = { login: 'teacher.5a', password: 'demo-teacher.5a' };
const SHOTS = 'test-results/screens';

/** «прогноз «2»: 3» → 3. */
function countOf(label: string): number {
  const m = /:\s*(\d+)\s*$/.exec(label.trim());
  if (!m) throw new Error(`no count in «${label}»`);
  return Number(m[1]);
}

test('a class teacher sees the at-risk list of his class riskiest first, filters a category and exports it', async ({ page }) => {
  await login(page, TEACHER);
  await nav(page).getByRole('button', { name: 'Журнал', exact: true }).click();
  await page.getByRole('tab', { name: 'Зона риска' }).click();
  const table = page.getByTestId('risk-table');
  const chips = page.getByRole('group', { name: 'Категории риска' });
  await expect(chips.getByRole('button', { name: /^все:/ })).toBeVisible();
  await expect(page.getByText('Загрузка…')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/at-risk-all.png`, fullPage: true });

  // The counts add up: each row in one category.
  const all = countOf(await chips.getByRole('button', { name: /^все:/ }).innerText());
  const fail = countOf(await chips.getByRole('button', { name: /^прогноз «2»/ }).innerText());
  const na = countOf(await chips.getByRole('button', { name: /^риск «н\/а»/ }).innerText());
  const few = countOf(await chips.getByRole('button', { name: /^мало отметок/ }).innerText());
  expect(fail + na + few).toBe(all);
  // Far fewer rows than student × subject pairs: «мало отметок» only below the rule.
  const rows = table.locator('[role=row][data-row-id]');
  if (all > 0) {
    // Riskiest first: the first row is in the worst category there is.
    const first = await rows.first().innerText();
    expect(first).toContain(fail > 0 ? 'прогноз «2»' : na > 0 ? 'риск «н/а»' : 'мало отметок');
  }

  // Filter: one category.
  const category = fail > 0 ? /^прогноз «2»/ : na > 0 ? /^риск «н\/а»/ : /^мало отметок/;
  const shown = fail > 0 ? fail : na > 0 ? na : few;
  await chips.getByRole('button', { name: category }).click();
  await expect(chips.getByRole('button', { name: category })).toHaveAttribute('aria-pressed', 'true');
  await expect(table.getByText(shown > 0 ? /^\d+$/ : /никого нет/).first()).toBeVisible();
  if (shown > 0 && shown < 15) await expect(rows).toHaveCount(shown);
  await page.screenshot({ path: `${SHOTS}/at-risk-filtered.png`, fullPage: true });

  // Export what is shown: XLSX rows = the category's count; the PDF has real text.
  const [xdl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Выгрузить XLSX' }).click()]);
  expect(xdl.suggestedFilename()).toMatch(/^В зоне риска — 5А — \d{4}-\d{2}-\d{2}\.xlsx$/);
  const xlsxPath = `${SHOTS}/${xdl.suggestedFilename()}`;
  await xdl.saveAs(xlsxPath);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  const ws = wb.worksheets[0]!;
  let n = 0;
  for (let r = 7; ws.getRow(r).getCell(2).value; r++) n++;
  expect(n).toBe(shown);

  const [pdl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Выгрузить PDF' }).click()]);
  const pdfPath = `${SHOTS}/${pdl.suggestedFilename()}`;
  await pdl.saveAs(pdfPath);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdfPath, '-'], { encoding: 'utf8' });
  expect(text).toContain('Ученики в зоне риска');
  expect(text).toContain('5А класс');
  execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfPath, `${SHOTS}/at-risk-pdf`]);
});
