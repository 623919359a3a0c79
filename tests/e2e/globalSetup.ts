import { mkdir, rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { buildCentralBundles } from './central';
import { startWebHost, templateDir } from './webHost';

/**
 * Once per run: the demo school, made by the web host itself (`--demo`), twice at once (two
 * workstations of the sync scenarios), in template folders that the hosts of the specs copy
 * (webHost.ts startHostOnCopy), and the central programs' bundles (central.ts). Removed with the
 * run's folder at the end.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const runDir = resolve(`.tmp/e2e-${process.pid}`);
  await rm(runDir, { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });
  await Promise.all([
    ...(['a', 'b'] as const).map(async (t) => {
      const host = await startWebHost({ dataDir: templateDir(runDir, t), port: 0, demo: true, timeoutMs: 240_000 });
      await host.stop();
    }),
    buildCentralBundles(runDir),
  ]);
  process.env.E2E_RUN_DIR = runDir;
  return () => rm(runDir, { recursive: true, force: true });
}
