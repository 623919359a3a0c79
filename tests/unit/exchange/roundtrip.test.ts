/**
 * Export → import into an empty school: the same entities (equal partition hashes, the import's
 * own record aside), and a second import of the same files changes nothing.
 */
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSchool } from '../../../central/exchange/export.js';
import { importExport } from '../../../central/exchange/import.js';
import { createSchool } from '../../../central/schools.js';
import { addHash, hashHex, parseHashHex, subHash } from '../../../electron/contract/sync/hash.js';
import { DB_KINDS, openTestDb, PG_SKIP_NOTE, seedFixtureSchool, skipDb, uniqueSchoolId, type TestDb } from '../sync/helpers.js';
import type { Db } from '../../../central/db.js';
import { openFilesWhere } from '../helpers/openFiles.js';

/** Partition → hash/count, with the import records (this system's own) left out. */
export async function partHashes(db: Db, schoolId: string): Promise<Record<string, string>> {
  const r = await db.query<{ part: string; hash: string; count: number }>(`SELECT part, hash, count FROM parts WHERE school_id = $1 AND count > 0`, [schoolId]);
  const info = await db.query<{ h: unknown }>(`SELECT h FROM entities WHERE school_id = $1 AND kind = 'importInfo' AND live`, [schoolId]);
  const out: Record<string, string> = {};
  for (const p of r.rows) {
    let h = parseHashHex(p.hash);
    let n = Number(p.count);
    if (p.part === 'school') for (const x of info.rows) (h = subHash(h, Number(x.h))), n--;
    out[p.part] = `${hashHex(addHash(h, 0))}/${n}`;
  }
  return out;
}

describe.each(DB_KINDS)('exchange round trip (%s)', (kind) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    if (skipDb(kind)) return;
    t = await openTestDb(kind);
    dir = await mkdtemp(join(tmpdir(), 'ezhd-exchange-'));
  });
  afterAll(async () => {
    await t?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(skipDb(kind))(`export and import into an empty school give the same partitions${skipDb(kind) ? ` (${PG_SKIP_NOTE})` : ''}`, async () => {
    const a = await seedFixtureSchool(t.db);
    const ex = await exportSchool(t.db, a, join(dir, 'a'));
    expect(ex.files['marks.csv']).toBeGreaterThan(0);
    const b = uniqueSchoolId('copy');
    await createSchool(t.db, b, 'Копия');
    const r1 = await importExport(t.db, b, { path: join(dir, 'a') });
    expect(r1.removed).toBe(0);
    expect(r1.written).toBeGreaterThan(0);
    const ha = await partHashes(t.db, a);
    expect(await partHashes(t.db, b)).toEqual(ha);
    // Again: nothing changes, nothing is written.
    const r2 = await importExport(t.db, b, { path: join(dir, 'a') });
    expect([r2.added, r2.changed, r2.removed, r2.written]).toEqual([0, 0, 0, 0]);
    // And the copy exported and imported into the original changes nothing there either.
    await exportSchool(t.db, b, join(dir, 'b'));
    const r3 = await importExport(t.db, a, { path: join(dir, 'b'), dryRun: true });
    expect([r3.added, r3.changed, r3.removed]).toEqual([0, 0, 0]);
  });

  it.skipIf(skipDb(kind))('an export onto a full disk fails and leaves none of its files open', async () => {
    const a = await seedFixtureSchool(t.db);
    const full = join(dir, 'full');
    await mkdir(full);
    // marks.csv is a device that refuses every write (ENOSPC), after the files before it were opened.
    await symlink('/dev/full', join(full, 'marks.csv'));
    // Told in Russian by the error's code (ENOSPC), not Node's English text.
    await expect(exportSchool(t.db, a, full)).rejects.toThrow(`${full}: на диске не осталось места: освободите место и повторите`);
    expect(openFilesWhere((target) => target === '/dev/full' || target.startsWith(`${full}/`))).toEqual([]);
  });
});
