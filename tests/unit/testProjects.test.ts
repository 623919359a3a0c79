/**
 * The suite's two speeds (vitest.config.ts): a test file that starts something outside its process
 * belongs to the slow project, so that `npm run test:fast` stays fast. Read from each file's text:
 * a child process (reading a PDF back with pdftotext, pdfinfo or pdftoppm is allowed), an esbuild
 * bundle, the central server or its database.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ISOLATED_FAST_TESTS, SLOW_TESTS } from '../../vitest.config.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

const SLOW_MARKS: Array<[string, RegExp]> = [
  ['a child process', /(?<![.\w$])(?:spawn|spawnSync|fork|exec|execSync)\(|(?<![.\w$])execFile(?:Sync)?\((?!\s*'pdf)/],
  ['an esbuild bundle', /from 'esbuild'/],
  ['the central server or its database', /\b(?:openTestDb|startCentral|useCentral|openPglite|openPg)\b|@electric-sql\/pglite/],
];

/** What in `text` makes a test slow (none: []). */
export function slowMarks(text: string): string[] {
  return SLOW_MARKS.filter(([, re]) => re.test(text)).map(([what]) => what);
}

function testFiles(): string[] {
  return ['tests/unit', 'central'].flatMap((dir) =>
    readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.test\.tsx?$/.test(f) && !f.includes('node_modules'))
      .map((f) => relative(root, join(root, dir, f)).split('\\').join('/')),
  );
}

describe('the fast and the slow project', () => {
  it('reads the marks of a slow test', () => {
    const cases: Array<[string, string[]]> = [
      ["const r = spawn(process.execPath, [child]);", ['a child process']],
      ["execFileSync(process.execPath, ['scripts/build-electron.mjs'])", ['a child process']],
      ["const text = execFileSync('pdftotext', ['-layout', file, '-']);", []],
      ["import { build } from 'esbuild';", ['an esbuild bundle']],
      ["t = await openTestDb('pglite');", ['the central server or its database']],
      ["import { PGlite } from '@electric-sql/pglite';", ['the central server or its database']],
      ['const app = await testApp();', []],
      ['const m = /x/.exec(text);', []],
    ];
    for (const [text, want] of cases) expect(slowMarks(text), text).toEqual(want);
  });

  it('every file named slow or isolated exists', () => {
    for (const f of [...SLOW_TESTS, ...ISOLATED_FAST_TESTS]) expect(existsSync(join(root, f)), f).toBe(true);
  });

  it('a file that mocks a module runs isolated (the fast and the slow project each share one module cache per worker)', () => {
    const apart = new Set([...ISOLATED_FAST_TESTS, 'tests/unit/testProjects.test.ts']);
    const mocking = testFiles().filter((f) => !apart.has(f) && /\bvi\.(?:mock|doMock)\(/.test(readFileSync(join(root, f), 'utf8')));
    expect(mocking, 'add these files to ISOLATED_FAST_TESTS in vitest.config.ts (a slow one: a slow project of its own without isolate: false)').toEqual([]);
  });

  it('no file of the fast project starts a process, bundles or opens the central database', () => {
    const slow = new Set(SLOW_TESTS);
    const misplaced = testFiles()
      .filter((f) => !slow.has(f) && f !== 'tests/unit/testProjects.test.ts')
      .map((f) => [f, slowMarks(readFileSync(join(root, f), 'utf8'))] as const)
      .filter(([, marks]) => marks.length > 0)
      .map(([f, marks]) => `${f}: ${marks.join(', ')}`);
    expect(misplaced, 'add these files to SLOW_TESTS in vitest.config.ts').toEqual([]);
  });
});
