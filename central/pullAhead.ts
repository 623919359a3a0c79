/**
 * The next page of a pull, built while the previous one is on its way. A workstation can ask for
 * a page only once it has the previous one's cursor, so without this the database sat idle while
 * each page was sent, received and decompressed, and the workstation waited for every page through
 * the server's whole work on it. After answering a page that has more after it, the server builds
 * (and compresses) the page that cursor names, when no other request is being answered.
 *
 * A prepared page is given only to the request it was made for (school, cursor, limit, byte limit,
 * encoding), only while young, and only if the school's change log is as the page read it (epoch,
 * last sequence number, purge point; every change of an entity takes a new sequence number): it is
 * then what a new read would give. Otherwise it is dropped and the page is read again. Nothing is
 * made before a workstation asks for the page before it.
 */
import type { Db } from './db.js';
import type { AnswerEncoding } from './compressParts.js';
import { pullPage, type LogState, type PulledPage } from './pull.js';
import { getSchool } from './schools.js';

export interface PullRequest {
  schoolId: string;
  since: string;
  limit: number;
  maxBytes: number;
  /** The answer's encoding (null: sent as it is). */
  encoding: AnswerEncoding | null;
}

/** A page and its body as sent (compressed when `encoding` says so). */
export interface PageAnswer {
  page: PulledPage;
  body: readonly Uint8Array[];
  encoding: AnswerEncoding | null;
}

export interface PullAheadOptions {
  /** The page and its body, as the server answers a request. */
  answer(req: PullRequest): Promise<PageAnswer>;
  /** A prepared page older than this is read again. */
  maxAgeMs?: number;
  /** Pages prepared at once (one per workstation pulling); the oldest is dropped. */
  maxPrepared?: number;
  now?: () => number;
}

interface Prepared {
  at: number;
  answer: Promise<PageAnswer>;
}

const keyOf = (r: PullRequest) => JSON.stringify([r.schoolId, r.since, r.limit, r.maxBytes, r.encoding]);
const sameLog = (a: LogState, b: LogState) => a.epoch === b.epoch && a.seq === b.seq && a.purgedSeq === b.purgedSeq;

export class PullAhead {
  private readonly prepared = new Map<string, Prepared>();
  private readonly maxAgeMs: number;
  private readonly maxPrepared: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly o: PullAheadOptions,
  ) {
    this.maxAgeMs = o.maxAgeMs ?? 10_000;
    this.maxPrepared = o.maxPrepared ?? 4;
    this.now = o.now ?? Date.now;
  }

  /** The answer to a pull request: the page prepared for it if it is still valid, else a new one. */
  async answer(req: PullRequest): Promise<PageAnswer> {
    const key = keyOf(req);
    const ready = this.prepared.get(key);
    if (ready) {
      this.prepared.delete(key);
      const got = ready.at + this.maxAgeMs > this.now() ? await ready.answer.catch(() => null) : null;
      if (got?.page.state) {
        const school = await getSchool(this.db, req.schoolId);
        if (school && sameLog(school, got.page.state)) return got;
      }
    }
    return this.o.answer(req);
  }

  /**
   * After a page was answered: prepares the next one, if the page has more after it and the server
   * has nothing else to do (`idle`). Failures are dropped; the request, when it comes, reads again.
   */
  prepareAfter(req: PullRequest, page: PulledPage, idle: boolean): void {
    if (!idle || page.next === undefined) return;
    const next: PullRequest = { ...req, since: page.next };
    const answer = this.o.answer(next);
    answer.catch(() => undefined);
    const key = keyOf(next);
    this.prepared.delete(key);
    this.prepared.set(key, { at: this.now(), answer });
    while (this.prepared.size > this.maxPrepared) this.prepared.delete(this.prepared.keys().next().value!);
  }

  /** Pages prepared and not yet given (tests). */
  get size(): number {
    return this.prepared.size;
  }
}

/** `pullPage` as a `PullAheadOptions.answer`, with the body compressed by `compress`. */
export function pageAnswerer(db: Db, compress: (parts: readonly Uint8Array[], encoding: AnswerEncoding) => Promise<Buffer>): (req: PullRequest) => Promise<PageAnswer> {
  return async (req) => {
    const page = await pullPage(db, req.schoolId, req.since, req.limit, req.maxBytes);
    const size = page.parts.reduce((n, p) => n + p.length, 0);
    // Small answers are sent as they are (the server's rule for every answer).
    const encoding = size > 1024 ? req.encoding : null;
    return { page, body: encoding ? [await compress(page.parts, encoding)] : page.parts, encoding };
  };
}
