/**
 * UI benchmark (issue 16, point 10): the real renderer in Chromium (/usr/bin/chromium, never a
 * downloaded browser) against the web host over the bench school (1,000 students, a full year of
 * journal). The bench runner calls `runUiBench(app)` in a process of its own; the renderer is built
 * into a temp folder (`vite build`), so dist/ is not touched.
 *
 * Each figure is the time from the user's action (the click, or the choice in a list) to the first
 * frame in which the screen's data is shown: a selector that only matches when the data is there
 * (table rows, chart), and only by an element that was not in the page before the action. Both
 * ends are taken in the page's own clock (a capture listener for the action, a MutationObserver and
 * the next animation frame for the data), so Playwright's round trips are not counted. Median of
 * RUNS runs (the first, on a cold store, included):
 *
 * - `ui.login_ms`: «Войти» → the first screen («Классы») with the first class's students;
 * - `ui.registry_ms`: «Согласия и отказы» in the sidebar → rows of the registry table;
 * - `ui.journal_ms`: a class chosen on «Журнал» → the rows of its marks grid (another class each run);
 * - `ui.dashboard_ms`: «Статистика» → the dashboard with its charts;
 * - `ui.extracts_batch_ms`: «Напечатать все к выдаче (N) одним файлом» for the whole school (the
 *   office) → the PDF file downloaded (measured in the bench process: the download event);
 *   `ui.extracts_batch_count`: N, the extracts in that file.
 *
 * Run directly (`npx tsx bench/ui.bench.ts <data folder>`, env EZHD_BENCH_KEY) it is the same as
 * through bench/runOne.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright';
import type { App } from '../electron/core/app.js';
import { startWebHost } from '../electron/web/server.js';

type Figures = Record<string, { value: number; unit: string }>;

const RUNS = 5;
const BATCH_RUNS = 3;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const TOKEN = 'ui-bench-token-not-secret';
const DIRECTOR = { login: 'director', password: 'demo-director' };
const OFFICE = { login: 'office', password: 'demo-office' };

/** Chromium as the e2e tests run it (playwright.config.ts). */
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const SELECTORS = {
  classesStudents: '[data-testid="students-table"] [role="row"][data-row-id]',
  registryRows: '[data-testid="registry-table"] [role="row"][data-row-id]',
  journalRows: '[data-testid="journal-grid"] .jgrid-row',
  dashboard: '[data-testid="stats-dashboard"] [data-testid="chart-classes"] [role="img"]',
} as const;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Arms the page: the next click or change (capture phase) starts the clock; the first new visible
 * element matching the selector, one animation frame later, stops it. A string, not a function:
 * tsx (esbuild's keepNames) would wrap a function's inner functions in a helper the page lacks.
 */
const ARM = `(sel) => {
  const before = new WeakSet(document.querySelectorAll(sel));
  const state = {};
  window.__bench = state;
  performance.setResourceTimingBufferSize(10000);
  performance.clearResourceTimings();
  const start = () => { if (state.start === undefined) state.start = performance.now(); };
  document.addEventListener('click', start, { capture: true, once: true });
  document.addEventListener('change', start, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (state.start === undefined) return;
    for (const e of document.querySelectorAll(sel)) {
      if (!before.has(e) && e.getClientRects().length > 0) {
        observer.disconnect();
        requestAnimationFrame(() => {
          // The calls of the action (not the status bar's polling): until the last answer is in.
          const calls = performance.getEntriesByType('resource').filter((r) => /\\/api\\//.test(r.name) && !/auth\\.(touch|status)|sync\\.status/.test(r.name) && r.startTime >= state.start);
          state.api = calls.reduce((m, r) => Math.max(m, r.responseEnd - state.start), 0);
          state.shown = performance.now();
        });
        return;
      }
    }
  });
  observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
}`;

async function arm(page: Page, selector: string): Promise<void> {
  await page.evaluate(`(${ARM})(${JSON.stringify(selector)})`);
}

/**
 * From the action: to the data shown, and to the last answer of the core (the rest is the
 * renderer's); null while waiting. No inner functions: see ARM.
 */
function elapsed(): { total: number; api: number } | null {
  const b = (window as Window & { __bench?: { start?: number; shown?: number; api?: number } }).__bench;
  return b?.shown !== undefined && b.start !== undefined ? { total: b.shown - b.start, api: b.api ?? 0 } : null;
}

interface Sample {
  total: number;
  api: number;
}

/** Runs `act` on an armed page: milliseconds from the action to the data shown, and to the core's last answer. */
async function timed(page: Page, selector: string, act: () => Promise<void>): Promise<Sample> {
  await arm(page, selector);
  await act();
  const handle = await page.waitForFunction(elapsed, null, { timeout: 60_000, polling: 50 });
  const r = (await handle.jsonValue()) as Sample;
  return { total: Math.round(r.total), api: Math.round(r.api) };
}

/** «total (core) ms» for each run. */
const show = (xs: Sample[]) => `${xs.map((x) => `${x.total} (${x.api})`).join(', ')} ms (in brackets: until the core's last answer)`;

function nav(page: Page) {
  return page.getByRole('navigation', { name: 'Разделы' });
}

async function openSection(page: Page, label: string): Promise<void> {
  await nav(page).getByRole('button', { name: label, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: label }).waitFor();
}

async function logout(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.getByRole('button', { name: 'Войти' }).waitFor();
}

/** Fills the login form; the click is the caller's (to be timed or not). */
async function fillLogin(page: Page, user: { login: string; password: string }): Promise<void> {
  await page.getByLabel('Логин').fill(user.login);
  await page.getByLabel('Пароль').fill(user.password);
}

async function login(page: Page, user: { login: string; password: string }): Promise<void> {
  await fillLogin(page, user);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.getByTestId('statusbar').waitFor();
}

function buildRenderer(outDir: string): void {
  const vite = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (vite.status !== 0) throw new Error(`vite build failed:\n${vite.stdout}\n${vite.stderr}`);
}

export async function runUiBench(app: App, log: (s: string) => void = (s) => console.log(`  ui: ${s}`)): Promise<Figures> {
  const work = await mkdtemp(join(tmpdir(), 'ezhd-ui-bench-'));
  const rendererDir = join(work, 'renderer');
  let t = performance.now();
  buildRenderer(rendererDir);
  log(`renderer built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const host = await startWebHost({ app, rendererDir, port: Number(process.env.EZHD_UI_BENCH_PORT ?? 0), token: TOKEN });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const figures: Figures = {};
  try {
    const context = await browser.newContext({ viewport: { width: 1360, height: 820 }, locale: 'ru-RU', timezoneId: 'Europe/Moscow', acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${host.port}/#token=${TOKEN}`);

    // Login → the first screen, as the director (who sees every screen measured below).
    const loginMs: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      await page.getByRole('button', { name: 'Войти' }).waitFor();
      await fillLogin(page, DIRECTOR);
      loginMs.push(await timed(page, SELECTORS.classesStudents, () => page.getByRole('button', { name: 'Войти' }).click()));
      if (i < RUNS - 1) await logout(page);
    }
    log(`login → first screen: ${show(loginMs)}`);

    // The registry page, from another section.
    const registryMs: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      await openSection(page, 'Классы');
      registryMs.push(await timed(page, SELECTORS.registryRows, () => nav(page).getByRole('button', { name: 'Согласия и отказы', exact: true }).click()));
    }
    log(`registry: ${show(registryMs)}`);

    // A class's journal: another class each run (its partition not yet read by this process).
    await openSection(page, 'Журнал');
    await page.locator(SELECTORS.journalRows).first().waitFor();
    const classSelect = page.getByLabel('Класс');
    const current = await classSelect.inputValue();
    const options = (await classSelect.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).filter((v) => v !== '' && v !== current);
    const journalMs: Sample[] = [];
    for (let i = 0; i < RUNS && i < options.length; i++) {
      const value = options[Math.floor((i * options.length) / RUNS)]!;
      journalMs.push(await timed(page, SELECTORS.journalRows, () => classSelect.selectOption(value).then(() => undefined)));
    }
    log(`journal of a class: ${show(journalMs)}`);

    // The statistics dashboard, from another section.
    const dashboardMs: Sample[] = [];
    for (let i = 0; i < RUNS; i++) {
      await openSection(page, 'Классы');
      dashboardMs.push(await timed(page, SELECTORS.dashboard, () => nav(page).getByRole('button', { name: 'Статистика', exact: true }).click()));
    }
    log(`dashboard: ${show(dashboardMs)}`);
    await logout(page);

    // The weekly batch of the whole school, as the office: click → file.
    await login(page, OFFICE);
    await openSection(page, 'Выписки');
    await page.getByTestId('duty-table').locator('.datatable-row').first().waitFor();
    const button = page.getByRole('button', { name: /Напечатать все к выдаче \(\d+\) одним файлом/ });
    const count = Number(/\((\d+)\)/.exec(await button.innerText())![1]);
    const batchMs: Sample[] = [];
    for (let i = 0; i < BATCH_RUNS; i++) {
      await button.waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll('button.primary')].some((b) => /одним файлом/.test(b.textContent ?? '') && !(b as HTMLButtonElement).disabled));
      const download = page.waitForEvent('download', { timeout: 120_000 });
      await page.evaluate(() => performance.clearResourceTimings());
      t = performance.now();
      await button.click();
      await (await download).path();
      const total = Math.round(performance.now() - t);
      const api = await page.evaluate(() => performance.getEntriesByType('resource').find((r) => r.name.includes('/api/extracts.printDue'))?.duration ?? 0);
      batchMs.push({ total, api: Math.round(api) });
      await page.getByRole('status').filter({ hasText: /Напечатано выписок: \d+/ }).waitFor();
    }
    log(`weekly batch of ${count} extracts, click → file: ${show(batchMs)}`);

    for (const [name, samples] of [['login', loginMs], ['registry', registryMs], ['journal', journalMs], ['dashboard', dashboardMs], ['extracts_batch', batchMs]] as const) {
      figures[`ui.${name}_ms`] = { value: median(samples.map((x) => x.total)), unit: 'ms' };
      figures[`ui.${name}_core_ms`] = { value: median(samples.map((x) => x.api)), unit: 'ms' };
    }
    figures['ui.extracts_batch_count'] = { value: count, unit: 'extracts' };
    await context.close();
  } finally {
    await browser.close();
    await host.close();
    await app.core.store.settled();
    await rm(work, { recursive: true, force: true });
  }
  return figures;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dataDir] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: npx tsx bench/ui.bench.ts <data folder> (env EZHD_BENCH_KEY)');
  const { createApp } = await import('../electron/core/app.js');
  const { BENCH_OPTIONS } = await import('../electron/core/demo/index.js');
  const { openDataFolder } = await import('../electron/core/store/openDataFolder.js');
  const { BENCH_PASSWORD_COST } = await import('./store.bench.js');
  const folder = await openDataFolder({ dataDir: resolve(dataDir), key: Buffer.from(process.env.EZHD_BENCH_KEY ?? '', 'base64') });
  const app = createApp({ ...folder, passwordCost: BENCH_PASSWORD_COST, now: () => new Date(`${BENCH_OPTIONS.asOf}T12:00:00+03:00`) });
  console.log(JSON.stringify(await runUiBench(app), null, 2));
  process.exit(0);
}
