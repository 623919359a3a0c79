/**
 * The sync protocol between a workstation and the central system, version 1: the shapes of every
 * request and answer, validated with zod on both sides. `docs/sync-protocol.md` is the prose
 * version of this file; the reference server (`central/`) and the client (`./engine.ts`) both
 * import it, so they cannot drift apart.
 */
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;
export const SUPPORTED_VERSIONS = [1] as const;

/** Identifiers on the wire: the contract's `Id` alphabet, so they never need JSON escaping. */
export const WireId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/);
/** A partition key: `school`, `class/<classId>` or `journal/<yearId>/<classId>`. */
export const PartitionKey = z.string().min(1).max(140).regex(/^(school|class\/[A-Za-z0-9_.:-]{1,64}|journal\/[A-Za-z0-9_.:-]{1,64}\/[A-Za-z0-9_.:-]{1,64})$/);
/** Entity kinds: letters only. */
export const EntityKindName = z.string().min(1).max(40).regex(/^[A-Za-z]+$/);

/** Limits every implementation of version 1 must accept; a server may enforce them. */
export const LIMITS = {
  /** Largest request body, decompressed (push and enroll). */
  maxRequestBytes: 8 * 1024 * 1024,
  /** Largest request body as sent (compressed). */
  maxWireRequestBytes: 4 * 1024 * 1024,
  /** Most mutations in one push. */
  maxPushMutations: 500,
  /** Rows of one pull page: default and largest. */
  defaultPullLimit: 5_000,
  maxPullLimit: 20_000,
  /** A page stops growing once its rows take this many bytes (uncompressed JSON). */
  maxPageBytes: 8 * 1024 * 1024,
} as const;

// ---------------------------------------------------------------- enrol

