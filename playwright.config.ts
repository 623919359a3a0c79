import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Debian's Chromium against the web host, on a fresh data folder with the
 * demo school. Never downloads a browser: the system Chromium is used.
 */
const PORT = Number(process.env.E2E_PORT ?? 5199);
// The web host and the browser share one time zone, as the desktop app and its window do on a
// school's PC: «today» is the same day on both sides whatever the CI machine's clock zone.
process.env.TZ = 'Europe/Moscow';
export const E2E_TOKEN = 'e2e-token-not-secret-0123456789';
const DATA_DIR = process.env.E2E_DATA_DIR ?? `.tmp/e2e-data-${process.pid}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/e2e.json' }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
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
  webServer: {
    command: `rm -rf ${DATA_DIR} ${DATA_DIR}.key && node dist/web/main.js --demo --port ${PORT} --data ${DATA_DIR}`,
    url: `http://127.0.0.1:${PORT}/index.html`,
    timeout: 120_000,
    reuseExistingServer: false,
    env: { EZHD_WEB_TOKEN: E2E_TOKEN, TZ: 'Europe/Moscow' },
    stdout: 'pipe',
  },
});
