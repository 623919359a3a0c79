import { expect, test } from './fixtures';
import { DEMO, login, logout, nav, openApp } from './helpers';

/** Issue 13: the rules of a new password, as the administrator and the user meet them. */

const COMMON = 'Это один из часто используемых паролей, их подбирают первыми. Придумайте другой: например, три-четыре не связанных слова';

test('the administrator’s temporary password and the user’s own one follow the rules', async ({ page }) => {
  await login(page, DEMO.admin);
  await nav(page).getByRole('button', { name: 'Пользователи' }).click();
  await page.getByRole('button', { name: 'Добавить пользователя' }).click();
  const dialog = page.getByRole('dialog', { name: 'Новый пользователь' });
  await dialog.getByLabel('Фамилия').fill('Проверкина');
  await dialog.getByLabel('Имя', { exact: true }).fill('Алла');
  await dialog.getByLabel('Логин').fill('proverkina.a');
  await dialog.getByRole('combobox', { name: /^Роль/ }).selectOption({ label: 'Канцелярия' }); // «Пароль» has «роль» in it
  const password = dialog.getByLabel('Временный пароль');
  await expect(password).toHaveAccessibleName(/не короче 10 символов/);

  await password.fill('12345678');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog.locator('.field-error')).toHaveText('Пароль — не короче 10 символов');

  await password.fill('Qwerty2024!');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog.locator('.field-error')).toHaveText(COMMON);

  await password.fill('proverkina-2026');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog.locator('.field-error')).toHaveText('Пароль не должен совпадать с логином или содержать его');

  await password.fill('Вишнёвый-сад-за-окном');
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('users-table')).toContainText('proverkina.a');
  await logout(page);

  // The user sets his own password: not his name, not the temporary one.
  await openApp(page);
  await page.getByLabel('Логин').fill('proverkina.a');
  await page.getByLabel('Пароль').fill('Вишнёвый-сад-за-окном');
  await page.getByRole('button', { name: 'Войти' }).click();
  const form = page.getByRole('form', { name: 'Смена пароля' });
  await expect(form.getByRole('heading', { name: 'Смените пароль' })).toBeVisible();
  const setOwn = async (next: string) => {
    await form.getByLabel('Текущий пароль').fill('Вишнёвый-сад-за-окном');
    await form.getByLabel('Новый пароль (не короче 10 символов)').fill(next);
    await form.getByLabel('Новый пароль ещё раз').fill(next);
    await form.getByRole('button', { name: 'Сменить пароль' }).click();
  };
  await setOwn('Алла-любит-сирень');
  await expect(form.locator('.field-error')).toHaveText('Пароль не должен содержать фамилию, имя или отчество');
  await setOwn('Вишнёвый-сад-за-окном');
  await expect(form.locator('.field-error')).toHaveText('Пароль совпадает с текущим или прежним. Придумайте новый');
  await setOwn('Три-белых-коня-1984');
  await expect(page.getByTestId('statusbar')).toBeVisible();
});
