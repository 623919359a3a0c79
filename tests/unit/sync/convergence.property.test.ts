/**
 * Property: two or three workstations register documents and final marks, the central system's
 * journal changes, workstations sync (alone or together) and restart, all through a proxy that
 * drops, duplicates, reorders, delays, cuts and fails requests. Once the network heals and
 * everyone has synced:
 *   - every pending mutation has taken effect exactly once (answered, recorded once, applied once);
 *   - no registered document is lost; none appears twice anywhere;
 *   - all workstations hold the same journal as the server (partition hashes) and derive the same
 *     status for every student from the same documents.
 * SYNC_PROPERTY_RUNS (default 40) sets the number of runs; SYNC_PROPERTY_SEED replays one.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMarks } from '../../../central/demo.js';
import { listEntities } from '../../../central/entities.js';
import type { CentralServer } from '../../../central/server.js';
import { createApp } from '../../../electron/core/app.js';
import { deriveStatus } from '../../../electron/core/registry/status.js';
import { partitionHash } from '../../../electron/core/sync/apply.js';
import { configureSync } from '../../../electron/core/sync/engine.js';
import { classPartition, journalPartition } from '../../../electron/contract/sync/kinds.js';
import { FAST_SCRYPT } from '../helpers/fixtureSchool.js';
import { FAULTS, randomChooser, startFaultProxy, type Fault, type FaultProxy } from './faultProxy.js';
import {
  checkExactlyOnce,
  enterFinalMark,
  openTestDb,
  pendingOf,
  registerConsent,
  routeVia,
  seedFixtureSchool,
  startCentral,
  trySync,
  workstation,
  type TestDb,
  type Workstation,
} from './helpers.js';

const RUNS = Number(process.env.SYNC_PROPERTY_RUNS ?? 40);
const SEED = process.env.SYNC_PROPERTY_SEED ? Number(process.env.SYNC_PROPERTY_SEED) : undefined;

const STUDENTS = [
  { classId: 'c5a', studentId: 's1', guardianId: 'g1' },
  { classId: 'c5a', studentId: 's2', guardianId: 'g2' },
  { classId: 'c5a', studentId: 's3', guardianId: 'g3' },
  { classId: 'c9b', studentId: 's10', guardianId: 'g10' },
] as const;

type Cmd =
  | { t: 'register'; ws: number; student: number; kind: 'pd_consent' | 'pd_nonconsent'; day: number }
  | { t: 'final'; ws: number; student: number }
  | { t: 'sync'; ws: number }
  | { t: 'syncAll' }
  | { t: 'marks'; count: number; changed: number; deleted: number; seed: number }
  | { t: 'restart'; ws: number };

const cmd = (n: number): fc.Arbitrary<Cmd> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.record({ t: fc.constant('register' as const), ws: fc.nat(n - 1), student: fc.nat(3), kind: fc.constantFrom('pd_consent' as const, 'pd_nonconsent' as const), day: fc.integer({ min: 10, max: 19 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('final' as const), ws: fc.nat(n - 1), student: fc.nat(2) }) },
    { weight: 4, arbitrary: fc.record({ t: fc.constant('sync' as const), ws: fc.nat(n - 1) }) },
    { weight: 2, arbitrary: fc.record({ t: fc.constant('syncAll' as const) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('marks' as const), count: fc.integer({ min: 1, max: 25 }), changed: fc.nat(4), deleted: fc.nat(3), seed: fc.nat(1000) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('restart' as const), ws: fc.nat(n - 1) }) },
  );

const scenario = fc.integer({ min: 2, max: 3 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    cmds: fc.array(cmd(n), { minLength: 4, maxLength: 16 }),
    faultSeed: fc.nat(),
    rate: fc.integer({ min: 0, max: 45 }).map((x) => x / 100),
    faults: fc.subarray(FAULTS.filter((f) => f !== 'pass') as Fault[], { minLength: 1 }),
  }),
);

let t: TestDb;
let central: CentralServer;
let proxy: FaultProxy;

beforeAll(async () => {
  t = await openTestDb('pglite');
  central = await startCentral(t.db);
  proxy = await startFaultProxy(central.url, { delayMs: 10 });
});
afterAll(async () => {
  await proxy?.close();
  await central?.close();
  await t?.close();
});

/** The app restarted: a new core on the same (in-memory) disk, so nothing cached survives. */
function restart(w: Workstation): Workstation {
  const app = createApp({ backend: w.t.backend, auditSink: w.t.sink, now: () => new Date(w.t.clock.now), passwordCost: FAST_SCRYPT });
  const engine = configureSync(app.core, { ...w.engine.options });
  return { ...w, t: { ...w.t, app }, engine };
}

