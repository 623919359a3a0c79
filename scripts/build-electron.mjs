#!/usr/bin/env node
/**
 * Bundles the Electron host with esbuild:
 *   electron/main/index.ts    → <out>/main.js     (ESM; the dependencies stay external and are
 *                                                  packaged from node_modules by electron-builder)
 *   electron/preload/index.ts → <out>/preload.cjs (CommonJS: a sandboxed preload cannot be ESM)
 * No source maps in a release build (`--sourcemap` adds linked maps without sources, for
 * development). `--outdir <dir>` builds elsewhere (the packaging test uses a temp folder).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export async function buildElectron({ outdir = join(root, 'dist', 'electron'), sourcemap = false, logLevel = 'info' } = {}) {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const external = ['electron', ...Object.keys(pkg.dependencies ?? {})];
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    absWorkingDir: root,
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    legalComments: 'none',
    logLevel,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron/main/index.ts')],
      outfile: join(outdir, 'main.js'),
      format: 'esm',
      external,
      // Bundled CommonJS code may call require(); give ESM one.
      banner: { js: "import { createRequire as __ezhdCreateRequire } from 'node:module'; const require = __ezhdCreateRequire(import.meta.url);" },
    }),
    build({
      ...common,
      entryPoints: [join(root, 'electron/preload/index.ts')],
      outfile: join(outdir, 'preload.cjs'),
      format: 'cjs',
      external: ['electron'],
    }),
  ]);
  return outdir;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--outdir');
  const outdir = at >= 0 && args[at + 1] ? resolve(args[at + 1]) : undefined;
  buildElectron({ outdir, sourcemap: args.includes('--sourcemap') }).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
