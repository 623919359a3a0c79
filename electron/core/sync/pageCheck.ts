/**
 * A pull page is checked whole before anything of it is applied (issue 15): every partition its
 * rows touch carries the page's checksum for it (the sum of the entity hashes of its rows and
 * their number, `sums`), the last page carries the partition hashes of the school (`hashes`), and
 * every entity is exactly what its kind's schema accepts — no missing or malformed field, no
 * extra one — under the id and in the partition its kind belongs to. A page that fails any of it
 * is refused whole. Pure: the engine turns a problem into a refused pull, a Russian status line
 * and an audit entry.
 *
 * Cheap by construction: each entity's hash is computed once from the canonical text the page
 * brought (by the client, as it reads the row; reused by `applyRows`); the kinds that come by the
 * million (marks, attendance, lessons) pass a hand-written check that accepts only what their schema accepts unchanged
 * (entityFastChecks.ts), anything else — and whatever that check is not sure of — is parsed by its
 * schema once.
 */
import { ENTITY_SCHEMAS, type SchemaKind } from '../../contract/sync/entitySchemas.js';
import { FAST_CHECKS } from '../../contract/sync/entityFastChecks.js';
import { ENTITY_KIND_LABELS } from '../../contract/text/entityKinds.js';
import type { PartRow } from './apply.js';
import { addHash, canonicalJson, entityHashOfText, hashHex } from '../../contract/sync/hash.js';
import { ENTITY_KINDS, isEntityKind, KINDS, parsePartition } from '../../contract/sync/kinds.js';
import type { PartitionHash, PullRow } from '../../contract/sync/protocol.js';

export type PageProblemCode = 'no_sums' | 'no_hashes' | 'sum_missing' | 'sum_extra' | 'sum_mismatch' | 'schema' | 'extra_field' | 'wrong_id' | 'wrong_partition';

/** What is wrong with a page: codes, a kind and a field name — never an entity's id or data. */
export interface PageProblem {
  code: PageProblemCode;
  /** The entity kind of the offending row. */
  kind?: string;
  /** The field (a dotted path of the schema's names) that is wrong or extra. */
  field?: string;
  /** The partition whose checksum is missing or wrong. */
  part?: string;
}

export interface PageToCheck {
  more: boolean;
  rows: readonly PullRow[];
  sums?: Record<string, PartitionHash> | undefined;
  hashes?: Record<string, PartitionHash> | undefined;
}

/** A page that passed: its rows by partition (partitions in the order they first appear, rows in page order). */
export type PageCheck = { ok: Map<string, PartRow[]> } | { problem: PageProblem };

/** A field name that can be shown as it is: the schema's own names are Latin words. */
const SHOWN_FIELD = /^[A-Za-z][A-Za-z0-9_]{0,40}$/;

function fieldPath(path: ReadonlyArray<PropertyKey>): string | undefined {
  const names = path.filter((p): p is string => typeof p === 'string');
  if (names.length === 0 || !names.every((n) => SHOWN_FIELD.test(n))) return undefined;
  return names.join('.');
}

/**
 * `raw` and what the schema made of it are the same JSON (keys whose value is undefined do not
 * count). Allocates nothing: it runs for every entity of a pull.
 */
export function sameJson(raw: unknown, parsed: unknown): boolean {
  if (raw === parsed) return true;
  if (raw === null || parsed === null || typeof raw !== 'object' || typeof parsed !== 'object') return false;
  if (Array.isArray(raw)) {
    if (!Array.isArray(parsed) || raw.length !== parsed.length) return false;
    for (let i = 0; i < raw.length; i++) if (!sameJson(raw[i], parsed[i])) return false;
    return true;
  }
  if (Array.isArray(parsed)) return false;
  const r = raw as Record<string, unknown>;
  const p = parsed as Record<string, unknown>;
  let n = 0;
  for (const k in r) {
    if (!Object.hasOwn(r, k)) return false;
    const v = r[k];
    if (v === undefined) continue;
    n++;
    if (!Object.hasOwn(p, k) || !sameJson(v, p[k])) return false;
  }
  let m = 0;
  for (const k in p) if (Object.hasOwn(p, k) && p[k] !== undefined) m++;
  return n === m;
}

