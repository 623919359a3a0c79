/**
 * The first pull of a school, prepared ahead (issue 17: a first full pull within 12 s). A new
 * workstation pulls the whole change log page by page; reading a million and a half rows out of
 * the database and compressing them took the server some 9 s of CPU on the two cores the
 * workstation shares with it. After a load or an import that changed a school's log, the pages of
 * a first pull are built once, compressed, and stored (`first_pull_pages`); a pull whose cursor
 * starts a stored page is answered with its bytes.
 *
 * Why a stored page stays a right answer after the school changed: a page from cursor `a` is the
 * rows whose change sequence number lies in (a, b], as the log was when it was read. An entity
 * changed or deleted since took a sequence number above everything read then (above `b`), so its
 * newer version or tombstone comes after the page, in the pages read live; an entity added since
 * is there too. A workstation that applies the stored page and then the live ones ends with the
 * school as it is now (the last page, with the school's partition hashes, is always read live:
 * the workstation checks its whole replica against them). What would break it is a tombstone
 * purged between the preparation and the pull, or a new epoch: a stored page is given only while
 * the school's epoch and purge point are those it was built under, and only in the protocol
 * version it was written in.
 *
 * A stored page is given only to a request it answers: brotli accepted, and no more rows and bytes
 * than the request allows. Anything else is answered live, as before.
 */
import { LIMITS, PROTOCOL_VERSION, START_CURSOR, formatCursor, parseCursor } from '../electron/contract/sync/protocol.js';
import { compressParts, type AnswerEncoding } from './compressParts.js';
import { num, type Db } from './db.js';
import { pullPage, type PulledPage } from './pull.js';
import { getSchool, listSchools } from './schools.js';

/** A school whose log is smaller than this is pulled live: a page or two, no gain worth storing. */
export const PREPARE_MIN_ROWS = 50_000;

/** Pages are built again once the log has moved on by more than this share of the stored rows. */
export const PREPARE_STALE_SHARE = 0.1;

/**
 * Brotli quality of the stored pages: compressed once, read by every new workstation. At 3 a page
 * takes about twice the CPU of the live answers' quality 1 to compress, and comes out a tenth
 * smaller and about twice as fast to decompress (measured on 20 pages of the demo school's first
 * pull: 4.25 → 3.85 MB, 99–160 → 46–53 ms); above 3 it takes far longer for no faster reading.
 */
export const STORED_BROTLI_QUALITY = 3;

/** The stored pages' encoding: what the app's workstations accept (and the best of the server's). */
const STORED_ENCODING: AnswerEncoding = 'br';

/** What a request asks of a page (the server's `PullRequest`). */
export interface StoredPageRequest {
  schoolId: string;
  since: string;
  limit: number;
  maxBytes: number;
  encoding: AnswerEncoding | null;
}

/** A stored page as the server sends it. */
export interface StoredPage {
  body: Uint8Array;
  encoding: AnswerEncoding;
  rows: number;
  /** The next page's cursor, when the next page is not stored (it is then read live, and can be read ahead). */
  nextLive?: string;
}

/** The stored first pull of a school, in short. */
export interface PreparedPull {
  epoch: string;
  purgedSeq: number;
  protocol: number;
  pages: number;
  rows: number;
  /** The school's change sequence number when the pages were read. */
  preparedSeq: number;
}

/** What `prepareFirstPull` did. */
export interface PrepareResult {
  prepared: boolean;
  pages: number;
  rows: number;
  /** Compressed bytes stored. */
  bytes: number;
  ms: number;
  /** Why nothing was prepared, in Russian (for the administrator's report). */
  skipped?: string;
}

/**
 * Where a pull's cursor starts: the sequence number, and for a cursor of a chain the epoch and purge
 * point it was given under (a stored page answers it only if they are the school's and the page's).
 */
function cursorStart(since: string): { from: number; epoch: string | null; purged: number | null } | null {
  if (since === START_CURSOR) return { from: 0, epoch: null, purged: null };
  const c = parseCursor(since);
  return c && { from: c.seq, epoch: c.epoch, purged: c.purged };
}

/**
 * The stored page that answers `req`, or null (the request is answered live). Asked of every pull
 * request, so a miss costs one indexed read: the page of that cursor, stored under the school's
 * current epoch and purge point (and the cursor's, for a cursor of a chain).
 */
