/**
 * Each fault of the network, alone, between a workstation and the central server: whatever the
 * network did, once it works again every pending change has taken effect exactly once, nothing is
 * lost, and the workstation agrees with another one that synced directly.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CentralServer } from '../../../central/server.js';
import { listEntities } from '../../../central/entities.js';
import { partitionHash } from '../../../electron/core/sync/apply.js';
import { classPartition } from '../../../electron/contract/sync/kinds.js';
import { timerScheduler, type Scheduler } from '../../../electron/core/util/scheduler.js';
import { FAULTS, startFaultProxy, type Fault, type FaultProxy } from './faultProxy.js';
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
} from './helpers.js';
import { addMarks } from '../../../central/demo.js';

let t: TestDb;
let central: CentralServer;
let proxy: FaultProxy;

beforeAll(async () => {
  t = await openTestDb('pglite');
  central = await startCentral(t.db);
  proxy = await startFaultProxy(central.url, { delayMs: 15 });
});
afterAll(async () => {
  await proxy?.close();
  await central?.close();
  await t?.close();
});

describe('each network fault alone', () => {
  it.each(FAULTS.filter((f) => f !== 'pass'))('%s', async (fault: Fault) => {
    const schoolId = await seedFixtureSchool(t.db);
    const a = await workstation(t.db, schoolId, central.url);
    const b = await workstation(t.db, schoolId, central.url);
    await routeVia(a, proxy.url);
    const docs = [await registerConsent(a), await registerConsent(a, { studentId: 's2', guardianId: 'g2' })];
    const fm = await enterFinalMark(a);
    await addMarks(t.db, schoolId, { count: 30, changed: 3, deleted: 2, seed: 3, classId: 'c5a' });

    // The first requests meet the fault (push, pull, …), then the network heals.
    let n = 0;
    proxy.setChooser(() => (n++ < 4 ? fault : 'pass'));
    for (let i = 0; i < 4; i++) await trySync(a);
    if (fault === 'error401') {
      expect((await a.engine.status()).enrolled).toBe(true); // a 401 never makes it forget its token
    }
    proxy.setChooser(() => 'pass');
    await proxy.flushReplays();
    expect(await trySync(a)).toBe(true);
    expect(await trySync(b)).toBe(true);

    expect(await pendingOf(a)).toBe(0);
    expect((await checkExactlyOnce(t.db, schoolId)).accepted).toBe(3);
    const onServer = await listEntities(t.db, schoolId, classPartition('c5a'), 'document');
    expect(onServer.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
    for (const w of [a, b]) {
      const c = await w.t.app.core.store.classData('c5a');
      expect(c.documents.map((d) => d.id).sort()).toEqual(docs.map((d) => d.id).sort());
      expect(c.finalMarks.filter((x) => x.id === fm)).toHaveLength(1);
    }
    const ja = await a.t.app.core.store.journal('y2026', 'c5a');
    const jb = await b.t.app.core.store.journal('y2026', 'c5a');
    expect(partitionHash(ja, 'journal')).toEqual(partitionHash(jb, 'journal'));
    expect(new Set(ja.marks.map((m) => m.id)).size).toBe(ja.marks.length);
    expect(partitionHash(await a.t.app.core.store.classData('c5a'), 'class')).toEqual(partitionHash(await b.t.app.core.store.classData('c5a'), 'class'));
  });
});

describe('what the user sees', () => {
  it('offline: the status says so, with the pending count, and retries come back with backoff', async () => {
    const schoolId = await seedFixtureSchool(t.db);
    const a = await workstation(t.db, schoolId, central.url);
    await routeVia(a, 'http://127.0.0.1:9'); // nothing listens there
    await registerConsent(a);
    expect(await trySync(a)).toBe(false);
    const s = await a.engine.status();
    expect(s.online).toBe(false);
    expect(s.lastError?.kind).toBe('network');
    expect(s.lastError?.message).toMatch(/Нет связи/);
    expect(await pendingOf(a)).toBe(1);
    await routeVia(a, central.url);
    expect(await trySync(a)).toBe(true);
    expect(await pendingOf(a)).toBe(0);
    expect((await a.engine.status()).online).toBe(true);
  });

  it('the background loop retries failed syncs with growing, jittered delays and syncs once the network is back', async () => {
    const schoolId = await seedFixtureSchool(t.db);
    const a = await workstation(t.db, schoolId, central.url);
    await routeVia(a, proxy.url);
    await registerConsent(a);
    // Five failed attempts, then the network is back.
    let failing = true;
    const times: number[] = [];
    let fiveFailed: () => void = () => undefined;
    const failedFiveTimes = new Promise<void>((r) => (fiveFailed = r));
    proxy.setChooser(() => {
      times.push(Date.now());
      if (failing && times.length >= 5) {
        failing = false;
        fiveFailed();
        return 'error500';
      }
      return failing ? 'error500' : 'pass';
    });
    // The delays the engine asks for, as it asks (the waits themselves run late on a busy machine).
    const asked: number[] = [];
    (a.t.app.core.host as { scheduler?: Scheduler }).scheduler = {
      after: (ms, fn) => {
        asked.push(ms);
        return timerScheduler.after(ms, fn);
      },
    };
    a.engine.configure({ background: true, initialDelayMs: 1, intervalMs: 60_000, backoff: { baseMs: 40, maxMs: 400 }, random: Math.random });
    a.engine.startBackground();
    await failedFiveTimes;
    // A whole sync after the last wait (seconds on a busy machine), well within the test's time.
    await vi.waitFor(async () => expect(await pendingOf(a)).toBe(0), { timeout: 30_000, interval: 20 });
    a.engine.stopBackground();
    expect(times.length).toBeGreaterThanOrEqual(5);
    expect(times.length).toBeLessThan(20); // backoff: not a tight loop
    // The waits after failures 1…4: between half of and all of 40, 80, 160, 320 ms (equal jitter),
    // asked for in that order (a wall-clock gap may run long on a busy machine; never short).
    expect(asked[0]).toBe(1);
    [40, 80, 160, 320].forEach((exp, i) => {
      expect(asked[i + 1]).toBeGreaterThanOrEqual(exp / 2);
      expect(asked[i + 1]).toBeLessThanOrEqual(exp);
    });
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(300 - 10);
    proxy.setChooser(() => 'pass');
  });
});
