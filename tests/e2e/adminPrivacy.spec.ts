import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { DEMO, E2E_TOKEN, login, logout, nav } from './helpers';

/**
 * Issue 13, «the administrator sees no child»: the deputy enters a final mark (a change waiting for
 * the central system, the case where the sync page used to show «Итоговая отметка: Математика, 4 —
 * Фамилия И. О.»); then the administrator opens every section his navigation shows, and the About
 * dialog, and no page holds the name of any student of the demo school. Screenshots go to
 * test-results/admin-privacy/.
 */
const SHOTS = process.env.ADMIN_PRIVACY_SHOTS ?? 'test-results/admin-privacy';

type Person = { lastName: string; firstName: string; middleName?: string };

/** A method of the contract called from the page, with its session cookie (as the renderer does). */
async function call<T>(page: Page, path: string, input: unknown): Promise<T> {
  const res = await page.evaluate(
    async ({ path, input, token }) => {
      const r = await fetch(`/api/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Ezhd-Token': token }, body: JSON.stringify(input) });
      const lines = (await r.text()).split('\n').filter((l) => l.trim());
      return (JSON.parse(lines.at(-1)!) as { result: { ok: boolean; value?: unknown; error?: { message: string } } }).result;
    },
    { path, input, token: E2E_TOKEN },
  );
  if (!res.ok) throw new Error(`${path}: ${res.error?.message}`);
  return res.value as T;
}

function namesOf(p: Person): string[] {
  const initials = [p.firstName, p.middleName].filter((x): x is string => Boolean(x)).map((x) => `${x[0]}.`);
  return [[p.lastName, p.firstName, p.middleName].filter(Boolean).join(' '), `${p.lastName} ${p.firstName}`, `${p.lastName} ${initials.join(' ')}`];
}

test('the administrator opens every section of his navigation and sees no child', async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });

  // The office: every student's name (to look for); the deputy: a final mark waiting to be sent
  // (the office only reads final marks).
  await login(page, DEMO.office);
  const classes = await call<Array<{ id: string; name: string }>>(page, 'school.classes', {});
  const students: Person[] = [];
  for (const c of classes) students.push(...(await call<Person[]>(page, 'school.students', { classId: c.id })));
  expect(students.length).toBeGreaterThan(100);
  const staff = (await call<{ teachers: Person[] }>(page, 'school.overview', {})).teachers.flatMap(namesOf);
  const needles = [...new Set(students.flatMap(namesOf))].filter((n) => !staff.includes(n));
  await logout(page);
  await login(page, DEMO.deputy);
  type Board = { column: { key: string }; today: string; rows: Array<{ studentId: string; name: string; cells: Array<{ subjectId: string; inactive?: boolean; locked?: string[] }> }> };
  let pick: { cls: { id: string; name: string }; board: Board; row: Board['rows'][number]; cell: Board['rows'][number]['cells'][number] } | undefined;
  for (const c of classes) {
    const b = await call<Board>(page, 'finals.board', { classId: c.id });
    const free = (y: Board['rows'][number]['cells'][number]) => !y.inactive && !y.locked;
    const r = b.rows.find((x) => x.cells.some(free));
    if (r) {
      pick = { cls: c, board: b, row: r, cell: r.cells.find(free)! };
      break;
    }
  }
  expect(pick, 'a class with a final mark to enter').toBeDefined();
  const { cls, board, row, cell } = pick!;
  await call(page, 'finals.set', { classId: cls.id, studentId: row.studentId, subjectId: cell.subjectId, periodKey: board.column.key, value: '4', knownOn: board.today, confirmEarly: true });
  await logout(page);

  await login(page, DEMO.admin);
  const sections = (await nav(page).locator('ul button').allTextContents()).map((s) => s.trim());
  expect(sections).toContain('Синхронизация');
  const seen: string[] = [];
  const check = async (name: string) => {
    // The page's first answers came (no request for 500 ms) and are rendered (nothing says it is loading).
    await page.waitForLoadState('networkidle');
    await expect(page.locator('body')).not.toContainText('Загрузка…');
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
    const text = await page.locator('body').innerText();
    const found = needles.filter((n) => text.includes(n));
    expect(found, `«${name}» shows a student's name`).toEqual([]);
    seen.push(name);
  };
  for (const section of sections) {
    await nav(page).getByRole('button', { name: section, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    if (section === 'Синхронизация') {
      // The waiting mark is counted, by class and kind, naming no one.
      const group = page.locator(`[data-testid="sync-group"][data-class-id="${cls.id}"][data-kind="finalMark"]`);
      await expect(group).toContainText(cls.name);
      await expect(group).toContainText('Итоговые отметки');
      await expect(group.getByTestId('sync-group-pending')).toHaveText('1');
      await expect(page.getByTestId('sync-changes')).not.toContainText(row.name);
    }
    // The answers a button brings on the page are looked at too (the audit chain's state, its restores).
    const verify = page.getByRole('button', { name: /Проверить целостность/ });
    if (await verify.count()) await verify.first().click();
    await check(section);
  }
  await nav(page).getByRole('button', { name: 'О программе' }).click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check('О программе');
  expect(seen.length).toBeGreaterThanOrEqual(3);
});
