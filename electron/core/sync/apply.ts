/**
 * Applying what the central system sent to one partition draft: pulled rows (upserts and
 * tombstones, guarded by the partition's applied seq) and whole-partition snapshots (repair).
 * Pure functions over drafts: the engine calls them inside `store.update*`, so the rows and the
 * partition's new applied seq reach the disk in one durable write.
 */
import { addHash, entityHash, entityHashOfText, hashHex, parseHashHex, subHash, EMPTY_HASH } from '../../contract/sync/hash.js';
import { collectionOf, isEntityKind, KINDS, kindsOf, type EntityKind, type Scope } from '../../contract/sync/kinds.js';
import { targetKey } from './targets.js';
import type { ClassData, JournalData, SchoolData } from '../store/schema.js';
import { peekDraft } from '../store/store.js';
import type { PartitionSyncMeta } from './state.js';

type Draft = SchoolData | ClassData | JournalData;
type Entity = Record<string, unknown>;

export interface PartRow {
  kind: string;
  id: string;
  seq: number;
  data: Entity | null;
  /** The data's canonical JSON as received (saves serialising it again to hash it). */
  text?: string;
  /** h(entity) of the data, when the page check computed it already (0 for a tombstone). */
  h?: number;
}

export interface ApplyOptions {
  /** The replica generation: a meta of another generation does not guard. */
  gen: number;
  /** Entities with an unanswered local mutation: pulled rows leave them as they are. */
  protectedKeys: ReadonlySet<string>;
  /** Keep the partition hash up to date in the meta (journal partitions). */
  trackHash: boolean;
}

export interface ApplyResult {
  meta: PartitionSyncMeta;
  /** Rows that changed the draft. */
  applied: number;
  /** Rows skipped because the partition had applied them already. */
  skipped: number;
  /** HLC values of pulled documents and final marks (the local clock moves past them). */
  hlcs: string[];
}

/** Hash and count of a partition's entities, leaving out the excluded ones. */
export function partitionHash(draft: Draft, scope: Scope, exclude?: ReadonlySet<string>): { hash: string; count: number } {
  let sum = 0;
  let count = 0;
  for (const kind of kindsOf(scope)) {
    const def = KINDS[kind];
    for (const e of collectionOf(draft, kind)) {
      const id = def.key(e);
      if (exclude?.has(targetKey(kind, id))) continue;
      sum = addHash(sum, entityHash(kind, id, e));
      count++;
    }
  }
  return { hash: hashHex(sum), count };
}

const GONE = Symbol('deleted');