export async function storedPage(db: Db, req: StoredPageRequest): Promise<StoredPage | null> {
  if (req.encoding !== STORED_ENCODING) return null;
  const start = cursorStart(req.since);
  if (!start) return null;
  const where = `p.school_id = $1 AND p.from_seq = $2`;
  const row = await db.tx(
    async (q): Promise<{ body: Uint8Array; rows: number; bytes: number; next: number; last: boolean; epoch: string; purged: number } | undefined> => {
      const r = await q.query<{ rows: unknown; bytes: unknown; next_seq: unknown; epoch: string; purged_seq: unknown; last: boolean; body?: Uint8Array }>(
        `SELECT p.rows, p.bytes, p.next_seq, p.epoch, p.purged_seq,
                NOT EXISTS (SELECT 1 FROM first_pull_pages n WHERE n.school_id = p.school_id AND n.from_seq = p.next_seq) AS last
                ${q.queryBytes ? '' : ', p.body'}
           FROM first_pull_pages p JOIN schools s ON s.id = p.school_id AND s.epoch = p.epoch AND s.purged_seq = p.purged_seq
          WHERE ${where} AND p.protocol = $3 AND ($4::text IS NULL OR p.epoch = $4) AND ($5::bigint IS NULL OR p.purged_seq = $5)`,
        [req.schoolId, String(start.from), PROTOCOL_VERSION, start.epoch, start.purged === null ? null : String(start.purged)],
      );
      const m = r.rows[0];
      if (!m) return undefined;
      let body = m.body;
      if (q.queryBytes) {
        // PGlite: the body in the binary format, its bytes as they are (its own reading of a bytea
        // decodes hex digit by digit: 2.4 s of the server's CPU over a first pull).
        body = (await q.queryBytes(`SELECT p.body FROM first_pull_pages p WHERE ${where}`, [req.schoolId, String(start.from)], { binary: true }))[0]?.[0] ?? undefined;
      }
      return body ? { body, rows: num(m.rows), bytes: num(m.bytes), next: num(m.next_seq), last: m.last, epoch: m.epoch, purged: num(m.purged_seq) } : undefined;
    },
    // One snapshot: the body read second is the page whose size was read first.
    { snapshot: true, readOnly: true },
  );
  if (!row || row.rows > req.limit || row.bytes > req.maxBytes) return null;
  return { body: row.body, encoding: STORED_ENCODING, rows: row.rows, ...(row.last ? { nextLive: formatCursor(row.epoch, row.next, row.purged) } : {}) };
}

/** The school's stored first pull, if any (valid or not). */
export async function preparedPull(db: Db, schoolId: string): Promise<PreparedPull | null> {
  const r = await db.query<{ epoch: string; purged_seq: unknown; protocol: unknown; pages: unknown; rows: unknown; prepared_seq: unknown }>(
    `SELECT min(epoch) AS epoch, min(purged_seq) AS purged_seq, min(protocol) AS protocol, count(*) AS pages, sum(rows) AS rows, min(prepared_seq) AS prepared_seq
       FROM first_pull_pages WHERE school_id = $1 HAVING count(*) > 0`,
    [schoolId],
  );
  const row = r.rows[0];
  if (!row) return null;
  return { epoch: row.epoch, purgedSeq: num(row.purged_seq), protocol: num(row.protocol), pages: num(row.pages), rows: num(row.rows), preparedSeq: num(row.prepared_seq) };
}

/**
 * Whether a school's first pull should be prepared (again): the rule in one place. Not for a small
 * log; yes when nothing valid is stored (none, another epoch, purge point or protocol), or when the
 * log has moved on since by more than PREPARE_STALE_SHARE of the stored rows (a week's import does
 * not; a year's first import does).
 */
export function firstPullNeedsPreparing(school: { epoch: string; seq: number; purgedSeq: number }, stored: PreparedPull | null, minRows: number = PREPARE_MIN_ROWS): boolean {
  if (school.seq < minRows) return false;
  if (!stored || stored.epoch !== school.epoch || stored.purgedSeq !== school.purgedSeq || stored.protocol !== PROTOCOL_VERSION) return true;
  return school.seq - stored.preparedSeq > PREPARE_STALE_SHARE * Math.max(stored.rows, 1);
}

/**
 * Builds and stores the pages of a school's first pull (those with a page after them: the last
 * one is always read live), replacing what was stored. The pages are read as a pull reads them,
 * compressed by `compress`, and written in one transaction; if the school's epoch or purge point
 * moved while they were read, nothing is stored. `force`: even when the rule says it is not needed;
 * `pageRows`, `maxBytes`: the pages' size (by default, the largest a workstation asks for).
 */
