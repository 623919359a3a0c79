/**
 * The worker that opens pull pages runs its program from the functions' source text
 * (lineHashWorker.ts): it must still run once the hosts' bundler has rewritten that text. Bundled
 * here as the Electron host (bundle, minified syntax and whitespace) and the web host build it, and
 * with esbuild's kept names (its `__name` helper inside functions): each bundle's worker gives the
 * page back with the same hashes the reader computes. A worker that failed would not fail a sync
 * (the reader decompresses and hashes itself), so only this shows it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalJson, entityHashOfText } from '../../../electron/contract/sync/hash.js';

const dir = await mkdtemp(join(tmpdir(), 'ezhd-worker-bundle-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const data = { id: 's1', lastName: 'Ёлкина', note: 'ноты 𝄞' };
const page = Buffer.from(`{"v":1,"cursor":"e.2","to":2,"head":2,"more":true,"rows":[\n["mark","m1","p",1,${canonicalJson({ v: 5 })}],\n["student","s1","class/c",2,${canonicalJson(data)}]\n],"sums":{}}`);
const expected = [entityHashOfText('mark', 'm1', canonicalJson({ v: 5 })), entityHashOfText('student', 's1', canonicalJson(data))];

describe('the page worker from a bundle', () => {
  it.each([
    ['as the Electron host is built (minified syntax and whitespace)', { minifySyntax: true, minifyWhitespace: true }],
    ['as the web host is built', {}],
    ['with kept names', { keepNames: true, minify: true }],
  ])('%s', async (name, options) => {
    const entry = join(dir, `entry-${name.length}.ts`);
    await writeFile(entry, `export { openPageOffThread, stopPageWorker } from ${JSON.stringify(resolve('electron/core/sync/lineHashWorker.ts'))};\n`);
    const outfile = join(dir, `bundle-${name.length}.mjs`);
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, logLevel: 'silent', ...options });
    const m = (await import(pathToFileURL(outfile).href)) as typeof import('../../../electron/core/sync/lineHashWorker.js');
    try {
      const opened = await m.openPageOffThread(gzipSync(page), 'gzip', 1 << 20);
      expect(opened).not.toBeNull();
      expect(opened!.body.equals(page)).toBe(true);
      expect([...opened!.hashes!]).toEqual(expected);
    } finally {
      await m.stopPageWorker();
    }
  });
});
