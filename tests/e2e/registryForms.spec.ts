import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect, test, type Download, type Locator, type Page } from './fixtures';
import { login, logout, nav } from './helpers';

/**
 * A consent registered and its registered copy printed (issue 14, points 4 and 5): the class
 * teacher of 5А registers a guardian's consent, the card says its registration number, the
 * registered copy carries that number, the director by name in the header, the school's name in
 * the dative and every item of 152-ФЗ art. 9 part 4; the registration journal shows the same number.
 */
const TEACHER_5A = { login: 'teacher.5a', password: 'demo-teacher.5a' };
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The words the consent prints each item of 152-ФЗ art. 9 part 4 under (as registryForms.ts CONSENT_ITEMS). */
const CONSENT_ITEMS = [
  'Законный представитель:',
  'Адрес места жительства:',
  'Паспорт:',
  'Документ, подтверждающий полномочия:',
  'Обучающийся:',
  'Адрес места жительства обучающегося:',
  'Документ, удостоверяющий личность обучающегося:',
  'Адрес оператора:',
  'Цель обработки:',
  'Перечень персональных данных:',
  'Обработка по поручению оператора:',
  'Перечень действий с персональными данными:',
  'Общее описание способов обработки:',
  'Срок действия согласия:',
  'Способ отзыва согласия:',
  'Подпись законного представителя',
];

function card(page: Page): Locator {
  return page.getByTestId('student-card');
}

/** Saves a download under test-results, renders its first page to PNG, returns its text. */
async function readPdf(download: Download, name: string): Promise<string> {
  mkdirSync('test-results/downloads', { recursive: true });
  const file = `test-results/downloads/${name}.pdf`;
  await download.saveAs(file);
  execFileSync('pdftoppm', ['-png', '-r', '70', file, `test-results/downloads/${name}`]);
  return squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

test('согласие: регистрация с номером, печать зарегистрированного экземпляра со всеми пунктами 152-ФЗ, номер в журнале', async ({ page }) => {
  test.setTimeout(150_000);
  await login(page, TEACHER_5A);
  await nav(page).getByRole('button', { name: 'Согласия и отказы', exact: true }).click();
  const rows = page.getByTestId('registry-table').locator('[role=row][data-row-id]');
  await expect(rows.first()).toBeVisible();

  // The first student for whom a consent dated today can be registered.
  let dialog = page.getByRole('dialog');
  let studentName = '';
  const count = await rows.count();
  for (let i = 0; i < count; i++) {
    await rows.nth(i).click();
    await expect(card(page)).toBeVisible();
    const name = (await card(page).locator('header h2').first().innerText()).trim();
    await card(page).getByRole('group', { name: 'Зарегистрировать документ' }).getByRole('button', { name: 'Согласие', exact: true }).click();
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('rule-check')).toContainText(/Правила соблюдены|Зарегистрировать нельзя/);
    if ((await dialog.getByTestId('rule-check').innerText()).includes('Правила соблюдены')) {
      studentName = name;
      break;
    }
    await dialog.getByRole('button', { name: 'Отмена' }).click();
  }
  expect(studentName, 'a 5А student whose consent can be registered').not.toBe('');
  const guardian = (await dialog.getByLabel('Кто подписал').locator('option:checked').innerText()).trim();
  const guardianLast = guardian.split(' ')[0]!;

  // The blank form from the dialog: no number yet, a blank for it.
  let download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Напечатать бланк' }).click();
  const blank = await readPdf(await download, 'consent-blank');
  expect(blank).toContain('Регистрационный № ______________');
  expect(blank).toContain(studentName);

  await dialog.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
  await expect(dialog).toBeHidden();
  const notice = card(page).getByRole('status').filter({ hasText: 'Зарегистрировано' });
  await expect(notice).toContainText(/регистрационный № [2-9А-Я]{4}-\d+\/\d{4}-\d\d/);
  const number = /регистрационный № (\S+?)\.?$/.exec((await notice.innerText()).trim())![1]!;

  // The registered copy from the timeline.
  const entry = card(page).getByTestId('timeline').locator(':scope > li').first();
  await expect(entry).toContainText(`рег. № ${number}`);
  download = page.waitForEvent('download');
  await entry.getByRole('button', { name: 'Напечатать' }).click();
  const printed = await readPdf(await download, 'consent-registered');
  expect(printed).toContain(`Рег. № ${number}`);
  expect(printed).toContain(`Регистрационный № ${number}.`);
  expect(printed).toMatch(/Директору МБОУ СОШ № \d+ г\. [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё-]+ [А-ЯЁ]\. [А-ЯЁ]\./);
  expect(printed).toContain('даю согласие муниципальному бюджетному общеобразовательному учреждению «Средняя общеобразовательная школа №');
  expect(printed).toContain(studentName);
  expect(printed).toContain(guardianLast);
  for (const item of CONSENT_ITEMS) expect(printed, item).toContain(item);
  expect(printed).not.toMatch(/[А-ЯЁ]\.\./);
  mkdirSync('test-results/screens', { recursive: true });
  await card(page).evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screens/registry-number-card.png' });

  // The journal: the same number, in the class and school-wide.
  await page.getByRole('tab', { name: 'Журнал регистрации' }).click();
  const log = page.getByTestId('registry-log');
  await log.getByRole('searchbox').fill(number);
  await expect(log.locator('[role=row][data-row-id]')).toHaveCount(1);
  await expect(log.locator('[role=row][data-row-id]').first()).toContainText(number);
  await page.screenshot({ path: 'test-results/screens/registry-number-log.png' });
  await logout(page);
});
