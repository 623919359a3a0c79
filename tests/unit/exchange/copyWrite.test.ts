/**
 * The rows of partitions new in a write go in by COPY where the connection offers it (PostgreSQL;
 * an import of a whole year is almost all such rows): they must be stored exactly as the
 * INSERT stores them — the same lines, hashes and partition hashes — whatever the texts hold
 * (quotes, backslashes, tabs and newlines, Cyrillic), and a later write must still update them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyText, type Db, type Queryable } from '../../../central/db.js';
import { EntityWriter, entityKey, getEntity, writeEntities, type EntityChange } from '../../../central/entities.js';
import { createSchool } from '../../../central/schools.js';
import { DB_KINDS, openTestDb, skipDb, type TestDb } from '../sync/helpers.js';

const part = 'journal/y1/c1';
const changes = (): EntityChange[] => [
  { part, kind: 'lesson', id: 'L1', data: { id: 'L1', topic: 'Тема «в кавычках» "и так"', homework: 'путь C:\\школа\\задание\tс табуляцией\nи строкой' } },
  { part, kind: 'mark', id: 'm1', data: { id: 'm1', lessonId: 'L1', studentId: 's1', value: 5, weight: 1.5, work: 'Ответ\\на уроке' } },
  { part: 'class/c1', kind: 'student', id: 's1', data: { id: 's1', lastName: 'Ёлкин', firstName: 'Пётр' } },
  { part, kind: 'mark', id: 'gone', data: null },
];

async function rowsOf(db: Db, school: string) {
  const e = await db.query<{ part: string; kind: string; id: string; seq: unknown; live: boolean; line: string; h: unknown }>(`SELECT part, kind, id, seq, live, line, h FROM entities WHERE school_id = $1 ORDER BY part, kind, id`, [school]);
  const p = await db.query<{ part: string; hash: string; count: unknown }>(`SELECT part, hash, count FROM parts WHERE school_id = $1 ORDER BY part`, [school]);
  return { entities: e.rows.map((r) => ({ ...r, seq: Number(r.seq), h: String(r.h) })), parts: p.rows.map((r) => ({ ...r, count: Number(r.count) })) };
}

it('the text format of COPY escapes exactly backslash, tab, newline and carriage return', () => {
  expect(copyText('["a","b"]')).toBe('["a","b"]');
  expect(copyText('a\\b\tc\nd\re')).toBe('a\\\\b\\tc\\nd\\re');
});

describe.each(DB_KINDS)('writeEntities: new partitions by COPY (%s)', (kind) => {
  let t: TestDb;
  let db: Db;
  beforeAll(async () => {
    if (skipDb(kind)) return;
    t = await openTestDb(kind);
    db = t.db;
    await createSchool(db, 'viaCopy', 'Школа');
    await createSchool(db, 'viaInsert', 'Школа');
  });
  afterAll(async () => {
    await t?.close();
  });

  it.skipIf(skipDb(kind))('stores what the INSERT stores, and later writes update the rows', async () => {
    let copied = 0;
    const write = (school: string, list: EntityChange[], copy: boolean) =>
      db.tx(async (q) => {
        const head = Number((await q.query<{ seq: unknown }>(`SELECT seq FROM schools WHERE id = $1 FOR UPDATE`, [school])).rows[0]!.seq);
        const copyFrom = q.copyFrom;
        const counted: Queryable = {
          query: (sql, params) => q.query(sql, params),
          ...(copyFrom
            ? {
                copyFrom: async (table: string, cols: readonly string[]) => {
                  copied++;
                  return copyFrom(table, cols);
                },
              }
            : {}),
        };
        return writeEntities(copy ? counted : { query: (sql, params) => q.query(sql, params) }, school, head, list);
      });
    const a = await write('viaCopy', changes(), true);
    const b = await write('viaInsert', changes(), false);
    expect(copied).toBe(kind === 'pg' ? 1 : 0);
    expect(a.changed).toBe(3);
    expect(b.changed).toBe(3);
    expect(await rowsOf(db, 'viaCopy')).toEqual(await rowsOf(db, 'viaInsert'));
    expect(await getEntity(db, 'viaCopy', part, 'lesson', 'L1')).toEqual(changes()[0]!.data);
    // The partitions exist now: a change of a copied row and a removal go by the ordinary upsert.
    const later: EntityChange[] = [
      { part, kind: 'mark', id: 'm1', data: { id: 'm1', lessonId: 'L1', studentId: 's1', value: 4, weight: 1 } },
      { part: 'class/c1', kind: 'student', id: 's1', data: null },
    ];
    await write('viaCopy', later, true);
    await write('viaInsert', later, false);
    expect(copied).toBe(kind === 'pg' ? 1 : 0);
    expect(await rowsOf(db, 'viaCopy')).toEqual(await rowsOf(db, 'viaInsert'));
    expect(await getEntity(db, 'viaCopy', part, 'mark', 'm1')).toMatchObject({ value: 4 });
    expect(await getEntity(db, 'viaCopy', 'class/c1', 'student', 's1')).toBeNull();
  });

  it.skipIf(skipDb(kind))('a writer in several calls: the last change of an entity counts across calls', async () => {
    await createSchool(db, 'inCalls', 'Школа');
    await createSchool(db, 'inOne', 'Школа');
    const [lesson, mark, student] = changes();
    const markAgain: EntityChange = { ...mark!, data: { ...mark!.data, value: 3 } };
    const byCalls = await db.tx(async (q) => {
      const w = new EntityWriter(q, 'inCalls', 0);
      await w.write([lesson!, mark!]);
      // The mark's partition is the school's now: the mark is looked up (the COPY ended first) and replaced.
      await w.write([student!, markAgain]);
      return w.finish();
    });
    const inOne = await db.tx((q) => writeEntities(q, 'inOne', 0, [lesson!, student!, markAgain]));
    expect([byCalls.changed, byCalls.head]).toEqual([4, 4]);
    expect(byCalls.seqs.get(entityKey(part, 'mark', 'm1'))).toBe(4);
    expect(inOne.changed).toBe(3);
    expect(await getEntity(db, 'inCalls', part, 'mark', 'm1')).toEqual(markAgain.data);
    const partsOf = async (school: string) => (await rowsOf(db, school)).parts.map((p) => ({ part: p.part, hash: p.hash, count: p.count }));
    expect(await partsOf('inCalls')).toEqual(await partsOf('inOne'));
  });

  it.skipIf(skipDb(kind))('a failed transaction leaves nothing of a copy', async () => {
    await createSchool(db, 'rolledBack', 'Школа');
    const e = await db
      .tx(async (q) => {
        await writeEntities(q, 'rolledBack', 0, changes());
        throw new Error('после записи');
      })
      .catch((x: unknown) => x);
    expect((e as Error).message).toBe('после записи');
    expect(await rowsOf(db, 'rolledBack')).toEqual({ entities: [], parts: [] });
    // A failure while a COPY is still open (rows sent, not ended): the transaction abandons it and rolls back.
    await createSchool(db, 'leftOpen', 'Школа');
    const e2 = await db
      .tx(async (q) => {
        await new EntityWriter(q, 'leftOpen', 0, { eachOnce: true }).write(changes());
        throw new Error('посреди записи');
      })
      .catch((x: unknown) => x);
    expect((e2 as Error).message).toBe('посреди записи');
    expect(await rowsOf(db, 'leftOpen')).toEqual({ entities: [], parts: [] });
    // The school can be written to afterwards, on the same pool.
    await db.tx((q) => writeEntities(q, 'leftOpen', 0, changes()));
    expect((await rowsOf(db, 'leftOpen')).entities).toHaveLength(3);
  });
});
