import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDemoSchoolStream } from '../../../electron/core/demo/index.js';
import { codecFor } from '../../../electron/core/store/codec/index.js';
import { generateDataKey, openEnvelope, sealEnvelope, verifyOrInitKeyCheck } from '../../../electron/core/store/durable/index.js';
import { atomicWrite } from '../../../electron/core/store/durable/atomicWrite.js';
import { WriteAheadLog } from '../../../electron/core/store/durable/wal.js';
import { FileBackend } from '../../../electron/core/store/fileBackend.js';
import { SCHEMA_VERSION, type ClassData, type SchoolData } from '../../../electron/core/store/schema.js';
import { WHOLE_JOURNAL_FROM } from '../../../electron/core/store/partitions.js';
import { Store, classPath, journalPath } from '../../../electron/core/store/store.js';
import { makeTempDir, removeDir } from './durable/fixtures/tempDir.js';

/** How long vi.waitFor waits (its default is 1 s): real work — a write and its fsync, a hash — runs late on a busy machine. */
const WAIT = { timeout: 15_000 };

let dir: string;
let key: Buffer;

beforeEach(async () => {
  dir = await makeTempDir('ezhd-store-');
  key = generateDataKey();
  await verifyOrInitKeyCheck(dir, key);
});
afterEach(async () => {
  // Class summaries are written after a write's caller has its answer: let them land first.
  await Promise.all(stores.splice(0).map((s) => s.settled()));
  await removeDir(dir);
});

const stores: Store[] = [];
const newStore = (opts: ConstructorParameters<typeof Store>[1] = {}) => {
  const s = new Store(new FileBackend(dir, key), opts);
  stores.push(s);
  return s;
};

/** Writes a partition file directly with the given plaintext object (as an older program would). */
async function writeRaw(relPath: string, data: unknown): Promise<void> {
  const { mkdir } = await import('node:fs/promises');
  const abs = join(dir, ...relPath.split('/'));
  await mkdir(join(abs, '..'), { recursive: true });
  await atomicWrite(abs, sealEnvelope(key, relPath, Buffer.from(JSON.stringify(data))));
}

const consent = (n: number) => ({
  id: `doc.test.${n}`,
  studentId: 's1',
  signerKind: 'guardian' as const,
  signerId: 'g1',
  signedOn: '2026-11-20',
  registeredAt: '2026-11-20T09:00:00.000Z',
  registeredBy: 'u_office',
  hlc: `000000${n}`,
  workstationId: 'ws',
  kind: 'pd_consent' as const,
});

