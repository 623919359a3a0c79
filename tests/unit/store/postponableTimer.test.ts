import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PostponableTimer } from '../../../electron/core/store/postponableTimer.js';

/** A timer that records when it fired (performance.now(), faked with the timers). */
function recorded() {
  const fired: number[] = [];
  const timer = new PostponableTimer(() => fired.push(performance.now()));
  return { timer, fired };
}

describe('PostponableTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('fires once, the delay after the last time it was put off', async () => {
    const { timer, fired } = recorded();
    let last = 0;
    for (let i = 0; i < 5; i++) {
      last = performance.now();
      timer.postpone(40);
      await vi.advanceTimersByTimeAsync(15);
    }
    expect(fired).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(24);
    expect(fired).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(fired).toHaveLength(1);
    expect(fired[0]! - last).toBeGreaterThanOrEqual(40);
    await vi.advanceTimersByTimeAsync(200);
    expect(fired).toHaveLength(1);
    expect(timer.pending).toBe(false);
  });

  it('is brought forward by a shorter delay', async () => {
    const { timer, fired } = recorded();
    timer.postpone(10_000);
    timer.postpone(10);
    await vi.advanceTimersByTimeAsync(10);
    expect(fired).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fired).toHaveLength(1);
  });

  it('setIfIdle keeps the time of a timer already set, and sets an idle one', async () => {
    const { timer, fired } = recorded();
    timer.postpone(50);
    timer.setIfIdle(0);
    await vi.advanceTimersByTimeAsync(49);
    expect(fired).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveLength(1);
    timer.setIfIdle(0);
    expect(timer.pending).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(fired).toHaveLength(2);
  });

  it('cancel: it does not fire, and can be set again', async () => {
    const { timer, fired } = recorded();
    timer.postpone(20);
    timer.postpone(30);
    timer.cancel();
    expect(timer.pending).toBe(false);
    await vi.advanceTimersByTimeAsync(100);
    expect(fired).toHaveLength(0);
    timer.postpone(5);
    await vi.advanceTimersByTimeAsync(5);
    expect(fired).toHaveLength(1);
  });

  it('one never put off goes off when its setTimeout does, even if the clock is not faked with it', async () => {
    vi.useRealTimers();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { timer, fired } = recorded();
    timer.setIfIdle(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(fired).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(fired).toHaveLength(1);
  });
});
