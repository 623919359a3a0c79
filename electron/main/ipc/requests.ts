import type { SavedFile } from '../../contract/host/bridge.js';

/** A method path is short; the core rejects the ones it does not know. */
export const MAX_PATH_LENGTH = 100;
/** The renderer names each call so that its progress events find it. */
export const CALL_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Files handed to «Сохранить как» or the PDF viewer: reports, extracts, tables. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
const MAX_FILE_NAME_LENGTH = 150;

export interface CallRequestArgs {
  path: string;
  input: unknown;
  callId: string;
}

/** Checks the arguments of `ezhd:call`; the input itself is validated by the core. */
export function parseCallArgs(args: readonly unknown[]): CallRequestArgs | null {
  if (args.length !== 3) return null;
  const [path, input, callId] = args;
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_PATH_LENGTH) return null;
  if (typeof callId !== 'string' || !CALL_ID_PATTERN.test(callId)) return null;
  return { path, input, callId };
}

const MIMES: readonly SavedFile['mime'][] = [
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
];

const EXTENSION_OF: Readonly<Record<SavedFile['mime'], string>> = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'application/octet-stream': '',
};

export interface ParsedFile {
  name: string;
  mime: SavedFile['mime'];
  bytes: Buffer;
}

/** Checks a file the renderer hands over and decodes it; null when anything is off. */
export function parseSavedFile(value: unknown): ParsedFile | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.name !== 'string' || typeof v.mime !== 'string' || typeof v.base64 !== 'string') return null;
  const mime = MIMES.find((m) => m === v.mime);
  if (!mime) return null;
  if (v.base64.length > Math.ceil(MAX_FILE_BYTES / 3) * 4) return null;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v.base64) || v.base64.length % 4 !== 0) return null;
  const bytes = Buffer.from(v.base64, 'base64');
  return { name: safeFileName(v.name, mime), mime, bytes };
}

const RESERVED_WINDOWS_NAMES = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A plain file name for the dialog's suggestion or a temp file: no folders, no characters
 * Windows refuses, no control characters, not hidden, at most 150 characters, and with the
 * extension of its type (so a «PDF» is never opened as a program).
 */
export function safeFileName(name: string, mime: SavedFile['mime']): string {
  let base = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]/g, '_')
    .replace(/^[\s.]+|[\s.]+$/g, '');
  if (base === '' || RESERVED_WINDOWS_NAMES.test(base)) base = `документ${base ? `_${base}` : ''}`;
  const ext = EXTENSION_OF[mime];
  if (ext && !base.toLowerCase().endsWith(ext)) base += ext;
  if (base.length > MAX_FILE_NAME_LENGTH) base = base.slice(0, MAX_FILE_NAME_LENGTH - ext.length) + ext;
  return base;
}

/** A PDF starts with `%PDF-`. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}