export async function prepareFirstPull(
  db: Db,
  schoolId: string,
  opts: { force?: boolean; maxBytes?: number; pageRows?: number; brotliQuality?: number; minRows?: number } = {},
): Promise<PrepareResult> {
  const compress = (parts: readonly Uint8Array[], encoding: AnswerEncoding) => compressParts(parts, encoding, { brotliQuality: opts.brotliQuality ?? STORED_BROTLI_QUALITY, gzipLevel: 4 });
  const t0 = performance.now();
  const done = (r: Omit<PrepareResult, 'ms'>): PrepareResult => ({ ...r, ms: Math.round(performance.now() - t0) });
  const school = await getSchool(db, schoolId);
  if (!school) return done({ prepared: false, pages: 0, rows: 0, bytes: 0, skipped: 'школа не найдена' });
  const minRows = opts.minRows ?? PREPARE_MIN_ROWS;
  if (!opts.force && !firstPullNeedsPreparing(school, await preparedPull(db, schoolId), minRows)) {
    return done({ prepared: false, pages: 0, rows: 0, bytes: 0, skipped: school.seq < minRows ? 'журнал школы мал, первая синхронизация быстра и так' : 'подготовленные страницы ещё годны' });
  }
  const maxBytes = opts.maxBytes ?? LIMITS.maxPageBytes;
  const pages: Array<{ from: number; next: number; rows: number; bytes: number; body: Uint8Array }> = [];
  let since = START_CURSOR;
  let from = 0;
  let first: PulledPage | null = null;
  for (;;) {
    const page = await pullPage(db, schoolId, since, opts.pageRows ?? LIMITS.maxPullLimit, maxBytes);
    first ??= page;
    if (!page.next || !page.state) break;
    const next = parseCursor(page.next);
    if (!next) break;
    const bytes = page.parts.reduce((n, p) => n + p.length, 0);
    pages.push({ from, next: next.seq, rows: page.rows, bytes, body: await compress(page.parts, STORED_ENCODING) });
    since = page.next;
    from = next.seq;
  }
  const state = first?.state;
  const stored = await db.tx(async (q) => {
    // Under the school's lock, as its writers take it: the log cannot move while the pages go in.
    const now = await q.query<{ epoch: string; purged_seq: unknown }>(`SELECT epoch, purged_seq FROM schools WHERE id = $1 FOR UPDATE`, [schoolId]);
    const cur = now.rows[0];
    await q.query(`DELETE FROM first_pull_pages WHERE school_id = $1`, [schoolId]);
    if (!state || !cur || cur.epoch !== state.epoch || num(cur.purged_seq) !== state.purgedSeq) return false;
    for (const p of pages) {
      await q.query(
        `INSERT INTO first_pull_pages (school_id, from_seq, next_seq, epoch, purged_seq, protocol, rows, bytes, prepared_seq, body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::bytea)`,
        [schoolId, String(p.from), String(p.next), state.epoch, String(state.purgedSeq), PROTOCOL_VERSION, p.rows, p.bytes, String(state.seq), Buffer.from(p.body.buffer, p.body.byteOffset, p.body.byteLength)],
      );
    }
    return true;
  });
  if (!stored) return done({ prepared: false, pages: 0, rows: 0, bytes: 0, skipped: 'журнал школы перестроен во время подготовки' });
  return done({ prepared: pages.length > 0, pages: pages.length, rows: pages.reduce((n, p) => n + p.rows, 0), bytes: pages.reduce((n, p) => n + p.body.length, 0) });
}

const ru = (n: number) => n.toLocaleString('ru-RU');

/** What `prepareFirstPull` did, in one Russian line for the administrator (counts only). */
export function prepareReport(r: PrepareResult): string {
  if (!r.prepared) return `Первая синхронизация рабочих мест не подготавливалась: ${r.skipped ?? 'нечего готовить'}.`;
  const mb = (r.bytes / 1e6).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
  const s = (r.ms / 1000).toLocaleString('ru-RU', { maximumFractionDigits: 1 });
  return `Первая синхронизация рабочих мест подготовлена: ${ru(r.pages)} стр., ${ru(r.rows)} записей, ${mb} МБ, ${s} с.`;
}

/** What the administrator reads when a preparation failed: the change it followed stands all the same. */
const PREPARE_FAILED = 'Первая синхронизация рабочих мест не подготовлена (ошибка базы данных): рабочие места получат данные обычным порядком, подготовка будет повторена при следующем запуске сервера.';

/**
 * After a command that changed a school's log (an import, a load, a purge): its first pull
 * prepared where the rule asks, told in one Russian line. Never throws: the change is committed
 * already, and a failed preparation only leaves new workstations to the live pages.
 */
export async function prepareAfterChange(db: Db, schoolId: string): Promise<{ line: string; result: PrepareResult | null }> {
  try {
    const result = await prepareFirstPull(db, schoolId);
    return { line: prepareReport(result), result };
  } catch {
    return { line: PREPARE_FAILED, result: null };
  }
}

/**
 * Every school's first pull prepared where the rule asks for it, one school after another (the
 * central server at start, in the background: a database from before version 3, a load that
 * stopped half-way, a purge since). A failure is logged and the next school is tried.
 */
export async function prepareAllFirstPulls(db: Db, log: (line: string) => void, opts: { pageRows?: number; minRows?: number } = {}): Promise<void> {
  for (const s of await listSchools(db)) {
    try {
      const r = await prepareFirstPull(db, s.id, opts);
      if (r.prepared) log(`школа ${s.id}: ${prepareReport(r)}`);
    } catch {
      log(`школа ${s.id}: ${PREPARE_FAILED}`);
    }
  }
}

/** The school's stored first pull is dropped (a rebuilt log, a restored database: it is prepared again by the next import). */
export async function dropFirstPull(db: Db, schoolId: string): Promise<void> {
  await db.query(`DELETE FROM first_pull_pages WHERE school_id = $1`, [schoolId]);
}
