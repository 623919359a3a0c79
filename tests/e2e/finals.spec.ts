import { mkdirSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { DEMO, E2E_TOKEN, login, logout, nav } from './helpers';

/**
 * Final marks: who and when (issue 14, п. 6), on the demo school as its people would work:
 * the class teacher of 5А sets a mark of the current period (asked to confirm: the period is not
 * over), tries to change a mark of a closed period (refused without a reason, then sent as a request
 * with one), the deputy finds the request in «Итоговые отметки» and confirms it, and the cell's
 * history shows who changed it, when and why, and who confirmed. Screenshots: /tmp/ezhd-finals-shots/ (FINALS_SHOTS).
 */
const SHOTS = process.env.FINALS_SHOTS ?? '/tmp/ezhd-finals-shots';
const TEACHER = { login: 'teacher.5a', password: 'demo-teacher.5a' };
const REASON = 'пересдача контрольной работы, приказ № 45';

type Cell = { subjectId: string; state: string; value: string | null; inactive?: boolean; locked?: string[]; request?: unknown };
type Board = {
  column: { key: string; title: string; end: string; kind: string };
  columns: Array<{ key: string; kind: string; title: string }>;
  today: string;
  subjects: Array<{ id: string; name: string }>;
  rows: Array<{ studentId: string; name: string; cells: Cell[] }>;
};

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

async function openFinals(page: Page): Promise<void> {
  await nav(page).getByRole('button', { name: 'Итоговые отметки', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Итоговые отметки' })).toBeVisible();
}

function cellButton(page: Page, name: string) {
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByTestId('final-board').getByRole('button', { name: new RegExp(`^${esc}: `) });
}

test('a class teacher sets a mark; a closed mark changes by his request the deputy confirms; the history says who, when and why', async ({ page }) => {
  test.setTimeout(120_000);
  mkdirSync(SHOTS, { recursive: true });

  // ---- The class teacher of 5А.
  await login(page, TEACHER);
  await openFinals(page);
  const board = page.getByTestId('final-board');
  await expect(board.locator('tbody tr').first()).toBeVisible();
  const classId = await page.getByLabel('Класс').inputValue();

  // 1. A mark of the period the board opens on, in an empty cell.
  const current = await call<Board>(page, 'finals.board', { classId });
  let target = '';
  for (const r of current.rows) {
    const i = r.cells.findIndex((c) => !c.inactive && c.state !== 'assigned' && !c.locked && c.state !== 'deferred' && c.state !== 'deferral_due');
    if (i >= 0) {
      target = `${r.name}, ${current.subjects[i]!.name}`;
      break;
    }
  }
  expect(target, 'an empty cell in the current period').not.toBe('');
  await cellButton(page, target).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('radio', { name: '5', exact: true }).click();
  await dialog.getByRole('button', { name: 'Сохранить' }).click();
  if (current.today < current.column.end && (current.column.kind === 'period' || current.column.kind === 'year')) {
    const early = dialog.getByRole('alertdialog', { name: 'Выставить досрочно?' });
    const [y, m, d] = current.column.end.split('-');
    await expect(early).toContainText(`Период ещё не закончился (до ${d}.${m}.${y}). Выставить отметку досрочно?`);
    await page.screenshot({ path: `${SHOTS}/1-early-question.png` });
    await early.getByRole('button', { name: 'Да, выставить досрочно' }).click();
  }
  await expect(dialog).toBeHidden();
  await expect(cellButton(page, target)).toHaveText('5');

  // 2. A mark of a closed period: find one (the demo's I четверть is set and closed).
  let closed: { key: string; name: string; value: string } | undefined;
  for (const col of current.columns.filter((c) => c.kind === 'period')) {
    const b = await call<Board>(page, 'finals.board', { classId, periodKey: col.key });
    for (const r of b.rows) {
      const i = r.cells.findIndex((c) => c.locked?.includes('closed') && ['3', '4', '5'].includes(c.value ?? '') && !c.request);
      if (i >= 0) {
        closed = { key: col.key, name: `${r.name}, ${b.subjects[i]!.name}`, value: r.cells[i]!.value! };
        break;
      }
    }
    if (closed) break;
  }
  expect(closed, 'a closed period with a mark «3»–«5» in 5А').toBeDefined();
  const wanted = closed!.value === '5' ? '4' : String(Number(closed!.value) + 1);
  await page.getByLabel('Период', { exact: true }).selectOption(closed!.key);
  await expect(board).toHaveAttribute('data-period', closed!.key);
  await expect(cellButton(page, closed!.name)).toHaveAttribute('data-locked', /closed/);
  await expect(cellButton(page, closed!.name)).toHaveText(closed!.value);
  await cellButton(page, closed!.name).click();
  await expect(dialog).toContainText('Отметка закрыта: период закрыт с');
  await dialog.getByRole('radio', { name: wanted, exact: true }).click();
  const send = dialog.getByRole('button', { name: 'Отправить запрос на подтверждение' });
  await send.click();
  await expect(dialog.locator('.field-error')).toContainText('Укажите причину изменения');
  await dialog.getByLabel('Причина изменения').fill(REASON);
  await page.screenshot({ path: `${SHOTS}/2-teacher-request.png` });
  await send.click();
  await expect(dialog).toContainText(`Запрос отправлен: «${closed!.value}» → «${wanted}»`);
  await page.screenshot({ path: `${SHOTS}/3-request-sent.png` });
  await dialog.getByRole('button', { name: 'Закрыть' }).click();
  // Nothing changed yet: the old mark, with the request beside it.
  await page.getByRole('tab', { name: 'Сводная ведомость' }).click();
  await page.getByRole('tab', { name: 'Выставление' }).click();
  await page.getByLabel('Период', { exact: true }).selectOption(closed!.key);
  await expect(board).toHaveAttribute('data-period', closed!.key);
  await expect(cellButton(page, closed!.name)).toHaveAttribute('data-requested', 'true');
  await expect(cellButton(page, closed!.name)).toHaveText(closed!.value);
  await page.screenshot({ path: `${SHOTS}/3b-board-requested.png` });
  await logout(page);

  // ---- The deputy: the request is in «Итоговые отметки».
  await login(page, DEMO.deputy);
  await openFinals(page);
  await page.getByLabel('Класс').selectOption(classId);
  await page.getByRole('tab', { name: 'Сроки и опоздания' }).click();
  await page.getByLabel('Показать').selectOption('change_requested');
  await expect(page.getByTestId('attention-table').locator('[role=row][data-row-id]')).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/4-deputy-attention.png` });
  await page.getByRole('tab', { name: 'Запросы на изменение' }).click();
  const row = page.getByTestId('change-requests').locator('tbody tr').filter({ hasText: REASON });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(`«${closed!.value}» → «${wanted}»`);
  await expect(row).toContainText('период закрыт');
  await page.screenshot({ path: `${SHOTS}/5-deputy-requests.png` });
  await row.getByRole('button', { name: 'Подтвердить' }).click();
  await expect(page.getByTestId('change-requests')).toHaveCount(0);
  await expect(page.getByText('Запросов, ждущих решения, нет.')).toBeVisible();
  await page.getByLabel('Только ждущие решения').uncheck();
  await expect(page.getByTestId('change-requests').locator('tbody tr').filter({ hasText: REASON })).toContainText('подтверждён');
  await page.screenshot({ path: `${SHOTS}/6-deputy-confirmed.png` });

  // ---- The mark changed; its history: who, when, why, who confirmed.
  await page.getByRole('tab', { name: 'Выставление' }).click();
  await page.getByLabel('Период', { exact: true }).selectOption(closed!.key);
  await expect(board).toHaveAttribute('data-period', closed!.key);
  await expect(cellButton(page, closed!.name)).toHaveAttribute('data-locked', /closed/);
  await expect(cellButton(page, closed!.name)).toHaveText(wanted);
  await cellButton(page, closed!.name).click();
  const history = dialog.getByTestId('final-history');
  const last = history.locator('tbody tr').last();
  await expect(last).toContainText(`«${wanted}»`);
  await expect(last).toContainText(`причина: ${REASON}`);
  await expect(last).toContainText(/подтвердил\(а\) \S+ [А-ЯЁ]\. [А-ЯЁ]\. \d\d\.\d\d\.\d{4} \d\d:\d\d/);
  await expect(last.locator('td').nth(2)).not.toHaveText('—');
  await page.screenshot({ path: `${SHOTS}/7-history.png` });
});
