import { copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../electron/contract/index.js';
import { createClient } from '../../../electron/contract/transport.js';
import { createApp, type App } from '../../../electron/core/app.js';
import { inProcessTransport } from '../../../electron/core/inProcessTransport.js';
import { GENESIS_HASH, hashEntry } from '../../../electron/core/audit/auditEntry.js';
import { generateDataKey } from '../../../electron/core/store/durable/index.js';
import { openDataFolder } from '../../../electron/core/store/openDataFolder.js';
import { FAST_SCRYPT, fixtureSchool, passwordOf } from '../helpers/fixtureSchool.js';
import { makeTempDir, removeDir } from '../store/durable/fixtures/tempDir.js';

/**
 * The end of the audit log on disk (issue 13, point 5): the newest lines removed while the program
 * is stopped, or an older backup restored, are seen and told; a restore names what it drops.
 */

let work: string;
beforeAll(async () => {
  work = await makeTempDir('ezhd-audit-end-');
});
const apps: App[] = [];
afterAll(async () => {
  // Background checkpoints of the store must end before the folders go.
  await Promise.all(apps.map((a) => a.core.store.settled().catch(() => undefined)));
  await removeDir(work);
});

const clock = { now: new Date('2026-11-20T09:00:00.000Z') };
let n = 0;

async function start(dir: string, key: Buffer): Promise<App> {
  const app = createApp({ ...(await openDataFolder({ dataDir: dir, key })), passwordCost: FAST_SCRYPT, now: () => new Date(clock.now) });
  apps.push(app);
  return app;
}

async function client(app: App, login: string) {
  const c = createClient(contract, inProcessTransport(app));
  await c.auth.login({ login, password: passwordOf(login) });
  return c;
}

async function station() {
  const dir = join(work, `s${++n}`, 'data');
  const key = generateDataKey();
  const app = await start(dir, key);
  const { school, classes } = await fixtureSchool();
  for (const c of classes) await app.core.store.updateClass(c.classId, (d) => Object.assign(d, c));
  await app.core.store.initSchool(school);
  await app.core.audit.append({ userId: 'system', action: 'setup.test', recordIds: [] });
  return { dir, key, app };
}

/** The month file's lines (encrypted, one per entry). */
async function linesOf(dir: string): Promise<string[]> {
  return (await readFile(join(dir, 'audit', '2026-11.jsonl'), 'utf8')).split('\n').filter(Boolean);
}

describe('the end of the audit log', () => {
  it('removing the newest lines while the program is stopped is seen at the next start, and stays seen', async () => {
    const s = await station();
    const director = await client(s.app, 'director');
    for (let i = 0; i < 3; i++) await director.registry.logXlsx({});
    await director.audit.exportXlsx({});
    const before = await director.audit.verify({});
    expect(before.ok).toBe(true);
    // The last entry's moment (the test's clock) in the workstation's local time.
    expect(before.message).toMatch(new RegExp(`^Цепочка записей цела: \\d+ запис(ь|и|ей), последняя ${dt(clock.now.toISOString()).replace(/\./g, '\\.')}\\.$`));
    const count = before.entries;
    await s.app.core.store.settled();

    // The program stops; someone cuts the last three lines of the month's file.
    const lines = await linesOf(s.dir);
    expect(lines.length).toBe(count);
    await writeFile(join(s.dir, 'audit', '2026-11.jsonl'), `${lines.slice(0, -3).join('\n')}\n`);

    clock.now = new Date('2026-11-20T10:00:00.000Z');
    const again = await start(s.dir, s.key);
    const d2 = await client(again, 'director');
    const check = await d2.audit.verify({});
    expect(check.ok).toBe(false);
    expect(check.message).toContain('Цепочка записей нарушена');
    expect(check.message).toContain(`удалены последние записи: прежние № ${count - 2}–${count} (3 записи)`);
    // The break is in the log itself: the list shows it, and a later start still says «нарушена».
    const list = await d2.audit.list({ kind: 'audit' });
    const brk = list.rows.find((r) => r.action === 'audit.chainBroken')!;
    expect(brk).toMatchObject({ who: 'Система', notice: 'break', what: 'Нарушение журнала: записи удалены или подменены' });
    expect(brk.details).toContain(`№ ${count - 2}–${count}`);
    const third = await start(s.dir, s.key);
    expect((await (await client(third, 'director')).audit.verify({})).ok).toBe(false);
  });

  it('putting back an older copy of the log (the head left as it is) is seen', async () => {
    const s = await station();
    const office = await client(s.app, 'office');
    const old = join(work, `old-${n}.jsonl`);
    await copyFile(join(s.dir, 'audit', '2026-11.jsonl'), old);
    await office.auth.logout({});
    await client(s.app, 'office');
    await copyFile(old, join(s.dir, 'audit', '2026-11.jsonl'));
    const check = await (await client(await start(s.dir, s.key), 'director')).audit.verify({});
    expect(check.ok).toBe(false);
    expect(check.problems.join(' ')).toContain('удалены последние записи');
  });

  it('removing the head file together with the newest lines is seen too', async () => {
    const s = await station();
    await client(s.app, 'office');
    await client(s.app, 'office');
    const lines = await linesOf(s.dir);
    await writeFile(join(s.dir, 'audit', '2026-11.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
    await rm(join(s.dir, 'audit', 'head'));
    const check = await (await client(await start(s.dir, s.key), 'director')).audit.verify({});
    expect(check.ok).toBe(false);
    expect(check.message).toContain('удалена отметка о последней записи журнала');
  });

  it('a head from another data folder (another key) is not taken', async () => {
    const a = await station();
    const b = await station();
    await copyFile(join(b.dir, 'audit', 'head'), join(a.dir, 'audit', 'head'));
    const check = await (await client(await start(a.dir, a.key), 'director')).audit.verify({});
    expect(check.ok).toBe(false);
    expect(check.message).toContain('отметка о последней записи журнала повреждена');
  });

  it('a stop between the line and its head loses nothing and breaks nothing', async () => {
    const s = await station();
    await client(s.app, 'office');
    const head = await readFile(join(s.dir, 'audit', 'head'));
    await client(s.app, 'office');
    // The head of one entry before: as if the program stopped after the line's fsync.
    await writeFile(join(s.dir, 'audit', 'head'), head);
    const check = await (await client(await start(s.dir, s.key), 'director')).audit.verify({});
    expect(check.ok).toBe(true);
  });

  it('a log written before heads existed starts its head, then guards it', async () => {
    const dir = join(work, `legacy-${++n}`, 'data');
    const key = generateDataKey();
    const folder = await openDataFolder({ dataDir: dir, key });
    // Two entries as an older version wrote them: lines, no head.
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 2; seq++) {
      const base = { seq, at: `2026-11-19T0${seq}:00:00.000Z`, userId: 'system', action: 'setup.test', recordIds: [], prev };
      prev = hashEntry(base);
      await folder.auditSink.append('2026-11', JSON.stringify({ ...base, hash: prev }));
    }
    const app = await start(dir, key);
    const { school, classes } = await fixtureSchool();
    for (const c of classes) await app.core.store.updateClass(c.classId, (d) => Object.assign(d, c));
    await app.core.store.initSchool(school);
    const check = await (await client(app, 'director')).audit.verify({});
    expect(check.ok).toBe(true);
    expect((await app.core.audit.all())[2]).toMatchObject({ seq: 3, action: 'audit.headStarted', details: { entries: 2 } });
    // From now on, a removed head is a break.
    await rm(join(dir, 'audit', 'head'));
    expect((await (await client(await start(dir, key), 'director')).audit.verify({})).ok).toBe(false);
  });

  it('restoring an older backup records itself and names the entries it drops; the check is honest', async () => {
    clock.now = new Date('2026-11-20T09:00:00.000Z');
    const s = await station();
    const admin = await client(s.app, 'admin');
    const file = await admin.backup.export({ password: 'пароль копии 2026' });
    // The export's own entry ('backup.export') follows the copy.
    const atBackup = (await s.app.core.audit.all()).length - 1;
    clock.now = new Date('2026-11-20T11:00:00.000Z');
    const director = await client(s.app, 'director');
    await director.audit.exportPdf({});
    await director.auth.logout({});
    clock.now = new Date('2026-11-20T12:00:00.000Z');
    const admin2 = await client(s.app, 'admin');
    const entriesBefore = await s.app.core.audit.all();
    const headBefore = entriesBefore.at(-1)!;
    expect(entriesBefore.length).toBeGreaterThan(atBackup);

    const r = await admin2.backup.restore({ base64: file.base64, password: 'пароль копии 2026' });
    expect(r.sessionKept).toBe(true);

    const after = await s.app.core.audit.all();
    const restored = after.at(-1)!;
    // The backup's log (as it was when the backup was taken), then the restore.
    expect(after.length).toBe(atBackup + 1);
    expect(restored).toMatchObject({
      seq: atBackup + 1,
      action: 'backup.restored',
      details: {
        lostCount: entriesBefore.length - atBackup,
        lostFrom: atBackup + 1,
        lostTo: headBefore.seq,
        headBeforeCount: headBefore.seq,
        headBeforeHash: headBefore.hash,
        backupCreatedAt: file.createdAt,
      },
    });
    const d2 = await client(s.app, 'director');
    const check = await d2.audit.verify({});
    expect(check.ok).toBe(true);
    const lost = `прежние № ${atBackup + 1}–${headBefore.seq} (${entriesBefore.length - atBackup} записей)`;
    // Both moments in the workstation's local time (in Kamchatka, UTC+12, 12:00 UTC is already the 21st).
    expect(check.restores).toEqual([`Восстановление из резервной копии ${dt(clock.now.toISOString())} (копия от ${dt(file.createdAt)}): утрачены записи: ${lost}.`]);
    const row = (await d2.audit.list({ kind: 'backup.restored' })).rows[0]!;
    expect(row).toMatchObject({ what: 'Восстановление из резервной копии', notice: 'restore', role: 'Администратор' });
    expect(row.details).toContain(`утрачены записи: ${lost}`);

    // After a restart the restored log and its head agree: still «цел».
    const again = await start(s.dir, s.key);
    expect((await (await client(again, 'director')).audit.verify({})).ok).toBe(true);
  });
});

const p2 = (x: number) => String(x).padStart(2, '0');
const hm = (d: Date) => `${p2(d.getHours())}:${p2(d.getMinutes())}`;
const dt = (iso: string) => {
  const d = new Date(iso);
  return `${p2(d.getDate())}.${p2(d.getMonth() + 1)}.${d.getFullYear()} ${hm(d)}`;
};

describe('a log with a line that cannot be read', () => {
  it('stays usable: logins record, the check names the line, and a restore repairs it honestly', async () => {
    const s = await station();
    const admin = await client(s.app, 'admin');
    const file = await admin.backup.export({ password: 'пароль копии 2026' });
    const inBackup = (await s.app.core.audit.all()).length - 1;
    await client(s.app, 'office');
    await client(s.app, 'office');
    const before = (await s.app.core.audit.all()).length;
    // The program stops; one byte of the newest line but one is changed.
    const lines = await linesOf(s.dir);
    const bad = lines.length - 2;
    lines[bad] = `${lines[bad]!.slice(0, 40)}${lines[bad]![40] === 'A' ? 'B' : 'A'}${lines[bad]!.slice(41)}`;
    await writeFile(join(s.dir, 'audit', '2026-11.jsonl'), `${lines.join('\n')}\n`);

    const again = await start(s.dir, s.key);
    const director = await client(again, 'director');
    const check = await director.audit.verify({});
    expect(check.ok).toBe(false);
    expect(check.problems).toEqual([`запись № ${bad + 1} не читается (повреждена или подложена)`]);
    const row = (await director.audit.list({})).rows.find((r) => r.seq === bad + 1)!;
    expect(row).toMatchObject({ what: 'Запись журнала не читается', notice: 'break' });

    const admin2 = await client(again, 'admin');
    await admin2.backup.restore({ base64: file.base64, password: 'пароль копии 2026' });
    const last = (await again.core.audit.all()).at(-1)!;
    expect(last).toMatchObject({ action: 'backup.restored', seq: inBackup + 1, details: { lostFrom: inBackup + 1 } });
    expect(Number(last.details!.lostTo)).toBeGreaterThanOrEqual(before);
    expect((await (await client(again, 'director')).audit.verify({})).ok).toBe(true);
  });
});
