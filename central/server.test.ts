/**
 * Bad input to the central server: malformed JSON, wrong types, huge bodies, compression bombs,
 * foreign school ids, stale, forged and missing tokens. Each gets a clear 4xx with a JSON error
 * (code and Russian message) and changes nothing in the database.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb, seedFixtureSchool, type TestDb } from '../tests/unit/sync/helpers.js';
import { listEntities, writeEntitiesTx } from './entities.js';
import { enroll, issueCode, revokeWorkstation } from './schools.js';
import { startCentralServer, type CentralServer } from './server.js';

let t: TestDb;
let central: CentralServer;
let schoolA: string;
let schoolB: string;
let tokenA: string;
let tokenB: string;

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of ['schools', 'entities', 'parts', 'mutations', 'workstations', 'enrol_codes']) {
    const r = await t.db.query<{ n: unknown; s: unknown }>(`SELECT count(*) AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS s FROM ${table} x`);
    parts.push(`${table}:${String(r.rows[0]!.n)}:${String(r.rows[0]!.s)}`);
  }
  return parts.join('\n');
}

async function call(path: string, init: { method?: string; token?: string | null; body?: string | Buffer; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined && !headers['Content-Type']) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${central.url}${path}`, { method: init.method ?? (init.body !== undefined ? 'POST' : 'GET'), headers, ...(init.body !== undefined ? { body: init.body as unknown as BodyInit } : {}) });
  const text = await res.text();
  let json: { error?: { code: string; message: string } } & Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // not JSON
  }
  return { status: res.status, json, type: res.headers.get('content-type') ?? '' };
}

const mutation = (ws: string, seq: number, classId = 'c5a', payload: unknown = { id: 'x' }) => ({
  id: `${ws}:${seq}`,
  seq,
  kind: 'registry.document',
  classId,
  payload,
  hlc: '2026-11-20T09:00:00.000Z-0000-ws',
  author: 'u_office',
  createdAt: '2026-11-20T09:00:00.000Z',
});

beforeAll(async () => {
  t = await openTestDb('pglite');
  central = await startCentralServer({ db: t.db, port: 0, limits: { maxWireRequestBytes: 256 * 1024, maxRequestBytes: 1024 * 1024 } });
  schoolA = await seedFixtureSchool(t.db);
  schoolB = await seedFixtureSchool(t.db);
  tokenA = (await enroll(t.db, { code: (await issueCode(t.db, schoolA)).code, workstationId: 'wsA' })).token;
  tokenB = (await enroll(t.db, { code: (await issueCode(t.db, schoolB)).code, workstationId: 'wsB' })).token;
  // School B has a document of its own that A must never see or touch.
  await writeEntitiesTx(t.db, schoolB, [{ part: 'class/c5a', kind: 'document', id: 'doc-b', data: { id: 'doc-b', secret: 'B' } }]);
});
afterAll(async () => {
  await central?.close();
  await t?.close();
});

describe('bad input gets a clear 4xx and changes nothing', () => {
  const cases: Array<[string, () => ReturnType<typeof call>, number, string]> = [
    ['malformed JSON (enrol)', () => call('/v1/enroll', { body: '{"v":1,"code":' }), 400, 'bad_request'],
    ['malformed JSON (push)', () => call('/v1/push', { token: tokenA, body: '{nope' }), 400, 'bad_request'],
    ['a JSON array instead of an object', () => call('/v1/push', { token: tokenA, body: '[]' }), 400, 'bad_request'],
    ['wrong types', () => call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 1, schoolId: schoolA, workstationId: 'wsA', mutations: 'all of them' }) }), 400, 'bad_request'],
    ['an unknown protocol version', () => call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 2, schoolId: schoolA, workstationId: 'wsA', mutations: [mutation('wsA', 1)] }) }), 400, 'unsupported_version'],
    ['too many mutations', () => call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 1, schoolId: schoolA, workstationId: 'wsA', mutations: Array.from({ length: 501 }, (_, i) => mutation('wsA', i + 1)) }) }), 400, 'bad_request'],
    ['a huge body', () => call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 1, pad: 'x'.repeat(300 * 1024) }) }), 413, 'too_large'],
    ['a compression bomb', () => call('/v1/push', { token: tokenA, body: gzipSync(Buffer.alloc(20 * 1024 * 1024, 32)), headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' } }), 413, 'too_large'],
    ['a broken gzip body', () => call('/v1/push', { token: tokenA, body: Buffer.from('not gzip at all'), headers: { 'Content-Encoding': 'gzip', 'Content-Type': 'application/json' } }), 400, 'bad_request'],
    ['an unknown content encoding', () => call('/v1/push', { token: tokenA, body: '{}', headers: { 'Content-Encoding': 'zstd', 'Content-Type': 'application/json' } }), 415, 'unsupported_encoding'],
    ['no token', () => call(`/v1/pull?since=0`), 401, 'unauthorized'],
    ['a malformed token', () => call(`/v1/pull?since=0`, { token: 'letmein' }), 401, 'unauthorized'],
    ['a forged token', () => call(`/v1/pull?since=0`, { token: `ezhd1_${'A'.repeat(43)}` }), 401, 'unauthorized'],
    ['a foreign school id (pull)', () => call(`/v1/pull?since=0&school=${schoolB}`, { token: tokenA }), 403, 'wrong_school'],
    ['a foreign school id (partition)', () => call(`/v1/partition?key=class/c5a&school=${schoolB}`, { token: tokenA }), 403, 'wrong_school'],
    ['a foreign school id (push)', () => call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 1, schoolId: schoolB, workstationId: 'wsA', mutations: [mutation('wsA', 1)] }) }), 403, 'wrong_school'],
    ["another workstation's id", () => call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 1, schoolId: schoolA, workstationId: 'wsB', mutations: [mutation('wsB', 1)] }) }), 403, 'wrong_workstation'],
    ['a pull limit out of range', () => call(`/v1/pull?since=0&limit=1000000`, { token: tokenA }), 400, 'bad_request'],
    ['a bad partition key', () => call(`/v1/partition?key=../../etc/passwd`, { token: tokenA }), 400, 'bad_request'],
    ['an enrolment code that does not exist', () => call('/v1/enroll', { body: JSON.stringify({ v: 1, code: 'ABCD-EFGH-JKLM', workstationId: 'wsX' }) }), 403, 'code_invalid'],
    ['an unknown address', () => call('/v1/everything', { token: tokenA }), 404, 'not_found'],
    ['a wrong method', () => call('/v1/pull', { method: 'DELETE', token: tokenA }), 405, 'method_not_allowed'],
  ];

  it.each(cases)('%s', async (_name, run, status, code) => {
    const before = await snapshot();
    const r = await run();
    expect(r.status).toBe(status);
    expect(r.type).toMatch(/application\/json/);
    expect(r.json.error?.code).toBe(code);
    expect(r.json.error?.message).toMatch(/[а-яё]/i);
    expect(await snapshot()).toBe(before);
  });

  // One bad mutation blocks nothing (issue 15): it is refused alone, with a Russian reason, and nothing is stored.
  it.each([
    ['negative seq', { ...mutation('wsA', 1), seq: -1, id: 'wsA:-1' }],
    ['a mutation id that is not <workstation>:<seq>', { ...mutation('wsA', 1), id: 'wsB:1' }],
  ])('%s: that mutation is rejected, nothing changes', async (_name, bad) => {
    // The push is served (the workstation's last-seen moment moves); no data changes.
    const data = async () => (await snapshot()).split('\n').filter((l) => !l.startsWith('workstations:')).join('\n');
    const before = await data();
    const r = await call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 1, schoolId: schoolA, workstationId: 'wsA', mutations: [bad] }) });
    expect(r.status).toBe(200);
    const results = r.json.results as Array<{ status: string; reason: string }>;
    expect(results).toHaveLength(1);
    expect(results[0]!.status).toBe('rejected');
    expect(results[0]!.reason).toMatch(/[а-яё]/i);
    expect(await data()).toBe(before);
  });

  it('a revoked (stale) token is refused', async () => {
    const { token } = await enroll(t.db, { code: (await issueCode(t.db, schoolA)).code, workstationId: 'wsOld' });
    expect((await call('/v1/pull?since=0', { token })).status).toBe(200);
    await revokeWorkstation(t.db, schoolA, 'wsOld');
    const before = await snapshot();
    const r = await call('/v1/push', { token, body: JSON.stringify({ v: 1, schoolId: schoolA, workstationId: 'wsOld', mutations: [mutation('wsOld', 1)] }) });
    expect(r.status).toBe(401);
    expect(await snapshot()).toBe(before);
  });

  it("another school's data is out of reach: partitions, and classes named in mutations", async () => {
    const part = await call('/v1/partition?key=class/c5a', { token: tokenA });
    expect(part.status).toBe(200);
    expect(JSON.stringify(part.json)).not.toContain('doc-b');
    const pull = await call('/v1/pull?since=0&limit=20000', { token: tokenA });
    expect(JSON.stringify(pull.json)).not.toContain('doc-b');
    // A class id that exists only in school B: refused as a mutation, school B untouched.
    await writeEntitiesTx(t.db, schoolB, [{ part: 'school', kind: 'class', id: 'onlyB', data: { id: 'onlyB', yearId: 'y2026', grade: 1, letter: 'Я', name: '1Я', periodScheme: 'quarters' } }]);
    const beforeB = JSON.stringify(await listEntities(t.db, schoolB, 'class/onlyB', 'document'));
    const r = await call('/v1/push', { token: tokenA, body: JSON.stringify({ v: 1, schoolId: schoolA, workstationId: 'wsA', mutations: [mutation('wsA', 7, 'onlyB')] }) });
    expect(r.status).toBe(200);
    expect((r.json.results as Array<{ status: string; reason: string }>)[0]).toMatchObject({ status: 'rejected' });
    expect(JSON.stringify(await listEntities(t.db, schoolB, 'class/onlyB', 'document'))).toBe(beforeB);
    expect(await listEntities(t.db, schoolA, 'class/onlyB', 'document')).toEqual([]);
  });

  it('a cursor it cannot read is answered with a reset, not an error', async () => {
    const r = await call('/v1/pull?since=garbage', { token: tokenA });
    expect(r.status).toBe(200);
    expect(r.json.reset).toEqual({ reason: 'cursor_invalid', cursor: '0' });
    const wrongEpoch = await call('/v1/pull?since=abc.5', { token: tokenB });
    expect((wrongEpoch.json.reset as { reason: string }).reason).toBe('epoch_changed');
  });

  it('a push with an invalid document is answered per mutation, never blocking the valid ones', async () => {
    const good = { id: 'doc-good', studentId: 's1', signerKind: 'guardian', signerId: 'g1', signedOn: '2026-11-19', registeredAt: '2026-11-20T09:00:00.000Z', registeredBy: 'u', hlc: 'h', workstationId: 'wsA', kind: 'pd_consent' };
    const r = await call('/v1/push', {
      token: tokenA,
      body: JSON.stringify({ v: 1, schoolId: schoolA, workstationId: 'wsA', mutations: [mutation('wsA', 20, 'c5a', { id: 'junk' }), mutation('wsA', 21, 'c5a', good), { ...mutation('wsA', 22), kind: 'launch.missiles' }] }),
    });
    expect(r.status).toBe(200);
    const results = r.json.results as Array<{ status: string; reason?: string }>;
    expect(results.map((x) => x.status)).toEqual(['rejected', 'accepted', 'rejected']);
    expect(results[0]!.reason).toMatch(/Документ не принят/);
    // The workstation's user reads it: the field by its Russian name, never its key or zod's English.
    expect(results[0]!.reason).not.toMatch(/[A-Za-z]/);
    expect(results[2]!.reason).toMatch(/не знает/);
  });
});
