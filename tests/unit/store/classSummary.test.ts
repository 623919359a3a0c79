import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import type { FinalMarkEntry } from '../../../electron/contract/entities/journal.js';
import { generateDemoSchool } from '../../../electron/core/demo/index.js';
import type { ExtractRecord } from '../../../electron/core/extracts/record.js';
import { entryHistories, finalMarkStatus } from '../../../electron/core/journal/finalMarks.js';
import { MemoryBackend, type StoreBackend } from '../../../electron/core/store/backend.js';
import { expandClassSummary, summarizeClass, type ClassSummary, type StoredClassSummary } from '../../../electron/core/store/classSummary.js';
import { codecFor } from '../../../electron/core/store/codec/index.js';
import { generateDataKey, verifyOrInitKeyCheck } from '../../../electron/core/store/durable/index.js';
import { FileBackend } from '../../../electron/core/store/fileBackend.js';
import { SCHEMA_VERSION, type ClassData } from '../../../electron/core/store/schema.js';
import { Store, SUMMARY_DELAY_MS, classPath, summaryPath } from '../../../electron/core/store/store.js';
import { makeTempDir, removeDir } from './durable/fixtures/tempDir.js';

/** How long vi.waitFor waits (its default is 1 s): real work — a write and its fsync, a hash — runs late on a busy machine. */
const WAIT = { timeout: 15_000 };

/**
 * The class summary (classes/<id>.sum.json) is derived data: after any write it must be exactly
 * what is derived from the partition on disk, and a summary that does not belong to the partition
 * as it is now (older revision, missing, damaged, restored, from before a migration) is never used.
 */

const demo = generateDemoSchool({ seed: 5, students: 60, asOf: '2027-03-15', markDensity: 0.2 });
// A class with final marks (the one with the most), and two others.
const classes = [...demo.classes].sort((a, b) => b.finalMarks.length - a.finalMarks.length).slice(0, 3);
const CLASS = classes[0]!.classId;

/** A backend that counts reads of class partitions (not of their summaries). */
function counting(backend: StoreBackend): { backend: StoreBackend; partitionReads: () => number } {
  let n = 0;
  const wrapped = Object.create(backend) as StoreBackend;
  wrapped.adapter = <T>(p: string, codec?: Parameters<StoreBackend['adapter']>[1]) => {
    const a = backend.adapter<T>(p, codec as never);
    return {
      read: async () => {
        if (/^classes\/[^/]+\.json$/.test(p) && !p.endsWith('.sum.json')) n++;
        return a.read();
      },
      write: (d: T) => a.write(d),
    };
  };
  return { backend: wrapped, partitionReads: () => n };
}

/** A memory backend, and the same backend counting the writes of CLASS's summary file. */
function countingSummaryWrites(): { backend: StoreBackend; wrapped: StoreBackend; summaryWrites: { n: number } } {
  const backend: StoreBackend = new MemoryBackend();
  const summaryWrites = { n: 0 };
  const wrapped = Object.create(backend) as StoreBackend;
  wrapped.adapter = <T>(p: string, codec?: Parameters<StoreBackend['adapter']>[1]) => {
    const a = backend.adapter<T>(p, codec as never);
    return {
      read: () => a.read(),
      write: (d: T) => {
        if (p === summaryPath(CLASS)) summaryWrites.n++;
        return a.write(d);
      },
    };
  };
  return { backend, wrapped, summaryWrites };
}

async function seeded(backend: StoreBackend): Promise<Store> {
  const store = new Store(backend);
  for (const c of classes) await store.updateClass(c.classId, (d) => Object.assign(d, structuredClone(c)));
  return store;
}

async function partitionOf(backend: StoreBackend, classId: string): Promise<ClassData> {
  return (await backend.adapter<ClassData>(classPath(classId), codecFor(classPath(classId))).read())!;
}

async function storedSummary(backend: StoreBackend, classId: string): Promise<StoredClassSummary | null> {
  return backend.adapter<StoredClassSummary>(summaryPath(classId), codecFor(summaryPath(classId))).read();
}

/** What the summary must be: derived, from scratch, from the partition as it is on disk. */
async function expected(backend: StoreBackend, classId: string): Promise<StoredClassSummary> {
  return summarizeClass(await partitionOf(backend, classId), await backend.revision(classPath(classId)));
}

