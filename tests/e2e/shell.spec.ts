import { expect, test } from './fixtures';
import { DEMO, login, logout, nav, openApp } from './helpers';

const ALL_SECTIONS = ['Классы', 'Согласия и отказы', 'Выписки', 'Журнал', 'Итоговые отметки', 'Статистика', 'Синхронизация', 'Пользователи', 'Настройки', 'Журнал действий'];

const EXPECTED: Record<string, string[]> = {
  admin: ['Синхронизация', 'Пользователи', 'Настройки', 'Журнал действий'],
  director: ['Классы', 'Согласия и отказы', 'Выписки', 'Журнал', 'Итоговые отметки', 'Статистика', 'Синхронизация', 'Пользователи', 'Настройки', 'Журнал действий'],
  deputy: ['Классы', 'Согласия и отказы', 'Выписки', 'Журнал', 'Итоговые отметки', 'Статистика', 'Синхронизация', 'Пользователи', 'Журнал действий'],
  office: ['Классы', 'Согласия и отказы', 'Выписки', 'Журнал', 'Итоговые отметки', 'Синхронизация'],
  teacher: ['Классы', 'Согласия и отказы', 'Выписки', 'Журнал', 'Итоговые отметки', 'Синхронизация'],
};

const TEACHER = { login: 'teacher.5a', password: 'demo-teacher.5a' };

test('a wrong password and a login that does not exist are refused with the same clear message', async ({ page }) => {
  const refused = 'Неверный логин или пароль, или вход временно закрыт. Если вы уверены в пароле, обратитесь к администратору.';
  for (const loginName of ['office', 'no.such.person']) {
    await page.goto('about:blank'); // a fresh screen: the second answer is not the first one left over
    await openApp(page);
    await page.getByLabel('Логин').fill(loginName);
    await page.getByLabel('Пароль').fill('not-the-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect(page.getByRole('alert')).toHaveText(refused);
  }
});

for (const [role, user] of [...Object.entries(DEMO), ['teacher', TEACHER]] as Array<[string, { login: string; password: string }]>) {
  test(`${role} sees the sections of the role and no others`, async ({ page }) => {
    await login(page, user);
    const buttons = nav(page).getByRole('button');
    const labels = (await buttons.allTextContents()).map((s) => s.trim()).filter((s) => ALL_SECTIONS.includes(s));
    expect(labels).toEqual(EXPECTED[role]);
    await expect(page.getByTestId('statusbar')).toContainText(
      { admin: 'Администратор', director: 'Директор', deputy: 'Заместитель директора', office: 'Канцелярия', teacher: 'Классный руководитель' }[role]!,
    );
    await logout(page);
  });
}

test('the office opens a class and sees its students sorted the Russian way', async ({ page }) => {
  await login(page, DEMO.office);
  const classes = page.getByTestId('classes-table');
  await expect(classes.getByRole('row').nth(1)).toBeVisible();
  await classes.getByRole('gridcell', { name: '5А', exact: true }).click();
  const students = page.getByTestId('students-table');
  await expect(page.getByRole('heading', { name: /5А класс/ })).toBeVisible();
  const names = await students.locator('[role=row][data-row-id] [role=gridcell]:nth-child(2)').allTextContents();
  expect(names.length).toBeGreaterThan(10);
  const folded = names.map((n) => n.replace(/ё/g, 'е').replace(/Ё/g, 'Е'));
  expect(folded).toEqual([...folded].sort((a, b) => a.localeCompare(b, 'ru')));
  // The filter finds a student by part of the surname, case- and ё-insensitively.
  const first = names[0]!.split(' ')[0]!;
  await students.getByLabel('Поиск ученика (фамилия, имя)').fill(first.slice(0, 4).toLowerCase().replace(/е/g, 'ё'));
  await expect(students.locator('[role=row][data-row-id]').first()).toContainText(first);
  await page.screenshot({ path: 'test-results/screens/classes.png' });
});

test('a class teacher sees only his own class', async ({ page }) => {
  await login(page, TEACHER);
  const rows = page.getByTestId('classes-table').locator('[role=row][data-row-id]');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('5А');
});

test('the strict CSP blocks an injected inline script', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await openApp(page);
  await expect(page.getByRole('button', { name: 'Войти' })).toBeVisible();
  const ran = await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true;';
    document.body.appendChild(s);
    return (window as unknown as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});

test('the administrator sees users but no children', async ({ page }) => {
  await login(page, DEMO.admin);
  await nav(page).getByRole('button', { name: 'Пользователи' }).click();
  await expect(page.getByTestId('users-table').locator('[role=row][data-row-id]').first()).toBeVisible();
  await expect(page.getByTestId('users-table')).toContainText('teacher.5a');
  const res = await page.evaluate(async () => {
    const token = sessionStorage.getItem('ezhd.token') ?? '';
    const r = await fetch('./api/school.students', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ezhd-Token': token }, body: JSON.stringify({ classId: 'c5a' }) });
    return r.text();
  });
  expect(res).toContain('"forbidden"');
  await page.screenshot({ path: 'test-results/screens/users.png' });
});
