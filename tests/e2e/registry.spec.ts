import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { expect, test, type Locator, type Page } from './fixtures';
import { E2E_TOKEN, login, logout, nav } from './helpers';

/**
 * The consent registry end to end, in Chromium against the web host with the demo school:
 * a class teacher of 9А registers every kind of document for one student, sees the status
 * change, is stopped with a clear message on a broken rule, prints the refusal form; the class
 * teacher of 5А sees none of it.
 */
const TEACHER_9A = { login: 'teacher.9a', password: 'demo-teacher.9a' };
const TEACHER_5A = { login: 'teacher.5a', password: 'demo-teacher.5a' };

const PHRASE =
  'родитель (законный представитель) проинформирован о том, что отказ от получения данной услуги в электронном виде влечет за собой предоставление информации о текущей успеваемости не чаще 1 раза в неделю, а также невозможность получения информации о домашних заданиях с помощью сети Интернет (в этом случае информацию о домашних заданиях ученик записывает самостоятельно на каждом занятии)';
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

const shift = (iso: string, days: number) => {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};
const ru = (iso: string) => iso.split('-').reverse().join('.');
/** The date field shows ДД.ММ.ГГГГ; the spec counts in ISO days. */
const iso = (ru: string) => ru.split('.').reverse().join('-');
/** The 14th birthday; born on 29 February, one comes of age on 1 March in a common year. */
const fourteenth = (birth: string) => {
  const [y, m, d] = birth.split('-') as [string, string, string];
  const year = Number(y) + 14;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return m === '02' && d === '29' && !leap ? `${year}-03-01` : `${year}-${m}-${d}`;
};

async function openRegistry(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Согласия и отказы', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Согласия и отказы' })).toBeVisible();
  await expect(page.getByTestId('registry-table').locator('[role=row][data-row-id]').first()).toBeVisible();
}

function card(page: Page): Locator {
  return page.getByTestId('student-card');
}