/** The summary in the file and the summary a new store gives both equal the derivation from the partition on disk. */
async function expectCurrent(backend: StoreBackend, store: Store, classId: string): Promise<void> {
  const want = await expected(backend, classId);
  // The store's own answer (this also waits for the summary's write, queued on the class).
  expect(await store.classSummary(classId)).toEqual(expandClassSummary(want));
  expect(await storedSummary(backend, classId)).toEqual(JSON.parse(JSON.stringify(want)));
  const cold = counting(backend);
  expect(await new Store(cold.backend).classSummary(classId)).toEqual(expandClassSummary(want));
  expect(cold.partitionReads()).toBe(0);
}

let hlc = 0;
const nextHlc = () => `2027-03-15T10:00:00.000Z-${String(++hlc).padStart(4, '0')}-ws-test`;

function entry(over: Partial<FinalMarkEntry> & Pick<FinalMarkEntry, 'studentId' | 'subjectId' | 'periodId'>): FinalMarkEntry {
  return { id: `fm.t.${hlc + 1}`, value: '4', knownOn: '2027-03-10', enteredBy: 't1', enteredAt: '2027-03-10T10:00:00.000Z', hlc: nextHlc(), ...over };
}

function consent(d: ClassData, n: number): { doc: RegistryDocument; mutation: ClassData['mutations'][number] } {
  const s = d.students[n % d.students.length]!;
  const g = d.guardians.find((x) => x.studentIds.includes(s.id))!;
  const doc = {
    id: `doc.t.${n}`,
    studentId: s.id,
    signerKind: 'guardian',
    signerId: g.id,
    signedOn: '2027-03-15',
    registeredAt: '2027-03-15T09:00:00.000Z',
    registeredBy: 'u.office',
    hlc: nextHlc(),
    workstationId: 'ws-test',
    kind: 'pd_consent',
  } as RegistryDocument;
  return { doc, mutation: { id: `ws-test:${n}`, seq: n, kind: 'document', payload: doc, hlc: doc.hlc, author: 'u.office', createdAt: doc.registeredAt } };
}

function extract(studentId: string, classId: string, n: number, handedOn?: string): ExtractRecord {
  return {
    id: `ex.t.${n}`,
    number: n,
    studentId,
    classId,
    periodStart: '2027-03-08',
    periodEnd: '2027-03-14',
    reason: 'weekly',
    issuedOn: '2027-03-15',
    sections: [],
    contentHash: '0',
    prepared: { at: '2027-03-15T08:00:00.000Z', by: 'u1', role: 'office' },
    printed: [],
    ...(handedOn ? { handedOver: { at: `${handedOn}T09:00:00.000Z`, by: 'u1', role: 'office', guardianId: 'g', date: handedOn } } : {}),
    versions: [],
  } as ExtractRecord;
}

