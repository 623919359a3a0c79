import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * A dump of an empty PGlite database (initdb done, nothing else), made once per PGlite version on
 * this machine and kept in the temp folder: initdb is most of the CPU a fresh PGlite costs (~4.5 of
 * ~7 s), and about twenty test files each opened one. Each test database starts in memory from it,
 * as the server's in-memory database does (`openPglite(undefined, { loadDataDir })`), and a test's
 * data folder from it unpacked (pgliteFolder). Written to a file of its own and renamed into place,
 * so test processes that race to make it never see half of one. No vitest here: the end-to-end
 * specs use it too.
 */
export async function pgliteTemplateFile(): Promise<string> {
  const manifest = new URL('../../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  const { version } = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
  const file = join(tmpdir(), `ezhd-test-pglite-${version}.tar`);
  if (await access(file).then(() => true, () => false)) return file;
  const { PGlite } = await import('@electric-sql/pglite');
  const empty = await PGlite.create();
  const dump = Buffer.from(await (await empty.dumpDataDir('none')).arrayBuffer());
  await empty.close();
  const making = `${file}.${randomBytes(4).toString('hex')}`;
  await writeFile(making, dump);
  await rename(making, file);
  return file;
}

/** The empty database's dump (pgliteTemplateFile) for `loadDataDir`. */
export async function pgliteTemplate(): Promise<Blob> {
  return new Blob([await readFile(await pgliteTemplateFile())]);
}

/**
 * A PGlite data folder holding the empty database (the dump unpacked into it), so that opening it
 * (`openPglite(dir)`, the central server's `--data dir`) finds a database and skips initdb, as a
 * server's folder does from its second start on. `dir` is made if missing.
 */
export async function pgliteFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const file = await pgliteTemplateFile();
  // The dump's paths start with «/»: tar takes them as relative to -C (and says so on stderr).
  await promisify(execFile)('tar', ['-xf', file, '-C', dir]);
}