/** Applies rows (in seq order) to a draft; returns the partition's new meta. */
export function applyRows(draft: Draft, scope: Scope, rows: readonly PartRow[], to: number, meta: PartitionSyncMeta | undefined, o: ApplyOptions): ApplyResult {
  const valid = meta && meta.gen === o.gen;
  const guard = valid ? meta.seq : -1;
  let hash: number | null = null;
  let count = 0;
  if (o.trackHash) {
    if (valid && meta.hash !== undefined && meta.count !== undefined) {
      hash = parseHashHex(meta.hash);
      count = meta.count;
    } else {
      const full = partitionHash(draft, scope);
      hash = parseHashHex(full.hash);
      count = full.count;
    }
  }
  // Positions of the entities the rows name (not of every entity: a journal has 50,000 marks).
  const wanted = new Map<EntityKind, Set<string>>();
  for (const r of rows) {
    if (!isEntityKind(r.kind)) continue;
    let ids = wanted.get(r.kind);
    if (!ids) wanted.set(r.kind, (ids = new Set()));
    ids.add(r.id);
  }
  // The arrays the rows change: shallow copies (entities are replaced, never changed in place), so
  // a store draft does not deep-copy every mark of the journal for a few changed ones.
  const copied = new Set<EntityKind>();
  const writable = (kind: EntityKind): Array<Entity | typeof GONE> => {
    const rec = draft as unknown as Record<string, unknown>;
    const collection = KINDS[kind].collection;
    if (!copied.has(kind)) {
      copied.add(kind);
      const current = peekDraft(draft, collection);
      if (Array.isArray(current)) rec[collection] = current.slice();
    }
    return collectionOf(draft, kind, true) as Array<Entity | typeof GONE>;
  };
  const indexes = new Map<EntityKind, Map<string, number>>();
  const touched = new Set<EntityKind>();
  const indexOf = (kind: EntityKind): Map<string, number> => {
    let m = indexes.get(kind);
    if (!m) {
      m = new Map();
      const ids = wanted.get(kind) ?? new Set<string>();
      const def = KINDS[kind];
      const arr = writable(kind) as Entity[];
      for (let i = 0; i < arr.length; i++) {
        const id = def.key(arr[i]!);
        if (ids.has(id)) m.set(id, i);
      }
      indexes.set(kind, m);
    }
    return m;
  };
  let applied = 0;
  let skipped = 0;
  const hlcs: string[] = [];
  for (const r of rows) {
    if (r.seq <= guard) {
      skipped++;
      continue;
    }
    if (!isEntityKind(r.kind) || KINDS[r.kind].scope !== scope) continue; // not for this client version
    const kind = r.kind;
    if (o.protectedKeys.has(targetKey(kind, r.id))) continue;
    if (kind === 'school') {
      if (r.data) {
        const school = draft as SchoolData;
        if (hash !== null) {
          if (school.school) hash = subHash(hash, entityHash(kind, 'school', school.school));
          else count++;
          hash = addHash(hash, entityHash(kind, 'school', r.data));
        }
        school.school = r.data as unknown as SchoolData['school'];
        applied++;
      }
      continue;
    }
    const index = indexOf(kind);
    const arr = writable(kind);
    const at = index.get(r.id);
    const old = at === undefined ? undefined : (arr[at] as Entity);
    if (r.data === null) {
      if (at === undefined) continue;
      if (hash !== null) {
        hash = subHash(hash, entityHash(kind, r.id, old));
        count--;
      }
      arr[at] = GONE;
      index.delete(r.id);
      touched.add(kind);
      applied++;
      continue;
    }
    if (hash !== null) {
      if (old !== undefined) hash = subHash(hash, entityHash(kind, r.id, old));
      else count++;
      hash = addHash(hash, r.h ?? (r.text !== undefined ? entityHashOfText(kind, r.id, r.text) : entityHash(kind, r.id, r.data)));
    }
    if (at === undefined) {
      index.set(r.id, arr.length);
      arr.push(r.data);
    } else arr[at] = r.data;
    if ((kind === 'document' || kind === 'finalMark') && typeof r.data.hlc === 'string') hlcs.push(r.data.hlc);
    applied++;
  }
  for (const kind of touched) {
    const rec = draft as unknown as Record<string, unknown>;
    rec[KINDS[kind].collection] = (rec[KINDS[kind].collection] as Array<Entity | typeof GONE>).filter((x) => x !== GONE);
  }
  const next: PartitionSyncMeta = { gen: o.gen, seq: Math.max(guard, to) };
  if (hash !== null) {
    next.hash = hashHex(hash);
    next.count = count;
  }
  return { meta: next, applied, skipped, hlcs };
}

/**
 * Replaces a partition's entities with the central system's snapshot, keeping the protected ones
 * (unanswered local changes). Returns the new meta; the caller checks the hash afterwards.
 */
export function replaceWithSnapshot(
  draft: Draft,
  scope: Scope,
  rows: ReadonlyArray<readonly [string, string, string, number, Entity | null]>,
  to: number,
  meta: PartitionSyncMeta | undefined,
  o: ApplyOptions,
): PartitionSyncMeta {
  const byKind = new Map<EntityKind, Entity[]>();
  for (const [kind, , , , data] of rows) {
    if (!data || !isEntityKind(kind) || KINDS[kind].scope !== scope) continue;
    let list = byKind.get(kind);
    if (!list) byKind.set(kind, (list = []));
    list.push(data);
  }
  for (const kind of kindsOf(scope)) {
    const def = KINDS[kind];
    const fresh = byKind.get(kind) ?? [];
    if (kind === 'school') {
      if (fresh[0] && !o.protectedKeys.has(targetKey(kind, 'school'))) (draft as SchoolData).school = fresh[0] as unknown as SchoolData['school'];
      continue;
    }
    const current = collectionOf(draft, kind);
    const keep = current.filter((e) => o.protectedKeys.has(targetKey(kind, def.key(e))));
    const keepIds = new Set(keep.map((e) => def.key(e)));
    const next = fresh.filter((e) => !keepIds.has(def.key(e))).concat(keep);
    (draft as unknown as Record<string, unknown>)[def.collection] = next;
  }
  const seq = Math.max(meta && meta.gen === o.gen ? meta.seq : -1, to);
  const out: PartitionSyncMeta = { gen: o.gen, seq };
  if (o.trackHash) Object.assign(out, partitionHash(draft, scope));
  return out;
}

export const EMPTY_PARTITION = { hash: EMPTY_HASH, count: 0 } as const;
