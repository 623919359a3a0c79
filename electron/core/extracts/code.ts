import { createHash } from 'node:crypto';
import { codeDigest as digestWith } from '../../contract/extracts/code.js';
import { canonicalJson } from '../../contract/sync/hash.js';
import type { ExtractContent } from './content.js';

/**
 * The workstation's half of an extract's verification code (the code's form, reading and digest
 * rule are the contract's: contract/extracts/code.ts): SHA-256 over the canonical JSON of the
 * extract's identity (number, issue date) and its whole content. The register keeps the hash; a
 * genuine code of changed data no longer matches the data.
 */
export function contentHash(number: number, issuedOn: string, content: ExtractContent): string {
  return sha256Hex(canonicalJson({ number, issuedOn, content }));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The digest of a code the central system keeps (contract/extracts/code.ts, `codeDigest`). */
export function codeDigest(code: string): string {
  return digestWith(code, sha256Hex);
}
