/**
 * A freshly enrolled workstation's app for the sync benches (bench/sync.bench.ts, bench/pullReplay.ts):
 * a real data folder (encrypted, durable files) with an empty school and its administrator, at the
 * bench school's day.
 */
import { createApp, type App } from '../electron/core/app.js';
import { hashPassword } from '../electron/core/auth/password.js';
import { BENCH_OPTIONS } from '../electron/core/demo/index.js';
import { emptySchool } from '../electron/core/setup/emptySchool.js';
import { generateDataKey } from '../electron/core/store/durable/index.js';
import { openDataFolder } from '../electron/core/store/openDataFolder.js';

/** Cheap password hashing: the benches never log in. */
const BENCH_COST = { N: 1 << 10, r: 8, p: 1 };

export async function newWorkstation(dir: string, log: (line: string) => void = () => undefined): Promise<App> {
  const folder = await openDataFolder({ dataDir: dir, key: generateDataKey() });
  const app = createApp({ ...folder, passwordCost: BENCH_COST, log });
  const admin = {
    id: 'u_admin',
    login: 'admin',
    name: { lastName: 'Админ', firstName: 'Админ' },
    role: 'admin' as const,
    classIds: [],
    passwordHash: await hashPassword('bench-password', BENCH_COST),
    failedAttempts: 0,
    mustChangePassword: false,
    disabled: false,
    createdAt: new Date().toISOString(),
  };
  await app.core.store.initSchool(emptySchool('Школа', admin, new Date(`${BENCH_OPTIONS.asOf}T12:00:00Z`)));
  return app;
}
