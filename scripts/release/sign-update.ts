/**
 * Signs installers for the updater: writes `<installer>.sig` beside each one, to be published
 * next to it on the update server.
 *
 *   npx tsx scripts/release/sign-update.ts --key <key file> [--version 1.2.0] release/ezhd-office-1.2.0-x64.exe …
 *   EZHD_UPDATE_SIGNING_KEY="$(cat key.json)" npx tsx scripts/release/sign-update.ts release/*.AppImage
 *
 * The version defaults to package.json's. The key must be one the app trusts
 * (electron/core/update/trustedKeys.ts) unless --allow-untrusted-key is given (tests, rehearsals).
 */
import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createSignatureFile, SIGNATURE_SUFFIX, verifyUpdateSignature, type TrustedKey } from '../../electron/core/update/signature.js';
import { TRUSTED_UPDATE_KEYS } from '../../electron/core/update/trustedKeys.js';
import { parseUpdateKeyFile } from './updateKeyFile.js';

export async function sha512OfFile(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('base64');
}

export interface SignOptions {
  keyFileText: string;
  version: string;
  installers: string[];
  trustedKeys?: readonly TrustedKey[];
  allowUntrustedKey?: boolean;
}

/** Signs each installer, checks the signature as the app will, and returns the .sig paths. */
export async function signInstallers(opts: SignOptions): Promise<string[]> {
  const key = parseUpdateKeyFile(opts.keyFileText);
  const trusted = opts.trustedKeys ?? TRUSTED_UPDATE_KEYS;
  if (!opts.allowUntrustedKey && !trusted.some((k) => k.id === key.keyId)) {
    throw new Error(`key "${key.keyId}" is not in TRUSTED_UPDATE_KEYS: the app would refuse these updates`);
  }
  const written: string[] = [];
  for (const installer of opts.installers) {
    const sha512 = await sha512OfFile(installer);
    const fileName = basename(installer);
    const sig = createSignatureFile({ sha512, version: opts.version, fileName, keyId: key.keyId, privateKeyPem: key.privateKey });
    if (trusted.some((k) => k.id === key.keyId)) {
      const check = verifyUpdateSignature({ sha512, version: opts.version, fileName, signatureFile: sig, trustedKeys: trusted });
      if (!check.ok) throw new Error(`the new signature of ${fileName} does not verify against the built-in key: ${check.reason}`);
    }
    const out = `${installer}${SIGNATURE_SUFFIX}`;
    writeFileSync(out, sig);
    written.push(out);
  }
  return written;
}

function arg(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const keyPath = arg(args, '--key');
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const version = arg(args, '--version') ?? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const valued = new Set(['--key', '--version']);
  const installers = args.filter((a, i) => !a.startsWith('--') && !valued.has(args[i - 1] ?? ''));
  const keyFileText = keyPath ? readFileSync(keyPath, 'utf8') : process.env.EZHD_UPDATE_SIGNING_KEY;
  if (!keyFileText || installers.length === 0) {
    console.error('usage: npx tsx scripts/release/sign-update.ts (--key <key file> | env EZHD_UPDATE_SIGNING_KEY) [--version X] <installer>...');
    process.exit(2);
  }
  signInstallers({ keyFileText, version, installers, allowUntrustedKey: args.includes('--allow-untrusted-key') })
    .then((written) => {
      for (const w of written) console.log(`signed: ${w}`);
    })
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