export const EnrollRequest = z.object({
  v: z.literal(PROTOCOL_VERSION),
  /** The one-time code the administrator of the central system issued. */
  code: z.string().min(4).max(64).regex(/^[\x20-\x7E\u0400-\u04FF]+$/, 'код содержит недопустимые символы'),
  workstationId: WireId,
  /** A human name for the workstation, shown to the central system's administrators. */
  name: z
    .string()
    .max(120)
    .refine((s) => jsonValueProblem(s) === null, 'название содержит недопустимые символы')
    .optional(),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const EnrollResponse = z.object({
  v: z.literal(PROTOCOL_VERSION),
  token: z.string().min(20).max(200),
  schoolId: WireId,
  schoolName: z.string(),
  workstationId: WireId,
});
export type EnrollResponse = z.infer<typeof EnrollResponse>;

// ---------------------------------------------------------------- info

export const InfoResponse = z.object({
  v: z.literal(PROTOCOL_VERSION),
  versions: z.array(z.number().int()),
  server: z.string(),
  time: z.string(),
});
export type InfoResponse = z.infer<typeof InfoResponse>;

// ---------------------------------------------------------------- pull

/**
 * One changed entity: `[kind, id, partition, seq, data]`; `data` null is a tombstone (the entity
 * was deleted). Rows come in increasing `seq`; each entity appears once, in its latest version.
 */
export const PullRow = z.tuple([EntityKindName, WireId, PartitionKey, z.number().int().positive(), z.record(z.string(), z.unknown()).nullable()]);
export type PullRow = z.infer<typeof PullRow>;

export const PartitionHash = z.object({
  /** Sum modulo 2^52 of the entity hashes, 16 lowercase hex digits. */
  hash: z.string().regex(/^[0-9a-f]{16}$/),
  /** Live entities in the partition. */
  count: z.number().int().min(0),
});
export type PartitionHash = z.infer<typeof PartitionHash>;

export const PullPage = z.object({
  v: z.literal(PROTOCOL_VERSION),
  /** Pass as `since` in the next request. Opaque. */
  cursor: z.string().min(1).max(100),
  /** The change sequence number the cursor stands for: every row of this page has seq ≤ to. */
  to: z.number().int().min(0),
  /** The school's latest change sequence number when the page was read (for progress). */
  head: z.number().int().min(0),
  /** More rows follow: ask again with `cursor`. */
  more: z.boolean(),
  rows: z.array(PullRow),
  /**
   * The page's checksum of every partition its rows touch: `hash` the sum modulo 2^52 of h over
   * the partition's live rows of this page (a tombstone adds nothing), `count` the partition's rows
   * on this page (tombstones too). Required when the page has rows: a client refuses a page
   * without it, or one whose rows do not add up to it.
   */
  sums: z.record(PartitionKey, PartitionHash).optional(),
  /** On the last page (more = false), required: every partition of the school with its hash at `to`. */
  hashes: z.record(PartitionKey, PartitionHash).optional(),
});
export type PullPage = z.infer<typeof PullPage>;

export const RESET_REASONS = ['cursor_too_old', 'epoch_changed', 'cursor_ahead', 'cursor_invalid'] as const;
export const PullReset = z.object({
  v: z.literal(PROTOCOL_VERSION),
  /** The cursor cannot be served: start again from `cursor` (the beginning) and repair by hashes. */
  reset: z.object({ reason: z.enum(RESET_REASONS), cursor: z.string().min(1).max(100) }),
});
export type PullReset = z.infer<typeof PullReset>;

export const PullResponse = z.union([PullPage, PullReset]);
export type PullResponse = z.infer<typeof PullResponse>;

/** `GET /v1/partition?key=…`: the whole partition at one moment, for repair. */
export const PartitionSnapshot = z.object({
  v: z.literal(PROTOCOL_VERSION),
  key: PartitionKey,
  /** The school's change sequence number at the snapshot. */
  to: z.number().int().min(0),
  /** Every live entity of the partition, as pull rows (never tombstones), ordered by kind and id. */
  rows: z.array(PullRow),
  hash: PartitionHash,
});
export type PartitionSnapshot = z.infer<typeof PartitionSnapshot>;

// ---------------------------------------------------------------- push

/** A moment on the wire: ISO 8601 with a time zone, as `Date.toISOString` writes it. */
export const WireMoment = z.string().max(40).datetime({ offset: true });

export const WireMutation = z.object({
  /** `<workstationId>:<seq>` */
  id: z.string().min(3).max(140).regex(/^[A-Za-z0-9_.:-]+$/),
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  kind: z.string().min(1).max(60).regex(/^[a-z][a-z_.]*$/),
  /** The class partition the mutation was made in; absent for school-wide kinds (`account.compromise`). */
  classId: WireId.optional(),
  payload: z.unknown(),
  /** Hybrid logical clock: printable ASCII only. */
  hlc: z.string().min(1).max(200).regex(/^[\x21-\x7E]+$/),
  /** The user (workstation account id) on whose behalf the change was made. */
  author: WireId,
  createdAt: WireMoment,
});
export type WireMutation = z.infer<typeof WireMutation>;

export const PushRequest = z.object({
  v: z.literal(PROTOCOL_VERSION),
  schoolId: WireId,
  workstationId: WireId,
  mutations: z.array(WireMutation).min(1).max(LIMITS.maxPushMutations),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * A push as the server first reads it: the envelope is checked, each mutation is checked on its own
 * (`checkWireMutation`), so one bad mutation is answered `rejected` and never fails the others.
 */
export const PushEnvelope = z.object({
  v: z.literal(PROTOCOL_VERSION),
  schoolId: WireId,
  workstationId: WireId,
  mutations: z.array(z.unknown()).min(1).max(LIMITS.maxPushMutations),
});
export type PushEnvelope = z.infer<typeof PushEnvelope>;

/** Limits of any JSON value a workstation sends inside a mutation. */
export const PAYLOAD_LIMITS = { maxDepth: 16, maxNodes: 20_000, maxStringLength: 20_000 } as const;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// Control characters other than tab, line feed and carriage return (PostgreSQL cannot store NUL).
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * What is wrong with a JSON value received from outside, in Russian; null when it can be stored:
 * nesting, size, control characters and broken UTF-16, in keys and strings. Iterative: a
 * 20,000-deep array cannot overflow the stack.
 */
export function jsonValueProblem(value: unknown, limits: { maxDepth: number; maxNodes: number; maxStringLength: number } = PAYLOAD_LIMITS): string | null {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  let nodes = 0;
  const badString = (s: string) =>
    s.length > limits.maxStringLength ? 'слишком длинная строка' : CONTROL.test(s) ? 'управляющие символы в тексте' : LONE_SURROGATE.test(s) ? 'повреждённый текст (неполный символ)' : null;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (++nodes > limits.maxNodes) return 'слишком много данных';
    if (depth > limits.maxDepth) return 'слишком глубокая вложенность';
    if (typeof v === 'string') {
      const p = badString(v);
      if (p) return p;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return 'неверное число';
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push({ v: x, depth: depth + 1 });
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        const p = badString(k);
        if (p) return p;
        stack.push({ v: x, depth: depth + 1 });
      }
    } else if (typeof v !== 'boolean' && v !== null) {
      return 'неверный тип данных';
    }
  }
  return null;
}

/** A mutation of a push checked on its own: the wire mutation, or the answer that refuses it. */
export function checkWireMutation(raw: unknown, workstationId: string): { ok: WireMutation } | { reject: { id: string; reason: string; seq?: number } } {
  const rawId = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  const id = typeof rawId === 'string' && WireMutation.shape.id.safeParse(rawId).success ? rawId : '?';
  const refuse = (reason: string) => ({ reject: { id, reason: `Изменение не принято: ${reason}. Обновите программу; если повторится, сообщите администратору.` } });
  const whole = jsonValueProblem(raw, { maxDepth: PAYLOAD_LIMITS.maxDepth + 2, maxNodes: PAYLOAD_LIMITS.maxNodes, maxStringLength: PAYLOAD_LIMITS.maxStringLength });
  if (whole) return refuse(whole);
  const r = WireMutation.safeParse(raw);
  if (!r.success) {
    const field = r.error.issues[0]?.path.map(String).join('.') || 'данные';
    return refuse(`неверное поле «${field}»`);
  }
  const m = r.data;
  if (m.id !== `${workstationId}:${m.seq}`) return { reject: { id, reason: `Номер изменения ${m.id} не совпадает с рабочим местом и порядковым номером. Обновите программу.` } };
  return { ok: m };
}

export const FirstAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('accepted'), seq: z.number().int().min(0), at: z.string() }),
  z.object({ status: z.literal('rejected'), reason: z.string(), at: z.string() }),
]);
export type FirstAnswer = z.infer<typeof FirstAnswer>;

