/**
 * Drafts (store/drafts.ts): a draft behaves like a plain copy whatever the callback does; a big
 * array that is only appended to is never copied, and grows in place only once the write is
 * durable, the version read before keeping its own elements.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Mark } from '../../../electron/contract/entities/journal.js';
import { codecFor } from '../../../electron/core/store/codec/index.js';
import { applyAppends, draftOf, LAZY_FROM } from '../../../electron/core/store/drafts.js';
import { generateDataKey, verifyOrInitKeyCheck } from '../../../electron/core/store/durable/index.js';
import type { WriteAheadLog } from '../../../electron/core/store/durable/wal.js';
import { FileBackend } from '../../../electron/core/store/fileBackend.js';
import { CLASS_LAZY_FROM } from '../../../electron/core/store/partitions.js';
import type { JournalData } from '../../../electron/core/store/schema.js';
import { Store } from '../../../electron/core/store/store.js';
import { makeTempDir, removeDir } from './durable/fixtures/tempDir.js';
import { prng } from '../../../electron/contract/random/prng.js';

const mark = (i: number, value = 4): Mark => ({ id: `m${i}`, lessonId: `l${i % 7}`, studentId: `s${i % 5}`, value, weight: 1 }) as Mark;

type Part = { marks: Mark[]; note: string };

/** The same edits on a draft and on a plain deep copy. */
function edit(list: Mark[], r: () => number, n: number): void {
  const k = r();
  if (k < 0.35) list.push(mark(10_000 + n));
  else if (k < 0.45) list.push(mark(20_000 + n), mark(30_000 + n));
  else if (k < 0.55) list[list.length] = mark(40_000 + n);
  else if (k < 0.65) list[Math.floor(r() * list.length)]!.value = 5;
  else if (k < 0.72) list[Math.floor(r() * list.length)] = mark(50_000 + n, 2);
  else if (k < 0.8) list.splice(Math.floor(r() * list.length), 1);
  else if (k < 0.86) list.pop();
  else if (k < 0.9) list.length = list.length - 3;
  else if (k < 0.95) list.sort((a, b) => (a.id < b.id ? -1 : 1));
  else void list.filter((m) => m.value > 3).length;
}

describe('drafts', () => {
  it('a draft of a big array ends up as a plain copy given the same edits would; the version read before never changes', () => {
    const r = prng(16);
    for (let round = 0; round < 60; round++) {
      // The store's two thresholds: LAZY_FROM, and the class partitions' lower one.
      const lazyFrom = round % 2 === 0 ? LAZY_FROM : CLASS_LAZY_FROM;
      const prev: Part = { marks: Array.from({ length: lazyFrom + Math.floor(r() * 50) }, (_, i) => mark(i)), note: 'x' };
      const before = structuredClone(prev);
      const plain = structuredClone(prev);
      const growInPlace = r() < 0.5;
      const { draft, commit } = draftOf(prev, lazyFrom);
      const edits = 1 + Math.floor(r() * 3);
      for (let e = 0; e < edits; e++) {
        const seed = Math.floor(r() * 1e9);
        edit(draft.marks, prng(seed), e);
        edit(plain.marks, prng(seed), e);
      }
      expect(draft.marks.length).toBe(plain.marks.length);
      const shared = prev.marks;
      const { next, appends, appended } = commit(growInPlace);
      // Nothing reaches the previous version before the appends are applied.
      expect(prev).toEqual(before);
      // A field reported as only appended to is the previous array and the items, exactly.
      for (const a of appended) {
        expect(a.base).toBe(shared);
        expect(next[a.key as keyof Part]).toEqual([...a.base, ...a.items]);
        expect(next[a.key as keyof Part]).not.toBe(shared);
      }
      if (growInPlace) expect(appended.filter((a) => a.items.length > 0)).toEqual([]);
      else expect(appends).toEqual([]);
      applyAppends(prev, appends);
      expect(next).toEqual(plain);
      expect(prev).toEqual(before);
      if (appends.length > 0) expect(next.marks).toBe(appends[0]!.base);
    }
  });

  it('a push into a 60,000-mark array copies nothing and is reported as an append', () => {
    const prev: Part = { marks: Array.from({ length: 60_000 }, (_, i) => mark(i)), note: 'x' };
    const shared = prev.marks;
    const { draft, commit } = draftOf(prev);
    draft.marks.push(mark(60_000));
    expect(draft.marks.length).toBe(60_001);
    expect(draft.marks[60_000]).toEqual(mark(60_000));
    const { next, appends } = commit(true);
    expect(appends).toEqual([{ key: 'marks', base: shared, items: [mark(60_000)] }]);
    expect(next.marks).toBe(shared);
    expect(shared).toHaveLength(60_000); // not yet: the write is not durable
    applyAppends(prev, appends);
    expect(next.marks).toHaveLength(60_001);
    expect(next.marks[59_999]).toBe(prev.marks[59_999]); // shared, not copied
    expect(prev.marks).toHaveLength(60_000);
    expect(prev.marks).not.toBe(shared);
  });

  it('without growing in place the new version is a new array and the previous one keeps its own', () => {
    const prev: Part = { marks: Array.from({ length: 2_000 }, (_, i) => mark(i)), note: 'x' };
    const { draft, commit } = draftOf(prev);
    draft.marks.push(mark(2_000));
    const { next, appends, appended } = commit(false);
    expect(appends).toEqual([]);
    expect(appended).toEqual([{ key: 'marks', base: prev.marks, items: [mark(2_000)] }]);
    expect(next.marks).not.toBe(prev.marks);
    expect(next.marks).toHaveLength(2_001);
    expect(prev.marks).toHaveLength(2_000);
  });

  it('an array read or changed anywhere but its end is not reported as appended to', () => {
    const prev: Part = { marks: Array.from({ length: 200 }, (_, i) => mark(i)), note: 'x' };
    for (const change of [(l: Mark[]) => void l[3], (l: Mark[]) => void l.splice(5, 1), (l: Mark[]) => l.sort(), (l: Mark[]) => void (l[0] = mark(999))]) {
      const { draft, commit } = draftOf(prev);
      draft.marks.push(mark(1_000));
      change(draft.marks);
      expect(commit(false).appended).toEqual([]);
    }
    // Its length and its own new elements read: still only appended to.
    const { draft, commit } = draftOf(prev);
    draft.marks.push(mark(1_000));
    expect(draft.marks[draft.marks.length - 1]).toEqual(mark(1_000));
    expect(commit(false).appended).toEqual([{ key: 'marks', base: prev.marks, items: [mark(1_000)] }]);
  });
});

