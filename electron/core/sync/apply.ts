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
  // Per kind the rows name: its array in the draft (a shallow copy: entities are replaced, never
  // changed in place, so a store draft does not deep-copy every mark of the journal for a few
  // changed ones) and the positions of the entities the rows name (not of every entity: a journal
  // has 50,000 marks; into an empty array — a first pull — nothing is looked up).
  interface Target {
    arr: Array<Entity | typeof GONE>;
    index: Map<string, number>;
    removed: boolean;
  }
  const targets = new Map<EntityKind, Target>();
  let wanted: Map<EntityKind, Set<string>> | null = null;
  const targetOf = (kind: EntityKind): Target => {
    let t = targets.get(kind);
    if (t) return t;
    const def = KINDS[kind];
    const rec = draft as unknown as Record<string, unknown>;
    const current = peekDraft(draft, def.collection);
    if (Array.isArray(current)) rec[def.collection] = current.slice();
    const arr = collectionOf(draft, kind, true) as Array<Entity | typeof GONE>;
    const index = new Map<string, number>();
    if (arr.length > 0) {
      if (!wanted) {
        wanted = new Map();
        for (const r of rows) {
          if (!isEntityKind(r.kind)) continue;
          let ids = wanted.get(r.kind);
          if (!ids) wanted.set(r.kind, (ids = new Set()));
          ids.add(r.id);
        }
      }
      const ids = wanted.get(kind) ?? new Set<string>();
      for (let i = 0; i < arr.length; i++) {
        const id = def.key(arr[i] as Entity);
        if (ids.has(id)) index.set(id, i);
      }
    }
    targets.set(kind, (t = { arr, index, removed: false }));
    return t;
  };
  const checkProtected = o.protectedKeys.size > 0;
  let applied = 0;
  let skipped = 0;
  const hlcs: string[] = [];
  for (let n = 0; n < rows.length; n++) {
    const r = rows[n]!;
    if (r.seq <= guard) {
      skipped++;
      continue;
    }
    const kind = r.kind;
    if (!isEntityKind(kind) || KINDS[kind].scope !== scope) continue; // not for this client version
    if (checkProtected && o.protectedKeys.has(targetKey(kind, r.id))) continue;
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
    const t = targetOf(kind);
    const at = t.index.get(r.id);
    const old = at === undefined ? undefined : (t.arr[at] as Entity);
    if (r.data === null) {
      if (at === undefined) continue;
      if (hash !== null) {
        hash = subHash(hash, entityHash(kind, r.id, old));
        count--;
      }
      t.arr[at] = GONE;
      t.index.delete(r.id);
      t.removed = true;
      applied++;
      continue;
    }
    if (hash !== null) {
      if (old !== undefined) hash = subHash(hash, entityHash(kind, r.id, old));
      else count++;
      hash = addHash(hash, r.h ?? (r.text !== undefined ? entityHashOfText(kind, r.id, r.text) : entityHash(kind, r.id, r.data)));
    }
    if (at === undefined) {
      t.index.set(r.id, t.arr.length);
      t.arr.push(r.data);
    } else t.arr[at] = r.data;
    if ((kind === 'document' || kind === 'finalMark') && typeof r.data.hlc === 'string') hlcs.push(r.data.hlc);
    applied++;
  }
  for (const [kind, t] of targets) {
    if (!t.removed) continue;
    const rec = draft as unknown as Record<string, unknown>;
    rec[KINDS[kind].collection] = t.arr.filter((x) => x !== GONE);
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
