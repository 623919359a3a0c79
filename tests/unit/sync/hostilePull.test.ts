/**
 * A hostile or broken central system (issue 15, point 4): a pull page without checksums, with an
 * entity that fails its schema, with an extra field, or a last page without the school's hashes is
 * refused whole — nothing of it (nor of the rest of that pull) is written, the replica's partition
 * hashes and cursor are what they were — the sync status says why in Russian (no child's data),
 * and the audit log records it. The real central server on PGlite; the transport between it and
 * the workstation rewrites its pages.
 */
import { describe, expect, it } from 'vitest';
import { sumsOf } from './pageSums.js';
import { canonicalJson } from '../../../electron/contract/sync/hash.js';
import { writeEntitiesTx } from '../../../central/entities.js';
import { partitionHash } from '../../../electron/core/sync/apply.js';
import { PULL_REFUSED } from '../../../electron/core/sync/engine.js';
import { classPartition, journalPartition } from '../../../electron/contract/sync/kinds.js';
import type { PullRow } from '../../../electron/contract/sync/protocol.js';
import { fetchTransport, type SyncTransport } from '../../../electron/core/sync/transport.js';
import { seedFixtureSchool, useCentral, workstation, type Workstation } from './helpers.js';

interface Page {
  v: number;
  cursor: string;
  to: number;
  head: number;
  more: boolean;
  rows: PullRow[];
  sums?: Record<string, { hash: string; count: number }>;
  hashes?: Record<string, { hash: string; count: number }>;
}


/** A page written the way the reference server writes it: one row per line, canonical data. */
function pageText(p: Page): string {
  const rows = p.rows.map(([kind, id, part, seq, data]) => `["${kind}","${id}","${part}",${seq},${data === null ? 'null' : canonicalJson(data)}]`).join(',\n');
  return (
    `{"v":${p.v},"cursor":"${p.cursor}","to":${p.to},"head":${p.head},"more":${p.more},"rows":[\n${rows}\n]` +
    (p.sums ? `,"sums":${JSON.stringify(p.sums)}` : '') +
    (p.hashes ? `,"hashes":${JSON.stringify(p.hashes)}` : '') +
    '}'
  );
}

/** Fetch, with the pull pages rewritten by `tamper.page` while it is set (`n`: the page's number in this pull, from 1). */
function hostileTransport(tamper: { page: ((p: Page, n: number) => Page) | null; seen: number }): SyncTransport {
  const inner = fetchTransport();
  return {
    async request(req) {
      // The pages are rewritten here, so they come decompressed.
      const res = await inner.request({ ...req, keepCompressed: false });
      if (!tamper.page || !req.url.includes('/v1/pull') || res.status !== 200) return res;
      const parsed = JSON.parse(Buffer.from(res.body).toString('utf8')) as Page | { reset: unknown };
      if ('reset' in parsed) return res;
      const body = Buffer.from(pageText(tamper.page(parsed, ++tamper.seen)), 'utf8');
      return { ...res, body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength) };
    },
  };
}

/** Everything a pull could change: the hash of every partition of the replica, and the cursor. */
async function replicaState(w: Workstation): Promise<Record<string, unknown>> {
  const store = w.t.app.core.store;
  const school = await store.school();
  return {
    school: partitionHash(school, 'school'),
    [classPartition('c5a')]: partitionHash(await store.classData('c5a'), 'class'),
    [classPartition('c9b')]: partitionHash(await store.classData('c9b'), 'class'),
    [journalPartition('y2026', 'c5a')]: partitionHash(await store.journal('y2026', 'c5a'), 'journal'),
    cursor: school.sync?.cursor,
    cursorSeq: school.sync?.cursorSeq,
  };
}

const isMark = (r: PullRow) => r[0] === 'mark' && r[4] !== null;
const withMark = (p: Page, change: (data: Record<string, unknown>) => Record<string, unknown>, sums: 'recompute' | 'keep' = 'recompute'): Page => {
  let done = false;
  const rows = p.rows.map((r): PullRow => {
    if (done || !isMark(r)) return r;
    done = true;
    return [r[0], r[1], r[2], r[3], change({ ...r[4]! })];
  });
  expect(done).toBe(true);
  return { ...p, rows, ...(sums === 'recompute' ? { sums: sumsOf(rows) } : {}) };
};

