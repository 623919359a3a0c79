import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { login, nav, openApp } from './helpers';

/**
 * Russian inputs whatever the system's locale (the browser here runs in English): the app's own
 * date field reads and shows ДД.ММ.ГГГГ, typed with a mask or picked in a Russian calendar; empty
 * required fields and impossible dates are said in the app's Russian, next to the field, never in
 * a browser bubble; a phone is laid out as «+7 (XXX) XXX-XX-XX» as it is typed.
 */
test.use({ locale: 'en-US' });

const TEACHER_9A = { login: 'teacher.9a', password: 'demo-teacher.9a' };
const shots = 'test-results/inputs';
const ru = (d: Date) => `${String(d.getDate()).padStart(2, '0')}.${String(d.getMonth() + 1).padStart(2, '0')}.${d.getFullYear()}`;

async function openConsentDialog(page: Page) {
  await nav(page).getByRole('button', { name: 'Согласия и отказы', exact: true }).click();
  await page.getByTestId('registry-table').locator('[role=row][data-row-id]').first().click();
  await page.getByTestId('student-card').getByRole('group', { name: 'Зарегистрировать документ' }).getByRole('button', { name: 'Согласие', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

test('date field: ДД.ММ.ГГГГ typed and picked, Russian messages for an empty field and for 30.02.2026; the login says what is missing', async ({ page }) => {
  mkdirSync(shots, { recursive: true });
  // Login with nothing typed: the app's own Russian next to each field, no English bubble.
  await openApp(page);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByText('Введите логин')).toBeVisible();
  await expect(page.getByText('Введите пароль')).toBeVisible();
  expect(await page.locator('input[name=login]').evaluate((el: HTMLInputElement) => el.validationMessage)).toBe('');

  await login(page, TEACHER_9A);
  const dialog = await openConsentDialog(page);
  const date = dialog.getByLabel('Дата документа');
  const today = await date.inputValue();
  expect(today).toMatch(/^\d\d\.\d\d\.\d{4}$/);
  expect(today).toBe(ru(new Date()));

  // Emptied: «Укажите дату» once the field is left.
  await date.fill('');
  await date.blur();
  await expect(dialog.getByText('Укажите дату', { exact: true })).toBeVisible();

  // Typed as digits only: the dots come by themselves; 30 February does not exist.
  await date.pressSequentially('30022026');
  await expect(date).toHaveValue('30.02.2026');
  await expect(dialog.getByText('Такой даты нет: 30.02.2026')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Зарегистрировать', exact: true })).toBeDisabled();
  await dialog.screenshot({ path: `${shots}/date-impossible.png` });

  // The calendar, in Russian whatever the browser's locale: the 15th of the previous month.
  await dialog.getByRole('button', { name: 'Календарь' }).click();
  const calendar = dialog.getByRole('dialog', { name: 'Календарь' });
  await expect(calendar).toBeVisible();
  await expect(calendar).toContainText(/январь|февраль|март|апрель|май|июнь|июль|август|сентябрь|октябрь|ноябрь|декабрь/i);
  await calendar.getByRole('button', { name: 'Перейти к предыдущему месяцу' }).click();
  await page.screenshot({ path: `${shots}/date-calendar.png` });
  const now = new Date();
  const picked = new Date(now.getFullYear(), now.getMonth() - 1, 15);
  const iso = `${picked.getFullYear()}-${String(picked.getMonth() + 1).padStart(2, '0')}-15`;
  await calendar.locator(`td[data-day="${iso}"] button`).click();
  await expect(calendar).toBeHidden();
  await expect(date).toHaveValue(ru(picked));
  await expect(dialog.getByText('Такой даты нет')).toBeHidden();

  // A day after today is out of range, said in Russian.
  const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
  await date.fill(ru(tomorrow));
  await expect(dialog.getByText(`Дата не позже ${ru(now)}`)).toBeVisible();
  await date.fill(today);
  await expect(dialog.getByText(/Дата не позже/)).toBeHidden();
  await expect(dialog.getByTestId('rule-check')).toContainText('Правила соблюдены');
  await dialog.screenshot({ path: `${shots}/date-ok.png` });
  await dialog.getByRole('button', { name: 'Отмена' }).click();
});

test('phone: typed any usual way, laid out as +7 (XXX) XXX-XX-XX', async ({ page }) => {
  await login(page, TEACHER_9A);
  await nav(page).getByRole('button', { name: 'Согласия и отказы', exact: true }).click();
  await page.getByTestId('registry-table').locator('[role=row][data-row-id]').first().click();
  await page.getByTestId('student-card').getByRole('group', { name: 'Зарегистрировать документ' }).getByRole('button', { name: 'Контакты', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const phone = dialog.getByLabel('Телефон');
  await phone.pressSequentially('89123456789');
  await expect(phone).toHaveValue('+7 (912) 345-67-89');
  await phone.fill('');
  await phone.pressSequentially('(912)3456789');
  await expect(phone).toHaveValue('+7 (912) 345-67-89');
  await dialog.getByRole('button', { name: 'Отмена' }).click();
});
