import { createHash } from 'node:crypto';
import { canonicalJson } from '../sync/hash.js';
import type { ExtractContent } from './content.js';

/**
 * The verification code of an extract: SHA-256 over the canonical JSON of its identity (number,
 * issue date) and its whole content. The register keeps the hash; the paper carries its first 20
 * hexadecimal digits as text and as a QR code. A code checks only if the register has it, so a
 * made-up code never does; and a genuine code of changed data no longer matches the data.
 */

export function contentHash(number: number, issuedOn: string, content: ExtractContent): string {
  return createHash('sha256').update(canonicalJson({ number, issuedOn, content }), 'utf8').digest('hex');
}

/** «A1B2-C3D4-E5F6-0718-293A» from a hash. */
export function codeOf(hash: string): string {
  const hex = hash.slice(0, 20).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/**
 * The code in what a person typed or a scanner read: with or without dashes, any case, inside the
 * QR text. Null when there is none.
 */
export function parseCode(input: string): string | null {
  const m = /(?:^|[^0-9A-F])([0-9A-F]{4}(?:[-\s]?[0-9A-F]{4}){4})(?![0-9A-F])/i.exec(input.trim());
  if (!m) return null;
  const hex = m[1]!.replace(/[-\s]/g, '').toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}

/** What the QR code holds: plain ASCII, so any scanner reads it. */
export function qrPayload(number: number, code: string): string {
  return `EZHD-VYPISKA N${number} ${code}`;
}
