import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DATA_KEY_ENV,
  KEY_CHECK_FILE,
  checkKey,
  encodeDataKey,
  loadDataKey,
  parseDataKey,
  verifyOrInitKeyCheck,
} from '../../../../electron/core/store/durable/dataKey.js';
import { StorageError } from '../../../../electron/core/store/durable/storageErrors.js';
import { makeTempDir, removeDir, tempFilesIn, testKey } from './fixtures/tempDir.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir();
});
afterEach(async () => {
  await removeDir(dir);
});

async function rejection(p: Promise<unknown>): Promise<StorageError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(StorageError);
  return e as StorageError;
}

describe('data key', () => {
  it('comes from EZHD_DATA_KEY (base64, also URL-safe, unpadded)', async () => {
    const key = testKey();
    const std = await loadDataKey({ env: { [DATA_KEY_ENV]: encodeDataKey(key) }, keyFile: join(dir, 'none.key') });
    expect(std.source).toBe('env');
    expect(std.key.equals(key)).toBe(true);
    const url = key.toString('base64url');
    expect(parseDataKey(url, 'env').equals(key)).toBe(true);
  });

  it('refuses an invalid EZHD_DATA_KEY instead of falling back to the file', async () => {
    const keyFile = join(dir, 'data.key');
    await loadDataKey({ env: {}, keyFile, createIfMissing: true });
    for (const bad of ['short', encodeDataKey(testKey().subarray(0, 16)), `${encodeDataKey(testKey())}AAAA`, 'a b c']) {
      const e = await rejection(loadDataKey({ env: { [DATA_KEY_ENV]: bad }, keyFile }));
      expect(e.code).toBe('crypto');
      expect(e.reason).toBe('key_invalid');
      expect(e.message).toContain('EZHD_DATA_KEY');
      expect(e.message).not.toContain(bad);
    }
  });

  it('creates a random key file with mode 0600 once, then reads it', async () => {
    const keyFile = join(dir, 'keys', 'data.key');
    const created = await loadDataKey({ env: {}, keyFile, createIfMissing: true });
    expect(created.source).toBe('created');
    expect(created.key.length).toBe(32);
    if (process.platform !== 'win32') expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(encodeDataKey(created.key));
    const again = await loadDataKey({ env: {}, keyFile, createIfMissing: true });
    expect(again.source).toBe('file');
    expect(again.key.equals(created.key)).toBe(true);
    expect(await tempFilesIn(join(dir, 'keys'))).toEqual([]);
  });

  it('two concurrent creators end up with the same key', async () => {
    const keyFile = join(dir, 'data.key');
    const [a, b] = await Promise.all([
      loadDataKey({ env: {}, keyFile, createIfMissing: true }),
      loadDataKey({ env: {}, keyFile, createIfMissing: true }),
    ]);
    expect(a.key.equals(b.key)).toBe(true);
  });

  it('is an error when missing and creation is not allowed, or when the file is garbage', async () => {
    const keyFile = join(dir, 'data.key');
    expect((await rejection(loadDataKey({ env: {}, keyFile }))).reason).toBe('key_missing');
    expect((await rejection(loadDataKey({ env: {} }))).reason).toBe('key_missing');
    await writeFile(keyFile, 'not a key');
    expect((await rejection(loadDataKey({ env: {}, keyFile, createIfMissing: true }))).reason).toBe('key_invalid');
  });
});

describe('key check', () => {
  it('is created once, then verifies the right key', async () => {
    const key = testKey();
    expect(await checkKey(dir, key)).toBe('absent');
    expect(await verifyOrInitKeyCheck(dir, key)).toBe('created');
    expect(await verifyOrInitKeyCheck(dir, key)).toBe('verified');
    expect(await checkKey(dir, key)).toBe('ok');
    expect((await readFile(join(dir, KEY_CHECK_FILE))).subarray(0, 4).toString()).toBe('EZHD');
  });

  it('tells a wrong key with a crypto error', async () => {
    await verifyOrInitKeyCheck(dir, testKey());
    const other = testKey();
    expect(await checkKey(dir, other)).toBe('wrong_key');
    const e = await rejection(verifyOrInitKeyCheck(dir, other));
    expect(e.code).toBe('crypto');
    expect(e.reason).toBe('wrong_key');
    expect(e.message).toMatch(/^Неверный ключ шифрования данных: /);
  });

  it('tells a damaged key-check file apart from a wrong key', async () => {
    const key = testKey();
    await verifyOrInitKeyCheck(dir, key);
    await writeFile(join(dir, KEY_CHECK_FILE), Buffer.alloc(64));
    expect(await checkKey(dir, key)).toBe('damaged');
    const e = await rejection(verifyOrInitKeyCheck(dir, key));
    expect(e.code).toBe('storage');
    expect(e.reason).toBe('damaged');
  });

  it('is not re-created where that is not allowed', async () => {
    const e = await rejection(verifyOrInitKeyCheck(dir, testKey(), { allowCreate: false }));
    expect(e.reason).toBe('damaged');
    expect(e.detail).toBe('missing');
  });

  it('creates the data folder if needed', async () => {
    const key = testKey();
    expect(await verifyOrInitKeyCheck(join(dir, 'new', 'data'), key)).toBe('created');
    expect(await checkKey(join(dir, 'new', 'data'), key)).toBe('ok');
  });
});
