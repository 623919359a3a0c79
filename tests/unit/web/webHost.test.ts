import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../../electron/contract/index.js';
import { createClient } from '../../../electron/contract/transport.js';
import { AppError } from '../../../electron/contract/errors.js';
import { startWebHost, type WebHost } from '../../../electron/web/server.js';
import { resolveStatic } from '../../../electron/web/staticFiles.js';
import { passwordOf } from '../helpers/fixtureSchool.js';
import { httpTransport, rawRequest } from '../helpers/httpClient.js';
import { testApp, type TestApp } from '../helpers/testApp.js';

let t: TestApp;
let host: WebHost;
let rendererDir: string;

beforeAll(async () => {
  t = await testApp();
  rendererDir = await mkdtemp(join(tmpdir(), 'ezhd-renderer-'));
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>ЭЖД Офис</title>');
  host = await startWebHost({ app: t.app, rendererDir, token: 'test-token-0123456789' });
});
afterAll(async () => host.close());

const client = () => {
  const transport = httpTransport(host.port, host.token);
  return Object.assign(createClient(contract, transport), { transport });
};

describe('the contract over HTTP', () => {
  it('logs in with an HttpOnly session cookie and checks roles like the in-process transport', async () => {
    const c = client();
    await expect(c.school.classes({})).rejects.toMatchObject({ code: 'unauthenticated' });
    await c.auth.login({ login: 'teacher.9b', password: passwordOf('teacher.9b') });
    expect(c.transport.cookie).toMatch(/^ezhd_session=/);
    expect((await c.school.classes({})).map((x) => x.id)).toEqual(['c9b']);
    await expect(c.school.students({ classId: 'c5a' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(c.users.list({})).rejects.toBeInstanceOf(AppError);
    await c.auth.logout({});
    await expect(c.school.classes({})).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('gives validation errors in Russian', async () => {
    const c = client();
    await c.auth.login({ login: 'admin', password: passwordOf('admin') });
    const res = await c.transport.call('users.create', { login: 1 });
    expect(res.ok).toBe(false);
    if (!res.ok) {
      expect(res.error.code).toBe('validation');
      expect(res.error.message).toMatch(/Проверьте данные/);
    }
  });

  it('refuses a request without the token, with a foreign Host or Origin, or with bad JSON', async () => {
    const base = { path: '/api/auth.status', body: '{}' };
    expect((await rawRequest(host.port, { ...base, headers: { Host: `127.0.0.1:${host.port}` } })).status).toBe(403);
    expect((await rawRequest(host.port, { ...base, headers: { Host: `127.0.0.1:${host.port}`, 'X-Ezhd-Token': 'wrong-token-0123456789' } })).status).toBe(403);
    expect((await rawRequest(host.port, { ...base, headers: { Host: `evil.example:${host.port}`, 'X-Ezhd-Token': host.token } })).status).toBe(403);
    expect(
      (await rawRequest(host.port, { ...base, headers: { Host: `127.0.0.1:${host.port}`, Origin: 'http://evil.example', 'X-Ezhd-Token': host.token } })).status,
    ).toBe(403);
    const bad = await rawRequest(host.port, { path: '/api/auth.status', body: '{oops', headers: { Host: `127.0.0.1:${host.port}`, 'X-Ezhd-Token': host.token } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).result.error.message).toContain('JSON');
  });

  it('serves the renderer with the strict CSP and never outside its folder', async () => {
    const res = await rawRequest(host.port, { method: 'GET', path: '/', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    for (const p of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/a/../../package.json']) {
      expect((await rawRequest(host.port, { method: 'GET', path: p, headers: { Host: `127.0.0.1:${host.port}` } })).status).toBe(404);
    }
    expect(resolveStatic('/srv/r', '/..%5c..%5cetc/passwd')).toBeNull();
    expect(resolveStatic('/srv/r', '/%00index.html')).toBeNull();
    expect(resolveStatic('/srv/r', '/assets/a.js')).toBe('/srv/r/assets/a.js');
  });

  it('listens on 127.0.0.1 only', () => {
    const addr = host.server.address();
    expect(typeof addr === 'object' && addr?.address).toBe('127.0.0.1');
  });
});

describe('random payloads over HTTP', () => {
  it('every method answers with a Russian message and never an internal error', async () => {
    const fc = (await import('fast-check')).default;
    const { listMethods } = await import('../../../electron/contract/method.js');
    const c = client();
    await c.auth.login({ login: 'office', password: passwordOf('office') });
    const methods = listMethods(contract).filter((m) => !['auth.logout', 'auth.reportCompromised'].includes(m));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), fc.anything(), async (path, input) => {
        const res = await c.transport.call(path, input === undefined ? null : input);
        if (!res.ok) {
          expect(res.error.code).not.toBe('internal');
          expect(res.error.message).toMatch(/[А-Яа-яЁё]/);
        }
      }),
      { numRuns: 150 },
    );
  });
});
