import { createHash } from 'node:crypto';
import { Low } from 'lowdb';
import { AppError } from '../../contract/errors.js';
import type { ScanRef } from '../../contract/entities/documents.js';
import type { ScanUpload } from '../../contract/groups/registry.js';
import type { StoreBackend } from '../store/backend.js';

/**
 * Scans of registered papers. Stored content-addressed (`scans/<sha256>.json`) through the store's
 * backend, so on disk they are encrypted and written durably like every partition; the document
 * keeps only the reference (hash, type, size). A scan is written before its document: a crash in
 * between leaves an unreferenced scan, never a document pointing at nothing.
 */
interface StoredScan {
  mime: ScanRef['mime'];
  base64: string;
}

const MAGIC: Record<ScanRef['mime'], (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

const scanPath = (sha256: string) => `scans/${sha256}.json`;

/** Decodes and checks an upload; the reference it will have once stored. */
export function scanRefOf(upload: ScanUpload): { ref: ScanRef; bytes: Buffer } {
  const bytes = Buffer.from(upload.base64, 'base64');
  if (bytes.length === 0) throw new AppError('validation', 'Файл скана пустой. Выберите другой файл.', [{ path: 'scan', message: 'Файл пустой' }]);
  if (!MAGIC[upload.mime](bytes)) {
    throw new AppError('validation', 'Файл скана не похож на PDF, JPEG или PNG. Выберите скан в одном из этих форматов.', [{ path: 'scan', message: 'Неверный формат файла' }]);
  }
  return { ref: { sha256: createHash('sha256').update(bytes).digest('hex'), mime: upload.mime, size: bytes.length }, bytes };
}

export async function storeScan(backend: StoreBackend, ref: ScanRef, bytes: Buffer): Promise<void> {
  if (await backend.exists(scanPath(ref.sha256))) return;
  const db = new Low<StoredScan>(backend.adapter<StoredScan>(scanPath(ref.sha256)), { mime: ref.mime, base64: bytes.toString('base64') });
  await db.write();
}

export async function readScan(backend: StoreBackend, ref: ScanRef): Promise<Buffer> {
  const db = new Low<StoredScan | null>(backend.adapter<StoredScan | null>(scanPath(ref.sha256)), null);
  await db.read();
  if (!db.data) throw new AppError('not_found', 'Скан этого документа не найден на этом рабочем месте.');
  const bytes = Buffer.from(db.data.base64, 'base64');
  if (createHash('sha256').update(bytes).digest('hex') !== ref.sha256) {
    throw new AppError('crypto', 'Скан повреждён: его содержимое не совпадает с сохранённой контрольной суммой.');
  }
  return bytes;
}
