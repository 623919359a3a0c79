/**
 * The store's gate: ordinary operations run together, an exclusive one (backup, restore) alone. An
 * exclusive operation waits for those running and holds back new ones until it ends.
 */
export class Gate {
  private closed: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<unknown>>();

  async shared<R>(fn: () => Promise<R>): Promise<R> {
    for (;;) {
      const seen = this.closed;
      await seen;
      if (seen === this.closed) break;
    }
    const p = fn();
    this.running.add(p);
    try {
      return await p;
    } finally {
      this.running.delete(p);
    }
  }

  async exclusive<R>(fn: () => Promise<R>): Promise<R> {
    const before = this.closed;
    let open!: () => void;
    this.closed = before.then(() => new Promise<void>((r) => (open = r)));
    await before;
    await Promise.allSettled([...this.running]);
    try {
      return await fn();
    } finally {
      open();
    }
  }
}