/** Opens the dialog of a kind from the card; returns it. */
async function openDialog(page: Page, button: string): Promise<Locator> {
  await card(page).getByRole('group', { name: 'Зарегистрировать документ' }).getByRole('button', { name: button, exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Waits for the rules to accept the draft, registers it and waits for the card to say so. */
async function register(page: Page, dialog: Locator): Promise<void> {
  await expect(dialog.getByTestId('rule-check')).toContainText('Правила соблюдены');
  await dialog.getByRole('button', { name: 'Зарегистрировать', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(card(page).getByRole('status').filter({ hasText: 'Зарегистрировано' })).toBeVisible();
}

test('классный руководитель регистрирует каждый вид документа, видит изменение положения, правила его останавливают; учитель другого класса этих учеников не видит', async ({ page }) => {
  test.setTimeout(180_000);
  await login(page, TEACHER_9A);
  await openRegistry(page);
  await expect(page.getByLabel('Класс', { exact: true })).toHaveValue('c9a');

  // A student of 14 or more with the electronic service on the grounds of a consent, nothing to review.
  const rows = page.getByTestId('registry-table').locator('[role=row][data-row-id]');
  let studentId = '';
  let studentName = '';
  let birth = '';
  const count = await rows.count();
  for (let i = 0; i < count && !studentId; i++) {
    const cells = (await rows.nth(i).locator('[role=gridcell]').allInnerTexts()).map((s) => s.trim());
    if (Number(cells[1]) < 14 || cells[3] !== 'да' || cells[5] !== '—') continue;
    await rows.nth(i).click();
    await expect(card(page)).toBeVisible();
    const summary = await card(page).getByTestId('student-summary').innerText();
    if (!/^Электронная форма: да — согласие/.test(summary)) continue;
    const header = await card(page).locator('header').innerText();
    birth = /дата рождения (\d\d)\.(\d\d)\.(\d{4})/.exec(header)!.slice(1).reverse().join('-');
    studentName = (await card(page).getByRole('heading', { level: 2 }).innerText()).trim();
    studentId = (await rows.nth(i).getAttribute('data-row-id'))!;
  }
  expect(studentId, 'a 9А student with a consent and the electronic service').not.toBe('');

  // Dates on the papers: a week of them, ending today (the date the dialog proposes).
  let dialog = await openDialog(page, 'Отказ');
  const today = iso(await dialog.getByLabel('Дата документа').inputValue());
  const fourteen = fourteenth(birth);
  expect(fourteen <= shift(today, -10), 'the student has been 14 for more than ten days').toBe(true);

  // 1. A refusal. First a broken rule: without «1 раза» the phrase is not verbatim.
  await dialog.getByLabel('Дата документа').fill(shift(today, -7));
  const text = dialog.getByLabel('Текст заявления');
  await text.fill((await text.inputValue()).replace('не чаще 1 раза', 'не чаще раза'));
  await expect(dialog.getByTestId('rule-check')).toContainText('Зарегистрировать нельзя');
  await expect(dialog.getByText(/нет обязательной фразы регламента.*«…чаще 1 раза…»/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Зарегистрировать', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Вернуть текст печатного бланка' }).click();

  // The printed refusal form: a download in the web host, with the name and the phrase in it.
  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Напечатать бланк' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^Отказ .*\.pdf$/);
  mkdirSync('test-results/downloads', { recursive: true });
  const file = `test-results/downloads/${download.suggestedFilename()}`;
  await download.saveAs(file);
  const printed = squash(execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  expect(printed).toContain(studentName);
  expect(printed).toContain(PHRASE);

  await expect(dialog.getByTestId('rule-check')).toContainText('Электронная форма будет прекращена');
  await register(page, dialog);
  await expect(card(page).getByTestId('student-summary')).toContainText(`Электронной формы нет: отказ от электронной формы от ${ru(shift(today, -7))}`);
  await expect(card(page).getByTestId('student-summary')).toContainText('Нужна бумажная информация');
  const row = page.getByTestId('registry-table').locator(`[data-row-id="${studentId}"]`);
  await expect(row.locator('[role=gridcell]').nth(3)).toHaveText('отказ');
  await expect(row.locator('[role=gridcell]').nth(4)).toHaveText('нужна');

  // 2. The student's own application (14+, passport): the service is back, resting on it.
  dialog = await openDialog(page, 'Заявление ученика 14+');
  await dialog.getByLabel('Дата документа').fill(shift(today, -6));
  await dialog.getByLabel('Серия паспорта').fill('45');
  await expect(dialog.getByText('Серия паспорта — 4 цифры')).toBeVisible();
  await dialog.getByLabel('Серия паспорта').fill('4512');
  await dialog.getByLabel('Номер паспорта').fill('345678');
  await dialog.getByLabel('Дата выдачи паспорта').fill(shift(fourteen, -1));
  await expect(dialog.getByText(/Паспорт выдаётся с 14 лет/)).toBeVisible();
  await dialog.getByLabel('Дата выдачи паспорта').fill(fourteen);
  await register(page, dialog);
  await expect(card(page).getByTestId('student-summary')).toContainText(`Электронная форма: да — заявление ученика (14+) от ${ru(shift(today, -6))}`);

  // 3. The annulment of the refusal, by the guardian who signed it.
  dialog = await openDialog(page, 'Аннулирование отказа');
  await expect(dialog.getByLabel('Аннулируемый отказ')).toContainText(`Отказ от ${ru(shift(today, -7))}`);
  await dialog.getByLabel('Дата документа').fill(shift(today, -5));
  await register(page, dialog);

  // 4. Non-consent, then 5. consent again, of the first guardian.
  dialog = await openDialog(page, 'Несогласие');
  await dialog.getByLabel('Дата документа').fill(shift(today, -4));
  await register(page, dialog);
  dialog = await openDialog(page, 'Согласие');
  await dialog.getByLabel('Дата документа').fill(shift(today, -3));
  await register(page, dialog);
  await expect(card(page).getByTestId('student-status')).toContainText(`согласие от ${ru(shift(today, -3))}`);

  // 6. Contacts: SMS needs a phone; paper means weekly paper information again.
  dialog = await openDialog(page, 'Контакты');
  await dialog.getByRole('checkbox', { name: 'SMS' }).check();
  await expect(dialog.getByText('Для SMS укажите номер телефона.')).toBeVisible();
  // Typed any usual way, the phone is laid out as «+7 (XXX) XXX-XX-XX» as it is typed and stored so.
  await dialog.getByLabel('Телефон').pressSequentially('8 912 345-67-89');
  await expect(dialog.getByLabel('Телефон')).toHaveValue('+7 (912) 345-67-89');
  await dialog.getByRole('checkbox', { name: 'на бумаге' }).check();
  await register(page, dialog);
  await expect(card(page).getByTestId('student-status')).toContainText('+7 (912) 345-67-89 (SMS, на бумаге)');
  await expect(card(page).getByTestId('student-status')).toContainText('выбран способ «на бумаге»');
  await expect(row.locator('[role=gridcell]').nth(4)).toHaveText('нужна');

  // The future is refused as you type.
  dialog = await openDialog(page, 'Согласие');
  await dialog.getByLabel('Дата документа').fill(ru(shift(today, 1)));
  await expect(dialog.getByText(`Дата не позже ${ru(today)}`)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Зарегистрировать', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Отмена' }).click();

  // 7. A void: the non-consent was a mistake. It stays in the history, marked, with the reason.
  const wrong = card(page)
    .getByTestId('timeline')
    .locator(':scope > li')
    .filter({ has: page.locator('.registry-timeline-head', { hasText: 'Несогласие на обработку персональных данных' }) });
  await wrong.getByRole('button', { name: 'Отозвать как ошибочный…' }).click();
  dialog = page.getByRole('dialog');
  await dialog.getByLabel('Причина').fill('ой');
  await expect(dialog.getByText('Укажите причину отзыва — хотя бы несколько слов')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Отозвать документ' })).toBeDisabled();
  await dialog.getByLabel('Причина').fill('Зарегистрировано по ошибке: бумага другого ученика');
  await expect(dialog.getByTestId('rule-check')).toContainText('Правила соблюдены');
  await dialog.getByRole('button', { name: 'Отозвать документ' }).click();
  await expect(dialog).toBeHidden();
  await expect(wrong).toContainText('отозван');
  await expect(wrong).toContainText('Зарегистрировано по ошибке: бумага другого ученика');
  await expect(card(page).getByTestId('timeline')).toContainText('Отзыв ошибочно зарегистрированного документа');

  // The timeline has all of them, newest first; the register lists them.
  for (const kind of ['Заявление об отказе от электронной формы', 'Заявление обучающегося (14 лет и старше)', 'Аннулирование заявления об отказе', 'Несогласие на обработку персональных данных', 'Заявление о контактных данных']) {
    await expect(card(page).getByTestId('timeline')).toContainText(kind);
  }
  mkdirSync('test-results/screens', { recursive: true });
  await card(page).evaluate((el) => el.scrollTo(0, 0));
  await page.screenshot({ path: 'test-results/screens/registry.png' });

  await page.getByRole('tab', { name: 'Журнал регистрации' }).click();
  const log = page.getByTestId('registry-log');
  await log.getByRole('searchbox').fill(studentName.split(' ')[0]!);
  await expect(log.locator('[role=row][data-row-id]').filter({ hasText: 'Аннулирование отказа' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/registry-log.png' });
  const xlsxPromise = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Выгрузить в Excel (XLSX)' }).click();
  expect((await xlsxPromise).suggestedFilename()).toMatch(/\.xlsx$/);
  await logout(page);

  // The class teacher of 5А: his class only; the 9А student is nowhere, not even by the API.
  await login(page, TEACHER_5A);
  await openRegistry(page);
  await expect(page.getByLabel('Класс', { exact: true }).locator('option')).toHaveText(['5А']);
  await page.getByTestId('registry-table').getByRole('searchbox').fill(studentName.split(' ')[0]!);
  await expect(page.getByTestId('registry-table').locator(`[data-row-id="${studentId}"]`)).toHaveCount(0);
  const answer = await page.evaluate(
    async ([id, token]) => {
      const res = await fetch('./api/registry.student', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ezhd-Token': token! }, body: JSON.stringify({ studentId: id }) });
      return res.text();
    },
    [studentId, E2E_TOKEN],
  );
  expect(answer).toContain('"code":"not_found"');
  expect(answer).not.toContain(studentName.split(' ')[0]!);

  // An 11-year-old of 5А cannot apply himself: said plainly, nothing can be registered.
  await page.getByTestId('registry-table').getByRole('searchbox').fill('');
  await page.getByTestId('registry-table').locator('[role=row][data-row-id]').first().click();
  dialog = await openDialog(page, 'Заявление ученика 14+');
  await dialog.getByLabel('Серия паспорта').fill('4512');
  await dialog.getByLabel('Номер паспорта').fill('345678');
  await dialog.getByLabel('Дата выдачи паспорта').fill(today);
  await expect(dialog.getByText(/Самостоятельно подать заявление можно с 14 лет — с \d\d\.\d\d\.\d{4}\. Заявление не регистрируется\./)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Зарегистрировать', exact: true })).toBeDisabled();
});
