/**
 * The sync protocol end to end over HTTP on 127.0.0.1: a central server on PGlite (and on
 * PostgreSQL when EZHD_TEST_PG_URL is set) and workstations running the real engine.
 */
import { describe, expect, it } from 'vitest';
import { addMarks, purgeTombstones } from '../../../central/demo.js';
import { listEntities } from '../../../central/entities.js';
import { issueCode } from '../../../central/schools.js';
import { partitionHash } from '../../../electron/core/sync/apply.js';
import { classPartition, journalPartition } from '../../../electron/contract/sync/kinds.js';
import { DB_KINDS, PG_SKIP_NOTE, skipDb, pendingOf, registerConsent, seedFixtureSchool, serverHashes, useCentral, workstation } from './helpers.js';

describe.each(DB_KINDS)('sync protocol on %s', (kind) => {
  if (skipDb(kind)) {
    it.skip(`${PG_SKIP_NOTE} the protocol tests against it`, () => undefined);
    return;
  }
  const env = useCentral(kind);

  it('enrols with a one-time code, pulls the journal, and agrees with the server on every partition hash', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const w = await workstation(env.t.db, schoolId, env.central.url);
    const before = await w.engine.status();
    expect(before.enrolled).toBe(true);
    expect(before.schoolName).toContain('Средняя школа');

    const r = await w.engine.syncNow();
    expect(r.pulled).toBeGreaterThan(20);
    expect(r.repaired).toEqual([]);
    const j = await w.t.app.core.store.journal('y2026', 'c5a');
    expect(j.marks).toHaveLength(18);
    expect(j.lessons).toHaveLength(6);
    const hashes = await serverHashes(env.t.db, schoolId);
    expect(j.syncMeta?.hash).toBe(hashes[journalPartition('y2026', 'c5a')]);
    expect(partitionHash(await w.t.app.core.store.classData('c5a'), 'class').hash).toBe(hashes[classPartition('c5a')]);
    const s = await w.engine.status();
    expect(s.online).toBe(true);
    expect(s.lastSyncAt).toBeDefined();
    expect(s.initialPullDone).toBe(true);

    // The code is spent: a second workstation cannot use it.
    const res = await fetch(`${env.central.url}/v1/enroll`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ v: 1, code: 'AAAA-BBBB-CCCC', workstationId: 'wsx' }) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('code_invalid');
  });

  it('a bare workstation gets the whole school from the central system', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const w = await workstation(env.t.db, schoolId, env.central.url, { bare: true });
    await w.engine.syncNow();
    const school = await w.t.app.core.store.school();
    expect(school.classes.map((c) => c.id).sort()).toEqual(['c5a', 'c9b']);
    expect(school.subjects).toHaveLength(2);
    const c5a = await w.t.app.core.store.classData('c5a');
    expect(c5a.students.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
  });

  it('pushes a consent exactly once and a second workstation pulls it', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url);
    const b = await workstation(env.t.db, schoolId, env.central.url);
    const doc = await registerConsent(a);
    expect(await pendingOf(a)).toBe(1);
    const r = await a.engine.syncNow();
    expect(r.accepted).toBe(1);
    expect(await pendingOf(a)).toBe(0);
    const onServer = await listEntities(env.t.db, schoolId, classPartition('c5a'), 'document');
    expect(onServer.map((d) => d.id)).toEqual([doc.id]);

    await b.engine.syncNow();
    const docs = (await b.t.app.core.store.classData('c5a')).documents;
    expect(docs.map((d) => d.id)).toEqual([doc.id]);
    expect(docs[0]).toEqual(doc);

    // A's own document came back in the pull: still exactly one.
    await a.engine.syncNow();
    expect((await a.t.app.core.store.classData('c5a')).documents.filter((d) => d.id === doc.id)).toHaveLength(1);
  });

  it('answers a repeated push with the first answer, and a reused id with other content with a rejection', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url);
    const doc = await registerConsent(a);
    const m = (await a.t.app.core.store.classData('c5a')).mutations[0]!;
    const token = (await a.t.app.core.store.school()).sync!.token;
    const push = (payload: unknown) =>
      fetch(`${env.central.url}/v1/push`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ v: 1, schoolId, workstationId: a.id, mutations: [{ id: m.id, seq: m.seq, kind: m.kind, classId: 'c5a', payload, hlc: m.hlc, author: m.author, createdAt: m.createdAt }] }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { results: Array<Record<string, unknown>>; maxSeq: number } }));
    const first = await push(doc);
    expect(first.status).toBe(200);
    expect(first.body.results[0]).toMatchObject({ id: m.id, status: 'accepted' });
    const again = await push(doc);
    expect(again.body.results[0]).toMatchObject({ id: m.id, status: 'duplicate', first: { status: 'accepted', seq: first.body.results[0]!.seq } });
    const other = await push({ ...doc, signedOn: '2026-11-18' });
    expect(other.body.results[0]).toMatchObject({ status: 'rejected' });
    expect(String(other.body.results[0]!.reason)).toMatch(/уже использован/);
    expect(again.body.maxSeq).toBe(m.seq);
    expect(await listEntities(env.t.db, schoolId, classPartition('c5a'), 'document')).toHaveLength(1);

    // The engine then sends it too (its answer was lost, as it were): a duplicate, removed.
    const r = await a.engine.syncNow();
    expect(r.accepted).toBe(1);
    expect(await pendingOf(a)).toBe(0);
  });

  it('shows a rejected change with its reason, never blocks the others, and never sends invalid ones', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url);
    // A student the central system does not know (added on this workstation only).
    await a.t.app.core.store.updateClass('c5a', (d) => {
      d.students.push({ id: 's99', classId: 'c5a', lastName: 'Новиков', firstName: 'Лев', birthDate: '2015-01-01', gender: 'm', enrolledOn: '2026-09-01' });
      d.guardians.push({ id: 'g99', lastName: 'Новикова', firstName: 'Ольга', relation: 'мать', studentIds: ['s99'] });
    });
    const bad = await registerConsent(a, { studentId: 's99', guardianId: 'g99' });
    const good = await registerConsent(a);
    const hacked = await registerConsent(a, { studentId: 's2', guardianId: 'g2', author: 'u_office' });
    await a.t.app.core.store.updateClass('c5a', (d) => {
      for (const m of d.mutations) if ((m.payload as { id: string }).id === hacked.id) m.invalid = true;
    });
    const r = await a.engine.syncNow();
    expect(r).toMatchObject({ pushed: 2, accepted: 1, rejected: 1 });
    const data = await a.t.app.core.store.classData('c5a');
    const rejected = data.mutations.find((m) => (m.payload as { id: string }).id === bad.id)!;
    expect(rejected.rejected?.reason).toMatch(/Ученик не найден/);
    expect(data.mutations.find((m) => (m.payload as { id: string }).id === hacked.id)?.invalid).toBe(true);
    expect(data.mutations.some((m) => (m.payload as { id: string }).id === good.id)).toBe(false);
    // The rejected and the invalid documents stay on this workstation; the server has only the good one.
    expect(data.documents.map((d) => d.id).sort()).toEqual([bad.id, good.id, hacked.id].sort());
    expect((await listEntities(env.t.db, schoolId, classPartition('c5a'), 'document')).map((d) => d.id)).toEqual([good.id]);
    const sent = await env.t.db.query<{ seq: unknown }>(`SELECT seq FROM mutations WHERE school_id = $1`, [schoolId]);
    expect(sent.rows).toHaveLength(2);

    // Nothing is sent again: the rejected one has its answer, the invalid one is never sent.
    const again = await a.engine.syncNow();
    expect(again.pushed).toBe(0);
    expect(again.repaired).toEqual([]);
  });

  it('pulls new, changed and deleted marks (tombstones) and resets after tombstones are purged', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url);
    await a.engine.syncNow();
    const added = await addMarks(env.t.db, schoolId, { count: 40, changed: 5, deleted: 4, seed: 7, classId: 'c5a' });
    expect(added.deleted).toBe(4);
    const r = await a.engine.syncNow();
    expect(r.pulled).toBe(49);
    const server = await listEntities(env.t.db, schoolId, journalPartition('y2026', 'c5a'), 'mark');
    const local = (await a.t.app.core.store.journal('y2026', 'c5a')).marks;
    expect(local.map((m) => m.id).sort()).toEqual(server.map((m) => String(m.id)).sort());
    expect(new Map(local.map((m) => [m.id, m.value]))).toEqual(new Map(server.map((m) => [String(m.id), m.value])));

    // Deletes while this workstation is away, then the tombstones are purged: its cursor is too old.
    await addMarks(env.t.db, schoolId, { count: 0, deleted: 3, seed: 8, classId: 'c5a' });
    await env.t.db.query(`UPDATE entities SET changed_at = now() - interval '2 days' WHERE school_id = $1 AND NOT live`, [schoolId]);
    const purged = await purgeTombstones(env.t.db, schoolId, 1);
    expect(purged.purged).toBe(7);
    const r2 = await a.engine.syncNow();
    expect(r2.reset).toBe(true);
    const after = (await a.t.app.core.store.journal('y2026', 'c5a')).marks;
    const server2 = await listEntities(env.t.db, schoolId, journalPartition('y2026', 'c5a'), 'mark');
    expect(after.map((m) => m.id).sort()).toEqual(server2.map((m) => String(m.id)).sort());
  });

  it('detects a partition that differs from the server by its hash and repairs it', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url);
    await a.engine.syncNow();
    // Damage behind sync's back: a mark lost, another changed, a stranger added.
    await a.t.app.core.store.updateJournal('y2026', 'c5a', (d) => {
      d.marks = d.marks.slice(1);
      d.marks[0] = { ...d.marks[0]!, value: 1 };
      d.lessons.push({ id: 'ghost', subjectId: 'math', teacherId: 't1', date: '2026-10-01', lessonNo: 2, topic: 'ghost', type: 'урок' });
      delete d.syncMeta;
    });
    await a.t.app.core.store.updateClass('c9b', (d) => {
      d.guardians = [];
    });
    // A new engine (the app restarted) does not trust what it has not checked.
    const { SyncEngine } = await import('../../../electron/core/sync/engine.js');
    const fresh = new SyncEngine(a.t.app.core, { ...a.engine.options });
    const r = await fresh.syncNow();
    expect(r.repaired.sort()).toEqual([classPartition('c9b'), journalPartition('y2026', 'c5a')]);
    const hashes = await serverHashes(env.t.db, schoolId);
    expect(partitionHash(await a.t.app.core.store.journal('y2026', 'c5a'), 'journal').hash).toBe(hashes[journalPartition('y2026', 'c5a')]);
    expect((await a.t.app.core.store.classData('c9b')).guardians).toHaveLength(1);
    expect((await fresh.syncNow()).repaired).toEqual([]);
  });

  it('keeps its cursor when enrolled again to the same school', async () => {
    const schoolId = await seedFixtureSchool(env.t.db);
    const a = await workstation(env.t.db, schoolId, env.central.url);
    await a.engine.syncNow();
    const cursor = (await a.t.app.core.store.school()).sync!.cursor;
    const { code } = await issueCode(env.t.db, schoolId);
    await a.engine.enroll(env.central.url, code);
    expect((await a.t.app.core.store.school()).sync!.cursor).toBe(cursor);
    expect((await a.engine.syncNow()).pulled).toBe(0);
  });
});