describe('Store over the file backend', () => {
  it('opens, writes and reopens: classes and journals come back equal', async () => {
    const a = newStore();
    await a.updateClass('c1', (d) => {
      d.documents.push(consent(1));
    });
    await a.updateJournal('y1', 'c1', (d) => {
      d.lessons.push({ id: 'l1', subjectId: 'math', teacherId: 't1', date: '2026-09-01', lessonNo: 1, topic: 'Числа', type: 'урок' });
      d.marks.push({ id: 'm1', lessonId: 'l1', studentId: 's1', value: 5, weight: 1 });
    });
    const b = newStore();
    expect((await b.classData('c1')).documents).toEqual([consent(1)]);
    expect((await b.journal('y1', 'c1')).marks).toEqual([{ id: 'm1', lessonId: 'l1', studentId: 's1', value: 5, weight: 1 }]);
    expect(await b.hasSchool()).toBe(false);
  });

  it('gives a new object on every write and shares the untouched sections', async () => {
    const s = newStore();
    await s.updateClass('c1', (d) => {
      d.diaryViews.push({ guardianId: 'g1', studentId: 's1', at: '2026-11-20T18:00:00.000Z' });
    });
    const before = await s.classData('c1');
    await s.updateClass('c1', (d) => {
      d.documents.push(consent(2));
    });
    const after = await s.classData('c1');
    expect(after).not.toBe(before);
    expect(after.diaryViews).toBe(before.diaryViews);
    expect(after.documents).not.toBe(before.documents);
    expect(before.documents).toEqual([]);
  });

  it('a throw inside an update, or a failed write, changes nothing', async () => {
    const s = newStore();
    await s.updateClass('c1', (d) => {
      d.documents.push(consent(1));
    });
    await expect(
      s.updateClass('c1', (d) => {
        d.documents.push(consent(2));
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');
    expect((await s.classData('c1')).documents).toHaveLength(1);
    expect((await newStore().classData('c1')).documents).toHaveLength(1);
  });

  it('concurrent first reads and an update of one partition see one consistent version', async () => {
    const s = newStore();
    await s.updateClass('c1', (d) => {
      d.documents.push(consent(1));
    });
    const t = newStore();
    const [r1, , r2] = await Promise.all([
      t.classData('c1'),
      t.updateClass('c1', (d) => {
        d.documents.push(consent(2));
      }),
      t.classData('c1'),
    ]);
    expect(r1.documents.length).toBeGreaterThanOrEqual(1);
    expect(r2.documents.length).toBeGreaterThanOrEqual(1);
    expect((await t.classData('c1')).documents).toHaveLength(2);
  });

  it('keeps the partitions small: no pretty-printing, compressed sections', async () => {
    const s = newStore();
    await s.updateClass('c1', (d) => {
      for (let i = 0; i < 500; i++) d.documents.push(consent(i));
    });
    // The partition file is a checkpoint of the log: made a moment after the write, or at settled().
    await s.settled();
    const size = (await stat(join(dir, 'classes', 'c1.json'))).size;
    const json = Buffer.byteLength(JSON.stringify((await s.classData('c1')).documents));
    expect(size).toBeLessThan(json / 5);
  });
});

describe('schema versions and migrations', () => {
  it('runs a synthetic v0 → v1 migration at open and writes the result back', async () => {
    await writeRaw(classPath('c1'), { classId: 'c1', pupils: [{ id: 's1' }] });
    const calls: number[] = [];
    const migrations = {
      class: {
        0: (d: Record<string, unknown>) => {
          calls.push(0);
          d.students = d.pupils;
          delete d.pupils;
          for (const k of ['guardians', 'documents', 'finalMarks', 'recommendations', 'extracts', 'diaryViews', 'mutations']) d[k] = [];
          return d;
        },
      },
    };
    const s = newStore({ migrations });
    const data = await s.classData('c1');
    expect(data.schemaVersion).toBe(1);
    expect(data.students).toEqual([{ id: 's1' }]);
    expect(calls).toEqual([0]);
    // Written back: a store without the migration reads version 1 and migrates nothing.
    const raw = await new FileBackend(dir, key).adapter<ClassData>(classPath('c1'), codecFor(classPath('c1'))).read();
    expect(raw?.schemaVersion).toBe(1);
    expect(raw).not.toHaveProperty('pupils');
    const again = newStore({ migrations: { class: { 0: () => expect.fail('migrated twice') } } });
    expect((await again.classData('c1')).students).toEqual([{ id: 's1' }]);
  });

  it('chains migrations up to the version the program writes', async () => {
    await writeRaw(journalPath('y', 'c'), { schemaVersion: 1, yearId: 'y', classId: 'c', lessons: [], marks: [], attendance: [], n: 1 });
    const s = newStore({
      schemaVersions: { ...SCHEMA_VERSION, journal: 3 },
      migrations: {
        journal: {
          1: (d) => ({ ...d, n: (d.n as number) * 10 }),
          2: (d) => ({ ...d, n: (d.n as number) + 1 }),
        },
      },
    });
    const j = (await s.journal('y', 'c')) as unknown as { n: number; schemaVersion: number };
    expect(j).toMatchObject({ n: 11, schemaVersion: 3 });
  });

  it('refuses a partition written by a newer program, with a clear Russian message, and leaves it', async () => {
    await writeRaw('school.json', { schemaVersion: SCHEMA_VERSION.school + 1, users: [] });
    const before = (await readdir(dir)).sort();
    const s = newStore();
    await expect(s.school()).rejects.toMatchObject({ code: 'storage', message: expect.stringContaining('Данные созданы более новой версией программы') });
    await expect(s.updateSchool(() => undefined)).rejects.toMatchObject({ code: 'storage' });
    expect((await readdir(dir)).sort()).toEqual(before);
  });
});

describe('a store at the size of a school', () => {
  it('a few hundred students: loads, writes a consent, reopens through the file backend in reasonable time', async () => {
    const stream = createDemoSchoolStream({ seed: 5, students: 300, asOf: '2027-05-31', markDensity: 1.0 });
    const s = newStore();
    const school: SchoolData = { ...stream.school, users: [], compromises: [], mutations: [], workstation: { id: 'ws', lastHlc: '', nextMutationSeq: 1 } };
    await s.initSchool(school);
    const classes: string[] = [];
    let marks = 0;
    for (const part of stream.classes()) {
      await s.updateClass(part.classData.classId, (d) => Object.assign(d, part.classData));
      await s.updateJournal(part.journal.yearId, part.journal.classId, (d) => Object.assign(d, part.journal));
      classes.push(part.classData.classId);
      marks += part.journal.marks.length;
    }
    expect(marks).toBeGreaterThan(100_000);
    const yearId = school.years[0]!.id;
    // Closed properly: the files hold everything (a reopen after a crash replays the log instead).
    await s.settled();

    const t0 = performance.now();
    const reopened = newStore();
    const list = (await reopened.school()).classes;
    const first = await reopened.classData(list[0]!.id);
    const openMs = performance.now() - t0;
    expect(first.students.length).toBeGreaterThan(0);

    const w0 = performance.now();
    for (let i = 0; i < 20; i++) {
      await reopened.updateClass(classes[i % classes.length]!, (d) => {
        d.documents.push(consent(1000 + i));
      });
    }
    const writeMs = (performance.now() - w0) / 20;

    const third = newStore();
    for (const c of classes) {
      const j = await third.journal(yearId, c);
      const agg = await third.journalAggregates(yearId, c);
      expect(agg.cells.reduce((n, x) => n + x.marks, 0)).toBe(j.marks.length);
    }
    expect((await third.classData(classes[0]!)).documents.some((d) => d.id === 'doc.test.1000')).toBe(true);
    // Generous bounds (a loaded CI machine); the benchmark measures the real figures.
    expect(openMs).toBeLessThan(2000);
    expect(writeMs).toBeLessThan(250);
    for (const c of classes) expect((await stat(join(dir, 'classes', `${c}.json`))).size).toBeLessThan(256 * 1024);
  }, 120_000);
});

describe('the writes of a pull', () => {
  const lesson = { id: 'l1', subjectId: 'math', teacherId: 't1', date: '2026-09-01', lessonNo: 1, topic: 'Числа', type: 'урок' as const };
  const mark = (n: number) => ({ id: `m${n}`, lessonId: 'l1', studentId: 's1', value: 1 + (n % 5), weight: 1 });
  const walRecordsOf = async (relPath: string) => (await WriteAheadLog.open(dir, key)).recordsOf(relPath);

  it('a new journal is written as its file and its backup, not as a log record; a damaged file comes back from the backup', async () => {
    const s = newStore({ checkpointDelayMs: 60_000 });
    await s.updateJournal('y1', 'c1', (d) => {
      d.lessons.push(lesson);
      for (let i = 0; i < 300; i++) d.marks.push(mark(i));
    });
    const path = journalPath('y1', 'c1');
    expect(await walRecordsOf(path)).toEqual([]);
    const file = join(dir, 'journal', 'y1', 'c1.json');
    const [main, bak] = await Promise.all([readFile(file), readFile(`${file}.bak`)]);
    // The same version in both (each with its own IV).
    expect(openEnvelope(key, path, bak).equals(openEnvelope(key, path, main))).toBe(true);
    // The next write goes to the log, over the file's version.
    await s.updateJournal('y1', 'c1', (d) => void d.marks.push(mark(300)));
    expect((await walRecordsOf(path)).map((r) => r.o.length)).toEqual([1]);
    expect((await newStore().journal('y1', 'c1')).marks).toHaveLength(301);
    // The file damaged: its backup holds the first version, the log the second.
    await writeFile(file, Buffer.alloc(main.length));
    const t = newStore();
    expect((await t.journal('y1', 'c1')).marks).toEqual([...Array.from({ length: 300 }, (_, i) => mark(i)), mark(300)]);
    await vi.waitFor(async () => expect((await t.notices()).map((n) => n.file)).toContain(path), WAIT);
  });

  it('a batch of thousands of entities into a journal is written as its file and its backup, not as a log record', async () => {
    const s = newStore({ checkpointDelayMs: 60_000 });
    await s.updateJournal('y1', 'c1', (d) => void d.lessons.push(lesson));
    await s.updateJournal('y1', 'c1', (d) => void d.marks.push(mark(0)));
    const path = journalPath('y1', 'c1');
    expect(await walRecordsOf(path)).toHaveLength(1);
    await s.updateJournal('y1', 'c1', (d) => {
      // As a pull applies rows: a new array with the old elements and the new ones.
      d.marks = [...d.marks, ...Array.from({ length: WHOLE_JOURNAL_FROM }, (_, i) => mark(i + 1))];
    });
    // No record of it: the file holds it (the earlier record is older than the file's version).
    expect((await walRecordsOf(path)).map((r) => r.o.length)).toEqual([1]);
    const file = join(dir, 'journal', 'y1', 'c1.json');
    await writeFile(file, Buffer.alloc(64));
    expect((await newStore().journal('y1', 'c1')).marks).toHaveLength(WHOLE_JOURNAL_FROM + 1);
  });

  it('a checkpoint of the version before a whole-journal batch, due while the batch is written, does not end up as its backup', async () => {
    // Checkpoints at once: the one the small write makes due fires while the batch's first write is
    // on its way (without the fix, it landed between the batch's two writes: the file's backup).
    const s = newStore({ checkpointDelayMs: 0 });
    await s.updateJournal('y1', 'c1', (d) => void d.lessons.push(lesson));
    await s.updateJournal('y1', 'c1', (d) => void d.marks.push(mark(0)));
    await s.updateJournal('y1', 'c1', (d) => {
      d.marks = [...d.marks, ...Array.from({ length: WHOLE_JOURNAL_FROM }, (_, i) => mark(i + 1))];
    });
    // The file damaged: its backup must hold the batch (acknowledged once both writes were made).
    await writeFile(join(dir, 'journal', 'y1', 'c1.json'), Buffer.alloc(64));
    expect((await newStore().journal('y1', 'c1')).marks).toHaveLength(WHOLE_JOURNAL_FROM + 1);
  });

  it('bringing files up to date with the log keeps no more journals in memory than the cache holds', async () => {
    const s = newStore({ checkpointDelayMs: 60_000, journalCacheSize: 2 });
    for (const c of ['c1', 'c2', 'c3', 'c4']) {
      await s.updateJournal('y1', c, (d) => void d.lessons.push(lesson));
      await s.updateJournal('y1', c, (d) => void d.marks.push(mark(1)));
      expect(await walRecordsOf(journalPath('y1', c))).toHaveLength(1);
    }
    // A store opened after a crash: the four journals' records are in its log, none in memory.
    const t = newStore({ journalCacheSize: 2 });
    await t.settled();
    for (const c of ['c1', 'c2', 'c3', 'c4']) expect(await walRecordsOf(journalPath('y1', c))).toEqual([]);
    expect(t.journalsInMemory()).toBeLessThanOrEqual(2);
    expect((await t.journal('y1', 'c4')).marks).toEqual([mark(1)]);
  });

  it('checkpoints wait for the end of a pull; a store opened meanwhile (a crash) has every write from the log', async () => {
    const checkpoints: string[] = [];
    const s = newStore({ checkpointDelayMs: 5, onCheckpoint: (p) => checkpoints.push(p) });
    const release = s.holdBackgroundWork();
    for (let i = 0; i < 3; i++) {
      await s.updateClass('c1', (d) => {
        d.documents.push(consent(i));
      });
    }
    await new Promise((r) => setTimeout(r, 60));
    expect(checkpoints).toEqual([]);
    expect((await newStore().classData('c1')).documents.map((d) => d.id)).toEqual([consent(0).id, consent(1).id, consent(2).id]);
    release();
    await vi.waitFor(() => expect(checkpoints).toEqual([classPath('c1')]), WAIT);
    await s.settled();
    expect((await newStore().classData('c1')).documents).toHaveLength(3);
  });
});
