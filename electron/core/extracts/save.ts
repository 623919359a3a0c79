import { AppError } from '../../contract/errors.js';
import type { Store } from '../store/store.js';
import { addMutation, takeStamp, type MutationStamp } from '../sync/mutations.js';
import { factsOf } from './facts.js';
import type { ExtractRecord } from './record.js';

/** Takes `n` mutation stamps in one durable write of school.json (sync/mutations.ts: why first). */
async function reserveStamps(store: Store, n: number, now: Date): Promise<MutationStamp[]> {
  if (n === 0) return [];
  return store.updateSchool((d) => Array.from({ length: n }, () => takeStamp(d.workstation, now)));
}

/**
 * Writes changed and new records of a class in one durable write, with the facts the central
 * system learns of them (facts.ts) as pending mutations of the same write. A new record takes its
 * number here, in the write that records it: a refused attempt takes none. The caller holds the
 * register's lock (numbers are never given twice).
 */
export async function saveRecords(
  store: Store,
  classId: string,
  records: readonly ExtractRecord[],
  created: ReadonlySet<string>,
  by: { author: string; now: Date },
): Promise<void> {
  const stored = await store.classData(classId);
  const count = records.reduce((n, rec) => n + factsOf(stored.extracts.find((e) => e.id === rec.id), rec).length, 0);
  const stamps = await reserveStamps(store, count, by.now);
  await store.updateClass(classId, (d) => {
    let k = 0;
    for (const rec of records) {
      const i = d.extracts.findIndex((e) => e.id === rec.id);
      const before = i >= 0 ? d.extracts[i] : undefined;
      if (created.has(rec.id)) {
        if (i >= 0 || d.extracts.some((e) => e.number === rec.number)) throw new AppError('conflict', 'Номер выписки уже занят. Повторите действие.');
        d.extracts.push(rec);
      } else {
        // A handed-over extract changes only by its annulment; an annulled one never.
        const annulling = Boolean(rec.annulled && !before?.annulled);
        if (!before || before.annulled || (before.handedOver && !annulling)) throw new AppError('conflict', 'Реестр выписок изменился. Обновите список и повторите.');
        d.extracts[i] = rec;
      }
      for (const f of factsOf(before, rec)) {
        const stamp = stamps[k++];
        if (!stamp) throw new AppError('conflict', 'Реестр выписок изменился. Повторите действие.');
        addMutation(d, stamp, { kind: f.kind, payload: f.payload, author: by.author, now: by.now });
      }
    }
  });
}

/** Writes the records of several classes, one durable write per class. */
export async function saveByClass(
  store: Store,
  items: ReadonlyArray<{ src: { cls: { id: string } }; rec: ExtractRecord }>,
  created: ReadonlySet<string>,
  by: { author: string; now: Date },
): Promise<void> {
  const groups = new Map<string, ExtractRecord[]>();
  for (const x of items) {
    const list = groups.get(x.src.cls.id);
    if (list) list.push(x.rec);
    else groups.set(x.src.cls.id, [x.rec]);
  }
  for (const [classId, records] of groups) await saveRecords(store, classId, records, created, by);
}
