/** The durable, encrypted storage layer under lowdb. */
export { atomicWrite, backupPathOf, removeStaleTempFiles, type AtomicWriteOptions } from './atomicWrite.js';
export { jsonCodec, type Codec } from './codec.js';
export {
  DATA_KEY_ENV,
  KEY_CHECK_FILE,
  checkKey,
  encodeDataKey,
  generateDataKey,
  keyCheckIn,
  loadDataKey,
  parseDataKey,
  verifyOrInitKeyCheck,
  type DataKeySource,
  type KeyCheckStatus,
  type LoadDataKeyOptions,
} from './dataKey.js';
export { appendLine, readLines, type AppendOptions, type ReadLinesResult } from './durableAppend.js';
export {
  EncryptedFileAdapter,
  type EncryptedFileAdapterOptions,
  type RecoveryReport,
} from './encryptedFileAdapter.js';
export { DATA_KEY_BYTES, ENVELOPE_MAGIC, ENVELOPE_VERSION, openEnvelope, openLine, sealEnvelope, sealLine } from './envelope.js';
export { nodeFsOps, type FsFile, type FsOps, type OpenFlags } from './fsOps.js';
export { StorageError, isStorageError, type DamageDetail, type StorageReason } from './storageErrors.js';
export { DEFAULT_RETRY, retryTransient, type RetryPolicy } from './transientRetry.js';
