import { describe, expect, it } from 'vitest';
import { createApp } from '../../../electron/core/app.js';
import { MemoryAuditSink } from '../../../electron/core/audit/auditLog.js';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import type { SyncTransport } from '../../../electron/core/sync/transport.js';
import type { Scheduler } from '../../../electron/core/util/scheduler.js';

/** A scheduler driven by hand: what the core asked to run later, and whether it was cancelled. */
function manualScheduler() {
  const tasks: Array<{ ms: number; fn: () => void; cancelled: boolean }> = [];
  const scheduler: Scheduler = {
    after(ms, fn) {
      const t = { ms, fn, cancelled: false };
      tasks.push(t);
      return { cancel: () => void (t.cancelled = true) };
    },
  };
  return { scheduler, tasks, pending: () => tasks.filter((t) => !t.cancelled) };
}

/** No central system is ever reached in these tests. */
const transport: SyncTransport = { request: () => Promise.reject(new Error('no network in this test')) };

function appWith(background: boolean) {
  const s = manualScheduler();
  const app = createApp({ backend: new MemoryBackend(), auditSink: new MemoryAuditSink(), sync: { transport, background }, scheduler: s.scheduler });
  return { app, ...s };
}

describe('the app’s own work: App.start() and App.stop(), what both hosts call', () => {
  it('runs nothing by itself until the host starts it; then the background sync is scheduled', () => {
    const { app, tasks, pending } = appWith(true);
    expect(tasks).toHaveLength(0);
    app.start();
    expect(pending()).toHaveLength(1);
    // Started twice: still one attempt waiting.
    app.start();
    expect(pending()).toHaveLength(1);
  });

  it('stop(): the waiting attempt is cancelled, what the store is writing lands, and nothing starts again', async () => {
    const { app, pending } = appWith(true);
    app.start();
    let written = false;
    const write = app.core.store.updateClass('c1', (d) => void d.students.push({ id: 's1' } as (typeof d.students)[number])).then(() => void (written = true));
    await app.stop();
    expect(written).toBe(true);
    await write;
    expect(pending()).toHaveLength(0);
    app.start();
    expect(pending()).toHaveLength(0);
  });

  it('a host that allows no background sync gets none, started or not', () => {
    const { app, tasks } = appWith(false);
    app.start();
    expect(tasks).toHaveLength(0);
  });
});
