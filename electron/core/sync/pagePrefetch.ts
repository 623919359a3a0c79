/**
 * Pull pages fetched ahead of the engine: the next page is asked for as soon as the previous one
 * came (its cursor is all it needs), up to `depth` pages fetched and not yet taken. The central
 * system builds and sends pages while the workstation checks and writes the ones before (a page
 * fetched only after the previous one was written left the server idle through every write).
 * Pages come out in order; a failed fetch fails the `take` of its page and ends the chain.
 */
export interface PrefetchedPage {
  /** The next page's cursor, when there is a next page. */
  readonly next?: string | undefined;
}

export class PagePrefetch<T extends PrefetchedPage> {
  private readonly queue: Array<Promise<T>> = [];
  private since: string | null;
  private inFlight = false;
  private stopped = false;
  /** At least one: the page the engine waits for is itself a page fetched and not yet taken. */
  private readonly depth: number;

  /**
   * `fetch` may tell the next page's cursor as soon as it knows it (`early`: the first bytes of the
   * answer hold it), before its page has come whole: the next page is then asked for at once. The
   * central system builds pages one after another, each from the cursor of the one before, so it
   * waited for the whole page to come, be decompressed and be read first.
   */
  constructor(
    private readonly fetch: (since: string, early: (next: string) => void) => Promise<T>,
    since: string,
    depth: number,
  ) {
    this.depth = Math.max(1, Math.floor(depth));
    this.since = since;
    this.pump();
  }

  private pump(): void {
    if (this.stopped || this.inFlight || this.since === null || this.queue.length >= this.depth) return;
    const since = this.since;
    this.since = null;
    this.inFlight = true;
    // Whether this fetch has handed the chain on (its early cursor, or its page).
    let handedOn = false;
    const handOn = (next: string | undefined) => {
      if (handedOn) return;
      handedOn = true;
      this.inFlight = false;
      if (next !== undefined) this.since = next;
      this.pump();
    };
    // Handed on after this fetch is in the queue (a cursor told at once would put the next page before it).
    const p = this.fetch(since, (next) => queueMicrotask(() => handOn(next)));
    this.queue.push(p);
    p.then(
      // The fetch checks that its page's cursor is the one it told early (else it fails).
      (page) => handOn(page.next),
      () => {
        // Its `take` gets the failure; nothing is fetched after it.
        if (!handedOn) this.inFlight = false;
        handedOn = true;
        this.stopped = true;
      },
    );
  }

  /** The next page in order. Only after a page that has a next one (or first). */
  take(): Promise<T> {
    const p = this.queue.shift();
    this.pump();
    if (!p) return Promise.reject(new Error('no page to take: the previous page was the last'));
    return p;
  }

  /** Fetches nothing more (the pages in flight still come; their failures are ignored). */
  stop(): void {
    this.stopped = true;
    for (const p of this.queue) p.catch(() => undefined);
  }
}