/**
 * Where `raw` differs from what the schema made of it: the path of the first key the schema
 * dropped (an extra field), or of a value it changed; null when they are the same JSON.
 */
export function schemaDifference(raw: unknown, parsed: unknown, path: PropertyKey[] = []): { extra: boolean; path: PropertyKey[] } | null {
  if (raw === parsed) return null;
  if (raw === null || parsed === null || typeof raw !== 'object' || typeof parsed !== 'object') return { extra: false, path };
  if (Array.isArray(raw) !== Array.isArray(parsed)) return { extra: false, path };
  if (Array.isArray(raw)) {
    const p = parsed as unknown[];
    if (raw.length !== p.length) return { extra: false, path };
    for (let i = 0; i < raw.length; i++) {
      const d = schemaDifference(raw[i], p[i], [...path, i]);
      if (d) return d;
    }
    return null;
  }
  const r = raw as Record<string, unknown>;
  const p = parsed as Record<string, unknown>;
  for (const k in r) {
    if (!Object.hasOwn(r, k) || r[k] === undefined) continue;
    if (!Object.hasOwn(p, k) || p[k] === undefined) return { extra: true, path: [...path, k] };
    const d = schemaDifference(r[k], p[k], [...path, k]);
    if (d) return d;
  }
  for (const k in p) {
    if (Object.hasOwn(p, k) && p[k] !== undefined && (!Object.hasOwn(r, k) || r[k] === undefined)) return { extra: false, path: [...path, k] };
  }
  return null;
}

/** The scope of each partition key seen (a page names a few partitions in thousands of rows). */
const scopes = new Map<string, string | null>();
function scopeOf(part: string): string | null {
  let s = scopes.get(part);
  if (s === undefined) {
    s = parsePartition(part)?.scope ?? null;
    if (scopes.size > 10_000) scopes.clear();
    scopes.set(part, s);
  }
  return s;
}

/** The problem of one entity of a known kind, or null: the schema, extra fields, the id and the partition. */
export function entityProblem(kind: SchemaKind, id: string, part: string, data: Record<string, unknown>): PageProblem | null {
  const def = KINDS[kind];
  if (scopeOf(part) !== def.scope) return { code: 'wrong_partition', kind };
  if (FAST_CHECKS[kind]?.(data)) return def.key(data) === id ? null : { code: 'wrong_id', kind };
  const r = ENTITY_SCHEMAS[kind].safeParse(data);
  if (!r.success) {
    const field = fieldPath(r.error.issues[0]?.path ?? []);
    return { code: 'schema', kind, ...(field ? { field } : {}) };
  }
  const diff = sameJson(data, r.data) ? null : schemaDifference(data, r.data);
  if (diff) {
    const field = fieldPath(diff.path);
    return { code: diff.extra ? 'extra_field' : 'schema', kind, ...(field ? { field } : {}) };
  }
  if (def.key(data) !== id) return { code: 'wrong_id', kind };
  return null;
}

/** Each kind's name as one string: a row keeps it instead of its own copy, which dies with its line. */
const KIND_NAMES = new Map<string, string>(ENTITY_KINDS.map((k) => [k, k]));

/** The fields whose values entities of a kind repeat by the thousand (a mark's lesson and student). */
const REPEATED: Partial<Record<string, readonly string[]>> = {
  mark: ['lessonId', 'studentId'],
  attendance: ['lessonId', 'studentId', 'kind'],
  lesson: ['subjectId', 'teacherId', 'type'],
  diaryView: ['guardianId', 'studentId'],
};

/**
 * One string for each repeated value (cleared when full): a first pull keeps a million and a half
 * marks in memory, and a lesson's and a student's id of their own in each were some 80 MB of the
 * heap and much of what the young generation had to copy before the batch was written.
 */
const sharedValues = new Map<string, string>();
function shareRepeated(kind: string, data: Record<string, unknown>): void {
  const fields = REPEATED[kind];
  if (!fields) return;
  for (const f of fields) {
    const v = data[f];
    if (typeof v !== 'string') continue;
    const one = sharedValues.get(v);
    if (one !== undefined) data[f] = one;
    else {
      if (sharedValues.size >= 100_000) sharedValues.clear();
      sharedValues.set(v, v);
    }
  }
}

