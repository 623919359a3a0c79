import { copyFile, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyCheckIn, verifyOrInitKeyCheck } from '../../../../electron/core/store/durable/dataKey.js';
import {
  EncryptedFileAdapter,
  type EncryptedFileAdapterOptions,
  type RecoveryReport,
} from '../../../../electron/core/store/durable/encryptedFileAdapter.js';
import { StorageError } from '../../../../electron/core/store/durable/storageErrors.js';
import { faultyFs } from './fixtures/faultyFs.js';
import { makeTempDir, removeDir, snapshot, tempFilesIn, testKey } from './fixtures/tempDir.js';

interface Doc {
  version: number;
  students: { id: string; name: string }[];
}

const SECRET_NAME = 'Петрова Анна Сергеевна';
const doc = (version: number): Doc => ({ version, students: [{ id: `s${version}`, name: SECRET_NAME }] });

let dir: string;
let path: string;
let key: Buffer;
let recovered: RecoveryReport[];

function adapter(extra: Partial<EncryptedFileAdapterOptions<Doc>> = {}): EncryptedFileAdapter<Doc> {
  return new EncryptedFileAdapter<Doc>({
    path,
    logicalName: 'classes/7a.json',
    key,
    retry: { delaysMs: [1, 1, 1] },
    onRecovered: (r) => recovered.push(r),
    keyCheck: keyCheckIn(dir, key),
    ...extra,
  });
}

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

/** Writes versions 1 and 2: the file holds 2, the backup 1. */
async function twoVersions(): Promise<void> {
  const a = adapter();
  expect(await a.read()).toBeNull();
  await a.write(doc(1));
  await a.write(doc(2));
}

beforeEach(async () => {
  dir = await makeTempDir();
  path = join(dir, '7a.json');
  key = testKey();
  recovered = [];
  await verifyOrInitKeyCheck(dir, key);
});
afterEach(async () => {
  await removeDir(dir);
});

