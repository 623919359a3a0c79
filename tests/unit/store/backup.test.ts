import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { contract } from '../../../electron/contract/index.js';
import { createClient } from '../../../electron/contract/transport.js';
import { createApp, type App } from '../../../electron/core/app.js';
import { inProcessTransport } from '../../../electron/core/inProcessTransport.js';
import { readBackup, writeBackup } from '../../../electron/core/store/backupFile.js';
import { codecFor } from '../../../electron/core/store/codec/index.js';
import { generateDataKey } from '../../../electron/core/store/durable/index.js';
import { FileBackend } from '../../../electron/core/store/fileBackend.js';
import { openDataFolder } from '../../../electron/core/store/openDataFolder.js';
import { RESTORE_MARKER, recoverInterruptedRestore, replaceDataFolder, restorePaths } from '../../../electron/core/store/restoreFolder.js';
import type { SchoolData } from '../../../electron/core/store/schema.js';
import { FAST_SCRYPT, fixtureSchool, passwordOf } from '../helpers/fixtureSchool.js';
import { openFilesUnder } from '../helpers/openFiles.js';
import { testApp } from '../helpers/testApp.js';
import { makeTempDir, removeDir } from './durable/fixtures/tempDir.js';

const PASSWORD = 'верный пароль 2026';
let work: string;

beforeAll(async () => {
  work = await makeTempDir('ezhd-backup-');
});
afterAll(async () => {
  await removeDir(work);
});

let n = 0;
interface Station {
  dir: string;
  key: Buffer;
  app: App;
  admin: ReturnType<typeof createClient<typeof contract>>;
}

/** A workstation with its own folder, key and a fixture school named `name`. */
async function station(name: string): Promise<Station> {
  const dir = join(work, `station-${++n}`, 'data');
  const key = generateDataKey();
  const folder = await openDataFolder({ dataDir: dir, key });
  const app = createApp({ ...folder, passwordCost: FAST_SCRYPT, now: () => new Date('2026-11-20T09:00:00.000Z') });
  const { school, classes } = await fixtureSchool();
  school.school.shortName = name;
  for (const c of classes) await app.core.store.updateClass(c.classId, (d) => Object.assign(d, c));
  await app.core.store.initSchool(school);
  await app.core.store.updateJournal('y2026', 'c5a', (d) => {
    d.lessons.push({ id: `${name}-l1`, subjectId: 'math', teacherId: 't1', date: '2026-09-02', lessonNo: 1, topic: 'Повторение', type: 'урок' });
    d.marks.push({ id: `${name}-m1`, lessonId: `${name}-l1`, studentId: classes[0]!.students[0]!.id, value: 4, weight: 1 });
  });
  await app.core.audit.append({ userId: 'system', action: 'setup.test', recordIds: [] });
  const admin = createClient(contract, inProcessTransport(app));
  await admin.auth.login({ login: 'admin', password: passwordOf('admin') });
  // The files brought up to date with the log now: no checkpoint lands while a test compares the folder.
  await app.core.store.settled();
  return { dir, key, app, admin };
}

/** Every file under `dir` (recursively) → sha256 of its bytes. */
async function folderState(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out[p.slice(dir.length)] = createHash('sha256').update(await readFile(p)).digest('hex');
  }
  return out;
}

async function exportOf(s: Station, password = PASSWORD) {
  const progress: number[] = [];
  const r = await s.admin.backup.export({ password }, { onProgress: (p) => progress.push(p.done) });
  return { ...r, progress };
}

