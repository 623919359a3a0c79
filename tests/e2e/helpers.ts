import { expect, type Page } from '@playwright/test';

export const E2E_TOKEN = 'e2e-token-not-secret-0123456789';

/** Demo users as the README lists them. */
export const DEMO = {
  admin: { login: 'admin', password: 'demo-admin' },
  director: { login: 'director', password: 'demo-director' },
  deputy: { login: 'zavuch', password: 'demo-zavuch' },
  office: { login: 'office', password: 'demo-office' },
} as const;

export async function openApp(page: Page): Promise<void> {
  await page.goto(`/#token=${E2E_TOKEN}`);
}

export async function login(page: Page, user: { login: string; password: string }): Promise<void> {
  await openApp(page);
  await page.getByLabel('Логин').fill(user.login);
  await page.getByLabel('Пароль').fill(user.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.getByTestId('statusbar')).toBeVisible();
}

export async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Выйти' }).click();
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
}

export function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Разделы' });
}
