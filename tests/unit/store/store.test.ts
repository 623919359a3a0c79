import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import { Store } from '../../../electron/core/store/store.js';

/**
 * A memory backend whose writes of partitions wait until released (or fail); derived files (class
 * summaries) are written at once. `held()` resolves once a write is waiting for its release.
 */
function slowBackend() {
  const backend = new MemoryBackend();
  let release: (ok: boolean) => void = () => undefined;
  let hold = false;
  let heldWrites = 0;
  let onHeld: () => void = () => undefined;
  const base = backend.adapter.bind(backend);
  backend.adapter = <T>(p: string) => {
    const a = base<T>(p);
    return {
      read: () => a.read(),
      write: async (d: T) => {
        if (hold && !p.endsWith('.sum.json')) {
          const ok = await new Promise<boolean>((r) => {
            release = r;
            heldWrites++;
            onHeld();
          });
          if (!ok) throw new Error('disk full');
        }
        await a.write(d);
      },
    };
  };
  let waited = 0;
  /** Resolves when the next write (counted from the last call) is held. */
  const held = () => {
    const want = ++waited;
    return new Promise<void>((r) => {
      if (heldWrites >= want) return r();
      onHeld = () => {
        if (heldWrites >= want) r();
      };
    });
  };
  return { backend, holdWrites: (on: boolean) => (hold = on), release: (ok: boolean) => release(ok), held };
}

/** Lets every pending promise run: the memory backend does no I/O, so after this nothing more moves on its own. */
const settle = () => new Promise((r) => setImmediate(r));

describe('Store copy-on-write', () => {
  it('a change is visible only once it is written; a failed write is never seen', async () => {
    const { backend, holdWrites, release, held } = slowBackend();
    const store = new Store(backend);
    await store.updateClass('c1', (d) => {
      d.extracts = [];
    });
    holdWrites(true);
    const writing = store.updateClass('c1', (d) => {
      d.students.push({ id: 's1' } as never);
    });
    await held();
    expect((await store.classData('c1')).students).toEqual([]); // not on disk yet
    release(true);
    await writing;
    expect((await store.classData('c1')).students).toHaveLength(1);

    const failing = store.updateClass('c1', (d) => {
      d.students = [];
    });
    await held();
    expect((await store.classData('c1')).students).toHaveLength(1);
    release(false);
    await expect(failing).rejects.toThrow('disk full');
    expect((await store.classData('c1')).students).toHaveLength(1);
  });

  it('exclusive work waits for running updates and holds new ones back', async () => {
    const { backend, holdWrites, release, held } = slowBackend();
    const store = new Store(backend);
    const order: string[] = [];
    holdWrites(true);
    const first = store.updateClass('c1', () => order.push('update 1 drafted')).then(() => order.push('update 1 done'));
    await held();
    const exclusive = store.exclusive(async () => {
      order.push('exclusive');
      holdWrites(false);
    });
    const second = store.updateClass('c1', () => order.push('update 2 drafted'));
    await settle();
    expect(order).toEqual(['update 1 drafted']);
    release(true);
    await Promise.all([first, exclusive, second]);
    expect(order).toEqual(['update 1 drafted', 'update 1 done', 'exclusive', 'update 2 drafted']);
  });

  it('a key named __proto__ stays a plain key through drafts', async () => {
    const store = new Store(new MemoryBackend());
    await store.updateClass('c1', (d) => {
      (d as unknown as Record<string, unknown>).extra = JSON.parse('{"__proto__": {"polluted": true}}') as unknown;
    });
    await store.updateClass('c1', (d) => {
      (d as unknown as { extra: Record<string, unknown> }).extra.x = 1;
    });
    const extra = ((await store.classData('c1')) as unknown as { extra: Record<string, unknown> }).extra;
    expect(Object.getPrototypeOf(extra)).toBe(Object.prototype);
    expect(Object.hasOwn(extra, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