describe('convergence under a faulty network', () => {
  it('exactly once, nothing lost, everyone agrees', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ n, cmds, faultSeed, rate, faults }) => {
        const schoolId = await seedFixtureSchool(t.db);
        let ws: Workstation[] = [];
        for (let i = 0; i < n; i++) {
          const w = await workstation(t.db, schoolId, central.url, { id: `w${i}-${faultSeed % 1000}` });
          await routeVia(w, proxy.url);
          ws.push(w);
        }
        proxy.setChooser(randomChooser(faultSeed, rate, faults));
        const registered: string[] = [];
        const finals: string[] = [];
        for (const c of cmds) {
          switch (c.t) {
            case 'register': {
              const s = STUDENTS[c.student]!;
              const d = await registerConsent(ws[c.ws]!, { ...s, kind: c.kind, signedOn: `2026-11-${c.day}` });
              registered.push(d.id);
              break;
            }
            case 'final':
              finals.push(await enterFinalMark(ws[c.ws]!, { studentId: STUDENTS[c.student]!.studentId }));
              break;
            case 'sync':
              await trySync(ws[c.ws]!);
              break;
            case 'syncAll':
              await Promise.all(ws.map((w) => trySync(w)));
              break;
            case 'marks':
              await addMarks(t.db, schoolId, { count: c.count, changed: c.changed, deleted: c.deleted, seed: c.seed });
              break;
            case 'restart':
              ws = ws.map((w, i) => (i === c.ws ? restart(w) : w));
              break;
          }
        }
        // The network heals; everyone syncs until quiet (push, then everyone pulls what the others pushed).
        proxy.setChooser(() => 'pass');
        await proxy.flushReplays();
        for (let round = 0; round < 2; round++) for (const w of ws) expect(await trySync(w)).toBe(true);

        for (const w of ws) expect(await pendingOf(w)).toBe(0);
        const once = await checkExactlyOnce(t.db, schoolId);
        expect(once.accepted).toBe(registered.length + finals.length);

        const serverDocs = new Set<string>();
        for (const classId of ['c5a', 'c9b']) for (const d of await listEntities(t.db, schoolId, classPartition(classId), 'document')) serverDocs.add(String(d.id));
        expect([...serverDocs].sort()).toEqual([...registered].sort());

        const parts = await t.db.query<{ part: string; hash: string }>(`SELECT part, hash FROM parts WHERE school_id = $1`, [schoolId]);
        const serverHash = new Map(parts.rows.map((p) => [p.part, p.hash]));
        const statuses: string[] = [];
        for (const w of ws) {
          const store = w.t.app.core.store;
          const j = await store.journal('y2026', 'c5a');
          expect(partitionHash(j, 'journal').hash).toBe(serverHash.get(journalPartition('y2026', 'c5a')));
          expect(new Set(j.marks.map((m) => m.id)).size).toBe(j.marks.length);
          let status = '';
          for (const classId of ['c5a', 'c9b']) {
            const data = await store.classData(classId);
            expect(partitionHash(data, 'class').hash).toBe(serverHash.get(classPartition(classId)));
            expect(new Set(data.documents.map((d) => d.id)).size).toBe(data.documents.length);
            expect(new Set(data.finalMarks.map((d) => d.id)).size).toBe(data.finalMarks.length);
            for (const s of data.students) {
              const st = deriveStatus({
                student: s,
                guardians: data.guardians.filter((g) => g.studentIds.includes(s.id)),
                documents: data.documents.filter((d) => d.studentId === s.id),
                today: '2026-11-20',
              });
              status += JSON.stringify(st);
            }
          }
          statuses.push(status);
          const docs = (await store.classData('c5a')).documents.length + (await store.classData('c9b')).documents.length;
          expect(docs).toBe(registered.length);
        }
        expect(new Set(statuses).size).toBe(1);
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}), endOnFailure: true },
    );
    // The network really was faulty: every kind of fault happened.
    const seen = FAULTS.filter((f) => f !== 'pass' && (proxy.counts[f] ?? 0) > 0);
    console.log(`faults injected: ${JSON.stringify(proxy.counts)}`);
    if (RUNS >= 100) expect(seen.length).toBe(FAULTS.length - 1);
    else if (RUNS >= 30) expect(seen.length).toBeGreaterThanOrEqual(5);
  }, 600_000);
});
