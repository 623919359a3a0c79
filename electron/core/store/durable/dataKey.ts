/**
 * The data key (32 bytes, AES-256) and the key-check file.
 *
 * The key comes from the environment variable EZHD_DATA_KEY (base64), or from a key file
 * (base64 text, created with mode 0600 from random bytes if it is missing and creation is allowed).
 * Under Electron the host keeps the key with safeStorage and passes it in; this module is for the
 * web host, tests and tools.
 *
 * `keycheck.bin` in the data folder is the envelope of a known constant: if it opens, the key is
 * right, so a data file that fails authentication is damaged rather than encrypted with another key.
 */
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { atomicWrite, syncDirBestEffort, tempPathOf, writeNewFileSynced } from './atomicWrite.js';
import { DATA_KEY_BYTES, openEnvelope, sealEnvelope } from './envelope.js';
import { nodeFsOps, type FsOps } from './fsOps.js';
import {
  corruptFileError,
  errnoOf,
  isStorageError,
  keyInvalidError,
  keyMissingError,
  storageIoError,
  wrongKeyError,
} from './storageErrors.js';
import { retryTransient } from './transientRetry.js';

export const DATA_KEY_ENV = 'EZHD_DATA_KEY';
export const KEY_CHECK_FILE = 'keycheck.bin';
const KEY_CHECK_NAME = KEY_CHECK_FILE;
const KEY_CHECK_CONSTANT = Buffer.from('EZHD key check v1', 'ascii');

export type DataKeySource = 'env' | 'file' | 'created';

export function generateDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

/** The key as written in EZHD_DATA_KEY or a key file. */
export function encodeDataKey(key: Uint8Array): string {
  return Buffer.from(key).toString('base64');
}

/** Parses base64 (standard or URL-safe, padding optional) of exactly 32 bytes. */
export function parseDataKey(text: string, source: 'env' | 'file'): Buffer {
  const s = text.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(s)) throw keyInvalidError(source);
  const key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key.length !== DATA_KEY_BYTES) throw keyInvalidError(source);
  return key;
}

export interface LoadDataKeyOptions {
  /** The host's environment (the core reads none of its own). */
  env: Readonly<Record<string, string | undefined>>;
  /** Key file used when EZHD_DATA_KEY is not set. */
  keyFile?: string;
  /** Create the key file with a new random key if it does not exist. Default false. */
  createIfMissing?: boolean;
  fs?: FsOps;
}

/**
 * EZHD_DATA_KEY if it is set (an invalid value is an error, never silently replaced by the file),
 * else the key file; else, if allowed, a new key file.
 */
