import { randomBytes } from 'node:crypto';

/** A short random id, safe in file names and URLs. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(9).toString('base64url').replace(/[-_]/g, 'x')}`;
}
