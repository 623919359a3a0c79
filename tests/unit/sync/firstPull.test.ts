/**
 * A school's first pull prepared ahead (central/firstPull.ts): a new workstation's pull is answered
 * with the stored pages, and ends equal to the server even when the school changed after they were
 * built; stored pages are not given once the school's epoch or purge point moved, nor to a request
 * they do not answer. And a chain of pulls that began after a purge is not told its cursor is too
 * old (it never saw the purged entities). Over HTTP, on PGlite and on PostgreSQL.
 */
import { brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Db } from '../../../central/db.js';
import { addMarks, purgeTombstones } from '../../../central/demo.js';
import { listEntities } from '../../../central/entities.js';
import { firstPullNeedsPreparing, prepareAfterChange, prepareAllFirstPulls, prepareFirstPull, prepareReport, preparedPull, storedPage, PREPARE_MIN_ROWS, type PreparedPull } from '../../../central/firstPull.js';
import { enroll, getSchool, issueCode } from '../../../central/schools.js';
import { classPartition, journalPartition } from '../../../electron/contract/sync/kinds.js';
import { LIMITS, PROTOCOL_VERSION, START_CURSOR, formatCursor, parseCursor } from '../../../electron/contract/sync/protocol.js';
import { partitionHash } from '../../../electron/core/sync/apply.js';
import { DB_KINDS, PG_SKIP_NOTE, skipDb, seedFixtureSchool, serverHashes, useCentral, workstation, type TestDb, type Workstation } from './helpers.js';

/** The workstation's replica equals the server's: every partition's hash, and the marks of both classes one by one. */
async function expectSameAsServer(db: TestDb['db'], schoolId: string, w: Workstation): Promise<void> {
  const hashes = await serverHashes(db, schoolId);
  for (const c of ['c5a', 'c9b']) {
    const j = await w.t.app.core.store.journal('y2026', c);
    expect(j.syncMeta?.hash).toBe(hashes[journalPartition('y2026', c)]);
    const server = await listEntities(db, schoolId, journalPartition('y2026', c), 'mark');
    expect(new Map(j.marks.map((m) => [m.id, m.value]))).toEqual(new Map(server.map((m) => [String(m.id), m.value])));
    expect(partitionHash(await w.t.app.core.store.classData(c), 'class').hash).toBe(hashes[classPartition(c)]);
  }
}

/** A school of a few hundred rows, so that pages of 25 rows make a chain of them. */
async function schoolWithMarks(db: TestDb['db']): Promise<string> {
  const schoolId = await seedFixtureSchool(db);
  await addMarks(db, schoolId, { count: 120, seed: 3, classId: 'c5a' });
  await addMarks(db, schoolId, { count: 80, seed: 4, classId: 'c9b' });
  return schoolId;
}

const PAGE_ROWS = 25;

