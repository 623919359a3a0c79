/**
 * A timer that is put off by every write without a new system timer each time: a checkpoint
 * is due a moment after a partition's last write, and a burst of writes would otherwise clear and
 * set a timer per write (a few microseconds each, on the path of an acknowledged write). Putting it
 * off only moves its due time; when the timer goes off before that time, it sets itself again for
 * the rest.
 */
export class PostponableTimer {
  private handle: ReturnType<typeof setTimeout> | null = null;
  /** When the timer is due (performance.now()). */
  private dueAt = 0;
  /** Put off since the system timer was set: its going off is checked against `dueAt`. */
  private moved = false;

  constructor(private readonly fire: () => void) {}

  /** Whether it is set. */
  get pending(): boolean {
    return this.handle !== null;
  }

  /** Due `delayMs` from now: set if it is not, else put off (or brought forward) to then. */
  postpone(delayMs: number): void {
    const at = performance.now() + delayMs;
    if (this.handle !== null && at >= this.dueAt) {
      this.dueAt = at;
      this.moved = true;
      return;
    }
    this.cancel();
    this.dueAt = at;
    this.arm(delayMs);
  }

  /** Due `delayMs` from now unless it is set already (then its own time stands). */
  setIfIdle(delayMs: number): void {
    if (this.handle === null) this.postpone(delayMs);
  }

  cancel(): void {
    if (this.handle !== null) clearTimeout(this.handle);
    this.handle = null;
  }

  private arm(delayMs: number): void {
    this.moved = false;
    const handle = setTimeout(() => {
      this.handle = null;
      // Put off since it was set: wait for the rest (a timer may go off up to a millisecond early).
      // One never put off goes off as set (whatever the clock says: tests replace setTimeout alone).
      const left = this.moved ? this.dueAt - performance.now() : 0;
      if (left >= 1) {
        this.arm(left);
        return;
      }
      this.fire();
    }, Math.max(0, Math.ceil(delayMs)));
    handle.unref?.();
    this.handle = handle;
  }
}
