import { spawn, type ChildProcess } from 'node:child_process';
import { cp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { E2E_TOKEN } from './helpers';

/**
 * A web host process (`dist/web/main.js`) for the end-to-end tests: on its own data folder, with a
 * clock file (EZHD_TEST_CLOCK_FILE) through which a test moves the host's «now» forward.
 */
export interface WebHostProcess {
  /** `http://127.0.0.1:<port>`: the tests' baseURL. */
  origin: string;
  dataDir: string;
  /** Moves the host's clock forward: `ms` ahead of real time from now on (not cumulative). */
  setClockAhead(ms: number): Promise<void>;
  /** Stops the process; a host on a copy also removes its data folder. */
  stop(): Promise<void>;
}

export interface StartOptions {
  dataDir: string;
  /** 0: a free port. */
  port: number;
  /** Creates the demo school in an empty data folder (the host's --demo). */
  demo?: boolean;
  timeoutMs?: number;
}

/**
 * The demo school made once per run (globalSetup.ts), twice: `a` and `b` hold the same school
 * as two workstations (each its own workstation id), as two hosts started with --demo would.
 */
export type DemoTemplate = 'a' | 'b';

export function templateDir(runDir: string, template: DemoTemplate): string {
  return join(runDir, `template-${template}`);
}

/**
 * A host on a fresh copy of a demo template, in `<run folder>/<name>` (removed when it stops):
 * a workstation with the demo school in a second instead of the demo's generation.
 */
export async function startHostOnCopy(template: DemoTemplate, name: string, port = 0): Promise<WebHostProcess> {
  const runDir = process.env.E2E_RUN_DIR;
  if (!runDir) throw new Error('E2E_RUN_DIR is not set: run the specs with playwright.config.ts (its globalSetup makes the demo school)');
  const from = templateDir(runDir, template);
  const dataDir = join(runDir, name);
  await cp(from, dataDir, { recursive: true });
  await cp(`${from}.key`, `${dataDir}.key`);
  const remove = () => Promise.all([dataDir, `${dataDir}.key`, `${dataDir}.clock`].map((p) => rm(p, { recursive: true, force: true })));
  // The port of a host that just stopped may take a moment to be free.
  for (let attempt = 1; ; attempt++) {
    try {
      const host = await startWebHost({ dataDir, port });
      return { ...host, stop: () => host.stop().then(remove).then(() => undefined) };
    } catch (e) {
      if (attempt >= 10 || !String(e).includes('EADDRINUSE')) {
        await remove();
        throw e;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const READY = /ЭЖД Офис работает: (http:\/\/127\.0\.0\.1:\d+)\//;

export async function startWebHost(o: StartOptions): Promise<WebHostProcess> {
  const clockFile = `${o.dataDir}.clock`;
  await writeFile(clockFile, '0');
  const args = ['dist/web/main.js', '--port', String(o.port), '--data', o.dataDir, ...(o.demo ? ['--demo'] : [])];
  const proc = spawn(process.execPath, args, {
    env: { ...process.env, EZHD_WEB_TOKEN: E2E_TOKEN, TZ: 'Europe/Moscow', EZHD_TEST_CLOCK_FILE: clockFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const origin = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      fail(new Error(`web host on ${o.dataDir}: not ready in ${o.timeoutMs ?? 120_000} ms:\n${out}`));
    }, o.timeoutMs ?? 120_000);
    const onData = (c: Buffer) => {
      out += c.toString();
      const m = READY.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`web host on ${o.dataDir} exited with ${code}:\n${out}`));
    });
  });
  return {
    origin,
    dataDir: o.dataDir,
    setClockAhead: (ms) => writeFile(clockFile, String(ms)),
    stop: () => stopProcess(proc),
  };
}

/** SIGTERM (the host lets its derived files land), SIGKILL after 10 s. */
async function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (proc.exitCode === null && proc.signalCode === null) {
    proc.kill('SIGKILL');
    await exited;
  }
}
