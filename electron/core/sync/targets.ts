/**
 * The workstation's side of the protocol's names (contract/sync/kinds.ts): which local entities a
 * pending mutation protects from pulled rows until it is answered.
 */
import { MUTATION_KINDS, type EntityKind } from '../../contract/sync/kinds.js';

/** The local entities a mutation creates or changes: protected from pulled rows until it is answered. */
export function mutationTargets(m: { kind: string; payload: unknown }): Array<{ kind: EntityKind; id: string }> {
  const p = (m.payload ?? {}) as Record<string, unknown>;
  switch (m.kind) {
    case MUTATION_KINDS.document:
      return typeof p.id === 'string' ? [{ kind: 'document', id: p.id }] : [];
    case MUTATION_KINDS.finalMark:
      return typeof p.id === 'string' ? [{ kind: 'finalMark', id: p.id }] : [];
    case MUTATION_KINDS.finalMarkPublished:
      return Array.isArray(p.entryIds) ? p.entryIds.filter((x): x is string => typeof x === 'string').map((id) => ({ kind: 'finalMark' as const, id })) : [];
    case MUTATION_KINDS.compromise:
      return typeof p.id === 'string' ? [{ kind: 'compromise', id: p.id }] : [];
    default:
      return [];
  }
}

export const targetKey = (kind: string, id: string) => `${kind}\u0000${id}`;