describe('class summary beside the partition', () => {
  it('after every kind of class write equals what is derived from the partition, and a new store reads it without the partition', async () => {
    const backend = new MemoryBackend();
    const store = await seeded(backend);
    for (const c of classes) await expectCurrent(backend, store, c.classId);

    const base = await store.classData(CLASS);
    const s0 = base.students[0]!;
    const s1 = base.students[1]!;
    const cell = base.finalMarks[0]!;
    const writes: [string, (d: ClassData) => void][] = [
      ['a consent document and its mutation', (d) => {
        const { doc, mutation } = consent(d, 1);
        d.documents.push(doc);
        d.mutations.push(mutation);
      }],
      ['a final mark in a new cell', (d) => void d.finalMarks.push(entry({ studentId: s0.id, subjectId: 'new-subject', periodId: cell.periodId, value: '5', publishedAt: '2027-03-11T08:00:00+03:00' }))],
      ['a correction of a cell (later clock)', (d) => void d.finalMarks.push(entry({ studentId: cell.studentId, subjectId: cell.subjectId, periodId: cell.periodId, value: '3' }))],
      ['a deferral in force', (d) => void d.finalMarks.push(entry({ studentId: s1.id, subjectId: 'def-subject', periodId: cell.periodId, value: null, deferral: { reason: 'болезнь, справка', dueOn: '2027-04-01' } }))],
      ['the mark after the deferral', (d) => void d.finalMarks.push(entry({ studentId: s1.id, subjectId: 'def-subject', periodId: cell.periodId, value: '4', publishedAt: '2027-04-01T12:00:00.000Z' }))],
      ['an entry that arrives late with an earlier clock', (d) => {
        const e = entry({ studentId: s0.id, subjectId: 'new-subject', periodId: cell.periodId, value: null, deferral: { reason: 'по заявлению', dueOn: '2027-03-20' } });
        d.finalMarks.unshift({ ...e, hlc: '2000-01-01T00:00:00.000Z-0000-ws-old' });
      }],
      ['diary views, one in another zone', (d) => {
        const g = d.guardians[0]!;
        d.diaryViews.push({ guardianId: g.id, studentId: g.studentIds[0]!, at: '2027-03-15T23:30:00+03:00' });
        d.diaryViews.push({ guardianId: g.id, studentId: g.studentIds[0]!, at: '2027-03-15T19:00:00.000Z' });
      }],
      ['extracts, one handed over', (d) => {
        d.extracts.push(extract(s0.id, d.classId, 1, '2027-03-15'));
        d.extracts.push(extract(s1.id, d.classId, 2));
      }],
      ['a student leaves, another arrives', (d) => {
        d.students[0] = { ...d.students[0]!, leftOn: '2027-03-15' };
        d.students.push({ ...s1, id: 'new-student', enrolledOn: '2027-03-15' });
      }],
      ['a guardian added', (d) => void d.guardians.push({ id: 'g.new', lastName: 'Новый', firstName: 'Опекун', relation: 'опекун', studentIds: ['new-student'] })],
      ['a document made invalid (compromised login)', (d) => {
        const { doc, mutation } = consent(d, 2);
        d.documents.push(doc);
        d.mutations.push({ ...mutation, invalid: true });
      }],
      ['a section the summary does not read', (d) => void d.recommendations.push({ id: 'r.t', studentId: s0.id, subjectId: cell.subjectId, teacherId: 't', date: '2027-03-15', text: 'читать' })],
      ['the whole partition replaced', (d) => void Object.assign(d, structuredClone(classes[0]!))],
    ];
    for (const [what, change] of writes) {
      await store.updateClass(CLASS, change);
      await expectCurrent(backend, store, CLASS).catch((e: unknown) => {
        throw new Error(`after «${what}»: ${String(e)}`);
      });
    }
    // The other classes were not touched and are still current.
    for (const c of classes.slice(1)) await expectCurrent(backend, store, c.classId);
  });

  it('is made after the write returns: once for a run of writes, written by settled() or by its timer, equal to the derivation', async () => {
    const { backend, wrapped, summaryWrites } = countingSummaryWrites();
    const store = await seeded(wrapped);
    await store.settled();
    summaryWrites.n = 0;
    for (let i = 0; i < 5; i++) await store.updateClass(CLASS, (d) => void d.students.pop());
    // The caller had its answers; the summary is still due.
    expect(summaryWrites.n).toBe(0);
    await store.settled();
    expect(summaryWrites.n).toBe(1);
    expect(await storedSummary(backend, CLASS)).toEqual(JSON.parse(JSON.stringify(await expected(backend, CLASS))));
    // Without settled(): the timer makes it, SUMMARY_DELAY_MS after the write.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      await store.updateClass(CLASS, (d) => void d.students.pop());
      await vi.advanceTimersByTimeAsync(SUMMARY_DELAY_MS - 1);
      expect(summaryWrites.n).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(summaryWrites.n).toBe(2), WAIT);
    } finally {
      vi.useRealTimers();
    }
    expect(await storedSummary(backend, CLASS)).toEqual(JSON.parse(JSON.stringify(await expected(backend, CLASS))));
  });

  it('is made once after a pull that held it (holdBackgroundWork), or by settled() while held; a reader still gets a current one', async () => {
    const { backend, wrapped, summaryWrites } = countingSummaryWrites();
    const store = await seeded(wrapped);
    await store.settled();
    summaryWrites.n = 0;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const release = store.holdBackgroundWork();
      for (let i = 0; i < 3; i++) {
        await store.updateClass(CLASS, (d) => void d.students.pop());
        await vi.advanceTimersByTimeAsync(SUMMARY_DELAY_MS * 2);
      }
      expect(summaryWrites.n).toBe(0);
      release();
      await vi.advanceTimersByTimeAsync(SUMMARY_DELAY_MS - 1);
      expect(summaryWrites.n).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      await vi.waitFor(() => expect(summaryWrites.n).toBe(1), WAIT);
      // Held again: settled() makes it all the same.
      const again = store.holdBackgroundWork();
      await store.updateClass(CLASS, (d) => void d.students.pop());
      await vi.advanceTimersByTimeAsync(SUMMARY_DELAY_MS * 2);
      expect(summaryWrites.n).toBe(1);
      await store.settled();
      expect(summaryWrites.n).toBe(2);
      // And a reader gets the current one while it is held.
      await store.updateClass(CLASS, (d) => void d.students.pop());
      expect((await store.classSummary(CLASS)).students).toEqual(expandClassSummary(await expected(backend, CLASS)).students);
      again();
    } finally {
      vi.useRealTimers();
    }
    expect(await storedSummary(backend, CLASS)).toEqual(JSON.parse(JSON.stringify(await expected(backend, CLASS))));
  });

  it('keeps just what the status of a cell reads: the same status as the whole history, for every cell', async () => {
    const d = structuredClone(classes[0]!);
    const [a, b] = d.finalMarks;
    // Histories with deferrals before the mark, after it, and several corrections.
    for (const [i, base] of [a!, b!].entries()) {
      d.finalMarks.push({ ...base, id: `x${i}1`, hlc: `0${i}1`, value: null, deferral: { reason: 'болезнь, справка', dueOn: '2027-01-20' } });
      d.finalMarks.push({ ...base, id: `x${i}2`, hlc: `0${i}2`, value: '2' });
      d.finalMarks.push({ ...base, id: `x${i}3`, hlc: `zz${i}`, value: null, deferral: { reason: 'по заявлению', dueOn: '2027-05-20' } });
    }
    const summary = expandClassSummary(summarizeClass(d, null));
    const histories = entryHistories(d.finalMarks);
    const column = { start: '2026-09-01', end: '2027-01-10' };
    let cells = 0;
    for (const [key, history] of histories) {
      const [studentId, subjectId, periodId] = key.split('|') as [string, string, string];
      const short = summary.finals.get(periodId)?.get(studentId)?.get(subjectId);
      expect(short, key).toBeDefined();
      for (const today of ['2027-01-05', '2027-03-15', '2027-06-01']) {
        const { entry: _full, ...want } = finalMarkStatus(key, history, column, today, 3);
        const { entry: _short, ...got } = finalMarkStatus(key, short!, column, today, 3);
        expect(got, key).toEqual(want);
      }
      cells++;
    }
    expect(cells).toBe([...summary.finals.values()].reduce((n, m) => n + [...m.values()].reduce((k, x) => k + x.size, 0), 0));
  });

  it('a summary made from an older version of the partition is ignored, recomputed and written again', async () => {
    const backend = new MemoryBackend();
    const store = await seeded(backend);
    await store.classSummary(CLASS);
    const old = structuredClone(backend.files.get(summaryPath(CLASS)));
    await store.updateClass(CLASS, (d) => void d.students.pop());
    await store.classSummary(CLASS);
    // The older summary comes back (a lost write, a copied file): its revision gives it away.
    backend.files.set(summaryPath(CLASS), old);
    const cold = counting(backend);
    const got = await new Store(cold.backend).classSummary(CLASS);
    expect(got.students).toEqual((await partitionOf(backend, CLASS)).students);
    expect(cold.partitionReads()).toBe(1);
    expect(await storedSummary(backend, CLASS)).toEqual(JSON.parse(JSON.stringify(await expected(backend, CLASS))));

    // The partition written without its summary (a crash between the two writes).
    await backend.adapter<ClassData>(classPath(CLASS)).write({ ...(await partitionOf(backend, CLASS)), students: [] });
    expect((await new Store(backend).classSummary(CLASS)).students).toEqual([]);
    await expectCurrent(backend, new Store(backend), CLASS);
  });

  it('a missing or malformed summary is recomputed', async () => {
    const backend = new MemoryBackend();
    await seeded(backend);
    const want = expandClassSummary(await expected(backend, CLASS));
    backend.files.delete(summaryPath(CLASS));
    expect(await new Store(backend).classSummary(CLASS)).toEqual(want);
    expect(backend.files.has(summaryPath(CLASS))).toBe(true);

    const rev = await backend.revision(classPath(CLASS));
    const good = backend.files.get(summaryPath(CLASS)) as StoredClassSummary;
    const bad: unknown[] = [
      { schemaVersion: 1, classId: CLASS, partitionRev: rev },
      { ...good, partitionRev: rev, finals: { ...good.finals, k: undefined } },
      { ...good, partitionRev: rev, schemaVersion: 99 },
      { ...good, partitionRev: rev, classId: 'another' },
      { ...good, partitionRev: rev, partitionSchema: SCHEMA_VERSION.class - 1 },
      'not a summary',
    ];
    for (const b of bad) {
      backend.files.set(summaryPath(CLASS), b);
      expect(await new Store(backend).classSummary(CLASS)).toEqual(want);
    }
  });

  it('a summary that cannot be read is not trusted: the figures come from the partition (file backend)', async () => {
    const dir = await makeTempDir('ezhd-summary-');
    try {
      const key = generateDataKey();
      await verifyOrInitKeyCheck(dir, key);
      const store = await seeded(new FileBackend(dir, key));
      await store.updateClass(CLASS, (d) => void d.diaryViews.pop());
      // The partition file is a checkpoint of the log, current after settled().
      await store.settled();
      await store.classSummary(CLASS);
      const backend = new FileBackend(dir, key);
      const want = expandClassSummary(await expected(backend, CLASS));
      const file = join(dir, 'classes', `${CLASS}.sum.json`);
      // Damaged: the backup (an older summary) is read instead, and found stale.
      const bytes = await readFile(file);
      bytes[bytes.length - 5]! ^= 0xff;
      await writeFile(file, bytes);
      expect(await new Store(new FileBackend(dir, key)).classSummary(CLASS)).toEqual(want);
      // Torn, with no usable backup either.
      await truncate(file, 10);
      await writeFile(`${file}.bak`, 'garbage');
      expect(await new Store(new FileBackend(dir, key)).classSummary(CLASS)).toEqual(want);
    } finally {
      await removeDir(dir);
    }
  });

  it('a restored backup never brings a summary that looks current (file backend)', async () => {
    const dir = await makeTempDir('ezhd-summary-');
    try {
      const key = generateDataKey();
      await verifyOrInitKeyCheck(dir, key);
      const backend = new FileBackend(dir, key);
      const store = await seeded(backend);
      await store.classSummary(CLASS);
      // As the backup service takes it: under the store's exclusive gate (the files then hold the log).
      const partitions = await store.exclusive(() => backend.readAllPlain());
      expect(partitions.some((f) => f.path === summaryPath(CLASS))).toBe(true);
      // A backup whose summary says something else than its partition (made so here, to be seen).
      const tampered = partitions.map((f) => {
        if (f.path !== summaryPath(CLASS)) return f;
        const codec = codecFor<StoredClassSummary>(f.path);
        const sum = codec.decode(f.bytes);
        return { path: f.path, bytes: Buffer.from(codec.encode({ ...sum, students: [], lastViews: { g: [], at: [] } })) };
      });
      await store.exclusive(() => backend.replaceAll({ partitions: tampered, audit: [] }));
      store.reset();
      const restored = await partitionOf(backend, CLASS);
      expect(restored.students.length).toBeGreaterThan(0);
      const want = expandClassSummary(await expected(backend, CLASS));
      expect(await store.classSummary(CLASS)).toEqual(want);
      expect(await new Store(new FileBackend(dir, key)).classSummary(CLASS)).toEqual(want);
    } finally {
      await removeDir(dir);
    }
  });

  it('a partition migrated at open gets a summary of the migrated data', async () => {
    const backend = new MemoryBackend();
    await seeded(backend);
    await new Store(backend).classSummary(CLASS);
    const version = SCHEMA_VERSION.class + 1;
    const migrated = new Store(backend, {
      schemaVersions: { ...SCHEMA_VERSION, class: version },
      migrations: { class: { [SCHEMA_VERSION.class]: (d) => ({ ...d, students: (d.students as ClassData['students']).map((s) => ({ ...s, middleName: 'Мигрированная' })) }) } },
    });
    const got: ClassSummary = await migrated.classSummary(CLASS);
    expect(got.students.length).toBeGreaterThan(0);
    expect(got.students.every((s) => s.middleName === 'Мигрированная')).toBe(true);
    expect((await storedSummary(backend, CLASS))?.partitionSchema).toBe(version);
  });
});
