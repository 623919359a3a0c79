import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLine, readLines } from '../../../../electron/core/store/durable/durableAppend.js';
import { openLine, sealLine } from '../../../../electron/core/store/durable/envelope.js';
import { StorageError } from '../../../../electron/core/store/durable/storageErrors.js';
import { AppError } from '../../../../electron/contract/errors.js';
import { faultyFs } from './fixtures/faultyFs.js';
import { makeTempDir, removeDir, testKey } from './fixtures/tempDir.js';

let dir: string;
let log: string;
beforeEach(async () => {
  dir = await makeTempDir();
  log = join(dir, '2026-11.jsonl');
});
afterEach(async () => {
  await removeDir(dir);
});

const entry = (i: number): string => JSON.stringify({ seq: i, who: 'u1', what: 'registry.record', at: '2026-11-22T10:00:00Z' });

describe('durable append', () => {
  it('appends lines and reads them back; a missing log is empty', async () => {
    expect(await readLines(log)).toEqual({ lines: [], tornTail: false, tornBytes: 0 });
    for (let i = 0; i < 5; i++) await appendLine(log, entry(i));
    expect(await readLines(log)).toEqual({ lines: [0, 1, 2, 3, 4].map(entry), tornTail: false, tornBytes: 0 });
    if (process.platform !== 'win32') expect((await stat(log)).mode & 0o777).toBe(0o600);
  });

  it('creates the folder of a new log', async () => {
    const nested = join(dir, 'audit', '2026-12.jsonl');
    await appendLine(nested, entry(0));
    expect((await readLines(nested)).lines).toEqual([entry(0)]);
  });

  it('keeps order under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 50 }, (_, i) => appendLine(log, entry(i))));
    expect((await readLines(log)).lines).toEqual(Array.from({ length: 50 }, (_, i) => entry(i)));
  });

  it('detects a torn last line and ignores it', async () => {
    await appendLine(log, entry(0));
    await appendLine(log, entry(1));
    await appendFile(log, entry(2).slice(0, 17));
    const r = await readLines(log);
    expect(r.lines).toEqual([entry(0), entry(1)]);
    expect(r.tornTail).toBe(true);
    expect(r.tornBytes).toBe(17);
  });

  it('a file that is all torn tail (or zero-filled after a crash) has no lines', async () => {
    await writeFile(log, Buffer.alloc(300));
    expect(await readLines(log)).toEqual({ lines: [], tornTail: true, tornBytes: 300 });
  });

  it('drops a torn tail before appending, so the next line is not glued to it', async () => {
    await appendLine(log, entry(0));
    await appendFile(log, Buffer.concat([Buffer.from(entry(1).slice(0, 10)), Buffer.alloc(20)]));
    const dropped: number[] = [];
    await appendLine(log, entry(2), { onTornTail: (n) => dropped.push(n) });
    expect(dropped).toEqual([30]);
    expect(await readLines(log)).toEqual({ lines: [entry(0), entry(2)], tornTail: false, tornBytes: 0 });
  });

  it('drops a torn tail longer than one read chunk', async () => {
    await appendLine(log, entry(0));
    await appendFile(log, 'x'.repeat(200_000));
    await appendLine(log, entry(1));
    expect((await readLines(log)).lines).toEqual([entry(0), entry(1)]);
  });

  it('rejects a line with a newline or an empty line (a caller bug)', async () => {
    await expect(appendLine(log, 'a\nb')).rejects.toBeInstanceOf(AppError);
    await expect(appendLine(log, '')).rejects.toMatchObject({ code: 'internal' });
  });

  for (const [op, code, reason] of [
    ['write', 'ENOSPC', 'no_space'],
    ['sync', 'EIO', 'io'],
    ['open', 'EACCES', 'access_denied'],
  ] as const) {
    it(`${code} on ${op}: a clear error, the earlier lines unchanged byte for byte`, async () => {
      await appendLine(log, entry(0));
      await appendLine(log, entry(1));
      const before = await readFile(log);
      const e = await appendLine(log, entry(2), { fs: faultyFs([{ op, code }]), logicalName: 'audit/2026-11.jsonl' }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(StorageError);
      expect((e as StorageError).reason).toBe(reason);
      expect((e as StorageError).errno).toBe(code);
      expect((e as StorageError).message).toMatch(/^Не удалось дописать запись в журнал \(«audit\/2026-11\.jsonl»\)/);
      expect((await readFile(log)).equals(before)).toBe(true);
    });
  }

  it('a write that fails half-way is cut back off', async () => {
    await appendLine(log, entry(0));
    const before = await readFile(log);
    const half = faultyFs([]);
    const fs = {
      ...half,
      open: async (p: string, flags: 'r' | 'r+' | 'wx' | 'a+', mode?: number) => {
        const f = await half.open(p, flags, mode);
        return {
          ...f,
          write: async (data: Uint8Array) => {
            await f.write(data.subarray(0, data.length >> 1));
            throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' });
          },
        };
      },
    };
    await expect(appendLine(log, entry(1), { fs })).rejects.toMatchObject({ reason: 'no_space' });
    expect((await readFile(log)).equals(before)).toBe(true);
  });

  it('carries sealed (encrypted) lines', async () => {
    const key = testKey();
    await appendLine(log, sealLine(key, 'audit/2026-11.jsonl', entry(0)));
    const { lines } = await readLines(log);
    expect((await readFile(log, 'utf8')).includes('registry.record')).toBe(false);
    expect(openLine(key, 'audit/2026-11.jsonl', lines[0]!)).toBe(entry(0));
  });
});
