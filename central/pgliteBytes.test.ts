/**
 * PGlite queries answered as bytes (pgliteBytes.ts), and the pull built from them: the same
 * fields, texts and errors as PGlite's own queries, and pull pages and partition snapshots equal
 * byte for byte to those built from strings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, seedFixtureSchool, type TestDb } from '../tests/unit/sync/helpers.js';
import type { Db, Queryable } from './db.js';
import { writeEntitiesTx, type EntityChange } from './entities.js';
import { PgliteBytesError, readDataRows, type ByteRow } from './pgliteBytes.js';
import { partitionSnapshot, pullPage, type JsonAnswer } from './pull.js';

const bodyOf = (a: JsonAnswer): Buffer => Buffer.concat(a.parts);

let t: TestDb;
beforeAll(async () => {
  t = await openTestDb('pglite');
});
afterAll(async () => {
  await t?.close();
});

const text = (f: Uint8Array | null | undefined) => (f == null ? null : Buffer.from(f).toString('utf8'));
const bytesOf = (sql: string, params: unknown[] = []): Promise<ByteRow[]> => t.db.tx((q) => q.queryBytes!(sql, params));

/** The same database, without `queryBytes`: what PostgreSQL's driver gives (strings). */
function withoutBytes(db: Db): Db {
  return { ...db, tx: (fn, o) => db.tx((q) => fn({ query: q.query.bind(q) } satisfies Queryable), o) };
}

describe('queryBytes on PGlite', () => {
  it('gives each field as the UTF-8 bytes of its text, NULL as null, rows in order', async () => {
    const rows = await bytesOf(
      `SELECT * FROM (VALUES (1, $1::text, NULL::text, 12345678901234::bigint), (2, 'ёжик «в тумане» 🦔', 'x', -1)) v(i, s, n, b) ORDER BY i`,
      ['Пётр "Иванович" \\ O\'Брайен'],
    );
    expect(rows.map((r) => r.map(text))).toEqual([
      ['1', 'Пётр "Иванович" \\ O\'Брайен', null, '12345678901234'],
      ['2', 'ёжик «в тумане» 🦔', 'x', '-1'],
    ]);
  });

  it('gives what PGlite’s own query decodes, for a text of several megabytes', async () => {
    const sql = `SELECT string_agg(format('["mark","m%s","journal/2026/c5а",%s,{"comment":"Отлично, %s"}]', i, i, repeat('ё', i % 7)), E',\\n' ORDER BY i) AS rows FROM generate_series(1, 40000) i`;
    const [row] = await bytesOf(sql);
    const expected = (await t.db.query<{ rows: string }>(sql)).rows[0]!.rows;
    expect(row![0]!.length).toBeGreaterThan(2_000_000);
    expect(text(row![0])).toBe(expected);
  });

  it('gives every field in the binary format when asked: a bytea as its bytes, an int4 as four bytes', async () => {
    const bytes = Buffer.from([0, 1, 2, 0x5c, 0x78, 0xff, 0x80, 10, 0]);
    const [row] = await t.db.tx((q) => q.queryBytes!(`SELECT decode($1, 'hex') AS b, $2::int AS n, NULL::bytea AS z`, [bytes.toString('hex'), 258], { binary: true }));
    expect(Buffer.from(row![0]!).equals(bytes)).toBe(true);
    expect([...row![1]!]).toEqual([0, 0, 1, 2]);
    expect(row![2]).toBeNull();
    // And a megabyte of random bytes, whole.
    const big = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 7919) % 256));
    const [r2] = await t.db.tx((q) => q.queryBytes!(`SELECT decode($1, 'hex')`, [big.toString('hex')], { binary: true }));
    expect(Buffer.from(r2![0]!).equals(big)).toBe(true);
  });

  it('passes numbers, booleans, dates and null as parameters', async () => {
    const at = new Date('2026-09-01T10:00:00.000Z');
    const [row] = await bytesOf(`SELECT $1::int + 1, $2::boolean, $3::timestamptz = '2026-09-01T10:00:00Z', $4::text IS NULL`, [41, true, at, null]);
    expect(row!.map(text)).toEqual(['42', 't', 't', 't']);
  });

  it('throws the database’s error with its code, and the transaction rolls back', async () => {
    await t.db.query(`CREATE TABLE IF NOT EXISTS bytes_probe (n int)`);
    const failing = t.db.tx(async (q) => {
      await q.query(`INSERT INTO bytes_probe VALUES (1)`);
      return q.queryBytes!(`SELECT 1 / (n - 1) FROM bytes_probe`);
    });
    await expect(failing).rejects.toThrow(PgliteBytesError);
    await expect(failing).rejects.toMatchObject({ code: '22012' });
    expect((await t.db.query<{ c: number }>(`SELECT count(*)::int AS c FROM bytes_probe`)).rows[0]!.c).toBe(0);
    // The connection is usable afterwards, by both kinds of query.
    expect((await bytesOf(`SELECT 'после'`))[0]!.map(text)).toEqual(['после']);
    expect((await t.db.query<{ x: string }>(`SELECT 'ещё' AS x`)).rows[0]!.x).toBe('ещё');
  });

  it('refuses an answer cut short', () => {
    // DataRow: 'D', length 4 + 2 + 4 + 5, one field of five bytes; given without its last two.
    const whole = new Uint8Array([0x44, 0, 0, 0, 15, 0, 1, 0, 0, 0, 5, 104, 101, 108, 108, 111]);
    expect(readDataRows(whole).map((r) => r.map(text))).toEqual([['hello']]);
    expect(() => readDataRows(whole.subarray(0, whole.length - 2))).toThrow(/cut short/);
    expect(() => readDataRows(whole.subarray(0, 3))).toThrow(/cut short/);
  });
});

