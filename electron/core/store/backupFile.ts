/**
 * The backup file: the whole data folder as one file, encrypted with a key derived from a
 * password the administrator types, so it can be restored on another workstation (another data
 * key).
 *
 *   offset  size  field
 *   0       6     magic 'EZHDBK'
 *   6       1     format version (1)
 *   7       1     key derivation: 1 = scrypt
 *   8       1     log2 N        (scrypt cost)
 *   9       1     r
 *   10      1     p
 *   11      16    salt
 *   27      12    IV
 *   39      n     AES-256-GCM ciphertext of deflate-raw(container)
 *   39+n    16    GCM tag
 *
 * The 39-byte header is the associated data: nothing in the file can change unnoticed.
 *
 * The container (plaintext):
 *   uint32 BE manifest length, manifest JSON, then the bodies in the manifest's order:
 *   manifest = { format: 'ezhd-backup', version: 1, createdAt, schemaVersions,
 *                files: [{ path, size, sha256 }],     partitions' plaintext (their codec's bytes)
 *                audit: [{ month, size, sha256 }] }   the month's audit lines, '\n'-separated
 *
 * `readBackup` checks everything before anything is touched: the password (GCM), the manifest, the
 * sizes and SHA-256 of every body, the paths, that every partition decodes and is not newer than
 * this program, and the hash chain of the audit log.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { AppError } from '../../contract/errors.js';
import { verifyChain, type AuditEntry } from '../audit/auditEntry.js';
import type { DataSnapshot, PlainFile } from './backend.js';
import { codecFor, partitionKind } from './codec/index.js';
import { versionOf, newerVersionError } from './migrations.js';
import { SCHEMA_VERSION } from './schema.js';

const MAGIC = Buffer.from('EZHDBK', 'ascii');
export const BACKUP_VERSION = 1;
const KDF_SCRYPT = 1;
const SALT_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 6 + 1 + 1 + 3 + SALT_BYTES + IV_BYTES;
export const BACKUP_EXTENSION = 'ezhdbak';

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}
/** 64 MB, ~0.3 s here: a backup file may end up anywhere, so guessing must be slow. */
export const BACKUP_KDF: KdfParams = { N: 1 << 16, r: 8, p: 1 };
const MAX_LOG2N = 18;
const MAX_R = 8;
const MAX_P = 4;
const MAX_CONTAINER = 2 * 1024 * 1024 * 1024 - 1;

export interface BackupManifest {
  format: 'ezhd-backup';
  version: number;
  createdAt: string;
  schemaVersions: Record<string, number>;
  files: { path: string; size: number; sha256: string }[];
  audit: { month: string; size: number; sha256: string }[];
}

export const BACKUP_MIN_PASSWORD = 8;

const wrongPasswordOrDamaged = () =>
  new AppError('crypto', 'Не удалось открыть резервную копию: неверный пароль, или файл повреждён либо изменён. Текущие данные не изменены.');
const notABackup = () => new AppError('validation', 'Это не файл резервной копии «ЭЖД Офис». Выберите файл с расширением .ezhdbak. Текущие данные не изменены.');
const badContents = (what: string) =>
  new AppError('storage', `Резервная копия повреждена (${what}) и не может быть восстановлена. Текущие данные не изменены.`);