describe('a journal write through the log', () => {
  let dir: string;
  let key: Buffer;
  const stores: Store[] = [];
  beforeEach(async () => {
    dir = await makeTempDir('ezhd-drafts-');
    key = generateDataKey();
    await verifyOrInitKeyCheck(dir, key);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.settled()));
    await removeDir(dir);
  });

  /** A store whose log can be made to fail its appends. */
  function storeWithLog(): { store: Store; failAppends(on: boolean): void; records(): unknown[][] } {
    const backend = new FileBackend(dir, key);
    let fail = false;
    const logged: unknown[][] = [];
    const log = backend.log.bind(backend);
    backend.log = async () => {
      const wal = await log();
      return new Proxy(wal, {
        get(t, p) {
          if (p === 'append') {
            return (rec: Parameters<WriteAheadLog['append']>[0]) => {
              if (fail) return Promise.reject(new Error('диск полон'));
              logged.push(rec.o);
              return t.append(rec);
            };
          }
          const v = Reflect.get(t, p, t) as unknown;
          return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
        },
      });
    };
    const store = new Store(backend);
    stores.push(store);
    return { store, failAppends: (on) => (fail = on), records: () => logged };
  }

  async function seeded(store: Store): Promise<JournalData> {
    await store.updateJournal('y1', 'c1', (d) => {
      d.lessons = Array.from({ length: 7 }, (_, i) => ({ id: `l${i}`, subjectId: 'math', teacherId: 't1', date: '2026-09-01', lessonNo: i + 1, topic: 'Тема', type: 'урок' }));
      d.marks = Array.from({ length: 3_000 }, (_, i) => mark(i));
    });
    return store.journal('y1', 'c1');
  }

  it('one mark logs one mark; the version read before keeps 3,000; a new store reads 3,001', async () => {
    const { store, records } = storeWithLog();
    const before = await seeded(store);
    await store.updateJournal('y1', 'c1', (d) => {
      d.marks.push(mark(3_000, 5));
    });
    expect(records().at(-1)).toEqual([{ k: 'marks', s: [3_000, 0, [mark(3_000, 5)]] }]);
    const after = await store.journal('y1', 'c1');
    expect(after).not.toBe(before);
    expect(after.marks).toHaveLength(3_001);
    expect(before.marks).toHaveLength(3_000);
    expect(before.marks.at(-1)).toEqual(mark(2_999));
    await store.settled();
    const again = new Store(new FileBackend(dir, key));
    stores.push(again);
    expect((await again.journal('y1', 'c1')).marks).toEqual([...before.marks, mark(3_000, 5)]);
  });

  it('a failed append changes nothing, in memory or on disk', async () => {
    const { store, failAppends } = storeWithLog();
    const before = await seeded(store);
    failAppends(true);
    await expect(
      store.updateJournal('y1', 'c1', (d) => {
        d.marks.push(mark(3_000, 5));
      }),
    ).rejects.toThrow('диск полон');
    failAppends(false);
    const now = await store.journal('y1', 'c1');
    expect(now).toBe(before);
    expect(now.marks).toHaveLength(3_000);
    await store.updateJournal('y1', 'c1', (d) => {
      d.marks.push(mark(3_001, 3));
    });
    await store.settled();
    const again = new Store(new FileBackend(dir, key));
    stores.push(again);
    const marks = (await again.journal('y1', 'c1')).marks;
    expect(marks).toHaveLength(3_001);
    expect(marks.at(-1)).toEqual(mark(3_001, 3));
  });
});

describe('the sectioned codec and arrays that grow in place', () => {
  it('a section whose dependency grew is encoded again (a mark of an unknown lesson stays that lesson)', () => {
    const codec = codecFor<{ lessons: { id: string }[]; marks: Mark[] }>('journal/y1/c1.json');
    const lesson = (id: string) => ({ id, subjectId: 'math', teacherId: 't1', date: '2026-09-01', lessonNo: 1, topic: 'Т', type: 'урок' });
    const roundTrip = (d: typeof data) => {
      const bytes = codec.encode(d);
      return codec.decode(typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes));
    };
    const data = { lessons: [lesson('l1')], marks: [{ ...mark(0), lessonId: 'lX' }] };
    roundTrip(data);
    data.lessons.push(lesson('l2'));
    const back = roundTrip(data);
    expect(back.marks[0]!.lessonId).toBe('lX');
    expect(back.lessons.map((l) => l.id)).toEqual(['l1', 'l2']);
  });
});
