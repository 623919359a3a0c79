import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The central server (`scripts/central/server.ts`, with the demo school generator) and its admin
 * command (`central/admin.ts`) for the specs that start a central system: bundled once per run by
 * globalSetup.ts into the run's folder (its packages stay in node_modules), and started with plain
 * `node <bundle>`: `node --import tsx` compiled the sources again in every process, some 1.5 s of
 * CPU per start, and the sync specs start the server or the admin command a dozen times.
 */
export type CentralProgram = 'server' | 'admin';

const ENTRIES: Record<CentralProgram, string> = { server: 'scripts/central/server.ts', admin: 'central/admin.ts' };

function bundleDir(runDir: string): string {
  return join(runDir, 'central-bundle');
}

export async function buildCentralBundles(runDir: string): Promise<void> {
  await build({
    entryPoints: ENTRIES,
    outdir: bundleDir(runDir),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

/** `node` arguments that run a central program: its bundle, then `args`. */
export function centralArgs(program: CentralProgram, ...args: string[]): string[] {
  const runDir = process.env.E2E_RUN_DIR;
  if (!runDir) throw new Error('E2E_RUN_DIR is not set: run the specs with playwright.config.ts (its globalSetup bundles the central programs)');
  return [join(bundleDir(runDir), `${program}.mjs`), ...args];
}
