import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedFileAdapter } from '../../../../electron/core/store/durable/encryptedFileAdapter.js';
import type { FsOps } from '../../../../electron/core/store/durable/fsOps.js';
import { StorageError } from '../../../../electron/core/store/durable/storageErrors.js';
import { faultyFs, type Fault, type FaultOp } from './fixtures/faultyFs.js';
import { makeTempDir, removeDir, tempFilesIn, testKey } from './fixtures/tempDir.js';

type Op =
  | { kind: 'write'; value: unknown }
  | { kind: 'failingWrite'; value: unknown; fault: Fault }
  | { kind: 'flakyWrite'; value: unknown }
  | { kind: 'read' }
  | { kind: 'reopen' };

const faultArb: fc.Arbitrary<Fault> = fc.record({
  op: fc.constantFrom<FaultOp>('open', 'write', 'sync', 'close', 'link', 'rename', 'syncDir'),
  code: fc.constantFrom('ENOSPC', 'EIO', 'EBUSY'),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): Op => ({ kind: 'write', value })) },
  { weight: 1, arbitrary: fc.record({ value: fc.jsonValue({ maxDepth: 2 }), fault: faultArb }).map((r): Op => ({ kind: 'failingWrite', ...r })) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((value): Op => ({ kind: 'flakyWrite', value })) },
  { weight: 3, arbitrary: fc.constant<Op>({ kind: 'read' }) },
  { weight: 1, arbitrary: fc.constant<Op>({ kind: 'reopen' }) },
);

/** An FsOps whose faults can be switched per operation. */
function switchableFs(): { fs: FsOps; set(faults: Fault[]): void } {
  let current = faultyFs([]);
  const fs: FsOps = {
    open: (...a) => current.open(...a),
    readFile: (...a) => current.readFile(...a),
    rename: (...a) => current.rename(...a),
    link: (...a) => current.link(...a),
    copyFile: (...a) => current.copyFile(...a),
    unlink: (...a) => current.unlink(...a),
    readdir: (...a) => current.readdir(...a),
    mkdir: (...a) => current.mkdir(...a),
    syncDir: (...a) => current.syncDir(...a),
  };
  return { fs, set: (faults) => (current = faultyFs(faults)) };
}

let root: string;
beforeAll(async () => {
  root = await makeTempDir();
});
afterAll(async () => {
  await removeDir(root);
});

describe('EncryptedFileAdapter (property)', () => {
  it('any sequence of writes, failed writes, reads and reopenings reads back the last written value', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 25 }), async (ops) => {
        const dir = join(root, `run${run++}`);
        const path = join(dir, 'doc.json');
        const key = testKey();
        const control = switchableFs();
        const open = () =>
          new EncryptedFileAdapter<unknown>({ path, logicalName: 'doc.json', key, fs: control.fs, retry: { delaysMs: [0, 0, 0] } });
        let adapter = open();
        let model: unknown = null;
        for (const op of ops) {
          control.set([]);
          switch (op.kind) {
            case 'write':
              await adapter.write(op.value);
              model = JSON.parse(JSON.stringify(op.value)) as unknown;
              break;
            case 'flakyWrite':
              control.set([{ op: 'rename', code: 'EPERM', times: 2 }]);
              await adapter.write(op.value);
              model = JSON.parse(JSON.stringify(op.value)) as unknown;
              break;
            case 'failingWrite': {
              control.set([op.fault]);
              const e = await adapter.write(op.value).then(
                () => null,
                (err: unknown) => err,
              );
              // A persistent fault at any step: a clean failure, the previous value still there.
              expect(e).toBeInstanceOf(StorageError);
              break;
            }
            case 'read':
              expect(await adapter.read()).toEqual(model);
              break;
            case 'reopen':
              adapter = open();
              break;
          }
        }
        control.set([]);
        expect(await open().read()).toEqual(model);
        expect(await tempFilesIn(dir).catch(() => [])).toEqual([]);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 100) },
    );
  });
});
