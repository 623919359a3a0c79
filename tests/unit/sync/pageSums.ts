/** The checksums of a pull page's rows per partition, as an honest central server computes them (docs/sync-protocol.md §4). */
import { addHash, canonicalJson, entityHashOfText, hashHex } from '../../../electron/contract/sync/hash.js';
import type { PartitionHash, PullRow } from '../../../electron/contract/sync/protocol.js';

export function sumsOf(rows: readonly PullRow[]): Record<string, PartitionHash> {
  const out: Record<string, { hash: number; count: number }> = {};
  for (const [kind, id, part, , data] of rows) {
    const s = (out[part] ??= { hash: 0, count: 0 });
    if (data) s.hash = addHash(s.hash, entityHashOfText(kind, id, canonicalJson(data)));
    s.count++;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { hash: hashHex(v.hash), count: v.count }]));
}
