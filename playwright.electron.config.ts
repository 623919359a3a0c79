import { defineConfig } from '@playwright/test';

/**
 * The Electron start-up test (tests/electron): runs where an Electron binary exists and reports
 * itself skipped, with the reason, where none does. On Linux without a display run it under
 * `xvfb-run -a`. See docs/release.md.
 */
export default defineConfig({
  testDir: 'tests/electron',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/electron.json' }]] : 'list',
  outputDir: 'test-results/electron',
});
