import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { jsPDF } from 'jspdf';
import { describe, expect, it } from 'vitest';
import { FIXED_CHARSET, fixedSubsetFiles } from '../../../electron/core/pdf/fontCache.js';
import { fixedSubsetFile, fixedSubsetKey, fixedSubsetName, readFixedSubset } from '../../../electron/core/pdf/fixedSubsetFile.js';
import { GENERATED_ASSETS } from '../../../scripts/build-electron.mjs';

const require = createRequire(import.meta.url);
const font = new Uint8Array(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')));
const version = (jsPDF as unknown as { version: string }).version;

describe('fixed font subset made at build time', () => {
  it('reads back the bytes only under the key it was written with', () => {
    const key = fixedSubsetKey(font, FIXED_CHARSET, version);
    const content = fixedSubsetFile(key, [0, 1, 255, 7]);
    expect(readFixedSubset(content, key)).toEqual([0, 1, 255, 7]);
    for (const other of [fixedSubsetKey(font, `${FIXED_CHARSET}ә`, version), fixedSubsetKey(font, FIXED_CHARSET, '0.0.0'), fixedSubsetKey(font.subarray(1), FIXED_CHARSET, version)]) {
      expect(other.equals(key)).toBe(false);
      expect(readFixedSubset(content, other)).toBeNull();
    }
    expect(readFixedSubset(content.subarray(0, 32), key)).toBeNull();
    expect(readFixedSubset(new Uint8Array(0), key)).toBeNull();
  });

  it('the files the build ships: one per font style, keyed by the font, the character set and jsPDF, the same bytes every time', () => {
    const files = fixedSubsetFiles();
    expect(files.map((f) => `fonts/${f.name}`).sort()).toEqual([...GENERATED_ASSETS].sort());
    expect(fixedSubsetName('DejaVuSans.ttf')).toBe('DejaVuSans.fixed.bin');
    const regular = files.find((f) => f.name === 'DejaVuSans.fixed.bin')!;
    const bytes = readFixedSubset(regular.content, fixedSubsetKey(font, FIXED_CHARSET, version));
    // A TrueType font program (version 1.0), far smaller than the font file.
    expect(bytes?.slice(0, 4)).toEqual([0, 1, 0, 0]);
    expect(bytes!.length).toBeLessThan(font.length / 4);
    expect(fixedSubsetFiles().map((f) => f.content.equals(files.find((x) => x.name === f.name)!.content))).toEqual([true, true]);
  });
});