export async function loadDataKey(options: LoadDataKeyOptions): Promise<{ key: Buffer; source: DataKeySource }> {
  const env = options.env;
  const fromEnv = env[DATA_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return { key: parseDataKey(fromEnv, 'env'), source: 'env' };
  if (!options.keyFile) throw keyMissingError();
  const fs = options.fs ?? nodeFsOps;
  const existing = await readKeyFile(fs, options.keyFile);
  if (existing) return { key: existing, source: 'file' };
  if (!options.createIfMissing) throw keyMissingError();
  return createKeyFile(fs, options.keyFile);
}

async function readKeyFile(fs: FsOps, keyFile: string): Promise<Buffer | null> {
  let text: string;
  try {
    text = (await fs.readFile(keyFile)).toString('utf8');
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return null;
    throw storageIoError('read', e, 'ключ шифрования');
  }
  return parseDataKey(text, 'file');
}

/**
 * Writes a new random key to a synced temp file (0600), then links it to `keyFile`, which fails
 * if another process created the key file meanwhile: then that key is used.
 */
async function createKeyFile(fs: FsOps, keyFile: string): Promise<{ key: Buffer; source: DataKeySource }> {
  const key = generateDataKey();
  const text = Buffer.from(`${encodeDataKey(key)}\n`, 'ascii');
  const temp = tempPathOf(keyFile);
  try {
    await fs.mkdir(dirname(keyFile));
    await writeNewFileSynced(fs, temp, text, 0o600);
    try {
      await retryTransient(() => fs.link(temp, keyFile));
    } catch (e) {
      const code = errnoOf(e);
      if (code === 'EEXIST') {
        const theirs = await readKeyFile(fs, keyFile);
        if (theirs) return { key: theirs, source: 'file' };
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw e;
      // No hard links on this filesystem: create the file exclusively in place.
      await writeNewFileSynced(fs, keyFile, text, 0o600);
    }
    await syncDirBestEffort(fs, dirname(keyFile));
  } catch (e) {
    if (isStorageError(e)) throw e;
    if (errnoOf(e) === 'EEXIST') {
      const theirs = await readKeyFile(fs, keyFile);
      if (theirs) return { key: theirs, source: 'file' };
    }
    throw storageIoError('write', e, 'ключ шифрования');
  } finally {
    await fs.unlink(temp).catch(() => undefined);
  }
  return { key, source: 'created' };
}

export type KeyCheckStatus = 'ok' | 'wrong_key' | 'absent' | 'damaged';

/** Reads `<dataDir>/keycheck.bin` and says whether `key` opens it. Throws only on I/O errors. */
export async function checkKey(dataDir: string, key: Uint8Array, options: { fs?: FsOps } = {}): Promise<KeyCheckStatus> {
  const fs = options.fs ?? nodeFsOps;
  let sealed: Buffer;
  try {
    sealed = await fs.readFile(join(dataDir, KEY_CHECK_FILE));
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return 'absent';
    throw storageIoError('read', e, KEY_CHECK_NAME);
  }
  try {
    const plain = openEnvelope(key, KEY_CHECK_NAME, sealed);
    return plain.equals(KEY_CHECK_CONSTANT) ? 'ok' : 'damaged';
  } catch (e) {
    if (isStorageError(e) && e.reason === 'auth_failed') return 'wrong_key';
    if (isStorageError(e) && e.reason === 'damaged') return 'damaged';
    throw e;
  }
}

/** A key check bound to one data folder and key, for EncryptedFileAdapter's `keyCheck` option. */
export function keyCheckIn(dataDir: string, key: Uint8Array, options: { fs?: FsOps } = {}): () => Promise<KeyCheckStatus> {
  return () => checkKey(dataDir, key, options);
}

/**
 * Verifies `key` against the data folder's key-check file, creating the file if it is missing and
 * `allowCreate` (default true; pass false for a folder that already holds data, so that a lost
 * key-check file is not silently re-created for a wrong key). Throws a 'crypto' error for a wrong
 * key, a 'storage' error for a damaged or missing (when not allowed to create) key-check file.
 */
export async function verifyOrInitKeyCheck(
  dataDir: string,
  key: Uint8Array,
  options: { fs?: FsOps; allowCreate?: boolean } = {},
): Promise<'verified' | 'created'> {
  const fs = options.fs ?? nodeFsOps;
  const status = await checkKey(dataDir, key, { fs });
  switch (status) {
    case 'ok':
      return 'verified';
    case 'wrong_key':
      throw wrongKeyError();
    case 'damaged':
      throw corruptFileError(KEY_CHECK_NAME, 'bad_header');
    case 'absent':
      break;
  }
  if (options.allowCreate === false) throw corruptFileError(KEY_CHECK_NAME, 'missing');
  try {
    await fs.mkdir(dataDir);
  } catch (e) {
    throw storageIoError('write', e, KEY_CHECK_NAME);
  }
  await atomicWrite(join(dataDir, KEY_CHECK_FILE), sealEnvelope(key, KEY_CHECK_NAME, KEY_CHECK_CONSTANT), {
    fs,
    keepPreviousAs: null,
    logicalName: KEY_CHECK_NAME,
  });
  return 'created';
}
