import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The fixed subset of a font (fontCache.ts: the glyphs of FIXED_CHARSET, encoded as jsPDF embeds
 * them) made once at build time and shipped beside the bundle (scripts/build-electron.mjs,
 * `fonts/<font>.fixed.bin`), so the first PDF of a process does not spend a few hundred
 * milliseconds encoding it.
 *
 * The file is a key and the bytes: the key is a SHA-256 of everything the bytes are made from (the
 * font file, the character set, jsPDF's version), so a file that does not match what this process
 * would encode is never used — it encodes the subset itself, as without the file.
 */

const KEY_LENGTH = 32;

/** The key of a fixed subset: the font file, the character set and the encoder's version. */
export function fixedSubsetKey(font: Uint8Array, charset: string, encoderVersion: string): Buffer {
  return createHash('sha256').update(font).update('\0').update(charset, 'utf8').update('\0').update(encoderVersion, 'utf8').digest();
}

/** The file's content: key, then the subset's bytes. */
export function fixedSubsetFile(key: Uint8Array, bytes: readonly number[]): Buffer {
  return Buffer.concat([Buffer.from(key), Buffer.from(bytes)]);
}

/** The subset's bytes from a file's content, or null when its key is not `key`. */
export function readFixedSubset(content: Uint8Array, key: Uint8Array): number[] | null {
  if (content.length <= KEY_LENGTH || !Buffer.from(content.subarray(0, KEY_LENGTH)).equals(Buffer.from(key))) return null;
  return Array.from(content.subarray(KEY_LENGTH));
}

/** The file name of a font's fixed subset beside the bundle. */
export function fixedSubsetName(fontFile: string): string {
  return fontFile.replace(/\.ttf$/, '.fixed.bin');
}

/** The fixed subset shipped beside the bundle for a font file, if there is one and it matches `key`. */
export function shippedFixedSubset(fontFile: string, key: Uint8Array): number[] | null {
  const path = fileURLToPath(new URL(`./fonts/${fixedSubsetName(fontFile)}`, import.meta.url));
  if (!existsSync(path)) return null;
  try {
    return readFixedSubset(readFileSync(path), key);
  } catch {
    return null;
  }
}