describe('EncryptedFileAdapter', () => {
  it('works under lowdb: null at first, then the last written data', async () => {
    const db = new Low<Doc>(adapter(), { version: 0, students: [] });
    await db.read();
    expect(db.data).toEqual({ version: 0, students: [] });
    await db.update((d) => {
      d.version = 1;
      d.students.push({ id: 's1', name: SECRET_NAME });
    });
    const again = new Low<Doc>(adapter(), { version: 0, students: [] });
    await again.read();
    expect(again.data).toEqual(doc(1));
    expect(recovered).toEqual([]);
  });

  it('leaves nothing readable on disk and no temp files', async () => {
    await twoVersions();
    const files = await readdir(dir);
    expect(files.sort()).toEqual(['7a.json', '7a.json.bak', 'keycheck.bin']);
    for (const f of files) {
      const bytes = await readFile(join(dir, f));
      expect(bytes.includes(Buffer.from(SECRET_NAME, 'utf8'))).toBe(false);
      expect(bytes.includes(Buffer.from('students'))).toBe(false);
    }
  });

  it('creates the folder of a partition on the first write', async () => {
    path = join(dir, 'journal', '2026', '7a.json');
    const a = adapter();
    expect(await a.read()).toBeNull();
    await a.write(doc(1));
    expect(await adapter().read()).toEqual(doc(1));
  });

  for (const [name, damage] of [
    ['zero-filled', async () => writeFile(path, Buffer.alloc((await readFile(path)).length))],
    ['truncated', async () => truncate(path, 100)],
    ['empty (torn)', async () => writeFile(path, Buffer.alloc(0))],
    [
      'with a flipped byte',
      async () => {
        const b = await readFile(path);
        b[b.length >> 1]! ^= 0x10;
        await writeFile(path, b);
      },
    ],
    ['missing', async () => rm(path)],
  ] as const) {
    it(`uses the backup when the file is ${name}, and reports it`, async () => {
      await twoVersions();
      await damage();
      const a = adapter();
      expect(await a.read()).toEqual(doc(1));
      expect(recovered).toHaveLength(1);
      expect(recovered[0]!.logicalName).toBe('classes/7a.json');
      expect(recovered[0]!.notice.reason).toBe('recovered');
      expect(recovered[0]!.notice.message).toMatch(/^Файл данных «classes\/7a\.json» повреждён .*восстановлена предыдущая версия/);
      expect(recovered[0]!.notice.message).not.toContain(SECRET_NAME);

      // The next write replaces the damaged file, sets it aside, and leaves the good backup alone.
      const bakBefore = await readFile(`${path}.bak`);
      await a.write(doc(3));
      expect((await readFile(`${path}.bak`)).equals(bakBefore)).toBe(true);
      expect(await adapter().read()).toEqual(doc(3));
      await a.write(doc(4));
      expect(await adapter().read()).toEqual(doc(4));
      await rm(path);
      expect(await adapter().read()).toEqual(doc(3)); // the backup is now the last good version
    });
  }

  it('detects a file copied over another one', async () => {
    await twoVersions();
    const other = join(dir, '7b.json');
    const b = new EncryptedFileAdapter<Doc>({ path: other, logicalName: 'classes/7b.json', key, keyCheck: keyCheckIn(dir, key) });
    await b.write(doc(99));
    await copyFile(other, path);
    expect(await adapter().read()).toEqual(doc(1)); // not 99: the copy is rejected, the backup used
    expect(recovered[0]!.detail).toBe('auth_failed');
  });

  it('both unreadable with the right key: a storage error "damaged", and no write over them', async () => {
    await twoVersions();
    await writeFile(path, Buffer.alloc(500));
    await writeFile(`${path}.bak`, Buffer.alloc(500, 1));
    const before = await snapshot(dir);
    const a = adapter();
    const e = await rejection(a.read());
    expect(e.code).toBe('storage');
    expect(e.reason).toBe('damaged');
    expect(e.message).toMatch(/повреждён/);
    expect(await rejection(a.write(doc(5)))).toBe(e);
    expect(await rejection(adapter().write(doc(5)))).toMatchObject({ reason: 'damaged' });
    expect(await snapshot(dir)).toEqual(before);
  });

  it('both failing authentication with the right key is damage, not a wrong key', async () => {
    await twoVersions();
    for (const p of [path, `${path}.bak`]) {
      const b = await readFile(p);
      b[b.length - 1]! ^= 1;
      await writeFile(p, b);
    }
    expect((await rejection(adapter().read())).reason).toBe('damaged');
  });

  it('a wrong key: a crypto error, and nothing is overwritten', async () => {
    await twoVersions();
    const before = await snapshot(dir);
    const wrong = testKey();
    const a = adapter({ key: wrong, keyCheck: keyCheckIn(dir, wrong) });
    const e = await rejection(a.read());
    expect(e.code).toBe('crypto');
    expect(e.reason).toBe('wrong_key');
    expect(e.message).toMatch(/^Неверный ключ шифрования данных/);
    await rejection(a.write(doc(7)));
    // Written without reading first: it still looks before it leaps.
    await rejection(adapter({ key: wrong, keyCheck: keyCheckIn(dir, wrong) }).write(doc(7)));
    expect(await snapshot(dir)).toEqual(before);
    expect(recovered).toEqual([]);
  });

  it('a wrong key without a key check: a crypto error that says key or tampering', async () => {
    await twoVersions();
    const e = await rejection(adapter({ key: testKey(), keyCheck: undefined }).read());
    expect(e.code).toBe('crypto');
    expect(e.reason).toBe('auth_failed');
  });

  it('an authentic file the codec cannot decode is never replaced by the backup', async () => {
    await twoVersions();
    const before = await snapshot(dir);
    const strict = adapter({
      codec: {
        encode: (d) => JSON.stringify(d),
        decode: () => {
          throw new Error('schema mismatch');
        },
      },
    });
    const e = await rejection(strict.read());
    expect(e.reason).toBe('decode_failed');
    await rejection(strict.write(doc(9)));
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a file of a newer format version is refused, not recovered over', async () => {
    await twoVersions();
    const b = await readFile(path);
    b[4] = 9;
    await writeFile(path, b);
    const e = await rejection(adapter().read());
    expect(e.reason).toBe('unsupported_format');
    expect(recovered).toEqual([]);
  });

  it('a failed write leaves the file and backup as they were; the adapter keeps working', async () => {
    await twoVersions();
    const before = await snapshot(dir);
    const fs = faultyFs([{ op: 'write', code: 'ENOSPC', times: 1 }]);
    const a = adapter({ fs });
    expect(await a.read()).toEqual(doc(2));
    const e = await rejection(a.write(doc(3)));
    expect(e.reason).toBe('no_space');
    expect(e.errno).toBe('ENOSPC');
    expect(e.message).toContain('нет свободного места');
    expect(await snapshot(dir)).toEqual(before);
    await a.write(doc(3));
    expect(await adapter().read()).toEqual(doc(3));
    expect(await tempFilesIn(dir)).toEqual([]);
  });

  it('an I/O error reading the file is reported as such, not treated as damage', async () => {
    await twoVersions();
    const a = adapter({ fs: faultyFs([{ op: 'readFile', code: 'EIO', path: /7a\.json$/, times: 1 }]) });
    const e = await rejection(a.read());
    expect(e.reason).toBe('io');
    expect(e.message).toMatch(/^Не удалось прочитать данные/);
    expect(await a.read()).toEqual(doc(2));
    expect(recovered).toEqual([]);
  });

  it('removes temp files left by a crash when it first opens the file', async () => {
    await twoVersions();
    await writeFile(`${path}.00112233aabb.tmp`, 'torn');
    expect(await adapter().read()).toEqual(doc(2));
    expect(await tempFilesIn(dir)).toEqual([]);
  });

  it('runs concurrent writes one at a time, in order', async () => {
    const a = adapter();
    await Promise.all(Array.from({ length: 20 }, (_, i) => a.write(doc(i))));
    expect(await adapter().read()).toEqual(doc(19));
    expect(await tempFilesIn(dir)).toEqual([]);
  });

  it('writes the data as it was when write() was called', async () => {
    const a = adapter();
    const d = doc(1);
    const pending = a.write(d);
    d.version = 2;
    await pending;
    expect(await adapter().read()).toEqual(doc(1));
  });

  it('accepts a codec that returns bytes', async () => {
    const a = new EncryptedFileAdapter<string>({
      path,
      logicalName: 'raw',
      key,
      codec: { encode: (s) => new TextEncoder().encode(s), decode: (b) => b.toString('utf8') },
    });
    await a.write('привет');
    expect(await a.read()).toBe('привет');
  });
});
