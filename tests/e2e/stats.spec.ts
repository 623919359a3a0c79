import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { expect, test, type Page } from './fixtures';
import { DEMO, login, nav } from './helpers';

const SHOTS = 'test-results/screens';

async function openStats(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Статистика', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Статистика' })).toBeVisible();
  await expect(page.getByTestId('stats-dashboard')).toBeVisible();
}

/** A screenshot of the whole page: the window grows to the content's height for the moment. */
async function shot(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1360, height: 820 };
  const height = await page.locator('main.content').evaluate((el) => el.scrollHeight + 40);
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.min(height, 4000)) });
  await page.screenshot({ path: `${SHOTS}/${name}.png` });
  await page.setViewportSize(size);
}

async function download(page: Page, button: string): Promise<{ name: string; path: string }> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const path = `${SHOTS}/${dl.suggestedFilename()}`;
  await dl.saveAs(path);
  return { name: dl.suggestedFilename(), path };
}

test('the director opens the dashboard, drills down from the school to a class and a student, and exports', async ({ page }) => {
  await login(page, DEMO.director);
  await openStats(page);
  const dash = page.getByTestId('stats-dashboard');
  await expect(dash.getByRole('button', { name: /Успеваемость/ })).toContainText('%');
  await expect(dash.getByRole('button', { name: /Качество знаний/ })).toContainText('%');
  await expect(dash.getByRole('button', { name: /Выполнение плана/ })).toContainText('%');
  await expect(dash.getByRole('button', { name: /Итоговые отметки/ })).toContainText('из');
  await expect(page.getByTestId('chart-classes').getByRole('img')).toBeVisible();
  await expect(page.getByTestId('chart-subjects').getByRole('img')).toBeVisible();
  await shot(page, 'stats-dashboard');

  // Exports of the dashboard: a PDF with real text and an XLSX.
  const pdf = await download(page, 'Выгрузить PDF');
  expect(pdf.name).toMatch(/^Статистика — Сводка.*\.pdf$/);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.path, '-'], { encoding: 'utf8' });
  expect(text).toContain('Сводка');
  expect(text).toContain('Успеваемость');
  const xlsx = await download(page, 'Выгрузить XLSX');
  expect(xlsx.name).toMatch(/\.xlsx$/);
  expect(readFileSync(xlsx.path).subarray(0, 2).toString()).toBe('PK');

  // Drill down: a class from the chart, then a student.
  const firstColumn = page.getByTestId('chart-classes').locator('[role=button]').first();
  const label = (await firstColumn.getAttribute('aria-label')) ?? '';
  const className = label.split(':')[0]!;
  await firstColumn.click();
  await expect(page.getByTestId('stats-class')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Где вы' })).toContainText(className);
  const students = page.getByTestId('stats-class-students');
  await expect(students.locator('[role=row][data-row-id]').first()).toBeVisible();
  await shot(page, 'stats-class');
  const classPdf = await download(page, 'Выгрузить PDF');
  const classText = execFileSync('pdftotext', ['-enc', 'UTF-8', classPdf.path, '-'], { encoding: 'utf8' });
  expect(classText).toContain(`Итоги класса ${className}`);

  await students.locator('[role=row][data-row-id]').first().click();
  await expect(page.getByTestId('stats-student')).toBeVisible();
  await expect(page.getByTestId('stats-student-subjects').locator('[role=row][data-row-id]').first()).toBeVisible();
  await shot(page, 'stats-student');

  // Back to the school through the breadcrumbs.
  await page.getByRole('navigation', { name: 'Где вы' }).getByRole('button', { name: 'Школа' }).click();
  await expect(page.getByTestId('stats-dashboard')).toBeVisible();
});

