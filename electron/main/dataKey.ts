import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { safeStorage } from 'electron';
import {
  decideKeyAction,
  decodeKey,
  ENV_KEY_VARIABLE,
  KEY_DAMAGED,
  parseStoredKeyFile,
  type KeyDecision,
  type StoredKeyFile,
} from './dataKeyPolicy.js';

export const KEY_FILE_NAME = 'data-key.json';

export type DataKeyResult = { ok: true; key: Buffer; source: 'env' | 'created' | 'unlocked' } | Extract<KeyDecision, { action: 'refuse' }>;

async function folderHasData(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length > 0;
  } catch {
    return false;
  }
}

async function readStored(file: string): Promise<StoredKeyFile | null | 'damaged'> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    return 'damaged';
  }
  return parseStoredKeyFile(text) ?? 'damaged';
}

/** temp file (0600) + fsync + rename: the key file is whole or absent. */
async function writeStored(file: string, stored: StoredKeyFile): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(stored, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}

/**
 * The data-encryption key: created on first start and kept only as safeStorage's encryption
 * in `<userData>/data-key.json`; refused on a plain-text secret store or a changed one.
 */
export async function obtainDataKey(opts: { userDataDir: string; dataDir: string; packaged: boolean; env: NodeJS.ProcessEnv }): Promise<DataKeyResult> {
  const file = join(opts.userDataDir, KEY_FILE_NAME);
  const stored = await readStored(file);
  if (stored === 'damaged') return KEY_DAMAGED;
  const decision = decideKeyAction({
    platform: process.platform,
    linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined,
    encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
    stored,
    dataFolderHasData: await folderHasData(opts.dataDir),
    packaged: opts.packaged,
    env: opts.env,
  });
  switch (decision.action) {
    case 'refuse':
      return decision;
    case 'env': {
      const key = decodeKey(opts.env[ENV_KEY_VARIABLE] ?? '');
      return key ? { ok: true, key, source: 'env' } : KEY_DAMAGED;
    }
    case 'create': {
      const key = randomBytes(32);
      const encrypted = await safeStorage.encryptStringAsync(key.toString('base64'));
      await writeStored(file, { version: 1, backend: decision.backend, encryptedKey: encrypted.toString('base64'), createdAt: new Date().toISOString() });
      return { ok: true, key, source: 'created' };
    }
    case 'unlock': {
      if (!stored) return KEY_DAMAGED;
      let plain: Awaited<ReturnType<typeof safeStorage.decryptStringAsync>>;
      try {
        plain = await safeStorage.decryptStringAsync(Buffer.from(stored.encryptedKey, 'base64'));
      } catch {
        return KEY_DAMAGED;
      }
      const key = decodeKey(plain.result);
      if (!key) return KEY_DAMAGED;
      if (plain.shouldReEncrypt) {
        const encrypted = await safeStorage.encryptStringAsync(key.toString('base64'));
        await writeStored(file, { ...stored, encryptedKey: encrypted.toString('base64') });
      }
      return { ok: true, key, source: 'unlocked' };
    }
  }
}
