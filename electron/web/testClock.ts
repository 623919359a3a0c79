import { readFileSync } from 'node:fs';

/**
 * The web host's clock in end-to-end tests (EZHD_TEST_CLOCK_FILE): real time plus the milliseconds
 * written in a file, read on every call. A test moves the host's «now» forward together with the
 * browser's (Playwright's clock), so the idle lock's one-minute rule is checked without a minute of
 * waiting. An absent, empty or unreadable file, or anything but a whole number of milliseconds
 * from 0 on, is real time.
 */
export function fileClock(path: string, realNow: () => number = Date.now): () => Date {
  return () => new Date(realNow() + aheadMs(path));
}

function aheadMs(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return 0;
  }
  const ms = Number(text);
  return text !== '' && Number.isSafeInteger(ms) && ms >= 0 ? ms : 0;
}