describe.each(DB_KINDS)('first pull prepared ahead on %s', (kind) => {
  if (skipDb(kind)) {
    it.skip(`${PG_SKIP_NOTE} the first-pull tests against it`, () => undefined);
    return;
  }
  const env = useCentral(kind);

  /** A pull request as a workstation makes it, with its own token; the body as fetch gives it (decompressed). */
  async function pull(schoolId: string, since: string, encoding = 'br, gzip', limit: number = LIMITS.maxPullLimit): Promise<{ status: number; encoding: string | null; body: Buffer }> {
    const { token } = await enroll(env.t.db, { code: (await issueCode(env.t.db, schoolId)).code, workstationId: `probe-${Math.random().toString(36).slice(2, 8)}` });
    const res = await fetch(`${env.central.url}/v1/pull?school=${schoolId}&since=${encodeURIComponent(since)}&limit=${limit}`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': encoding } });
    return { status: res.status, encoding: res.headers.get('content-encoding'), body: Buffer.from(await res.arrayBuffer()) };
  }

  /** A stored page's answer, decompressed (fetch gives the body decompressed). */
  async function storedBody(schoolId: string, fromSeq: number): Promise<Buffer> {
    const r = await env.t.db.query<{ body: Uint8Array }>(`SELECT body FROM first_pull_pages WHERE school_id = $1 AND from_seq = $2`, [schoolId, String(fromSeq)]);
    return brotliDecompressSync(r.rows[0]!.body);
  }

  it('stores the pages of a first pull but the last, and answers a pull from each stored cursor with its bytes', async () => {
    const schoolId = await schoolWithMarks(env.t.db);
    const school = (await getSchool(env.t.db, schoolId))!;
    const r = await prepareFirstPull(env.t.db, schoolId, { force: true, pageRows: PAGE_ROWS });
    expect(r.prepared).toBe(true);
    // Every row but those of the last page (read live, with the school's hashes).
    expect(r.pages).toBe(Math.ceil(school.seq / PAGE_ROWS) - 1);
    expect(r.rows).toBe(r.pages * PAGE_ROWS);
    const stored = (await preparedPull(env.t.db, schoolId))!;
    expect(stored).toMatchObject({ epoch: school.epoch, purgedSeq: 0, protocol: PROTOCOL_VERSION, pages: r.pages, rows: r.rows, preparedSeq: school.seq });

    // The first page: the stored answer, brotli.
    const first = await pull(schoolId, START_CURSOR);
    expect(first.status).toBe(200);
    expect(first.encoding).toBe('br');
    expect(first.body.equals(await storedBody(schoolId, 0))).toBe(true);
    const page = JSON.parse(first.body.toString('utf8')) as { cursor: string; more: boolean; rows: unknown[] };
    expect(page.more).toBe(true);
    expect(page.rows).toHaveLength(PAGE_ROWS);
    // The next one, from the cursor the first gave.
    const second = await pull(schoolId, page.cursor);
    expect(second.body.equals(await storedBody(schoolId, parseCursor(page.cursor)!.seq))).toBe(true);

    // A workstation's whole first pull ends equal to the server.
    const w = await workstation(env.t.db, schoolId, env.central.url);
    const s = await w.engine.syncNow();
    expect(s.pulled).toBe(school.seq);
    expect(s.repaired).toEqual([]);
    await expectSameAsServer(env.t.db, schoolId, w);
  });

  it('a workstation that pulls the stored pages after the school changed ends with the school as it is now', async () => {
    const schoolId = await schoolWithMarks(env.t.db);
    await prepareFirstPull(env.t.db, schoolId, { force: true, pageRows: PAGE_ROWS });
    // After the pages were read: marks changed and deleted (their older versions are in the stored
    // pages), and new ones added.
    const changed = await addMarks(env.t.db, schoolId, { count: 7, changed: 20, deleted: 15, seed: 11, classId: 'c5a' });
    expect(changed.changed + changed.deleted).toBe(35);
    await addMarks(env.t.db, schoolId, { count: 3, changed: 5, deleted: 5, seed: 12, classId: 'c9b' });
    // The stored first page is still given.
    expect((await pull(schoolId, START_CURSOR)).body.equals(await storedBody(schoolId, 0))).toBe(true);

    const w = await workstation(env.t.db, schoolId, env.central.url, { engine: { pullLimit: PAGE_ROWS } });
    const s = await w.engine.syncNow();
    expect(s.repaired).toEqual([]);
    expect(s.reset).toBe(false);
    await expectSameAsServer(env.t.db, schoolId, w);
  });

  it('gives no stored page after a new epoch or a purge, nor to a request it does not answer', async () => {
    const schoolId = await schoolWithMarks(env.t.db);
    await prepareFirstPull(env.t.db, schoolId, { force: true, pageRows: PAGE_ROWS });
    const req = { schoolId, since: START_CURSOR, limit: LIMITS.maxPullLimit, maxBytes: LIMITS.maxPageBytes, encoding: 'br' as const };
    expect(await storedPage(env.t.db, req)).not.toBeNull();
    // Another encoding, fewer rows or bytes than the page has: answered live.
    expect(await storedPage(env.t.db, { ...req, encoding: 'gzip' })).toBeNull();
    expect(await storedPage(env.t.db, { ...req, encoding: null })).toBeNull();
    expect(await storedPage(env.t.db, { ...req, limit: PAGE_ROWS - 1 })).toBeNull();
    expect(await storedPage(env.t.db, { ...req, maxBytes: 100 })).toBeNull();
    const gz = await pull(schoolId, START_CURSOR, 'gzip');
    expect(gz.encoding).toBe('gzip');
    // A cursor between two stored pages is read live.
    const school = (await getSchool(env.t.db, schoolId))!;
    expect(await storedPage(env.t.db, { ...req, since: formatCursor(school.epoch, PAGE_ROWS + 1) })).toBeNull();
    expect(await storedPage(env.t.db, { ...req, since: formatCursor(school.epoch, PAGE_ROWS) })).not.toBeNull();

    // Tombstones purged: the stored pages are not given; prepared again, they are.
    await addMarks(env.t.db, schoolId, { count: 0, deleted: 4, seed: 8, classId: 'c5a' });
    await env.t.db.query(`UPDATE entities SET changed_at = now() - interval '2 days' WHERE school_id = $1 AND NOT live`, [schoolId]);
    expect((await purgeTombstones(env.t.db, schoolId, 1)).purged).toBe(4);
    expect(await storedPage(env.t.db, req)).toBeNull();
    await prepareFirstPull(env.t.db, schoolId, { force: true, pageRows: PAGE_ROWS });
    expect(await storedPage(env.t.db, req)).not.toBeNull();

    // A new epoch (the log rebuilt): not given.
    await env.t.db.query(`UPDATE schools SET epoch = 'rebuilt' WHERE id = $1`, [schoolId]);
    expect(await storedPage(env.t.db, req)).toBeNull();
    const w = await workstation(env.t.db, schoolId, env.central.url);
    expect((await w.engine.syncNow()).repaired).toEqual([]);
    await expectSameAsServer(env.t.db, schoolId, w);
  });

  it('at start, the server prepares the schools the rule asks for, and logs counts only', async () => {
    const a = await schoolWithMarks(env.t.db);
    const b = await schoolWithMarks(env.t.db);
    await prepareFirstPull(env.t.db, b, { force: true, pageRows: PAGE_ROWS });
    const lines: string[] = [];
    const minRows = (await getSchool(env.t.db, a))!.seq;
    await prepareAllFirstPulls(env.t.db, (l) => lines.push(l), { pageRows: PAGE_ROWS, minRows });
    // `a` had nothing stored; `b` was prepared and has not moved since. Other schools of this
    // database (other tests) may be prepared as well.
    expect(lines.some((l) => l.startsWith(`школа ${a}: Первая синхронизация рабочих мест подготовлена:`))).toBe(true);
    expect(lines.some((l) => l.startsWith(`школа ${b}:`))).toBe(false);
    expect(lines.join('\n')).not.toMatch(/Ёлкин|Иван/);
    expect((await preparedPull(env.t.db, a))?.pages).toBeGreaterThan(0);
  });

  it('a first pull that begins after tombstones were purged goes through in pages, where an older cursor is reset', async () => {
    const schoolId = await schoolWithMarks(env.t.db);
    const old = await workstation(env.t.db, schoolId, env.central.url, { engine: { pullLimit: PAGE_ROWS } });
    await old.engine.syncNow();
    // Deletes while the old workstation is away, then the tombstones are purged.
    await addMarks(env.t.db, schoolId, { count: 0, deleted: 6, seed: 9, classId: 'c5a' });
    await env.t.db.query(`UPDATE entities SET changed_at = now() - interval '2 days' WHERE school_id = $1 AND NOT live`, [schoolId]);
    const purged = await purgeTombstones(env.t.db, schoolId, 1);
    expect(purged.purged).toBe(6);

    // A new workstation's pages end below the purge point: its chain began after the purge, so its
    // cursors are not too old (before the fix: reset twice, and the sync failed).
    const fresh = await workstation(env.t.db, schoolId, env.central.url, { engine: { pullLimit: PAGE_ROWS } });
    const s = await fresh.engine.syncNow();
    expect(s.reset).toBe(false);
    expect(s.repaired).toEqual([]);
    await expectSameAsServer(env.t.db, schoolId, fresh);

    // The old workstation's cursor is below the purge point and older than it: reset, then right.
    const r = await old.engine.syncNow();
    expect(r.reset).toBe(true);
    await expectSameAsServer(env.t.db, schoolId, old);
  });
});

describe('the reference server’s cursor', () => {
  it.each([
    ['a chain begun before any purge: epoch and seq', 'ab12', 184311, 0, 'ab12.184311'],
    ['a chain begun after a purge carries its purge point', 'ab12', 20000, 1500000, 'ab12.20000.1500000'],
  ])('%s', (_name, epoch, seq, purged, text) => {
    expect(formatCursor(epoch, seq, purged)).toBe(text);
    expect(parseCursor(text)).toEqual({ epoch, seq, purged });
  });

  it.each(['', '0', 'ab12', 'ab12.', 'ab12.x', 'ab12.1.', 'ab12.1.2.3', 'a b.1', 'ab12.-1', 'ab12.1234567890123456'])('«%s» is not a cursor', (text) => {
    expect(parseCursor(text)).toBeNull();
  });
});

describe('when a first pull is prepared (the rule)', () => {
  const school = { epoch: 'e1', seq: 1_000_000, purgedSeq: 10 };
  const stored: PreparedPull = { epoch: 'e1', purgedSeq: 10, protocol: PROTOCOL_VERSION, pages: 50, rows: 990_000, preparedSeq: 1_000_000 };
  it.each([
    ['a small school: never', { ...school, seq: PREPARE_MIN_ROWS - 1 }, null, false],
    ['nothing stored: yes', school, null, true],
    ['stored under another epoch: yes', school, { ...stored, epoch: 'e0' }, true],
    ['stored under another purge point: yes', school, { ...stored, purgedSeq: 0 }, true],
    ['stored in another protocol version: yes', school, { ...stored, protocol: PROTOCOL_VERSION + 1 }, true],
    ['stored and the log unchanged since: no', school, stored, false],
    ['a week of changes since (1 % of the rows): no', { ...school, seq: 1_010_000 }, stored, false],
    ['the log moved by a tenth of the rows exactly: no', { ...school, seq: 1_099_000 }, stored, false],
    ['the log moved by more than a tenth of the rows: yes', { ...school, seq: 1_099_001 }, stored, true],
  ] as const)('%s', (_name, s, st, expected) => {
    expect(firstPullNeedsPreparing(s, st)).toBe(expected);
  });

  it('a preparation that fails after an import is told, and does not fail the import that went in', async () => {
    const broken = { kind: 'pglite', inMemory: true, query: () => Promise.reject(new Error('connection lost')), tx: () => Promise.reject(new Error('connection lost')), close: async () => undefined } as unknown as Db;
    const r = await prepareAfterChange(broken, 'sch1');
    expect(r.result).toBeNull();
    expect(r.line).toBe('Первая синхронизация рабочих мест не подготовлена (ошибка базы данных): рабочие места получат данные обычным порядком, подготовка будет повторена при следующем запуске сервера.');
  });

  it('is reported in Russian, with counts only', () => {
    expect(prepareReport({ prepared: true, pages: 86, rows: 1_720_000, bytes: 17_800_000, ms: 9400 })).toBe('Первая синхронизация рабочих мест подготовлена: 86 стр., 1\u00a0720\u00a0000 записей, 17,8 МБ, 9,4 с.');
    expect(prepareReport({ prepared: false, pages: 0, rows: 0, bytes: 0, ms: 3, skipped: 'подготовленные страницы ещё годны' })).toBe('Первая синхронизация рабочих мест не подготавливалась: подготовленные страницы ещё годны.');
  });
});
