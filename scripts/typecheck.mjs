#!/usr/bin/env node
/**
 * `npm run typecheck`: the three type checks, with TypeScript 7 (the native compiler, installed as
 * `typescript-7`; `typescript` stays 6 for typescript-eslint, which needs its JavaScript API):
 *  - tsconfig.json: everything (the core, the hosts, the renderer, tests, scripts, central);
 *  - electron/contract: the contract alone, without Node's or the DOM's types (both sides import it);
 *  - renderer: the renderer and the contract, without Node's types.
 * Same diagnostics as TypeScript 6 with a fifth of the CPU (~12 s instead of ~67 s for the three).
 * One checker thread each: `npm test` runs this beside the unit tests, which keep both cores busy,
 * and more threads cost more CPU in all.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tsc = join(dirname(require.resolve('typescript-7/package.json')), 'bin', 'tsc');

for (const project of ['tsconfig.json', 'electron/contract/tsconfig.json', 'renderer/tsconfig.json']) {
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '--singleThreaded', '-p', project], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