/**
 * Checks a page; on success, its rows grouped by partition, each with its entity hash for the
 * apply step to reuse. `hashes`: each row's entity hash computed from its data text as received
 * (client.ts hashes it where it lies in the row's line); without them, from the canonical JSON of
 * the parsed data. The rows keep the hash, not the text: a batch of a first pull holds 150,000
 * rows until it is written, and their texts would be kept as long.
 */
export function checkPage(page: PageToCheck, hashes?: ArrayLike<number>): PageCheck {
  if (!page.more && !page.hashes) return { problem: { code: 'no_hashes' } };
  if (page.rows.length > 0 && !page.sums) return { problem: { code: 'no_sums' } };
  const sums = new Map<string, { hash: number; count: number; rows: PartRow[] }>();
  for (let i = 0; i < page.rows.length; i++) {
    const [kind, id, part, seq, data] = page.rows[i]!;
    let h = 0;
    // What the row keeps is the kind's own name and the entity's own id (the same text, checked):
    // the row's copies die with it.
    let keptId = id;
    if (data !== null) {
      if (isEntityKind(kind)) {
        const problem = entityProblem(kind, id, part, data);
        if (problem) return { problem };
        shareRepeated(kind, data);
        if (data.id === id) keptId = data.id;
      }
      h = hashes ? hashes[i]! : entityHashOfText(kind, id, canonicalJson(data));
    }
    const row: PartRow = { kind: KIND_NAMES.get(kind) ?? kind, id: keptId, seq, data, h };
    const s = sums.get(part);
    if (s) {
      s.hash = addHash(s.hash, h);
      s.count++;
      s.rows.push(row);
    } else sums.set(part, { hash: h, count: 1, rows: [row] });
  }
  const declared = page.sums ?? {};
  for (const [part, s] of sums) {
    const d = declared[part];
    if (!d) return { problem: { code: 'sum_missing', part } };
    if (d.hash !== hashHex(s.hash) || d.count !== s.count) return { problem: { code: 'sum_mismatch', part } };
  }
  for (const part of Object.keys(declared)) if (!sums.has(part)) return { problem: { code: 'sum_extra', part } };
  const ok = new Map<string, PartRow[]>();
  for (const [part, s] of sums) ok.set(part, s.rows);
  return { ok };
}

const kindLabel = (kind: string | undefined) => (kind ? `«${ENTITY_KIND_LABELS[kind] ?? kind}»` : '');

/** The problem in Russian, for the administrator's sync page: no id, no value, no name. */
export function describePageProblem(p: PageProblem): string {
  const field = p.field ? ` (поле «${p.field}»)` : '';
  let what: string;
  switch (p.code) {
    case 'no_sums':
      what = 'страница изменений пришла без контрольных сумм разделов';
      break;
    case 'no_hashes':
      what = 'последняя страница изменений пришла без хешей разделов школы';
      break;
    case 'sum_missing':
      what = `нет контрольной суммы раздела «${p.part ?? ''}»`;
      break;
    case 'sum_extra':
      what = `контрольная сумма дана для раздела «${p.part ?? ''}», которого на странице нет`;
      break;
    case 'sum_mismatch':
      what = `контрольная сумма раздела «${p.part ?? ''}» не совпадает с присланными данными`;
      break;
    case 'schema':
      what = `запись вида ${kindLabel(p.kind)} не соответствует схеме данных${field}`;
      break;
    case 'extra_field':
      what = `в записи вида ${kindLabel(p.kind)} лишнее поле${p.field ? ` «${p.field}»` : ''}`;
      break;
    case 'wrong_id':
      what = `номер записи вида ${kindLabel(p.kind)} не совпадает с её данными`;
      break;
    case 'wrong_partition':
      what = `запись вида ${kindLabel(p.kind)} пришла не в свой раздел`;
      break;
  }
  return `Данные от центральной системы не приняты: ${what}. Из них ничего не записано, синхронизация будет повторена. Если ошибка повторяется, сообщите администратору центральной системы.`;
}
