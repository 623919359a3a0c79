/**
 * The admin commands of the central server (what `npm run central:admin` runs), the command line
 * itself once, and HTTPS with the certificate and key given by path.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, pgliteFolder, type TestDb } from '../tests/unit/sync/helpers.js';
import { WORKSTATION_DEMO } from '../scripts/central/workstationDemo.js';
import { runAdmin } from './adminOps.js';
import { provideDemoGenerator } from './demo.js';
import { openPglite } from './db.js';
import { enroll, listSchools } from './schools.js';
import { startCentralServer } from './server.js';

let t: TestDb;
beforeAll(async () => {
  provideDemoGenerator(WORKSTATION_DEMO);
  t = await openTestDb('pglite');
});
afterAll(async () => {
  await t?.close();
});

describe('admin commands', () => {
  it('create a school, issue codes, load the demo, add marks, count, revoke, purge', async () => {
    const school = (await runAdmin(t.db, 'create-school', { id: 'adm1', name: 'Школа для проверки' })) as { id: string; seq: number };
    expect(school).toMatchObject({ id: 'adm1', seq: 0 });
    const code = (await runAdmin(t.db, 'issue-code', { school: 'adm1', hours: '2' })) as { code: string; expiresAt: string };
    expect(code.code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await expect(runAdmin(t.db, 'issue-code', { school: 'nope' })).rejects.toThrow(/не найдена/);
    await expect(runAdmin(t.db, 'issue-code', { school: 'bad id!' })).rejects.toThrow(/--school/);
    await expect(runAdmin(t.db, 'launch', {})).rejects.toThrow(/неизвестная команда/);

    const logged: string[] = [];
    const demo = (await runAdmin(t.db, 'load-demo', { school: 'adm1', students: '30', 'as-of': '2026-11-20' }, (l) => logged.push(l))) as { entities: number; changed: number; firstPull: { pages: number } };
    expect(demo.entities).toBeGreaterThan(1000);
    // A school this small is pulled live: nothing prepared, and the administrator is told why.
    expect(demo.firstPull.pages).toBe(0);
    expect(logged.at(-1)).toBe('Первая синхронизация рабочих мест не подготавливалась: журнал школы мал, первая синхронизация быстра и так.');
    expect(demo.changed).toBe(demo.entities);
    // Loading it again changes nothing: identical data is not a change.
    const again = (await runAdmin(t.db, 'load-demo', { school: 'adm1', students: '30', 'as-of': '2026-11-20' })) as { changed: number };
    expect(again.changed).toBe(0);

    const before = (await runAdmin(t.db, 'count', { school: 'adm1' })) as Record<string, { live: number; tombstones: number }>;
    const marks = (await runAdmin(t.db, 'add-marks', { school: 'adm1', count: '25', changed: '5', deleted: '3', seed: '1' })) as { added: number; deleted: number };
    expect(marks).toMatchObject({ added: 25, deleted: 3 });
    const after = (await runAdmin(t.db, 'count', { school: 'adm1' })) as Record<string, { live: number; tombstones: number }>;
    expect(after.mark!.live).toBe(before.mark!.live + 25 - 3);
    expect(after.mark!.tombstones).toBe(3);

    await enroll(t.db, { code: code.code, workstationId: 'ws-adm' });
    expect(await runAdmin(t.db, 'list-workstations', { school: 'adm1' })).toMatchObject([{ id: 'ws-adm', revoked: false }]);
    expect(await runAdmin(t.db, 'revoke', { school: 'adm1', workstation: 'ws-adm' })).toEqual({ revoked: true });
    expect(await runAdmin(t.db, 'list-workstations', { school: 'adm1' })).toMatchObject([{ id: 'ws-adm', revoked: true }]);

    const purged = (await runAdmin(t.db, 'purge-tombstones', { school: 'adm1', 'older-than-days': '0' })) as { purged: number; purgedSeq: number };
    expect(purged.purged).toBe(3);
    expect(purged.purgedSeq).toBeGreaterThan(0);
  });

  it('the command line opens a PGlite folder and prints JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ezhd-central-cli-'));
    try {
      // A folder that holds the empty database already, as a server's does from its second start on
      // (initdb, ~4.5 s of CPU, is PGlite's and tested there).
      await pgliteFolder(dir);
      const out = execFileSync(process.execPath, ['--import', 'tsx', 'central/admin.ts', 'create-school', '--id', 'cli1', '--name', 'Школа', '--data', dir], { encoding: 'utf8' });
      expect(JSON.parse(out)).toMatchObject({ id: 'cli1', name: 'Школа' });
      const db = await openPglite(dir);
      try {
        expect(await listSchools(db)).toMatchObject([{ id: 'cli1' }]);
      } finally {
        await db.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('TLS', () => {
  it('serves HTTPS with the certificate and key files it is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ezhd-central-tls-'));
    try {
      const key = join(dir, 'key.pem');
      const cert = join(dir, 'cert.pem');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert, '-days', '1'], { stdio: 'ignore' });
      const server = await startCentralServer({ db: t.db, port: 0, tls: { certFile: cert, keyFile: key } });
      try {
        expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
        const body = await new Promise<string>((resolve, reject) => {
          const req = request(`${server.url}/v1/info`, { ca: readFileSync(cert) }, (res) => {
            let s = '';
            res.on('data', (c: Buffer) => (s += c.toString()));
            res.on('end', () => resolve(s));
          });
          req.on('error', reject);
          req.end();
        });
        expect(JSON.parse(body)).toMatchObject({ v: 1, versions: [1] });
      } finally {
        await server.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
