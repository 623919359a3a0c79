import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostAbilities } from '../host.js';
import { verifyOrInitKeyCheck } from './durable/index.js';
import { FileAuditSink } from './fileAuditSink.js';
import { FileBackend } from './fileBackend.js';
import { recoverInterruptedRestore } from './restoreFolder.js';

export interface DataFolder extends HostAbilities {
  dataDir: string;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens (or creates) a data folder with its key: finishes an interrupted restore, then checks the
 * key against the folder's key-check file, so a wrong key is a clear error and never overwrites good data.
 */
export async function openDataFolder(opts: { dataDir: string; key: Uint8Array; log?: (line: string) => void }): Promise<DataFolder> {
  // A restore that a crash interrupted is finished or undone first (restoreFolder.ts).
  const recovery = await recoverInterruptedRestore(opts.dataDir);
  if (recovery !== 'none') opts.log?.(`interrupted restore: ${recovery}`);
  await mkdir(opts.dataDir, { recursive: true });
  const hasData = (await exists(join(opts.dataDir, 'school.json'))) || (await exists(join(opts.dataDir, 'school.json.bak')));
  await verifyOrInitKeyCheck(opts.dataDir, opts.key, { allowCreate: !hasData });
  const log = opts.log ?? (() => undefined);
  return {
    dataDir: opts.dataDir,
    backend: new FileBackend(opts.dataDir, opts.key, (r) => log(`recovered ${r.logicalName} from its backup (${r.detail})`)),
    auditSink: new FileAuditSink(join(opts.dataDir, 'audit'), opts.key),
    log,
  };
}
