import { contract } from '../../../electron/contract/index.js';
import { createClient, type Transport } from '../../../electron/contract/transport.js';
import { MemoryAuditSink } from '../../../electron/core/audit/auditLog.js';
import { createApp, type App } from '../../../electron/core/app.js';
import { inProcessTransport } from '../../../electron/core/inProcessTransport.js';
import { MemoryBackend } from '../../../electron/core/store/backend.js';
import { FAST_SCRYPT, fixtureSchool, passwordOf } from './fixtureSchool.js';

export interface TestApp {
  app: App;
  backend: MemoryBackend;
  sink: MemoryAuditSink;
  clock: { now: Date };
  /** A client logged in as the user (fixture password). */
  as(login: string): Promise<ReturnType<typeof createClient<typeof contract>> & { transport: Transport & { sessionId?: string } }>;
  anonymous(): ReturnType<typeof createClient<typeof contract>> & { transport: Transport & { sessionId?: string } };
}

export async function testApp(opts: { empty?: boolean; now?: string } = {}): Promise<TestApp> {
  const backend = new MemoryBackend();
  const sink = new MemoryAuditSink();
  const clock = { now: new Date(opts.now ?? '2026-11-20T09:00:00.000Z') };
  const app = createApp({ backend, auditSink: sink, now: () => new Date(clock.now), passwordCost: FAST_SCRYPT });
  if (!opts.empty) {
    const { school, classes } = await fixtureSchool();
    for (const c of classes) await app.core.store.updateClass(c.classId, (d) => Object.assign(d, c));
    await app.core.store.initSchool(school);
  }
  const anonymous = () => {
    const transport = inProcessTransport(app);
    return Object.assign(createClient(contract, transport), { transport });
  };
  return {
    app,
    backend,
    sink,
    clock,
    anonymous,
    as: async (login: string) => {
      const c = anonymous();
      await c.auth.login({ login, password: passwordOf(login) });
      return c;
    },
  };
}
