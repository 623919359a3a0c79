/**
 * Pulled rows applied in a store draft: the rows change shallow copies of the journal's arrays
 * (peekDraft), never the version the store holds. A version read before the update, and the
 * stored version after an update that failed half-way, are exactly what they were.
 */
import { describe, expect, it } from 'vitest';
import type { Mark } from '../../../electron/contract/entities/journal.js';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import type { JournalData } from '../../../electron/core/store/schema.js';
import { peekDraft, Store } from '../../../electron/core/store/store.js';
import { applyRows, partitionHash, type PartRow } from '../../../electron/core/sync/apply.js';

const mark = (i: number, value: number): Mark => ({ id: `m${i}`, lessonId: `l${i % 7}`, studentId: `s${i % 5}`, value, weight: 1 }) as Mark;

async function seeded(): Promise<Store> {
  const store = new Store(new MemoryBackend());
  await store.updateJournal('y1', 'c1', (d) => {
    d.lessons = [];
    d.marks = Array.from({ length: 200 }, (_, i) => mark(i, 3));
    d.attendance = [];
  });
  return store;
}

const ROWS: PartRow[] = [
  { kind: 'mark', id: 'm5', seq: 1, data: { ...mark(5, 5) } },
  { kind: 'mark', id: 'm6', seq: 2, data: null },
  { kind: 'mark', id: 'm900', seq: 3, data: { ...mark(900, 4) } },
];

describe('applying pulled rows in a store draft', () => {
  it('changes only the new version; the version read before stays as it was', async () => {
    const store = await seeded();
    const before = await store.journal('y1', 'c1');
    const snapshot = structuredClone(before);
    await store.updateJournal('y1', 'c1', (d) => {
      applyRows(d, 'journal', ROWS, 3, undefined, { gen: 1, protectedKeys: new Set(), trackHash: false });
    });
    expect(before).toEqual(snapshot);
    const after = await store.journal('y1', 'c1');
    expect(after.marks).toHaveLength(200);
    expect(after.marks.find((m) => m.id === 'm5')?.value).toBe(5);
    expect(after.marks.find((m) => m.id === 'm6')).toBeUndefined();
    expect(after.marks.find((m) => m.id === 'm900')?.value).toBe(4);
    // Same result as applying to a plain object (no draft): the fast path changes nothing in meaning.
    const plain = structuredClone(snapshot) as JournalData;
    applyRows(plain, 'journal', ROWS, 3, undefined, { gen: 1, protectedKeys: new Set(), trackHash: false });
    expect(partitionHash(after, 'journal')).toEqual(partitionHash(plain, 'journal'));
  });

  it('leaves the stored version untouched when the update fails after the rows were applied', async () => {
    const store = await seeded();
    const snapshot = structuredClone(await store.journal('y1', 'c1'));
    await expect(
      store.updateJournal('y1', 'c1', (d) => {
        applyRows(d, 'journal', ROWS, 3, undefined, { gen: 1, protectedKeys: new Set(), trackHash: false });
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await store.journal('y1', 'c1')).toEqual(snapshot);
  });

  it('peekDraft gives a draft field without copying it, and nothing for a plain object', async () => {
    const store = await seeded();
    const current = await store.journal('y1', 'c1');
    await store.updateJournal('y1', 'c1', (d) => {
      const peeked = peekDraft(d, 'marks') as Mark[];
      expect(peeked).toHaveLength(200);
      expect(peeked[0]).toEqual(current.marks[0]);
      d.marks = peeked.slice(0, 10);
    });
    expect((await store.journal('y1', 'c1')).marks).toHaveLength(10);
    expect(peekDraft({ marks: [] }, 'marks')).toBeUndefined();
  });
});
