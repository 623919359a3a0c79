/**
 * The next page of a pull made while the previous one travels (pullAhead.ts): given to the request
 * it was made for only while the school's change log is as the page read it, young, and asked in
 * the same way; otherwise read again. Through the server, a pull walked page by page gives the
 * pages a direct read gives, and a change between two pages is in the next one.
 */
import { brotliDecompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, seedFixtureSchool, startCentral, type TestDb } from '../tests/unit/sync/helpers.js';
import { compressParts } from './compressParts.js';
import { writeEntitiesTx, type EntityChange } from './entities.js';
import { PullAhead, pageAnswerer, type PageAnswer, type PullRequest } from './pullAhead.js';
import { pullPage } from './pull.js';
import { enroll, issueCode } from './schools.js';

let t: TestDb;
let school: string;
const mark = (i: number, value: number): EntityChange => ({
  part: 'journal/y2026/c5a',
  kind: 'mark',
  id: `y2026.c5a.pa${i}`,
  data: { id: `y2026.c5a.pa${i}`, lessonId: 'y2026.c5a.l1', studentId: 's2', value, weight: 1, comment: `Ёж ${i}` },
});

beforeAll(async () => {
  t = await openTestDb('pglite');
  school = await seedFixtureSchool(t.db);
  await writeEntitiesTx(t.db, school, Array.from({ length: 400 }, (_, i) => mark(i, 2 + (i % 4))));
});
afterAll(async () => {
  await t?.close();
});

const compress = (parts: readonly Uint8Array[], enc: 'br' | 'gzip') => compressParts(parts, enc, { brotliQuality: 1, gzipLevel: 4 });
const text = (a: PageAnswer) => (a.encoding === 'br' ? brotliDecompressSync(Buffer.concat(a.body)) : Buffer.concat(a.body)).toString('utf8');
const headOf = (a: PageAnswer) => (JSON.parse(text(a)) as { head: number }).head;

/** PullAhead over the real page reader, counting the reads. */
function counted(o: { maxAgeMs?: number; now?: () => number; fail?: () => boolean } = {}) {
  const read = pageAnswerer(t.db, compress);
  const reads: PullRequest[] = [];
  const ahead = new PullAhead(t.db, {
    ...o,
    answer: (req) => {
      reads.push(req);
      return o.fail?.() ? Promise.reject(new Error('database gone')) : read(req);
    },
  });
  return { ahead, reads };
}

const first: PullRequest = { schoolId: '', since: '0', limit: 50, maxBytes: 8 << 20, encoding: 'br' };

describe('PullAhead', () => {
  it('gives the prepared next page without reading it again, as a new read would give it', async () => {
    const { ahead, reads } = counted();
    const req = { ...first, schoolId: school };
    const a = await ahead.answer(req);
    expect(reads).toHaveLength(1);
    ahead.prepareAfter(req, a.page, true);
    expect(reads).toHaveLength(2);
    const next = { ...req, since: a.page.next! };
    const b = await ahead.answer(next);
    expect(reads).toHaveLength(2);
    expect(ahead.size).toBe(0);
    const fresh = await pullPage(t.db, school, next.since, next.limit, next.maxBytes);
    expect(text(b)).toBe(Buffer.concat(fresh.parts).toString('utf8'));
  });

  it('reads again when the school changed after the page was prepared: the change is in the page', async () => {
    const { ahead, reads } = counted();
    const req = { ...first, schoolId: school };
    const a = await ahead.answer(req);
    ahead.prepareAfter(req, a.page, true);
    const before = headOf(await (ahead as unknown as { prepared: Map<string, { answer: Promise<PageAnswer> }> }).prepared.values().next().value!.answer);
    await writeEntitiesTx(t.db, school, [mark(5, 5)]);
    const b = await ahead.answer({ ...req, since: a.page.next! });
    expect(reads).toHaveLength(3);
    expect(headOf(b)).toBe(before + 1);
  });

  it('prepares nothing while other requests are answered, after the last page, or for a reset', async () => {
    const { ahead, reads } = counted();
    const req = { ...first, schoolId: school };
    const a = await ahead.answer(req);
    ahead.prepareAfter(req, a.page, false);
    const last = await ahead.answer({ ...req, limit: 20_000 });
    expect(last.page.next).toBeUndefined();
    ahead.prepareAfter({ ...req, limit: 20_000 }, last.page, true);
    const reset = await ahead.answer({ ...req, since: 'nonsense' });
    ahead.prepareAfter({ ...req, since: 'nonsense' }, reset.page, true);
    expect(reads).toHaveLength(3);
    expect(ahead.size).toBe(0);
  });

  it('reads again for a request asked otherwise (limit, encoding), or once the prepared page is old', async () => {
    let now = 1_000_000;
    const { ahead, reads } = counted({ now: () => now, maxAgeMs: 5_000 });
    const req = { ...first, schoolId: school };
    const a = await ahead.answer(req);
    for (const other of [{ limit: 49 }, { encoding: 'gzip' as const }, {}]) {
      ahead.prepareAfter(req, a.page, true);
      if (!('limit' in other) && !('encoding' in other)) now += 5_001;
      const n = reads.length;
      const b = await ahead.answer({ ...req, ...other, since: a.page.next! });
      expect(reads).toHaveLength(n + 1);
      expect(b.encoding).toBe(other.encoding ?? 'br');
    }
  });

  it('reads again when preparing failed', async () => {
    let failing = true;
    const { ahead, reads } = counted({ fail: () => failing });
    const req = { ...first, schoolId: school };
    failing = false;
    const a = await ahead.answer(req);
    failing = true;
    ahead.prepareAfter(req, a.page, true);
    failing = false;
    const b = await ahead.answer({ ...req, since: a.page.next! });
    expect(reads).toHaveLength(3);
    expect(b.page.rows).toBe(50);
  });
});

describe('a pull through the server', () => {
  it('walked page by page gives the pages a direct read gives; a change between pages is in the next one', async () => {
    const server = await startCentral(t.db);
    try {
      const { token } = await enroll(t.db, { code: (await issueCode(t.db, school)).code, workstationId: 'ws-pull-ahead' });
      const get = async (since: string) => {
        const r = await fetch(`${server.url}/v1/pull?since=${encodeURIComponent(since)}&limit=60`, { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'br' } });
        expect(r.status).toBe(200);
        return (await r.json()) as { cursor: string; more: boolean; head: number; rows: unknown[] };
      };
      let since = '0';
      let pages = 0;
      let changed = false;
      for (;;) {
        const page = await get(since);
        pages++;
        if (pages === 3 && !changed) {
          // The next page was prepared once this one was sent; a change now must reach it.
          await new Promise((r) => setTimeout(r, 50));
          await writeEntitiesTx(t.db, school, [mark(7, 4)]);
          changed = true;
          const fresh = await pullPage(t.db, school, page.cursor, 60);
          const next = await get(page.cursor);
          expect(next).toEqual(JSON.parse(Buffer.concat(fresh.parts).toString('utf8')));
          expect(next.head).toBe(page.head + 1);
          since = next.cursor;
          pages++;
          if (!next.more) break;
          continue;
        }
        const direct = await pullPage(t.db, school, since, 60);
        expect(page).toEqual(JSON.parse(Buffer.concat(direct.parts).toString('utf8')));
        if (!page.more) break;
        since = page.cursor;
      }
      expect(pages).toBeGreaterThan(5);
    } finally {
      await server.close();
    }
  });
});
