/**
 * Writes the fixed font subsets (electron/core/pdf/fixedSubsetFile.ts) into `<out>/fonts/`, beside
 * a bundle: `node --import tsx scripts/build-fixed-subsets.ts <out>` (scripts/build-electron.mjs
 * runs it after copying the fonts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fixedSubsetFiles } from '../electron/core/pdf/fontCache.js';

const [out] = process.argv.slice(2);
if (!out) throw new Error('usage: build-fixed-subsets.ts <bundle folder>');
const dir = join(resolve(out), 'fonts');
mkdirSync(dir, { recursive: true });
for (const f of fixedSubsetFiles()) writeFileSync(join(dir, f.name), f.content);
