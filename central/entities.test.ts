/**
 * The change log's writer: one call larger than a chunk, with the same entity written again in a
 * later chunk of a partition that is new in that call (no look-up is made for it) and in a
 * partition the school already had. The stored rows, counts and hashes must be those of the
 * last version of every entity, and the sequence numbers those of real changes only.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, pgliteFolder, pgliteTemplate, type TestDb } from '../tests/unit/sync/helpers.js';
import { addHash, canonicalJson, entityHashOfText, hashHex } from '../electron/contract/sync/hash.js';
import { listEntities, writeEntitiesTx, type EntityChange } from './entities.js';
import { createSchool, getSchool } from './schools.js';
import { openPglite } from './db.js';
import { migrate } from './schema.js';

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb('pglite');
  await createSchool(t.db, 'ent1', 'Школа');
});
afterAll(async () => {
  await t?.close();
});

function expectedOf(changes: EntityChange[]): { hash: string; count: number; live: Map<string, Record<string, unknown>> } {
  const last = new Map<string, EntityChange>();
  for (const c of changes) last.set(`${c.kind}/${c.id}`, c);
  let h = 0;
  const live = new Map<string, Record<string, unknown>>();
  for (const c of last.values()) {
    if (!c.data) continue;
    h = addHash(h, entityHashOfText(c.kind, c.id, canonicalJson(c.data)));
    live.set(c.id, c.data);
  }
  return { hash: hashHex(h), count: live.size, live };
}

const mark = (i: number, value: number): EntityChange => ({ part: 'journal/2026/c1', kind: 'mark', id: `m${i}`, data: { id: `m${i}`, lessonId: 'l1', studentId: 's1', value, weight: 1 } });

describe('writeEntities', () => {
  it('writes the last version of an entity repeated across chunks, in a new and in a known partition', async () => {
    // 12,000 changes (chunks of 5,000): m7 and m8 written again in the third chunk, m9 deleted there.
    const first: EntityChange[] = [];
    for (let i = 0; i < 11_997; i++) first.push(mark(i, 3));
    first.push(mark(7, 5), mark(8, 4), { part: 'journal/2026/c1', kind: 'mark', id: 'm9', data: null });
    const r1 = await writeEntitiesTx(t.db, 'ent1', first, Infinity);
    const exp1 = expectedOf(first);
    expect(r1.changed).toBe(11_996); // 11,997 marks, m9 deleted before it was ever stored
    const part1 = await t.db.query<{ hash: string; count: number }>(`SELECT hash, count FROM parts WHERE school_id = 'ent1' AND part = 'journal/2026/c1'`);
    expect(part1.rows[0]).toEqual({ hash: exp1.hash, count: exp1.count });
    const stored = await listEntities(t.db, 'ent1', 'journal/2026/c1', 'mark');
    expect(stored).toHaveLength(exp1.count);
    expect(stored.find((m) => m.id === 'm7')?.value).toBe(5);
    expect(stored.find((m) => m.id === 'm9')).toBeUndefined();

    // Now the partition is known: a call that changes, repeats and deletes across chunks.
    const second: EntityChange[] = [];
    for (let i = 0; i < 6_000; i++) second.push(mark(i, i % 2 ? 3 : 4)); // odd ones unchanged
    second.push(mark(1, 5), { part: 'journal/2026/c1', kind: 'mark', id: 'm3', data: null });
    const head = (await getSchool(t.db, 'ent1'))!.seq;
    const r2 = await writeEntitiesTx(t.db, 'ent1', second, Infinity);
    // Even ones changed value (3 → 4; m8 was 4 already), m7 back from 5 to 3, m9 stored for the
    // first time, m1 changed, m3 deleted.
    expect(r2.changed).toBe(3_000 - 1 + 1 + 1 + 1 + 1);
    expect(r2.head).toBe(head + r2.changed);
    const exp2 = expectedOf([...first, ...second]);
    const part2 = await t.db.query<{ hash: string; count: number }>(`SELECT hash, count FROM parts WHERE school_id = 'ent1' AND part = 'journal/2026/c1'`);
    expect(part2.rows[0]).toEqual({ hash: exp2.hash, count: exp2.count });
    const after = new Map((await listEntities(t.db, 'ent1', 'journal/2026/c1', 'mark')).map((m) => [String(m.id), m]));
    expect(after.size).toBe(exp2.count);
    for (const [id, data] of exp2.live) expect(after.get(id)).toEqual(data);
  });

  it('refuses a given text with a raw tab or newline (rows travel to the database split by them), and writes nothing', async () => {
    await createSchool(t.db, 'ent2', 'Школа');
    for (const text of ['{"id":"x","topic":"a\tb"}', '{"id":"x","topic":"a\nb"}']) {
      const e = await writeEntitiesTx(t.db, 'ent2', [mark(1, 5), { part: 'journal/2026/c1', kind: 'lesson', id: 'x', data: { id: 'x' }, text }]).catch((x: unknown) => x);
      expect(String(e)).toMatch(/raw tab or newline/);
    }
    expect(await listEntities(t.db, 'ent2', 'journal/2026/c1', 'mark')).toEqual([]);
    // Escaped in the JSON (as canonicalJson writes them), tabs, newlines and backslashes are stored as given.
    const data = { id: 'x', topic: 'a\tb\nc\\d «ё»' };
    await writeEntitiesTx(t.db, 'ent2', [{ part: 'journal/2026/c1', kind: 'lesson', id: 'x', data }]);
    expect(await listEntities(t.db, 'ent2', 'journal/2026/c1', 'lesson')).toEqual([data]);
  });
});

describe('tables of a database in memory', () => {
  const persistence = async (db: { query: TestDb['db']['query'] }) =>
    (await db.query<{ relname: string; relpersistence: string }>(`SELECT relname, relpersistence FROM pg_class WHERE relname IN ('entities_p0', 'mutations_p0', 'schools', 'parts') ORDER BY relname`)).rows;

  it('keep no write-ahead log for the school rows (nothing outlives the process to recover), a database in a folder keeps it', async () => {
    // Both start from the empty database's dump (as every test database does), not from initdb.
    const mem = await openPglite(undefined, { loadDataDir: await pgliteTemplate() });
    try {
      expect(mem.inMemory).toBe(true);
      await migrate(mem, { partitions: 2 });
      expect(await persistence(mem)).toEqual([
        { relname: 'entities_p0', relpersistence: 'u' },
        { relname: 'mutations_p0', relpersistence: 'u' },
        { relname: 'parts', relpersistence: 'p' },
        { relname: 'schools', relpersistence: 'p' },
      ]);
      await createSchool(mem, 'm1', 'Школа');
      const r = await writeEntitiesTx(mem, 'm1', [mark(1, 5), mark(2, 4)]);
      expect(r.changed).toBe(2);
      expect((await listEntities(mem, 'm1', 'journal/2026/c1', 'mark')).map((m) => m.value)).toEqual([5, 4]);
    } finally {
      await mem.close();
    }
    const dir = await mkdtemp(join(tmpdir(), 'ezhd-entities-folder-'));
    await pgliteFolder(dir);
    const folder = await openPglite(dir);
    try {
      expect(folder.inMemory).toBe(false);
      await migrate(folder, { partitions: 2 });
      expect((await persistence(folder)).map((r) => r.relpersistence)).toEqual(['p', 'p', 'p', 'p']);
    } finally {
      await folder.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

