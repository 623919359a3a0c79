/**
 * Makes an Ed25519 key pair for signing updates.
 *
 *   npx tsx scripts/release/gen-update-key.ts --id ezhd-2026-1 --out /media/release-usb
 *
 * Writes `<out>/<id>.update-key.json` (mode 0600; never commit it, keep it offline) and prints the
 * public key as the line to add to electron/core/update/trustedKeys.ts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { trustedKeyOf, type TrustedKey } from '../../electron/core/update/signature.js';
import type { UpdateKeyFile } from './updateKeyFile.js';

export function generateUpdateKey(keyId: string): { file: UpdateKeyFile; trusted: TrustedKey } {
  if (!/^[a-z0-9][a-z0-9._-]{0,39}$/.test(keyId)) throw new Error('the key id must be 1–40 of a-z 0-9 . _ - (e.g. ezhd-2026-1)');
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  return { file: { format: 'ezhd-update-key/1', keyId, privateKey: pem }, trusted: trustedKeyOf(keyId, pem) };
}

/** Writes the key file; refuses to overwrite one. Returns its path. */
export function writeUpdateKey(outDir: string, keyId: string): { path: string; trusted: TrustedKey } {
  const { file, trusted } = generateUpdateKey(keyId);
  const path = join(resolve(outDir), `${keyId}.update-key.json`);
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  return { path, trusted };
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const id = arg(args, '--id');
  const out = arg(args, '--out');
  if (!id || !out) {
    console.error('usage: npx tsx scripts/release/gen-update-key.ts --id <key-id> --out <folder outside the repository>');
    process.exit(2);
  }
  try {
    const { path, trusted } = writeUpdateKey(out, id);
    console.log(`private key: ${path}  (keep it offline; never commit it)`);
    console.log('add to TRUSTED_UPDATE_KEYS in electron/core/update/trustedKeys.ts:');
    console.log(`  { id: '${trusted.id}', publicKey: '${trusted.publicKey}' },`);
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
