#!/usr/bin/env node
/**
 * `npm test`: every check of the project, in order, with one summary line at the end:
 * types, layer rules, the build, unit tests (vitest), end-to-end tests in Chromium against the
 * web host, and the Electron start-up test (skipped, with the reason, where no Electron binary
 * exists). Stops at the first failing stage. PostgreSQL tests run when EZHD_TEST_PG_URL is set;
 * `scripts/test-postgres.sh` provides one on Debian when it can.
 * Two cores, kept busy: types, layer rules and the build read the sources and write nothing the
 * others read, so they start at once; the unit tests need none of them and start as soon as the
 * layer rules and the build are done (the type check, three runs of TypeScript 7 one after another
 * on one thread each, scripts/typecheck.mjs, would otherwise leave a core idle). The end-to-end tests wait for everything before them. Each
 * stage's output is printed whole when it ends, the unit tests' as they run. The unit tests are
 * the three vitest projects (see vitest.config.ts). The time of each stage is printed at the end.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const started = Date.now();
mkdirSync('test-results', { recursive: true });

const timings = [];

function done(label, ok, t0) {
  const s = (Date.now() - t0) / 1000;
  timings.push([label, s, ok]);
  console.log(`━━ ${label}: ${ok ? 'ok' : 'FAILED'} in ${s.toFixed(1)} s`);
  return ok;
}

function run(label, cmd, args, env = {}) {
  console.log(`\n━━ ${label}: ${cmd} ${args.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return done(label, r.status === 0, t0);
}

/**
 * Starts a command in the background. Its output is printed whole when it ends (so commands
 * running at once do not mix their lines), or as it comes with `live`. Resolves to whether it passed.
 */
function start(label, cmd, args, { env = {}, live = false } = {}) {
  const t0 = Date.now();
  if (live) console.log(`\n━━ ${label}: ${cmd} ${args.join(' ')}`);
  return new Promise((resolve) => {
    const chunks = [];
    const child = spawn(cmd, args, { stdio: ['ignore', live ? 'inherit' : 'pipe', live ? 'inherit' : 'pipe'], env: { ...process.env, ...env } });
    if (!live) {
      child.stdout.on('data', (c) => chunks.push(c));
      child.stderr.on('data', (c) => chunks.push(c));
    }
    child.on('error', (e) => chunks.push(Buffer.from(String(e))));
    child.on('close', (code) => {
      if (!live) {
        console.log(`\n━━ ${label}: ${cmd} ${args.join(' ')}`);
        process.stdout.write(Buffer.concat(chunks));
      }
      resolve(done(label, code === 0, t0));
    });
  });
}

function countVitest(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  results.passed += j.numPassedTests ?? 0;
  // A suite that fails to load has no failed tests of its own: count it once.
  results.failed += Math.max(j.numFailedTests ?? 0, j.numFailedTestSuites ?? 0);
  results.skipped += (j.numPendingTests ?? 0) + (j.numTodoTests ?? 0);
}

function countPlaywright(file) {
  if (!existsSync(file)) return;
  const j = JSON.parse(readFileSync(file, 'utf8'));
  const s = j.stats ?? {};
  results.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  results.failed += s.unexpected ?? 0;
  results.skipped += s.skipped ?? 0;
}

function finish(ok) {
  console.log(`\nStages: ${timings.map(([l, s, good]) => `${l} ${s.toFixed(0)} s${good ? '' : ' (failed)'}`).join(', ')}; in all ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`Total: ${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
  process.exit(ok && results.failed === 0 ? 0 : 1);
}

if (!process.env.EZHD_TEST_PG_URL && existsSync('scripts/test-postgres.sh') && process.env.EZHD_SKIP_PG_SETUP !== '1') {
  const r = spawnSync('bash', ['scripts/test-postgres.sh'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const url = r.status === 0 ? r.stdout.trim().split('\n').pop() : '';
  if (url?.startsWith('postgres://')) {
    process.env.EZHD_TEST_PG_URL = url;
    console.log(`PostgreSQL for the sync tests: ${url.replace(/:[^:@/]+@/, ':***@')}`);
  } else {
    console.log('PostgreSQL is not available here: the PostgreSQL variants of the sync tests will say they are skipped.');
  }
}

// Node before 22 reads and parses the whole extra CA file at every start (~40 ms of CPU here,
// where the system bundle is given): the suite starts Node some five hundred times (test files'
// processes, the crash tests' children, the web hosts) and makes no TLS connection that needs it.
delete process.env.NODE_EXTRA_CA_CERTS;

for (const f of ['test-results/unit.json', 'test-results/e2e.json', 'test-results/electron.json']) rmSync(f, { force: true });

const stages = [
  async () => {
    const t0 = Date.now();
    const types = start('types', 'npm', ['run', '-s', 'typecheck']);
    const ready = await Promise.all([start('layers', 'npm', ['run', '-s', 'lint']), start('build', 'npm', ['run', '-s', 'build'])]);
    if (!ready.every(Boolean)) return (await types) && false;
    const unit = start('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=test-results/unit.json'], { live: true });
    const ok = [await types, await unit];
    countVitest('test-results/unit.json');
    console.log(`━━ types + layers + build, then unit beside types: ${((Date.now() - t0) / 1000).toFixed(1)} s together`);
    return ok.every(Boolean);
  },
  () => {
    const ok = run('e2e (Chromium)', 'npx', ['playwright', 'test'], { CI: '1' });
    countPlaywright('test-results/e2e.json');
    return ok;
  },
  () => {
    if (!existsSync('playwright.electron.config.ts')) return true;
    // A real window needs a display: under Xvfb where there is none.
    const xvfb = !process.env.DISPLAY && spawnSync('sh', ['-c', 'command -v xvfb-run']).status === 0;
    const cmd = ['npx', 'playwright', 'test', '-c', 'playwright.electron.config.ts'];
    const ok = xvfb ? run('electron', 'xvfb-run', ['-a', ...cmd], { CI: '1' }) : run('electron', cmd[0], cmd.slice(1), { CI: '1' });
    countPlaywright('test-results/electron.json');
    return ok;
  },
];

for (const stage of stages) {
  if (!(await stage())) finish(false);
}
finish(true);
