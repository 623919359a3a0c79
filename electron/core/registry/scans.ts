import { createHash } from 'node:crypto';
import { AppError } from '../../contract/errors.js';
import type { ScanRef } from '../../contract/entities/documents.js';
import type { ScanUpload } from '../../contract/groups/registry.js';
import type { Store } from '../store/store.js';

/**
 * Scans of registered papers. Stored content-addressed as the store's blobs (store/blobs.ts:
 * encrypted and written durably like every partition, through the store's gate); the document
 * keeps only the reference (hash, type, size). A scan is written before its document: a crash in
 * between leaves an unreferenced scan, never a document pointing at nothing.
 */
type ScanStore = Pick<Store, 'putBlob' | 'blob'>;

const MAGIC: Record<ScanRef['mime'], (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
};

/** Decodes and checks an upload; the reference it will have once stored. */
export function scanRefOf(upload: ScanUpload): { ref: ScanRef; bytes: Buffer } {
  const bytes = Buffer.from(upload.base64, 'base64');
  if (bytes.length === 0) throw new AppError('validation', 'Файл скана пустой. Выберите другой файл.', [{ path: 'scan', message: 'Файл пустой' }]);
  if (!MAGIC[upload.mime](bytes)) {
    throw new AppError('validation', 'Файл скана не похож на PDF, JPEG или PNG. Выберите скан в одном из этих форматов.', [{ path: 'scan', message: 'Неверный формат файла' }]);
  }
  return { ref: { sha256: createHash('sha256').update(bytes).digest('hex'), mime: upload.mime, size: bytes.length }, bytes };
}

export async function storeScan(store: ScanStore, ref: ScanRef, bytes: Buffer): Promise<void> {
  await store.putBlob(ref.sha256, { mime: ref.mime, bytes });
}

export async function readScan(store: ScanStore, ref: ScanRef): Promise<Buffer> {
  const blob = await store.blob(ref.sha256);
  if (!blob) throw new AppError('not_found', 'Скан этого документа не найден на этом рабочем месте.');
  if (createHash('sha256').update(blob.bytes).digest('hex') !== ref.sha256) {
    throw new AppError('crypto', 'Скан повреждён: его содержимое не совпадает с сохранённой контрольной суммой.');
  }
  return blob.bytes;
}
