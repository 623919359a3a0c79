import { describe, expect, it } from 'vitest';
import { PostponableTimer } from '../../../electron/core/store/postponableTimer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A timer that records when it fired (performance.now()). */
function recorded() {
  const fired: number[] = [];
  const timer = new PostponableTimer(() => fired.push(performance.now()));
  return { timer, fired };
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error('timed out');
    await sleep(5);
  }
}

describe('PostponableTimer', () => {
  it('fires once, the delay after the last time it was put off', async () => {
    const { timer, fired } = recorded();
    let last = 0;
    for (let i = 0; i < 5; i++) {
      last = performance.now();
      timer.postpone(40);
      await sleep(15);
    }
    await until(() => fired.length > 0);
    expect(fired[0]! - last).toBeGreaterThanOrEqual(39);
    await sleep(60);
    expect(fired).toHaveLength(1);
    expect(timer.pending).toBe(false);
  });

  it('is brought forward by a shorter delay', async () => {
    const { timer, fired } = recorded();
    const t0 = performance.now();
    timer.postpone(10_000);
    timer.postpone(10);
    await until(() => fired.length > 0);
    expect(fired[0]! - t0).toBeLessThan(5000);
    expect(fired).toHaveLength(1);
  });

  it('setIfIdle keeps the time of a timer already set, and sets an idle one', async () => {
    const { timer, fired } = recorded();
    const t0 = performance.now();
    timer.postpone(50);
    timer.setIfIdle(0);
    await until(() => fired.length > 0);
    expect(fired[0]! - t0).toBeGreaterThanOrEqual(49);
    const t1 = performance.now();
    timer.setIfIdle(0);
    expect(timer.pending).toBe(true);
    await until(() => fired.length > 1);
    expect(fired[1]! - t1).toBeLessThan(5000);
  });

  it('cancel: it does not fire, and can be set again', async () => {
    const { timer, fired } = recorded();
    timer.postpone(20);
    timer.postpone(30);
    timer.cancel();
    expect(timer.pending).toBe(false);
    await sleep(60);
    expect(fired).toHaveLength(0);
    timer.postpone(5);
    await until(() => fired.length > 0);
    expect(fired).toHaveLength(1);
  });
});