export const PushResult = z.discriminatedUnion('status', [
  /** Applied now; `seq` is the change that carries it (0: nothing to change). */
  z.object({ id: z.string(), status: z.literal('accepted'), seq: z.number().int().min(0) }),
  /** Seen before: `first` is the answer given then, whatever happened since. */
  z.object({ id: z.string(), status: z.literal('duplicate'), first: FirstAnswer }),
  /** Refused: `reason` is Russian and shown to the user as is. */
  z.object({ id: z.string(), status: z.literal('rejected'), reason: z.string() }),
]);
export type PushResult = z.infer<typeof PushResult>;

export const PushResponse = z.object({
  v: z.literal(PROTOCOL_VERSION),
  results: z.array(PushResult),
  /** The highest mutation seq the server has ever recorded for this workstation. */
  maxSeq: z.number().int().min(0),
});
export type PushResponse = z.infer<typeof PushResponse>;

// ---------------------------------------------------------------- audit head

const HeadOnWire = z.object({ count: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), hash: z.string().regex(/^[0-9a-f]{64}$/) });

/**
 * `POST /v1/audit-head`: the end of the workstation's audit log (count and hash of its last entry),
 * sent with every sync, and the heads its log says it had before each restore of a backup. The
 * server keeps the greatest head per workstation; a log that comes back shorter or different at a
 * count already seen, without a restore that names that head, is reported.
 */
export const AuditHeadReport = z.object({
  v: z.literal(PROTOCOL_VERSION),
  schoolId: WireId,
  workstationId: WireId,
  head: HeadOnWire.extend({ at: z.union([z.literal(''), WireMoment]) }),
  restores: z.array(HeadOnWire).max(1000),
});
export type AuditHeadReport = z.infer<typeof AuditHeadReport>;

export const AuditHeadAnswer = z.object({
  v: z.literal(PROTOCOL_VERSION),
  /** The log ends where the server expects it (or later). */
  ok: z.boolean(),
  /** The greatest head the server knows for this workstation. */
  known: HeadOnWire,
  /** Russian, when not ok: what the server saw. */
  problem: z.string().optional(),
});
export type AuditHeadAnswer = z.infer<typeof AuditHeadAnswer>;

// ---------------------------------------------------------------- errors

export const PROTOCOL_ERRORS = [
  'bad_request', // 400: not JSON, wrong shape, wrong types
  'unsupported_version', // 400
  'unsupported_encoding', // 415
  'unauthorized', // 401: no token, unknown, revoked or forged token
  'code_invalid', // 403: enrolment code unknown, used or expired
  'wrong_school', // 403: the request names a school the token does not belong to
  'wrong_workstation', // 403: the request names another workstation than the token's
  'not_found', // 404
  'method_not_allowed', // 405
  'conflict', // 409: the workstation id is enrolled with another school
  'too_large', // 413
  'rate_limited', // 429
  'internal', // 500
  'unavailable', // 503
] as const;
export type ProtocolErrorCode = (typeof PROTOCOL_ERRORS)[number];

export const ErrorResponse = z.object({
  v: z.literal(PROTOCOL_VERSION),
  error: z.object({ code: z.enum(PROTOCOL_ERRORS), message: z.string() }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

// ---------------------------------------------------------------- cursor

/**
 * Cursor format of the reference server: `<epoch>.<seq>`, or `<epoch>.<seq>.<purged>` for a chain
 * of pulls that began when the school's tombstones up to `purged` were already gone (its holder
 * never saw those entities, so that purge does not make its cursor too old). Clients never parse it.
 */
export function formatCursor(epoch: string, seq: number, purged = 0): string {
  return purged > 0 ? `${epoch}.${seq}.${purged}` : `${epoch}.${seq}`;
}

export function parseCursor(cursor: string): { epoch: string; seq: number; purged: number } | null {
  const m = /^([A-Za-z0-9_-]{1,40})\.(\d{1,15})(?:\.(\d{1,15}))?$/.exec(cursor);
  if (!m) return null;
  return { epoch: m[1]!, seq: Number(m[2]), purged: m[3] === undefined ? 0 : Number(m[3]) };
}

/** The cursor before anything: a full pull. */
export const START_CURSOR = '0';