describe('pull pages from a hostile central system', () => {
  const env = useCentral('pglite');

  const CASES: Array<{ name: string; page: (p: Page, n: number) => Page; reason: RegExp; problem: string; pullLimit?: number }> = [
    {
      name: 'a page without checksums',
      page: (p) => {
        const { sums: _sums, ...rest } = p;
        return rest;
      },
      reason: /страница изменений пришла без контрольных сумм разделов/,
      problem: 'no_sums',
    },
    {
      name: 'a mark that fails its schema (value 9), with checksums that match it',
      page: (p) => withMark(p, (m) => ({ ...m, value: 9 })),
      reason: /запись вида «отметки» не соответствует схеме данных \(поле «value»\)/,
      problem: 'schema',
    },
    {
      name: 'a mark with an extra field, on the second page of the pull (the first one is valid)',
      page: (p, n) => (n === 2 ? withMark(p, (m) => ({ ...m, comment: 'лишнее' })) : p),
      reason: /в записи вида «отметки» лишнее поле «comment»/,
      problem: 'extra_field',
      pullLimit: 2,
    },
    {
      name: 'a changed value under the honest checksums',
      page: (p) => withMark(p, (m) => ({ ...m, value: m.value === 5 ? 4 : 5 }), 'keep'),
      reason: /контрольная сумма раздела «journal\/y2026\/c5a» не совпадает с присланными данными/,
      problem: 'sum_mismatch',
    },
    {
      name: 'the last page without the school’s partition hashes',
      page: (p) => {
        const { hashes: _hashes, ...rest } = p;
        return rest;
      },
      reason: /последняя страница изменений пришла без хешей разделов школы/,
      problem: 'no_hashes',
    },
  ];

  it.each(CASES)('refuses $name: nothing applied, the status says why, the audit log records it', async (c) => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const tamper: { page: ((p: Page, n: number) => Page) | null; seen: number } = { page: null, seen: 0 };
    const w = await workstation(env.t.db, schoolId, env.central.url, { engine: { transport: hostileTransport(tamper) } });
    await w.engine.syncNow();

    // The central system changes marks of 5А and a guardian's address.
    const changed = [1, 2, 3].map((i) => ({ part: journalPartition('y2026', 'c5a'), kind: 'mark', id: `y2026.c5a.m${i}.s1`, data: { id: `y2026.c5a.m${i}.s1`, lessonId: `y2026.c5a.l${i}`, studentId: 's1', value: 5, weight: 2 } }));
    const guardian = (await w.t.app.core.store.classData('c5a')).guardians[0]!;
    await writeEntitiesTx(env.t.db, schoolId, [...changed, { part: classPartition('c5a'), kind: 'guardian', id: guardian.id, data: { ...guardian, address: 'г. Новый, ул. Другая, д. 2' } }]);

    const before = await replicaState(w);
    const auditBefore = (await w.t.app.core.audit.all()).length;
    if (c.pullLimit) w.engine.configure({ pullLimit: c.pullLimit });
    tamper.page = c.page;
    tamper.seen = 0;
    await expect(w.engine.syncNow()).rejects.toThrow(c.reason);
    if (c.pullLimit) expect(tamper.seen).toBe(2);
    expect(await replicaState(w)).toEqual(before);

    // The status (the engine's, and the sync page's as the administrator sees it) says why.
    const status = await w.engine.status();
    expect(status.lastError?.kind).toBe('server');
    expect(status.lastError?.message).toMatch(c.reason);
    const admin = await w.t.as('admin');
    const shown = await admin.sync.status({});
    expect(shown.lastError).toMatch(c.reason);
    expect(shown.lastError).toMatch(/^Данные от центральной системы не приняты: .*Из них ничего не записано/);
    expect(shown.lastError).not.toContain(guardian.lastName);
    expect(shown.lastError).not.toContain('y2026.c5a.m1');

    // The audit log: one entry, without ids or data; a retry with the same problem adds none.
    const refused = (await w.t.app.core.audit.all()).slice(auditBefore).filter((e) => e.action === PULL_REFUSED);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.details?.problem).toBe(c.problem);
    expect(refused[0]!.recordIds).toEqual([]);
    expect(JSON.stringify(refused[0])).not.toMatch(/y2026\.c5a\.m|Другая/);
    const refusals = async () => (await w.t.app.core.audit.all()).filter((e) => e.action === PULL_REFUSED).length;
    const recorded = await refusals();
    tamper.seen = 0;
    await expect(w.engine.syncNow()).rejects.toThrow(c.reason);
    expect(await refusals()).toBe(recorded);
    expect(await replicaState(w)).toEqual(before);

    // The honest central system again: the same changes arrive, and the replica agrees with it.
    tamper.page = null;
    const r = await w.engine.syncNow();
    expect(r.repaired).toEqual([]);
    const j = await w.t.app.core.store.journal('y2026', 'c5a');
    expect(j.marks.filter((m) => changed.some((x) => x.id === m.id)).map((m) => [m.value, m.weight])).toEqual([
      [5, 2],
      [5, 2],
      [5, 2],
    ]);
    expect((await w.t.app.core.store.classData('c5a')).guardians.find((g) => g.id === guardian.id)?.address).toBe('г. Новый, ул. Другая, д. 2');
    expect((await w.engine.status()).lastError).toBeUndefined();
  });
});
