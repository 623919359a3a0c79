/**
 * Detached Ed25519 signatures of update files, checked before an update is installed.
 *
 * electron-updater checks only a hash from the (unsigned) feed on Linux, and a publisher only
 * where one is set on Windows; so every installer is published with `<installer>.sig`, signed
 * offline by the release manager, and the app installs nothing that a built-in key did not sign.
 *
 * The signed message is `sha512 + '\n' + version + '\n' + fileName`, with the SHA-512 of the
 * file in base64 (as in electron-updater's latest.yml). The signature file is JSON:
 * `{"format":"ezhd-update-signature/1","keyId":…,"version":…,"fileName":…,"signature":<base64>}`;
 * its version and fileName are for people and clearer refusals: the check always uses the
 * version and name the app expects. Key rotation: the app trusts a list of keys with ids; the
 * signature names the key. Pure: node:crypto only, no Electron.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

export const SIGNATURE_FORMAT = 'ezhd-update-signature/1';
export const SIGNATURE_SUFFIX = '.sig';

export interface TrustedKey {
  /** Named by the signature file; e.g. `ezhd-2026-1`. */
  id: string;
  /** The raw 32-byte Ed25519 public key, base64url (the `x` of its JWK). */
  publicKey: string;
}

export interface SignatureFile {
  format: typeof SIGNATURE_FORMAT;
  keyId: string;
  version: string;
  fileName: string;
  signature: string;
}

export type VerifyResult = { ok: true; keyId: string } | { ok: false; reason: string };

export function sha512Base64(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('base64');
}

/** Version and file name go on their own lines, so neither may hold a line break. */
function checkField(value: string): boolean {
  return value.length > 0 && value.length <= 200 && !/[\r\n\0]/.test(value);
}

export function signedMessage(sha512: string, version: string, fileName: string): Buffer {
  return Buffer.from(`${sha512}\n${version}\n${fileName}`, 'utf8');
}

export function parseSignatureFile(content: string | Uint8Array): SignatureFile | null {
  const text = typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  if (text.length > 10_000) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  if (o.format !== SIGNATURE_FORMAT) return null;
  for (const k of ['keyId', 'version', 'fileName', 'signature'] as const) if (typeof o[k] !== 'string') return null;
  return { format: SIGNATURE_FORMAT, keyId: o.keyId as string, version: o.version as string, fileName: o.fileName as string, signature: o.signature as string };
}

function publicKeyOf(key: TrustedKey): KeyObject | null {
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
  } catch {
    return null;
  }
}

export interface VerifyArgs {
  /** The downloaded file, or its SHA-512 (base64) when it was hashed as a stream. */
  fileBytes?: Uint8Array;
  sha512?: string;
  /** The version the app is about to install. */
  version: string;
  /** The name of the file as published (…/ezhd-office-1.2.0-x64.exe → ezhd-office-1.2.0-x64.exe). */
  fileName: string;
  /** Contents of `<fileName>.sig`; null or undefined when it could not be found. */
  signatureFile: string | Uint8Array | null | undefined;
  trustedKeys: readonly TrustedKey[];
}

/** Says whether a built-in key signed this file for this version and name; in Russian when not. */
export function verifyUpdateSignature(args: VerifyArgs): VerifyResult {
  const refuse = (reason: string): VerifyResult => ({ ok: false, reason });
  if (args.trustedKeys.length === 0) return refuse('В программу не встроен ключ проверки обновлений: обновление не установлено.');
  if (!checkField(args.version) || !checkField(args.fileName)) return refuse('Описание обновления повреждено: обновление не установлено.');
  const sha512 = args.fileBytes ? sha512Base64(args.fileBytes) : args.sha512;
  if (!sha512) return refuse('Файл обновления не прочитан: обновление не установлено.');
  if (args.signatureFile === null || args.signatureFile === undefined || args.signatureFile.length === 0) {
    return refuse('У обновления нет подписи: обновление не установлено.');
  }
  const sig = parseSignatureFile(args.signatureFile);
  if (!sig) return refuse('Файл подписи обновления повреждён: обновление не установлено.');
  const key = args.trustedKeys.find((k) => k.id === sig.keyId);
  if (!key) return refuse(`Обновление подписано неизвестным ключом «${sig.keyId.slice(0, 40)}»: обновление не установлено.`);
  if (sig.version !== args.version) {
    return refuse(`Подпись выдана для версии ${sig.version.slice(0, 40)}, а загружена версия ${args.version}: обновление не установлено.`);
  }
  if (sig.fileName !== args.fileName) return refuse('Подпись выдана для другого файла: обновление не установлено.');
  const publicKey = publicKeyOf(key);
  if (!publicKey) return refuse('Встроенный ключ проверки обновлений повреждён: обновление не установлено.');
  const signature = Buffer.from(sig.signature, 'base64');
  let valid = false;
  try {
    valid = signature.length === 64 && verify(null, signedMessage(sha512, args.version, args.fileName), publicKey, signature);
  } catch {
    valid = false;
  }
  if (!valid) return refuse('Подпись обновления не сходится: файл изменён или подписан не тем ключом. Обновление не установлено.');
  return { ok: true, keyId: key.id };
}

/** Makes the contents of `<fileName>.sig` (the release tool's half). */
export function createSignatureFile(args: {
  sha512: string;
  version: string;
  fileName: string;
  keyId: string;
  privateKeyPem: string;
}): string {
  if (!checkField(args.version) || !checkField(args.fileName) || !checkField(args.keyId)) {
    throw new Error('version, fileName and keyId must be non-empty single-line strings');
  }
  const key = createPrivateKey(args.privateKeyPem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('the signing key is not an Ed25519 key');
  const signature = sign(null, signedMessage(args.sha512, args.version, args.fileName), key).toString('base64');
  const file: SignatureFile = { format: SIGNATURE_FORMAT, keyId: args.keyId, version: args.version, fileName: args.fileName, signature };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** The public half of a private key, as a TrustedKey entry. */
export function trustedKeyOf(keyId: string, privateKeyPem: string): TrustedKey {
  const jwk = createPublicKey(createPrivateKey(privateKeyPem)).export({ format: 'jwk' });
  if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('the key is not an Ed25519 key');
  return { id: keyId, publicKey: jwk.x };
}