test('every report opens, sorts and filters, and exports; the deputy sees them too', async ({ page }) => {
  await login(page, DEMO.deputy);
  await openStats(page);
  const tabs = page.getByRole('tablist', { name: 'Отчёты' });

  await tabs.getByRole('tab', { name: 'Успеваемость' }).click();
  const results = page.getByTestId('stats-results');
  await expect(results.locator('[role=row][data-row-id]').first()).toBeVisible();
  // Numbers sort from the largest first; a second click turns the order.
  await results.getByRole('columnheader', { name: /Качество/ }).click();
  await expect(results.getByRole('columnheader', { name: /Качество/ })).toHaveAttribute('aria-sort', 'descending');
  await results.getByRole('columnheader', { name: /Качество/ }).click();
  await expect(results.getByRole('columnheader', { name: /Качество/ })).toHaveAttribute('aria-sort', 'ascending');
  await page.getByRole('group', { name: 'Уровень' }).getByRole('button', { name: 'Предметы', exact: true }).click();
  await results.getByLabel('Найти').fill('Математика');
  await expect(results.locator('[role=row][data-row-id]')).toHaveCount(1);
  await shot(page, 'stats-results');
  const xlsx = await download(page, 'Выгрузить XLSX');
  expect(xlsx.name).toMatch(/^Статистика — Успеваемость и качество знаний.*\.xlsx$/);

  await tabs.getByRole('tab', { name: 'Выполнение плана' }).click();
  await expect(page.getByTestId('stats-fulfilment').locator('[role=row][data-row-id]').first()).toBeVisible();
  await shot(page, 'stats-fulfilment');

  await tabs.getByRole('tab', { name: 'Виды уроков' }).click();
  await expect(page.getByTestId('stats-lesson-types').locator('[role=row][data-row-id]').first()).toBeVisible();
  await shot(page, 'stats-lesson-types');

  await tabs.getByRole('tab', { name: 'Итоговые отметки' }).click();
  await expect(page.getByTestId('stats-finals').locator('[role=row][data-row-id]').first()).toBeVisible();
  await shot(page, 'stats-finals');
  const pdf = await download(page, 'Выгрузить PDF');
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.path, '-'], { encoding: 'utf8' });
  expect(text).toContain('Итоговые отметки: выставление и сроки');

  await tabs.getByRole('tab', { name: 'Регламент' }).click();
  await expect(page.getByTestId('stats-regulations').locator('[role=row][data-row-id]').first()).toBeVisible();
  await shot(page, 'stats-regulations');
});

test('«Учеников» counts students: a class equals its students, the school the sum of its classes, on screen and in the XLSX', async ({ page }) => {
  await login(page, DEMO.director);
  await openStats(page);
  await page.getByRole('tablist', { name: 'Отчёты' }).getByRole('tab', { name: 'Успеваемость' }).click();
  const results = page.getByTestId('stats-results');
  await expect(page.getByTestId('stats-results-basis')).toContainText('доля учеников');
  const header = await results.getByRole('columnheader').allInnerTexts();
  const col = (name: string) => header.findIndex((h) => h.replace(/[▲▼]/g, '').trim() === name);
  expect(col('Учеников')).toBeGreaterThan(0);

  // A class: «Учеников» is the number of its students (the rows of its page), not of its marks.
  const row = results.locator('[role=row][data-row-id]').first();
  const cells = await row.getByRole('gridcell').allInnerTexts();
  const className = cells[0]!.trim();
  const enrolled = Number(cells[col('Учеников')]);
  expect(enrolled).toBeGreaterThan(5);
  expect(enrolled).toBeLessThanOrEqual(40);
  await shot(page, 'stats-results-classes');
  await row.click();
  await expect(page.getByTestId('stats-class')).toBeVisible();
  const students = page.getByTestId('stats-class-students');
  await expect(students.locator('[role=row][data-row-id]').first()).toBeVisible();
  // The class page lists every student who was in the class during the period, one row each.
  await expect(students.locator('.datatable-toolbar .count')).toHaveText(String(enrolled));
  await expect(page.getByTestId('stats-class')).toContainText(`Ученики: ${enrolled}`);
  await shot(page, 'stats-results-class-students');

  // The school: the sum of the classes (the exported workbook has every class).
  await page.getByRole('navigation', { name: 'Где вы' }).getByRole('button', { name: 'Школа' }).click();
  await page.getByRole('group', { name: 'Уровень' }).getByRole('button', { name: 'Параллели', exact: true }).click();
  const schoolCells = await results.locator('[role=row][data-row-id="school"]').getByRole('gridcell').allInnerTexts();
  const schoolOnScreen = Number(schoolCells[col('Учеников')]);
  await shot(page, 'stats-results-parallels');
  const xlsx = await download(page, 'Выгрузить XLSX');
  const ExcelJS = (await import('exceljs')).default;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsx.path);
  const byClass = wb.worksheets.find((w) => w.name.startsWith('По классам'))!;
  const heads = (byClass.getRow(6).values as unknown[]).map((v) => String(v ?? ''));
  const k = heads.indexOf('Учеников');
  let sum = 0;
  let ownRow = -1;
  for (let r = 7; byClass.getRow(r).getCell(1).value; r++) {
    sum += Number(byClass.getRow(r).getCell(k).value);
    if (byClass.getRow(r).getCell(1).value === className) ownRow = Number(byClass.getRow(r).getCell(k).value);
  }
  expect(ownRow).toBe(enrolled);
  const school = wb.worksheets.find((w) => w.name.startsWith('Школа'))!;
  expect(Number(school.getRow(7).getCell(k).value)).toBe(sum);
  expect(schoolOnScreen).toBe(sum);
  expect(sum).toBeLessThan(1500); // students, not marks
});

test('the office has no statistics section', async ({ page }) => {
  await login(page, DEMO.office);
  await expect(nav(page).getByRole('button', { name: 'Статистика' })).toHaveCount(0);
});
