/**
 * `npx tsx scripts/login-timing.ts [--rounds 50]`: how long a refused login takes, by kind (issue 13:
 * the time must not tell a wrong login, a wrong password and a closed account apart).
 *
 * A temp data folder through the real FileBackend (encrypted, durable writes) and the real password
 * cost; an administrator and four accounts made through the API: one open, one disabled, one
 * locked out after failures, one compromised. Then `rounds` rounds, each trying every kind once in
 * a shuffled order (so a busy machine slows every kind alike), timed around the whole call. The
 * clock of the app moves 31 s per attempt so that the guard across logins (more than 20 failures
 * in 10 minutes) never closes; the locked-out account is locked again before each of its attempts.
 * Prints mean, median and 90th percentile of each kind, and one scrypt verification alone.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { contract } from '../electron/contract/index.js';
import { createClient } from '../electron/contract/transport.js';
import { createApp } from '../electron/core/app.js';
import { dummyHash, verifyPassword } from '../electron/core/auth/password.js';
import { inProcessTransport } from '../electron/core/inProcessTransport.js';
import { generateDataKey } from '../electron/core/store/durable/dataKey.js';
import { openDataFolder } from '../electron/core/store/openDataFolder.js';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '50' } } });
const ROUNDS = Number(values.rounds);
const WARMUP = 3;

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, median: q(0.5), p90: q(0.9) };
};

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ezhd-login-timing-'));
  try {
    let clock = Date.parse('2026-11-20T09:00:00.000Z');
    const folder = await openDataFolder({ dataDir: join(dir, 'data'), key: generateDataKey() });
    const app = createApp({ ...folder, now: () => new Date(clock) });
    const client = () => createClient(contract, inProcessTransport(app));

    const adminPassword = 'Сова-на-глобусе-42';
    await client().auth.setup({ mode: 'empty', schoolName: 'Школа замеров', admin: { login: 'admin', password: adminPassword, name: { lastName: 'Замеров', firstName: 'Админ' } } });
    const admin = client();
    await admin.auth.login({ login: 'admin', password: adminPassword });
    const pw = 'Пятница-тринадцатое-7';
    const ids: Record<string, string> = {};
    for (const [login, lastName] of [['open.user', 'Открытов'], ['disabled.user', 'Отключенов'], ['locked.user', 'Запертов'], ['compromised.user', 'Скомпрометиров']] as const) {
      ids[login] = (await admin.users.create({ login, name: { lastName, firstName: 'Тест' }, role: 'office', classIds: [], password: pw })).id;
    }
    const disabled = (await admin.users.list({})).find((u) => u.login === 'disabled.user')!;
    await admin.users.update({ id: disabled.id, name: disabled.name, role: disabled.role, classIds: [], disabled: true });
    await admin.users.reportCompromised({ userId: ids['compromised.user']! });
    const lockAgain = () =>
      app.core.store.updateSchool((d) => {
        const u = d.users.find((x) => x.login === 'locked.user')!;
        u.failedAttempts = 5;
        u.lockedUntil = new Date(clock + 15 * 60_000).toISOString();
      });

    const kinds: Array<[string, string, string]> = [
      ['unknown login', 'no.such.user', pw],
      ['wrong password', 'open.user', 'Не-тот-пароль-123'],
      ['disabled, right password', 'disabled.user', pw],
      ['locked out, right password', 'locked.user', pw],
      ['compromised, right password', 'compromised.user', pw],
    ];
    const times = new Map<string, number[]>(kinds.map(([k]) => [k, []]));
    const c = client();
    for (let round = 0; round < WARMUP + ROUNDS; round++) {
      const order = [...kinds].sort(() => Math.random() - 0.5);
      for (const [kind, login, password] of order) {
        clock += 31_000;
        if (login === 'locked.user') await lockAgain();
        // The open account must not lock itself out: its failures are forgotten between attempts.
        if (login === 'open.user') await app.core.store.updateSchool((d) => void (d.users.find((x) => x.login === 'open.user')!.failedAttempts = 0));
        const t0 = performance.now();
        const refused = await c.auth.login({ login, password }).then(
          () => false,
          (e: { code?: string }) => e.code === 'unauthenticated',
        );
        const dt = performance.now() - t0;
        if (!refused) throw new Error(`${kind}: not refused with the one answer`);
        if (round >= WARMUP) times.get(kind)!.push(dt);
      }
    }
    const hash = await dummyHash();
    const scrypt: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t0 = performance.now();
      await verifyPassword('x', hash);
      scrypt.push(performance.now() - t0);
    }
    const s = stats(scrypt);
    console.log(`${ROUNDS} refused logins of each kind, real password cost, encrypted data folder (ms):`);
    console.log(`${'kind'.padEnd(30)} ${'mean'.padStart(7)} ${'median'.padStart(7)} ${'p90'.padStart(7)}`);
    const medians: number[] = [];
    for (const [kind, xs] of times) {
      const k = stats(xs);
      medians.push(k.median);
      console.log(`${kind.padEnd(30)} ${k.mean.toFixed(1).padStart(7)} ${k.median.toFixed(1).padStart(7)} ${k.p90.toFixed(1).padStart(7)}`);
    }
    console.log(`${'one scrypt verification'.padEnd(30)} ${s.mean.toFixed(1).padStart(7)} ${s.median.toFixed(1).padStart(7)} ${s.p90.toFixed(1).padStart(7)}`);
    const spread = Math.max(...medians) - Math.min(...medians);
    console.log(`largest difference of medians: ${spread.toFixed(1)} ms = ${((100 * spread) / s.median).toFixed(1)} % of one scrypt verification`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
