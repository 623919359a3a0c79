import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium against the web host. Never downloads a browser: the
 * system Chromium is used. globalSetup makes the demo school once; each spec file then gets a web
 * host of its own on a fresh copy of it (tests/e2e/fixtures.ts), so files are independent and
 * workers run them at once; the tests of one file run in order in one worker.
 * Three workers on two cores: a worker (its browser, its host and the test between them) keeps
 * about 0.6 of a core busy — it waits on the page, the host and expect's polling — so two left some
 * 40 % of the machine idle (the specs take ~255 s of CPU without the PostgreSQL variant; the last
 * quiet run with two workers took 238 s). E2E_WORKERS sets another number.
 * E2E_PORT: the first worker's host listens there, the next ones' on E2E_PORT + 1, + 2 (free ports without it).
 */
// The web host and the browser share one time zone, as the desktop app and its window do on a
// school's PC: «today» is the same day on both sides whatever the CI machine's clock zone.
process.env.TZ = 'Europe/Moscow';

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/globalSetup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: Number(process.env.E2E_WORKERS ?? 3),
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  use: {
    viewport: { width: 1360, height: 820 },
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
