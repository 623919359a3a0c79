#!/usr/bin/env node
/**
 * Bundles the Electron host with esbuild, dependencies included, so that the package carries only
 * what the app runs (no node_modules in app.asar):
 *   electron/main/index.ts    → <out>/main.js     (ESM, with every dependency bundled in)
 *   electron/preload/index.ts → <out>/preload.cjs (CommonJS: a sandboxed preload cannot be ESM)
 *   the files the code reads at run time → beside the bundle (RUNTIME_ASSETS: the PDF fonts,
 *                                          found by electron/core/pdf/fontFile.ts; GENERATED_ASSETS:
 *                                          their fixed subsets, electron/core/pdf/fixedSubsetFile.ts)
 * Only 'electron' stays external, and OPTIONAL_ABSENT: what a library requires lazily for a feature
 * the app never calls. Nothing the main process loads is native. Whitespace and syntax are minified,
 * names are kept (a stack trace in a log stays readable). No source maps in a release build
 * (`--sourcemap` adds linked maps without sources, for development). `--outdir <dir>` builds
 * elsewhere (the packaging test uses a temp folder).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/**
 * jsPDF's Node build requires these only inside `doc.html()` (html2canvas, dompurify) and
 * `addSvgAsImage()` (canvg), each in a promise that rejects when the module is missing. The app
 * never calls either (tests/unit/release/packaging.test.ts checks the sources), so they are left
 * out, and with them core-js and the other browser polyfills they drag in.
 */
export const OPTIONAL_ABSENT = ['canvg', 'html2canvas', 'dompurify'];

/** Files the bundled code reads at run time: package file → path beside the bundle. */
export const RUNTIME_ASSETS = [
  { from: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', to: 'fonts/DejaVuSans.ttf' },
  { from: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', to: 'fonts/DejaVuSans-Bold.ttf' },
];

/** Files made at build time beside the bundle: the fonts' fixed subsets (scripts/build-fixed-subsets.ts). */
export const GENERATED_ASSETS = ['fonts/DejaVuSans.fixed.bin', 'fonts/DejaVuSans-Bold.fixed.bin'];

/** Encodes the fonts' fixed subsets once, here, instead of in the first PDF of every process. */
export function writeGeneratedAssets(outdir) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'build-fixed-subsets.ts'), outdir], { cwd: root, encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`fixed font subsets: ${r.error?.message ?? ''}${r.stderr}`);
}

export function copyRuntimeAssets(outdir) {
  for (const a of RUNTIME_ASSETS) {
    const to = join(outdir, a.to);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(require.resolve(a.from), to);
  }
}

export async function buildElectron({ outdir = join(root, 'dist', 'electron'), sourcemap = false, logLevel = 'info' } = {}) {
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node22',
    absWorkingDir: root,
    sourcemap: sourcemap ? 'linked' : false,
    sourcesContent: false,
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel,
    define: { 'process.env.NODE_ENV': '"production"' },
  };
  await Promise.all([
    build({
      ...common,
      entryPoints: [join(root, 'electron/main/index.ts')],
      outfile: join(outdir, 'main.js'),
      format: 'esm',
      external: ['electron', ...OPTIONAL_ABSENT],
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
  copyRuntimeAssets(outdir);
  writeGeneratedAssets(outdir);
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
