/**
 * The write-ahead log's segment files: a segment that cannot be started (its folder's fsync fails)
 * is closed, not left open to the garbage collector, and the next append starts another; a closed
 * log holds no file open.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteAheadLog } from '../../../../electron/core/store/durable/wal.js';
import { openFilesUnder } from '../../helpers/openFiles.js';
import { faultyFs } from './fixtures/faultyFs.js';
import { makeTempDir, removeDir, testKey } from './fixtures/tempDir.js';

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('ezhd-wal-seg-');
});
afterEach(async () => {
  await removeDir(dir);
});

const record = (l: number) => ({ l, b: 0, p: 'classes/c1.json', o: [{ k: 'n', v: l }] });

describe('write-ahead log segments', () => {
  it('a failed fsync of the folder of a new segment: the append fails, the segment is closed, the next append starts another', async () => {
    const key = testKey();
    const fs = faultyFs([{ op: 'syncDir', code: 'EIO', path: /wal$/, times: 1 }]);
    const wal = await WriteAheadLog.open(dir, key, fs);
    await expect(wal.append(record(wal.takeLsn()))).rejects.toMatchObject({ code: 'storage' });
    expect(fs.fired).toEqual([1]);
    expect(openFilesUnder(dir)).toEqual([]);
    const l = wal.takeLsn();
    await wal.append(record(l));
    expect(openFilesUnder(dir)).toHaveLength(1);
    await wal.close();
    expect(openFilesUnder(dir)).toEqual([]);
    // The acknowledged record is there for the next session.
    expect((await WriteAheadLog.open(dir, key)).recordsOf('classes/c1.json').map((r) => r.l)).toEqual([l]);
  });
});