describe('the pull built from bytes', () => {
  let school: string;
  beforeAll(async () => {
    school = await seedFixtureSchool(t.db);
    const changes: EntityChange[] = [];
    for (let i = 0; i < 700; i++) {
      changes.push({ part: 'journal/y2026/c5a', kind: 'mark', id: `y2026.c5a.mb${i}`, data: { id: `y2026.c5a.mb${i}`, lessonId: 'y2026.c5a.l1', studentId: 's1', value: 2 + (i % 4), weight: 1, comment: `Ёлка ${'ж'.repeat(i % 5)} 🦔 «${i}»` } });
    }
    await writeEntitiesTx(t.db, school, changes);
    // A deletion and a change: a tombstone and a row that moved to a later seq.
    await writeEntitiesTx(t.db, school, [
      { part: 'journal/y2026/c5a', kind: 'mark', id: 'y2026.c5a.mb3', data: null },
      { part: 'journal/y2026/c5a', kind: 'mark', id: 'y2026.c5a.mb4', data: { id: 'y2026.c5a.mb4', lessonId: 'y2026.c5a.l1', studentId: 's1', value: 5, weight: 2 } },
    ]);
  });

  it('gives every page as the strings would, byte for byte (rows, sums, cursors, hashes)', async () => {
    const strings = withoutBytes(t.db);
    let since = '0';
    let pages = 0;
    for (;;) {
      const fromBytes = await pullPage(t.db, school, since, 97);
      const fromStrings = await pullPage(strings, school, since, 97);
      expect(fromBytes.rows).toBe(fromStrings.rows);
      expect(bodyOf(fromBytes).equals(bodyOf(fromStrings))).toBe(true);
      const page = JSON.parse(bodyOf(fromBytes).toString('utf8')) as { cursor: string; more: boolean; rows: unknown[] };
      expect(page.rows).toHaveLength(fromBytes.rows);
      pages++;
      if (!page.more) break;
      since = page.cursor;
    }
    expect(pages).toBeGreaterThan(5);
    // A page limited by bytes (the loop that asks again for fewer rows) is the same too, once the
    // school's average row size (which sets the first guess of a page's rows) is that of these pages.
    await pullPage(t.db, school, '0', 500, 20_000);
    const small = await pullPage(t.db, school, '0', 500, 20_000);
    expect(bodyOf(small).equals(bodyOf(await pullPage(strings, school, '0', 500, 20_000)))).toBe(true);
    expect(bodyOf(small).length).toBeLessThan(25_000);
  });

  it('gives a partition snapshot as the strings would, and an empty one', async () => {
    for (const key of ['journal/y2026/c5a', 'journal/y2026/none']) {
      const a = await partitionSnapshot(t.db, school, key);
      const b = await partitionSnapshot(withoutBytes(t.db), school, key);
      expect(a.rows).toBe(b.rows);
      expect(bodyOf(a).equals(bodyOf(b))).toBe(true);
    }
    expect((await partitionSnapshot(t.db, school, 'journal/y2026/c5a')).rows).toBeGreaterThan(700);
  });
});
