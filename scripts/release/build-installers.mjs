#!/usr/bin/env node
/**
 * Runs electron-builder for this project with the release machine's settings from the
 * environment, so that an offline machine needs no edits to electron-builder.yml:
 *   EZHD_ELECTRON_DIST  an unpacked Electron folder, an electron-v<ver>-<platform>-<arch>.zip, or a
 *                       folder holding that zip → -c.electronDist (nothing is downloaded)
 *   EZHD_UPDATE_URL     the update feed written into the build → -c.publish.url
 * The Electron version is the installed one (package.json has a range). electron-builder itself
 * reads ELECTRON_BUILDER_CACHE and ELECTRON_BUILDER_BINARIES_MIRROR. Other arguments pass through:
 *   node scripts/release/build-installers.mjs --win nsis
 *   node scripts/release/build-installers.mjs --linux AppImage deb
 * Run it in the project folder (after the renderer and main are built).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export function builderArgs(args, env = process.env) {
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const extra = [`-c.electronVersion=${electronVersion}`];
  const dist = (env.EZHD_ELECTRON_DIST ?? '').trim();
  if (dist) extra.push(`-c.electronDist=${resolve(dist)}`);
  const url = (env.EZHD_UPDATE_URL ?? '').trim();
  if (url) extra.push(`-c.publish.url=${url}`);
  return [...args, ...extra];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');
  const result = spawnSync(process.execPath, [cli, ...builderArgs(process.argv.slice(2))], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
