import { expect, test, type Page, type Request } from './fixtures';
import { DEMO, login, nav } from './helpers';

/**
 * The idle lock with a 1-minute limit and the status bar running: the background polling does not
 * keep the session open, the lock screen hides every child's name (and the status bar), and the
 * dialog that was open keeps what was typed once the password is given again.
 * The minute passes on both clocks at once, without waiting for it: the browser's on Playwright's
 * clock (its lock check, the status bar's polling, the throttled activity report) and the web
 * host's through its test clock (the session rule itself), in steps of the lock check's 5 s.
 */

const IDLE_LABEL = 'Блокировка сеанса после простоя, минут';

async function setIdleMinutes(page: Page, minutes: number): Promise<void> {
  await nav(page).getByRole('button', { name: 'Настройки', exact: true }).click();
  await page.getByLabel(IDLE_LABEL).fill(String(minutes));
  await page.getByRole('button', { name: 'Сохранить настройки' }).click();
  await expect(page.getByText('Настройки сохранены.')).toBeVisible();
}

test('сеанс блокируется после минуты без действий пользователя, хотя строка состояния опрашивает программу; имена скрыты, начатая работа сохраняется', async ({ page, webHost }) => {
  test.setTimeout(120_000);
  // The browser's timers on Playwright's clock: time runs as usual until the test moves it.
  await page.clock.install();
  await login(page, DEMO.director);

  // Settings within the regulations: the deadline is 1 or 3 days, the idle limit 1–60 minutes.
  await nav(page).getByRole('button', { name: 'Настройки', exact: true }).click();
  const deadline = page.getByLabel('Срок предоставления итоговых и экзаменационных результатов');
  await expect(deadline.locator('option')).toHaveText(['1 день', '3 дня']);
  await page.getByLabel(IDLE_LABEL).fill('61');
  await page.getByRole('button', { name: 'Сохранить настройки' }).click();
  await expect(page.getByText('Блокировка после простоя — от 1 до 60 минут, целым числом').first()).toBeVisible();
  await setIdleMinutes(page, 1);

  // Work in progress over a page full of names: a document dialog with a typed note.
  await nav(page).getByRole('button', { name: 'Согласия и отказы', exact: true }).click();
  const rows = page.getByTestId('registry-table').locator('[role=row][data-row-id]');
  await expect(rows.first()).toBeVisible();
  const shown = (await rows.locator('[role=gridcell]:first-child').allInnerTexts()).map((s) => s.trim()).filter(Boolean);
  await rows.first().click();
  const card = page.getByTestId('student-card');
  await expect(card).toBeVisible();
  shown.push((await card.getByRole('heading', { level: 2 }).innerText()).trim());
  // The user's last input (a fill is none: no key or pointer event): the host's idle time starts
  // no earlier than this.
  const lastInput = Date.now();
  await card.getByRole('group', { name: 'Зарегистрировать документ' }).getByRole('button').first().click();
  const dialog = page.getByRole('dialog').filter({ has: page.getByLabel('Примечание') });
  await expect(dialog).toBeVisible();
  const NOTE = 'принесла мама, копия паспорта в папке';
  await dialog.getByLabel('Примечание').fill(NOTE);
  // Surnames of the children on the screen: none may remain visible once locked.
  const surnames = [...new Set(shown.map((n) => n.split(/\s+/)[0]!).filter((s) => s.length > 2))];
  expect(surnames.length).toBeGreaterThan(3);
  const before = await page.locator('body').innerText();
  for (const s of surnames) expect(before).toContain(s);

  // No input from now on; count what the screen sends by itself meanwhile. The idle time is what
  // both clocks see: real time since now plus the steps both were moved forward.
  const idleFrom = Date.now();
  let movedMs = 0;
  // How far both clocks have been moved for certain: a step's move counts once its runFor is done
  // (a request seen during a step went out somewhere within it, so it is stamped with the least
  // idle time it can have).
  let movedDoneMs = 0;
  const idleMs = () => Date.now() - idleFrom + movedMs;
  const calls: { path: string; at: number }[] = [];
  page.on('request', (r) => {
    const m = /\/api\/([\w.]+)$/.exec(r.url());
    if (m) calls.push({ path: m[1]!, at: Date.now() - idleFrom + movedDoneMs });
  });
  const count = (path: string) => calls.filter((c) => c.path === path).length;
  const lock = page.getByRole('dialog', { name: 'Сеанс заблокирован' });
  const STEP_MS = 5_000;
  let lockedAfterMs = 0;
  while (!lockedAfterMs && idleMs() < 85_000) {
    movedMs += STEP_MS;
    await webHost.setClockAhead(movedMs);
    // The step's lock check goes out and comes back (or the lock is already on the screen, and the
    // check stopped with it). Chromium often ends the answer's request as aborted once the page has
    // read it (requestfailed, net::ERR_ABORTED, after the response): Playwright's finished() then
    // never resolves, and the step waited for the lock in real time, a whole minute.
    const isCheck = (r: Request) => r.url().endsWith('/api/auth.status');
    const ends = [page.waitForEvent('requestfinished', { predicate: isCheck }), page.waitForEvent('requestfailed', { predicate: isCheck })];
    for (const e of ends) e.catch(() => undefined);
    const checked = Promise.race(ends);
    const shown = lock.waitFor({ state: 'visible' });
    await page.clock.runFor(STEP_MS);
    movedDoneMs = movedMs;
    await Promise.race([checked, shown]);
    checked.catch(() => undefined);
    shown.catch(() => undefined);
    if (await lock.isVisible()) lockedAfterMs = Date.now() - lastInput + movedMs;
  }
  await expect(lock).toBeVisible();
  // Not before the minute since the last input.
  expect(lockedAfterMs).toBeGreaterThanOrEqual(60_000);
  expect(count('sync.status')).toBeGreaterThanOrEqual(3); // the status bar kept polling
  expect(count('auth.status')).toBeGreaterThanOrEqual(5); // the lock check
  // Neither counts as the user's activity: the only touch is the last click's, reported when the
  // renderer's 10-second throttle ends (polling that counted would touch again and again).
  expect(count('auth.touch')).toBeLessThanOrEqual(1);
  expect(calls.filter((c) => c.path === 'auth.touch' && c.at > 11_000)).toEqual([]);

  // Nothing personal on the screen: no child's name, no status bar, not in the title.
  const locked = await page.locator('body').innerText();
  for (const s of surnames) expect(locked).not.toContain(s);
  expect(locked).not.toContain(NOTE);
  await expect(page.getByTestId('statusbar')).toBeHidden();
  await expect(dialog).toBeHidden();
  expect(await page.title()).toBe('ЭЖД Офис — сеанс заблокирован');
  await page.screenshot({ path: test.info().outputPath('idle-lock.png') });

  // Esc does not lift the lock; a wrong password does not either.
  await page.keyboard.press('Escape');
  await expect(lock).toBeVisible();
  await lock.getByLabel('Пароль').fill('not-the-password');
  await lock.getByRole('button', { name: 'Продолжить' }).click();
  await expect(lock.getByRole('alert')).toBeVisible();
  await expect(page.getByTestId('statusbar')).toBeHidden();

  // The password: the same screen, the dialog still holds what was typed.
  await lock.getByLabel('Пароль').fill(DEMO.director.password);
  await lock.getByRole('button', { name: 'Продолжить' }).click();
  await expect(lock).toBeHidden();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Примечание')).toHaveValue(NOTE);
  await expect(page.getByTestId('statusbar')).toBeVisible();
  expect(await page.title()).toBe('ЭЖД Офис');
  await dialog.getByRole('button', { name: 'Отмена' }).click();
  await expect(dialog).toBeHidden();
});
