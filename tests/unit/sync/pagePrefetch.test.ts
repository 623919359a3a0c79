/**
 * Pull pages fetched ahead (electron/core/sync/pagePrefetch.ts): in order, never more than `depth`
 * fetched and not taken, the next one asked for as soon as the previous one came, nothing after
 * the last page or after a failure.
 */
import { describe, expect, it } from 'vitest';
import { PagePrefetch } from '../../../electron/core/sync/pagePrefetch.js';

/** A server of `n` pages whose answers the test releases one by one. */
function server(n: number) {
  const asked: string[] = [];
  const answers: Array<() => void> = [];
  const fetch = (since: string) => {
    asked.push(since);
    const k = Number(since);
    return new Promise<{ k: number; next?: string }>((resolve, reject) => {
      answers.push(() => (k === 99 ? reject(new Error('cut')) : resolve(k + 1 < n ? { k, next: String(k + 1) } : { k })));
    });
  };
  const release = async () => {
    answers.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { asked, fetch, release };
}

describe('PagePrefetch', () => {
  it('fetches ahead up to its depth, gives the pages in order, and asks for nothing after the last', async () => {
    const s = server(5);
    const pages = new PagePrefetch(s.fetch, '0', 2);
    expect(s.asked).toEqual(['0']);
    await s.release();
    expect(s.asked).toEqual(['0', '1']);
    await s.release();
    // Two fetched and not taken: the third waits.
    expect(s.asked).toEqual(['0', '1']);
    expect((await pages.take()).k).toBe(0);
    expect(s.asked).toEqual(['0', '1', '2']);
    expect((await pages.take()).k).toBe(1);
    await s.release();
    expect(s.asked).toEqual(['0', '1', '2', '3']);
    const third = pages.take();
    await s.release();
    expect((await third).k).toBe(2);
    const fourth = pages.take();
    await s.release();
    expect((await fourth).k).toBe(3);
    await s.release();
    expect((await pages.take()).k).toBe(4);
    await s.release();
    expect(s.asked).toEqual(['0', '1', '2', '3', '4']);
    await expect(pages.take()).rejects.toThrow('no page to take');
  });

  it('a failed fetch fails the take of its page, and nothing is fetched after it', async () => {
    const s = server(200);
    const pages = new PagePrefetch(s.fetch, '98', 3);
    await s.release();
    await s.release();
    expect(s.asked).toEqual(['98', '99']);
    expect((await pages.take()).k).toBe(98);
    await expect(pages.take()).rejects.toThrow('cut');
    expect(s.asked).toEqual(['98', '99']);
  });

  it('asks for the next page as soon as a fetch tells its cursor early, once, before that page has come', async () => {
    const asked: string[] = [];
    const answers: Array<() => void> = [];
    const fetch = (since: string, early: (next: string) => void) => {
      asked.push(since);
      const k = Number(since);
      // The first bytes came: the cursor is known (told twice: the second is ignored).
      if (k + 1 < 3) queueMicrotask(() => (early(String(k + 1)), early(String(k + 1))));
      return new Promise<{ k: number; next?: string }>((resolve) => answers.push(() => resolve(k + 1 < 3 ? { k, next: String(k + 1) } : { k })));
    };
    const pages = new PagePrefetch(fetch, '0', 3);
    for (let i = 0; i < 10; i++) await Promise.resolve();
    // Page 0 has not come whole, and pages 1 and 2 are asked for already (2 is the last: nothing after it).
    expect(asked).toEqual(['0', '1', '2']);
    for (const a of answers.splice(0)) a();
    expect((await pages.take()).k).toBe(0);
    expect((await pages.take()).k).toBe(1);
    expect((await pages.take()).k).toBe(2);
    expect(asked).toEqual(['0', '1', '2']);
    await expect(pages.take()).rejects.toThrow('no page to take');
  });

  it('a fetch that told its cursor early and then failed: its take fails, and nothing after the page already asked for', async () => {
    const asked: string[] = [];
    const fetch = (since: string, early: (next: string) => void) => {
      asked.push(since);
      early(String(Number(since) + 1));
      return since === '0' ? Promise.reject(new Error('refused')) : new Promise<{ next?: string }>(() => undefined);
    };
    const pages = new PagePrefetch(fetch, '0', 3);
    await expect(pages.take()).rejects.toThrow('refused');
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(asked).toEqual(['0', '1']);
    pages.stop();
  });

  it('stop: nothing more is asked for', async () => {
    const s = server(10);
    const pages = new PagePrefetch(s.fetch, '0', 3);
    pages.stop();
    await s.release();
    expect(s.asked).toEqual(['0']);
  });

  it('a depth of 0 (no fetching ahead) still gives every page, one fetch at a time', async () => {
    const s = server(3);
    const pages = new PagePrefetch(s.fetch, '0', 0);
    expect(s.asked).toEqual(['0']);
    await s.release();
    expect((await pages.take()).k).toBe(0);
    expect(s.asked).toEqual(['0', '1']);
    await s.release();
    expect((await pages.take()).k).toBe(1);
    await s.release();
    expect((await pages.take()).k).toBe(2);
    expect(s.asked).toEqual(['0', '1', '2']);
  });
});
