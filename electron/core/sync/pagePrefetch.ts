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

  constructor(
    private readonly fetch: (since: string) => Promise<T>,
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
    const p = this.fetch(since);
    this.queue.push(p);
    p.then(
      (page) => {
        this.inFlight = false;
        if (page.next !== undefined) this.since = page.next;
        this.pump();
      },
      () => {
        // Its `take` gets the failure; nothing is fetched after it.
        this.inFlight = false;
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