function deriveKey(password: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, 32, { ...kdf, maxmem: 256 * kdf.N * kdf.r + 64 * 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

function sha256(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Groups audit lines (JSON entries with `at`) by their month, in order. */
export function auditByMonth(lines: readonly string[]): { month: string; lines: string[] }[] {
  const out: { month: string; lines: string[] }[] = [];
  for (const line of lines) {
    let at: unknown;
    try {
      at = (JSON.parse(line) as { at?: unknown }).at;
    } catch {
      throw new AppError('storage', 'Журнал аудита повреждён: строка не читается. Резервная копия не создана; обратитесь к администратору.');
    }
    const month = typeof at === 'string' && /^\d{4}-\d{2}/.test(at) ? at.slice(0, 7) : '0000-00';
    const last = out.at(-1);
    if (last && last.month === month) last.lines.push(line);
    else out.push({ month, lines: [line] });
  }
  return out;
}

/** Builds the container and seals it with the password. */
export async function writeBackup(snapshot: DataSnapshot, password: string, opts: { now: Date; kdf?: KdfParams }): Promise<{ bytes: Buffer; manifest: BackupManifest }> {
  const kdf = opts.kdf ?? BACKUP_KDF;
  const log2N = Math.log2(kdf.N);
  if (!Number.isInteger(log2N) || log2N < 1 || log2N > MAX_LOG2N) throw new RangeError('scrypt N must be a power of two');
  const auditBodies = snapshot.audit.map((m) => ({ month: m.month, body: Buffer.from(m.lines.join('\n'), 'utf8') }));
  const manifest: BackupManifest = {
    format: 'ezhd-backup',
    version: BACKUP_VERSION,
    createdAt: opts.now.toISOString(),
    schemaVersions: { ...SCHEMA_VERSION },
    files: snapshot.partitions.map((f) => ({ path: f.path, size: f.bytes.length, sha256: sha256(f.bytes) })),
    audit: auditBodies.map((a) => ({ month: a.month, size: a.body.length, sha256: sha256(a.body) })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const len = Buffer.allocUnsafe(4);
  len.writeUInt32BE(manifestBytes.length, 0);
  const container = Buffer.concat([len, manifestBytes, ...snapshot.partitions.map((f) => f.bytes), ...auditBodies.map((a) => a.body)]);
  if (container.length > MAX_CONTAINER) throw new AppError('rule', 'Данных слишком много для одного файла резервной копии. Сообщите разработчикам.');
  const plain = deflateRawSync(container, { level: 1 });

  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(BACKUP_VERSION, 6);
  header.writeUInt8(KDF_SCRYPT, 7);
  header.writeUInt8(log2N, 8);
  header.writeUInt8(kdf.r, 9);
  header.writeUInt8(kdf.p, 10);
  const salt = randomBytes(SALT_BYTES);
  salt.copy(header, 11);
  const iv = randomBytes(IV_BYTES);
  iv.copy(header, 11 + SALT_BYTES);
  const key = await deriveKey(password, salt, kdf);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(header);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  key.fill(0);
  return { bytes: Buffer.concat([header, body, cipher.getAuthTag()]), manifest };
}

/** Opens the file with the password: the container, or a Russian error. */
async function openBackup(file: Buffer, password: string): Promise<Buffer> {
  if (file.length < HEADER_BYTES + TAG_BYTES || !file.subarray(0, MAGIC.length).equals(MAGIC)) throw notABackup();
  const version = file.readUInt8(6);
  if (version > BACKUP_VERSION) {
    throw new AppError('storage', 'Резервная копия создана более новой версией программы. Обновите «ЭЖД Офис» и повторите восстановление. Текущие данные не изменены.');
  }
  const log2N = file.readUInt8(8);
  const r = file.readUInt8(9);
  const p = file.readUInt8(10);
  if (version !== BACKUP_VERSION || file.readUInt8(7) !== KDF_SCRYPT || log2N < 1 || log2N > MAX_LOG2N || r < 1 || r > MAX_R || p < 1 || p > MAX_P) {
    throw wrongPasswordOrDamaged();
  }
  const header = file.subarray(0, HEADER_BYTES);
  const salt = file.subarray(11, 11 + SALT_BYTES);
  const iv = file.subarray(11 + SALT_BYTES, HEADER_BYTES);
  const key = await deriveKey(password, salt, { N: 2 ** log2N, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(header);
  decipher.setAuthTag(file.subarray(file.length - TAG_BYTES));
  const body = decipher.update(file.subarray(HEADER_BYTES, file.length - TAG_BYTES));
  try {
    const final = decipher.final();
    key.fill(0);
    const plain = final.length ? Buffer.concat([body, final]) : body;
    return inflateRawSync(plain, { maxOutputLength: MAX_CONTAINER });
  } catch (e) {
    key.fill(0);
    if (e instanceof AppError) throw e;
    throw wrongPasswordOrDamaged();
  }
}

function parseManifest(container: Buffer): { manifest: BackupManifest; bodyStart: number } {
  if (container.length < 4) throw badContents('нет оглавления');
  const len = container.readUInt32BE(0);
  if (4 + len > container.length) throw badContents('оглавление обрезано');
  let m: unknown;
  try {
    m = JSON.parse(container.subarray(4, 4 + len).toString('utf8'));
  } catch {
    throw badContents('оглавление не читается');
  }
  const man = m as Partial<BackupManifest>;
  if (man === null || typeof man !== 'object' || man.format !== 'ezhd-backup' || typeof man.version !== 'number') throw badContents('оглавление');
  if (man.version > BACKUP_VERSION) {
    throw new AppError('storage', 'Резервная копия создана более новой версией программы. Обновите «ЭЖД Офис» и повторите восстановление. Текущие данные не изменены.');
  }
  const entryOk = (e: unknown, key: 'path' | 'month') =>
    e !== null &&
    typeof e === 'object' &&
    typeof (e as Record<string, unknown>)[key] === 'string' &&
    Number.isInteger((e as { size?: unknown }).size) &&
    ((e as { size: number }).size >= 0) &&
    typeof (e as { sha256?: unknown }).sha256 === 'string';
  if (!Array.isArray(man.files) || !man.files.every((f) => entryOk(f, 'path'))) throw badContents('список файлов');
  if (!Array.isArray(man.audit) || !man.audit.every((a) => entryOk(a, 'month'))) throw badContents('журнал аудита');
  if (typeof man.createdAt !== 'string') throw badContents('дата создания');
  return { manifest: man as BackupManifest, bodyStart: 4 + len };
}

export interface OpenedBackup {
  manifest: BackupManifest;
  snapshot: DataSnapshot;
}

/**
 * Opens and checks a backup completely (see the top of the file). Throws an AppError with a
 * Russian message for a wrong password, a damaged or foreign file, or data newer than this program.
 */
export async function readBackup(file: Buffer, password: string, onProgress?: (done: number, total: number) => void): Promise<OpenedBackup> {
  const container = await openBackup(file, password);
  const { manifest, bodyStart } = parseManifest(container);
  const total = manifest.files.reduce((n, f) => n + f.size, 0) + manifest.audit.reduce((n, a) => n + a.size, 0);
  if (bodyStart + total !== container.length) throw badContents('размер не сходится с оглавлением');

  let at = bodyStart;
  const take = (size: number, sum: string, what: string): Buffer => {
    const b = container.subarray(at, at + size);
    at += size;
    if (sha256(b) !== sum) throw badContents(`контрольная сумма: ${what}`);
    return b;
  };

  const partitions: PlainFile[] = [];
  const seen = new Set<string>();
  let i = 0;
  for (const f of manifest.files) {
    const kind = partitionKind(f.path);
    if (kind === null || seen.has(f.path) || f.path.split('/').some((p) => p === '..' || p === '.')) throw badContents(`файл ${f.path}`);
    seen.add(f.path);
    const bytes = take(f.size, f.sha256, f.path);
    let data: unknown;
    try {
      data = codecFor(f.path).decode(Buffer.from(bytes));
    } catch {
      throw badContents(`файл ${f.path} не читается`);
    }
    if (kind !== 'aggregates' && kind !== 'summary') {
      const known = SCHEMA_VERSION[kind];
      if (versionOf(data) > known) throw newerVersionError(kind, versionOf(data), known);
    }
    partitions.push({ path: f.path, bytes: Buffer.from(bytes) });
    onProgress?.(++i, manifest.files.length);
  }
  if (!seen.has('school.json')) throw badContents('нет сведений о школе');

  const audit: { month: string; lines: string[] }[] = [];
  const entries: AuditEntry[] = [];
  const months = new Set<string>();
  for (const a of manifest.audit) {
    if (!/^\d{4}-\d{2}$/.test(a.month) || months.has(a.month)) throw badContents(`журнал аудита ${a.month}`);
    months.add(a.month);
    const text = take(a.size, a.sha256, `журнал аудита ${a.month}`).toString('utf8');
    const lines = text === '' ? [] : text.split('\n');
    for (const line of lines) {
      try {
        entries.push(JSON.parse(line) as AuditEntry);
      } catch {
        throw badContents('строка журнала аудита');
      }
    }
    audit.push({ month: a.month, lines });
  }
  if (!verifyChain(entries).ok) throw badContents('цепочка журнала аудита нарушена');
  return { manifest, snapshot: { partitions, audit } };
}
