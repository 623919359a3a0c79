/** Work the store does after its callers had their answer (checkpoints, derived files), awaited by `settled()`. */
export class Background {
  private readonly running = new Set<Promise<unknown>>();

  /** Tracks `p`; its failure is its own (derived data is recomputed, a checkpoint is retried). */
  run(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined);
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  /** Resolves when nothing runs any more (work started meanwhile included). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
