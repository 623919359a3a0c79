/**
 * Degrade, don't die (issue 15.4): a data folder that cannot be written still opens, logs in and
 * reads, and a save says why it cannot be made; a missing keycheck.bin is made again once the key
 * opens the school file (never for a wrong key); what was found is told to the administrator.
 */
import { execFile } from 'node:child_process';
import { access, chmod, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../electron/core/app.js';
import { generateDataKey } from '../../../electron/core/store/durable/index.js';
import { openDataFolder } from '../../../electron/core/store/openDataFolder.js';
import { FAST_SCRYPT, fixtureSchool, passwordOf } from '../helpers/fixtureSchool.js';
import { openFilesUnder } from '../helpers/openFiles.js';
import { makeTempDir, removeDir } from './durable/fixtures/tempDir.js';

const run = promisify(execFile);
let work: string;

beforeAll(async () => {
  work = await makeTempDir('ezhd-degrade-');
});
afterAll(async () => {
  await removeDir(work);
});
// Every app is stopped as a host stops it: no file of a folder is left open (to the garbage collector).
afterEach(() => {
  expect(openFilesUnder(work)).toEqual([]);
});

/** A data folder with the fixture school, its files current (the log checkpointed). */
async function seededFolder(name: string, key: Uint8Array): Promise<string> {
  const dir = join(work, name);
  const folder = await openDataFolder({ dataDir: dir, key });
  const app = createApp(folder);
  const { school, classes } = await fixtureSchool();
  await app.core.store.initSchool(school);
  for (const c of classes) await app.core.store.updateClass(c.classId, (d) => Object.assign(d, structuredClone(c)));
  await app.core.store.settled();
  return dir;
}

describe('keycheck.bin missing', () => {
  it('with the right key: the folder opens, the file is made again, the administrator is told', async () => {
    const key = generateDataKey();
    const dir = await seededFolder('keycheck', key);
    await rm(join(dir, 'keycheck.bin'));
    const folder = await openDataFolder({ dataDir: dir, key });
    await access(join(dir, 'keycheck.bin'));
    const app = createApp(folder);
    expect((await app.core.store.school()).users.length).toBeGreaterThan(0);
    const notices = await app.core.store.notices();
    expect(notices.map((n) => n.file)).toContain('keycheck.bin');
    expect(notices.find((n) => n.file === 'keycheck.bin')!.text).toMatch(/создан заново/);
    await app.stop();
  });

  it('with another key: refused as a wrong key, nothing made', async () => {
    const key = generateDataKey();
    const dir = await seededFolder('keycheck-wrong', key);
    await rm(join(dir, 'keycheck.bin'));
    await expect(openDataFolder({ dataDir: dir, key: generateDataKey() })).rejects.toMatchObject({ code: 'crypto', reason: 'wrong_key' });
    await expect(access(join(dir, 'keycheck.bin'))).rejects.toThrow();
  });
});

describe('a data folder that cannot be written', () => {
  it.skipIf(process.getuid?.() !== 0)('opens, logs in and reads as an unprivileged user; a save says why and changes nothing', async () => {
    const key = generateDataKey();
    const dir = await seededFolder('readonly', key);
    const script = join(work, 'readOnlyChild.cjs');
    await build({ entryPoints: [fileURLToPath(new URL('./fixtures/readOnlyChild.ts', import.meta.url))], outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
      // The core reads import.meta.url at load (fonts, release notes): the bundle's own URL.
      define: { 'import.meta.url': '__bundleUrl' },
      banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
    // Readable by anyone, writable by no one but root (the child runs as «nobody»).
    const walk = async (p: string) => {
      const st = await stat(p);
      if (st.isDirectory()) {
        await chmod(p, 0o555);
        for (const e of await readdir(p)) await walk(join(p, e));
      } else await chmod(p, 0o444);
    };
    await chmod(work, 0o755);
    await walk(dir);
    await chmod(script, 0o444);
    const before = await readdir(dir, { recursive: true });
    const { stdout } = await run(process.execPath, [script], {
      uid: 65534,
      gid: 65534,
      env: { ...process.env, RO_DIR: dir, RO_KEY: Buffer.from(key).toString('base64'), RO_LOGIN: 'admin', RO_PASSWORD: passwordOf('admin') },
    });
    const out = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(out.failed).toBeUndefined();
    expect(out.login).toBe('ok');
    expect(out.read).toBe('ok');
    expect(JSON.stringify(out.notices)).toMatch(/только для чтения/);
    expect(out.write).toMatchObject({ code: 'storage' });
    expect((out.write as { message: string }).message).toMatch(/нет прав доступа к папке данных/);
    expect(out.afterWrite).toBe(false);
    expect(await readdir(dir, { recursive: true })).toEqual(before);
  });
});

describe('recovery told to the administrator', () => {
  it('a damaged class file: the administrator reads what was recovered until he acknowledges it; others cannot; the audit log records it', async () => {
    const key = generateDataKey();
    const dir = await seededFolder('told', key);
    const file = join(dir, 'classes', 'c5a.json');
    const bytes = await readFile(file);
    bytes[bytes.length >> 1]! ^= 0x10;
    await writeFile(file, bytes);
    const app = createApp({ ...(await openDataFolder({ dataDir: dir, key })), passwordCost: FAST_SCRYPT });
    expect((await app.core.store.classData('c5a')).students.length).toBeGreaterThan(0);
    await app.core.store.settled();
    const as = async (login: string) => {
      let session: string | undefined;
      const r = await app.call({ path: 'auth.login', input: { login, password: passwordOf(login) }, sessionId: undefined }, undefined, (id) => (session = id ?? undefined));
      expect(r.ok).toBe(true);
      return (path: string, input: unknown) => app.call({ path, input, sessionId: session });
    };
    const admin = await as('admin');
    const listed = await admin('about.storeNotices', {});
    expect(listed.ok).toBe(true);
    const notices = (listed as { value: { id: string; file: string; lost: boolean; text: string }[] }).value;
    expect(notices.map((n) => n.file)).toEqual(['classes/c5a.json']);
    expect(notices[0]!.lost).toBe(false);
    expect(notices[0]!.text).toMatch(/восстановила его из предыдущей версии/);
    const office = await as('office');
    expect((await office('about.storeNotices', {})).ok).toBe(false);
    const audit = await app.core.audit.all();
    const rec = audit.filter((e) => e.action === 'store.recovered');
    expect(rec.map((e) => e.recordIds)).toEqual([[notices[0]!.id]]);
    // Shown again after a restart, until acknowledged.
    const again = createApp({ ...(await openDataFolder({ dataDir: dir, key })), passwordCost: FAST_SCRYPT });
    expect((await again.core.store.notices()).map((n) => n.id)).toEqual([notices[0]!.id]);
    expect((await admin('about.acknowledgeStoreNotices', { ids: [notices[0]!.id] })).ok).toBe(true);
    expect((await (await as('admin'))('about.storeNotices', {})) as unknown).toMatchObject({ ok: true, value: [] });
    await app.stop();
    await again.stop();
  });
});