describe('backup export and restore', () => {
  let a: Station;
  let b: Station;
  beforeEach(async () => {
    a = await station('Школа А');
    b = await station('Школа Б');
  });
  afterEach(async () => {
    // Stopped as a host stops them: no file of their folders is left open (to the garbage collector).
    await a.app.stop();
    await b.app.stop();
    expect(openFilesUnder(work)).toEqual([]);
  });

  it('round trip onto another workstation with another data key', async () => {
    const file = await exportOf(a);
    expect(file.fileName).toMatch(/^ezhd-backup-\d{4}-\d{2}-\d{2}-\d{4}\.ezhdbak$/);
    expect(file.progress.length).toBeGreaterThan(2);
    expect((await a.admin.backup.status({})).lastBackupAt).toBe(file.createdAt);
    expect(Buffer.from(file.base64, 'base64').includes(Buffer.from('Школа А'))).toBe(false);

    const progress: number[] = [];
    const r = await b.admin.backup.restore({ base64: file.base64, password: PASSWORD }, { onProgress: (p) => progress.push(p.done) });
    expect(r).toMatchObject({ createdAt: file.createdAt, sessionKept: true });
    expect(progress.length).toBeGreaterThan(2);

    const store = b.app.core.store;
    expect((await store.school()).school.shortName).toBe('Школа А');
    expect((await store.journal('y2026', 'c5a')).marks.map((m) => m.id)).toEqual(['Школа А-m1']);
    expect((await store.journalAggregates('y2026', 'c5a')).cells.some((c) => c.marks === 1)).toBe(true);
    // The audit log came along, the chain holds, and the restore itself is recorded in it.
    const check = await b.admin.audit.verify({});
    expect(check.ok).toBe(true);
    const actions = (await b.app.core.audit.all()).map((e) => e.action);
    // A's log as it was when the backup was taken (its own 'backup.export' entry follows it), then the restore.
    expect(actions).toEqual(['audit.headStarted', 'setup.test', 'auth.login', 'backup.restored']);
    // Encrypted with B's own key, readable after a restart.
    const again = createApp({ ...(await openDataFolder({ dataDir: b.dir, key: b.key })), passwordCost: FAST_SCRYPT });
    expect((await again.core.store.school()).school.shortName).toBe('Школа А');
    await expect(openDataFolder({ dataDir: b.dir, key: a.key })).rejects.toMatchObject({ code: 'crypto' });
    await again.stop();
    // Nothing left beside the folder.
    expect((await readdir(join(b.dir, '..'))).sort()).toEqual(['data']);
  });

  it('only an administrator may export or restore', async () => {
    const office = createClient(contract, inProcessTransport(a.app));
    await office.auth.login({ login: 'office', password: passwordOf('office') });
    await expect(office.backup.export({ password: PASSWORD })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(office.backup.restore({ base64: 'AAAA', password: PASSWORD })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(a.admin.backup.export({ password: 'short' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('a wrong password is refused and the data is left as it was', async () => {
    const file = await exportOf(a);
    const before = await folderState(b.dir);
    await expect(b.admin.backup.restore({ base64: file.base64, password: 'не тот пароль' })).rejects.toMatchObject({
      code: 'crypto',
      message: expect.stringContaining('неверный пароль'),
    });
    expect(await folderState(b.dir)).toEqual(before);
    expect((await b.app.core.store.school()).school.shortName).toBe('Школа Б');
  });

  it('a tampered file (one byte anywhere) is refused and the data is left as it was', async () => {
    const file = Buffer.from((await exportOf(a)).base64, 'base64');
    const before = await folderState(b.dir);
    for (const at of [8, 20, 60, Math.floor(file.length / 2), file.length - 3]) {
      const bad = Buffer.from(file);
      bad[at]! ^= 0x01;
      await expect(b.admin.backup.restore({ base64: bad.toString('base64'), password: PASSWORD })).rejects.toMatchObject({ message: expect.stringContaining('Текущие данные не изменены') });
    }
    await expect(b.admin.backup.restore({ base64: Buffer.from('not a backup at all').toString('base64'), password: PASSWORD })).rejects.toMatchObject({
      message: expect.stringContaining('Это не файл резервной копии'),
    });
    expect(await folderState(b.dir)).toEqual(before);
  });

  it('a well-sealed file with bad contents is refused before anything is touched', async () => {
    const good = await readBackup(Buffer.from((await exportOf(a)).base64, 'base64'), PASSWORD);
    const before = await folderState(b.dir);
    const now = new Date();
    const variants: [string, typeof good.snapshot][] = [
      ['undecodable partition', { ...good.snapshot, partitions: [...good.snapshot.partitions, { path: 'classes/zz.json', bytes: Buffer.from('EZS1 garbage') }] }],
      ['newer school', { ...good.snapshot, partitions: good.snapshot.partitions.map((p) => (p.path === 'school.json' ? { path: p.path, bytes: Buffer.from(JSON.stringify({ schemaVersion: 99 })) } : p)) }],
      ['no school', { ...good.snapshot, partitions: good.snapshot.partitions.filter((p) => p.path !== 'school.json') }],
      ['foreign path', { ...good.snapshot, partitions: [...good.snapshot.partitions, { path: '../evil.json', bytes: Buffer.from('{}') }] }],
      ['broken audit chain', { ...good.snapshot, audit: good.snapshot.audit.map((m) => ({ month: m.month, lines: m.lines.slice(1) })) }],
    ];
    for (const [what, snapshot] of variants) {
      const { bytes } = await writeBackup(snapshot, PASSWORD, { now, kdf: FAST_SCRYPT });
      await expect(b.admin.backup.restore({ base64: bytes.toString('base64'), password: PASSWORD }), what).rejects.toMatchObject({ code: expect.stringMatching(/storage|validation/) });
    }
    expect(await folderState(b.dir)).toEqual(before);
  });

  it('a failure while writing the new folder, or while swapping, leaves the old data', async () => {
    const file = await exportOf(a);
    const backend = b.app.core.host.backend as FileBackend;
    // The partition files brought up to date with the log first (a restore does so before it starts).
    await b.app.core.store.settled();
    const before = await folderState(b.dir);
    for (const hook of ['afterStaging', 'afterMoveOld'] as const) {
      backend.restoreHooks = {
        [hook]: () => {
          throw Object.assign(new Error('simulated'), { code: 'EIO' });
        },
      };
      await expect(b.admin.backup.restore({ base64: file.base64, password: PASSWORD })).rejects.toMatchObject({ code: 'storage' });
      expect(await folderState(b.dir)).toEqual(before);
      expect((await readdir(join(b.dir, '..'))).sort()).toEqual(['data']);
      expect((await b.app.core.store.school()).school.shortName).toBe('Школа Б');
    }
    backend.restoreHooks = {};
  });

  it('a crash at either step of the swap: the next open finds the old data or the new, never a mix', async () => {
    const snapshot = (await readBackup(Buffer.from((await exportOf(a)).base64, 'base64'), PASSWORD)).snapshot;
    const backend = b.app.core.host.backend as FileBackend;
    // Photograph the parent folder at each step, as a power cut would leave it.
    const crashes: Record<string, string> = {};
    const photo = (name: string) => async () => {
      const to = join(work, `crash-${n}-${name}`);
      await cp(join(b.dir, '..'), to, { recursive: true });
      crashes[name] = to;
    };
    backend.restoreHooks = { afterStaging: photo('afterStaging'), afterMoveOld: photo('afterMoveOld') };
    await b.app.core.store.exclusive(() => backend.replaceAll(snapshot));
    backend.restoreHooks = {};
    const nameIn = async (parent: string) => {
      const dataDir = join(parent, 'data');
      await recoverInterruptedRestore(dataDir);
      expect((await readdir(parent)).sort()).toEqual(['data']);
      await expect(readdir(dataDir)).resolves.not.toContain(RESTORE_MARKER);
      const school = await new FileBackend(dataDir, b.key).adapter<SchoolData>('school.json', codecFor('school.json')).read();
      return school!.school.shortName;
    };
    expect(await nameIn(crashes.afterStaging!)).toBe('Школа Б'); // not swapped yet: the old data
    expect(await nameIn(crashes.afterMoveOld!)).toBe('Школа А'); // new folder complete: rolled forward
    const { staging } = restorePaths(join(crashes.afterMoveOld!, 'data'));
    expect(staging.endsWith('data.restore-new')).toBe(true);
  });
});

describe('backup on the memory backend (the test app)', () => {
  it('round trip: partitions and audit log come back', async () => {
    const t = await testApp();
    const admin = await t.as('admin');
    const file = await admin.backup.export({ password: PASSWORD });
    const before = (await t.app.core.store.school()).school.shortName;
    await t.app.core.store.updateSchool((d) => {
      d.school.shortName = 'Изменено после копии';
    });
    await t.app.core.store.updateClass('c5a', (d) => {
      d.students = [];
    });
    const r = await admin.backup.restore({ base64: file.base64, password: PASSWORD });
    expect(r.sessionKept).toBe(true);
    expect((await t.app.core.store.school()).school.shortName).toBe(before);
    expect((await t.app.core.store.classData('c5a')).students.length).toBeGreaterThan(0);
    expect((await admin.audit.verify({})).ok).toBe(true);
    expect((await admin.backup.status({})).lastBackupAt).toBe(file.createdAt);
  });
});

describe('restore crash safety (SIGKILL at random moments)', () => {
  const KILLS = Number(process.env.RESTORE_KILLS ?? 12);

  it(`${KILLS} kills: after each, the folder holds one whole snapshot`, async () => {
    const child = join(work, 'restoreChild.mjs');
    await build({
      entryPoints: [fileURLToPath(new URL('./fixtures/restoreChild.ts', import.meta.url))],
      outfile: child,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      logLevel: 'silent',
    });
    const key = generateDataKey();
    const dataDir = join(work, 'kill', 'data');
    await mkdir(dataDir, { recursive: true });
    await openDataFolder({ dataDir, key });
    const labels = ['A', 'B', 'C'];
    const snaps = labels.map((label) => ({
      label,
      partitions: [
        { path: 'school.json', base64: Buffer.from(JSON.stringify({ schemaVersion: 1, label })).toString('base64') },
        ...Array.from({ length: 30 }, (_, i) => ({ path: `classes/c${i}.json`, base64: Buffer.from(JSON.stringify({ schemaVersion: 1, label, i })).toString('base64') })),
      ],
    }));
    const snapFile = join(work, 'snaps.json');
    await writeFile(snapFile, JSON.stringify(snaps));
    await replaceDataFolder(dataDir, key, { partitions: snaps[0]!.partitions.map((p) => ({ path: p.path, bytes: Buffer.from(p.base64, 'base64') })), audit: [] });

    let last = 'A';
    let midway = 0;
    for (let k = 0; k < KILLS; k++) {
      const proc = spawn(process.execPath, [child], { env: { ...process.env, CRASH_DIR: dataDir, CRASH_KEY: key.toString('base64'), SNAP_FILE: snapFile }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let firstAck: () => void = () => undefined;
      const acknowledged = new Promise<void>((r) => (firstAck = r));
      proc.stdout.setEncoding('utf8').on('data', (c: string) => {
        out += c;
        firstAck();
      });
      const closed = new Promise<void>((r) => proc.on('close', () => r()));
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      // Mostly in the middle of a later restore; sometimes during the first one.
      if (k % 5 === 4) await sleep(Math.random() * 300);
      else await Promise.race([acknowledged.then(() => sleep(Math.random() * 80)), sleep(5000)]);
      proc.kill('SIGKILL');
      await closed;
      const acked = out.split('\n').filter(Boolean);
      if (acked.length > 0) midway++;
      await recoverInterruptedRestore(dataDir);
      const backend = new FileBackend(dataDir, key);
      const read = async (p: string) => (await backend.adapter<{ label: string }>(p, codecFor(p)).read())!.label;
      const label = await read('school.json');
      for (let i = 0; i < 30; i++) expect(await read(`classes/c${i}.json`)).toBe(label);
      // The last acknowledged restore, or the one that was under way (each child starts with A).
      const ackedLast = acked.at(-1);
      const allowed = ackedLast === undefined ? [last, 'A'] : [ackedLast, labels[(labels.indexOf(ackedLast) + 1) % labels.length]!];
      expect(allowed).toContain(label);
      last = label;
    }
    // Most kills land after at least one whole restore, i.e. in the middle of the next one.
    expect(midway).toBeGreaterThan(KILLS / 2);
  }, 120_000);
});
