import { constants as fsConstants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { HostAbilities } from '../host.js';
import { EncryptedFileAdapter, checkKey, verifyOrInitKeyCheck, type Codec } from './durable/index.js';
import { wrongKeyError } from './durable/storageErrors.js';
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
  const log = opts.log ?? (() => undefined);
  const notices: { file: string; text: string }[] = [];
  if (hasData && (await checkKey(opts.dataDir, opts.key)) === 'absent') {
    // The key-check file is gone but the folder holds data: the key is proven on the school file
    // (or its previous version) before the key-check file is made again; else it is the wrong key.
    if (!(await keyOpensSchool(opts.dataDir, opts.key))) throw wrongKeyError();
    try {
      await verifyOrInitKeyCheck(opts.dataDir, opts.key, { allowCreate: true });
      notices.push({
        file: 'keycheck.bin',
        text: 'Файл проверки ключа «keycheck.bin» отсутствовал. Ключ шифрования подошёл к файлам данных, и файл проверки создан заново; данные не изменены. Если файл удаляли не вы, проверьте, кто имеет доступ к папке данных.',
      });
    } catch {
      log('keycheck.bin missing and cannot be written (read-only folder); key proven on school.json');
    }
  } else {
    await verifyOrInitKeyCheck(opts.dataDir, opts.key, { allowCreate: !hasData });
  }
  if (hasData && !(await writable(opts.dataDir))) {
    notices.push({
      file: '',
      text: 'Папка данных доступна только для чтения (или нет прав на запись): данные можно смотреть, но ничего нельзя сохранить. Проверьте права на папку данных и свободное место на диске, затем перезапустите программу.',
    });
  }
  const backend = new FileBackend(opts.dataDir, opts.key, (r) => log(`recovered ${r.logicalName} from its backup (${r.detail})`));
  backend.openNotices.push(...notices);
  return {
    dataDir: opts.dataDir,
    backend,
    auditSink: new FileAuditSink(join(opts.dataDir, 'audit'), opts.key),
    log,
  };
}

const plainBytes: Codec<Buffer> = { encode: (b) => b, decode: (b) => b };

/** Whether `key` opens school.json or its previous version (the envelope's tag proves the key). */
async function keyOpensSchool(dataDir: string, key: Uint8Array): Promise<boolean> {
  try {
    const read = await new EncryptedFileAdapter<Buffer>({ path: join(dataDir, 'school.json'), logicalName: 'school.json', key, codec: plainBytes }).read();
    return read !== null;
  } catch {
    return false;
  }
}

async function writable(dir: string): Promise<boolean> {
  try {
    await access(dir, fsConstants.W_OK);
    return true;
  } catch {
    return false;
  }
}
