/**
 * Holds on background work (checkpoints, derived files) during a pull: any number may be taken,
 * each released once (a second release does nothing); when the last is released, `onFree` runs
 * so that the work put off meanwhile is scheduled.
 */
export class Holds {
  private count = 0;

  constructor(private readonly onFree: () => void) {}

  /** Whether work is to be put off now. */
  get held(): boolean {
    return this.count > 0;
  }

  /** Takes a hold; the returned function releases it. */
  take(): () => void {
    this.count++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--this.count === 0) this.onFree();
    };
  }
}
