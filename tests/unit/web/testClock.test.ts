import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileClock } from '../../../electron/web/testClock.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ezhd-clock-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const REAL = Date.parse('2026-11-16T09:00:00.000Z');

describe('fileClock: real time plus the milliseconds in the file', () => {
  it.each([
    ['60000', REAL + 60_000],
    [' 5000\n', REAL + 5_000],
    ['0', REAL],
    ['', REAL],
    ['-60000', REAL],
    ['1.5', REAL],
    ['минута', REAL],
  ])('the file says %j: %s', async (text, expected) => {
    const path = join(dir, 'clock');
    await writeFile(path, text);
    expect(fileClock(path, () => REAL)().getTime()).toBe(expected);
  });

  it('no file: real time; the file is read on every call, so a change counts at once', async () => {
    const path = join(dir, 'later');
    const now = fileClock(path, () => REAL);
    expect(now().getTime()).toBe(REAL);
    await writeFile(path, '65000');
    expect(now().getTime()).toBe(REAL + 65_000);
    await writeFile(path, '70000');
    expect(now().getTime()).toBe(REAL + 70_000);
  });
});
