import { describe, expect, it } from 'vitest';
import { Holds } from '../../../electron/core/store/holds.js';

describe('holds on background work', () => {
  it('held while any hold is taken; the work is freed once, when the last is released; a second release does nothing', () => {
    let freed = 0;
    const h = new Holds(() => freed++);
    expect(h.held).toBe(false);
    const a = h.take();
    const b = h.take();
    expect(h.held).toBe(true);
    a();
    a();
    expect([h.held, freed]).toEqual([true, 0]);
    b();
    expect([h.held, freed]).toEqual([false, 1]);
    b();
    expect(freed).toBe(1);
    h.take()();
    expect(freed).toBe(2);
  });
});
