/**
 * An imported school reaches a workstation by the ordinary pull: the same partitions as the
 * original's (nothing to repair), and the sync status names the source, its moments and counts by
 * kind — no names.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSchool } from '../../../central/exchange/export.js';
import { importExport } from '../../../central/exchange/import.js';
import { createSchool } from '../../../central/schools.js';
import type { CentralServer } from '../../../central/server.js';
import { DB_KINDS, openTestDb, seedFixtureSchool, skipDb, startCentral, uniqueSchoolId, workstation, type TestDb } from '../sync/helpers.js';

describe.each(DB_KINDS)('imported school on a workstation (%s)', (kind) => {
  let t: TestDb;
  let central: CentralServer;
  let dir: string;
  beforeAll(async () => {
    if (skipDb(kind)) return;
    t = await openTestDb(kind);
    central = await startCentral(t.db);
    dir = await mkdtemp(join(tmpdir(), 'ezhd-exchange-ws-'));
  });
  afterAll(async () => {
    await central?.close();
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skipDb(kind))('pulls the imported copy with nothing to repair and shows where it comes from', async () => {
    const a = await seedFixtureSchool(t.db);
    await exportSchool(t.db, a, join(dir, 'a'));
    const b = uniqueSchoolId('own');
    await createSchool(t.db, b, 'МБОУ СОШ № 1');
    await importExport(t.db, b, { path: join(dir, 'a'), now: new Date('2026-11-20T10:00:00Z') });
    const w = await workstation(t.db, b, central.url, { bare: true });
    const run = await w.engine.syncNow();
    expect(run.repaired).toEqual([]);
    const school = await w.t.app.core.store.school();
    expect(school.imports).toHaveLength(1);
    expect((await w.t.app.core.store.classData('c5a')).students.map((s) => s.id).sort()).toEqual(['s1', 's2', 's3']);
    const status = await (await w.t.as('admin')).sync.status({});
    expect(status.dataSources).toEqual([
      { source: 'ezhd', sourceName: 'ЭЖД Офис, центральная система', exportedAt: expect.any(String), importedAt: '2026-11-20T10:00:00.000Z', kinds: expect.objectContaining({ student: 4, mark: 18, lesson: 6 }) },
    ]);
    expect(JSON.stringify(status.dataSources)).not.toMatch(/Ёлкин|Семёнова/);
    // A second sync finds every partition equal to the central system's.
    expect((await w.engine.syncNow()).repaired).toEqual([]);
  });
});
