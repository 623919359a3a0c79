import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * The path of a DejaVu font file (`DejaVuSans.ttf`, …). A built host (dist/electron/main.js,
 * packaged in app.asar) has the fonts copied beside it, in `fonts/` (scripts/build-electron.mjs),
 * and no node_modules; the sources (tests, tsx) and an unbundled build read them from the
 * `dejavu-fonts-ttf` package.
 */
export function fontFilePath(file: string): string {
  const beside = fileURLToPath(new URL(`./fonts/${file}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
}
