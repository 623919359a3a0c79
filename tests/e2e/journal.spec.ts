import { expect, test, type Page } from './fixtures';
import { DEMO, login, nav } from './helpers';

const TEACHER = { login: 'teacher.5a', password: 'demo-teacher.5a' };

async function openSection(page: Page, label: string): Promise<void> {
  await nav(page).getByRole('button', { name: label, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: label })).toBeVisible();
}

test('the journal grid of a class scrolls a whole year; the card, timetable and forecast open', async ({ page }) => {
  await login(page, DEMO.director);
  await openSection(page, 'Журнал');
  await page.getByLabel('Класс').selectOption({ label: '5А' });
  const grid = page.getByTestId('journal-grid');
  await expect(grid.getByRole('row').nth(3)).toBeVisible();
  await expect(grid.locator('.jgrid-hcell').first()).toBeVisible();
  // topic, type and weight of a lesson in the bar above the grid
  await grid.locator('.jgrid-hcell').first().click();
  await expect(page.locator('.lesson-info')).toContainText('урок');
  await page.screenshot({ path: 'test-results/screens/journal-grid.png' });

  // Only a window of cells is in the page; scrolled to the end, the last lesson is rendered.
  const rendered = await grid.locator('.jgrid-hcell').count();
  expect(rendered).toBeLessThan(60);
  await grid.evaluate((el) => el.scrollTo(el.scrollWidth, el.scrollHeight));
  await expect(grid.locator('.jgrid-hcell').last()).toBeInViewport();
  const lastRowName = grid.locator('.jgrid-row').last().locator('.jgrid-name');
  await expect(lastRowName).toBeInViewport();
  await page.screenshot({ path: 'test-results/screens/journal-grid-end.png' });

  await page.getByRole('tab', { name: 'Ученик' }).click();
  await expect(page.getByTestId('student-card')).toContainText('Пропуски');
  await page.screenshot({ path: 'test-results/screens/journal-student.png' });
  await page.getByRole('tab', { name: 'Расписание' }).click();
  await expect(page.getByTestId('week-timetable')).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/journal-timetable.png' });
  await page.getByRole('tab', { name: 'Прогноз' }).click();
  await expect(page.getByTestId('forecast-table').locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/journal-forecast.png' });
  await page.getByRole('tab', { name: 'Зона риска' }).click();
  await expect(page.getByTestId('risk-table').locator('[role=row][data-row-id]').first()).toBeVisible();
  await page.getByRole('tab', { name: 'Пропуски и «2»' }).click();
  await expect(page.getByTestId('student-report')).toContainText('Неудовлетворительные отметки');
  await page.screenshot({ path: 'test-results/screens/journal-report.png' });
});

test('the class teacher enters a final mark and a deferral; the summary sheet shows them', async ({ page }) => {
  await login(page, TEACHER);
  await openSection(page, 'Итоговые отметки');
  await expect(page.getByLabel('Класс')).toHaveValue(/.+/);
  const board = page.getByTestId('final-board');
  const row = board.locator('tbody tr').first();
  await expect(row).toBeVisible();
  const period = (await page.getByLabel('Период').locator('option:checked').innerText()).trim();
  const studentName = (await row.locator('th').innerText()).trim();
  const subjects = await board.locator('thead th').allInnerTexts();
  const firstSubject = subjects[1]!.trim();
  const secondSubject = subjects[2]!.trim();

  // A mark: «5».
  await row.locator('button.fcell').nth(0).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(studentName);
  await dialog.getByRole('radio', { name: '5', exact: true }).click();
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  // Before the period ends the mark is set only on confirmation.
  const early = dialog.getByRole('alertdialog', { name: 'Выставить досрочно?' });
  await expect.poll(async () => (await early.isVisible()) || !(await dialog.isVisible())).toBe(true);
  if (await early.isVisible()) {
    await expect(early).toContainText(/Период ещё не закончился \(до \d\d\.\d\d\.\d{4}\)\. Выставить отметку досрочно\?/);
    await early.getByRole('button', { name: 'Да, выставить досрочно' }).click();
  }
  await expect(dialog).toBeHidden();
  await expect(row.locator('button.fcell').nth(0)).toHaveText('5');

  // A deferral for an ill student, with its reason and date.
  await row.locator('button.fcell').nth(1).click();
  await dialog.getByLabel('Отсрочка (болезнь)').check();
  await dialog.getByLabel('Причина отсрочки').fill('болезнь, справка № 41');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  await expect(row.locator('button.fcell').nth(1)).toHaveText('отср.');
  await expect(row.locator('button.fcell').nth(1)).toHaveClass(/st-deferred/);
  await page.screenshot({ path: 'test-results/screens/finals-board.png' });

  // The summary sheet has both, in the column of that period.
  await page.getByRole('tab', { name: 'Сводная ведомость' }).click();
  const sheet = page.getByTestId('summary-sheet');
  await expect(sheet).toBeVisible();
  const columns = await sheet.locator('thead tr').nth(1).locator('th').allInnerTexts();
  const perSubject = columns.length / (await sheet.locator('thead tr').first().locator('th.subject').count());
  const titles = await sheet.locator('thead tr').nth(1).locator('th').evaluateAll((ths) => ths.map((th) => th.getAttribute('title')));
  const col = titles.indexOf(period);
  expect(col).toBeGreaterThanOrEqual(0);
  const sheetRow = sheet.locator('tbody tr').filter({ hasText: studentName });
  const cells = sheetRow.locator('td.sc');
  await expect(cells.nth(col)).toHaveText('5');
  await expect(cells.nth(perSubject + col)).toHaveText('отср.');
  await expect(page.getByText('болезнь, справка № 41')).toBeVisible();
  expect(await sheet.locator('thead th.subject').nth(0).innerText()).toContain(firstSubject.slice(0, 3));
  expect(secondSubject.length).toBeGreaterThan(0);
  await page.screenshot({ path: 'test-results/screens/summary-sheet.png', fullPage: false });

  // The PDF of the sheet downloads in the browser.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Печать (PDF)' }).click();
  expect((await download).suggestedFilename()).toMatch(/^Сводная ведомость 5А .*\.pdf$/);

  // What is late: deferrals come due, results not yet with the family.
  await page.getByRole('tab', { name: 'Сроки и опоздания' }).click();
  await expect(page.getByTestId('attention-table').locator('[role=row][data-row-id]').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/finals-attention.png' });
});

test('the office reads final marks and does not change them', async ({ page }) => {
  await login(page, DEMO.office);
  await openSection(page, 'Итоговые отметки');
  await page.getByLabel('Класс').selectOption({ label: '5А' });
  await page.getByTestId('final-board').locator('tbody tr').first().locator('button.fcell').first().click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Итоговые отметки выставляет классный руководитель');
  await expect(dialog.getByRole('button', { name: 'Сохранить' })).toHaveCount(0);
});

test('a class teacher sees his class only and may enter its final marks', async ({ page }) => {
  await login(page, TEACHER);
  await openSection(page, 'Итоговые отметки');
  const options = await page.getByLabel('Класс').locator('option').allInnerTexts();
  expect(options).toEqual(['5А']);
  const cell = page.getByTestId('final-board').locator('tbody tr').nth(1).locator('button.fcell').first();
  await cell.click();
  await expect(page.getByRole('dialog').getByRole('button', { name: 'Сохранить' })).toBeVisible();
});
