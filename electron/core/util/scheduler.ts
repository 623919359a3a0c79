/**
 * Work the core runs later by itself (the background sync's next attempt), through a scheduler the
 * host gives (HostAbilities.scheduler): the real timers by default, a hand-driven one in tests.
 */
export interface Scheduler {
  /** Runs `fn` once after `ms` milliseconds, unless cancelled; never keeps the process alive by itself. */
  after(ms: number, fn: () => void): ScheduledTask;
}

export interface ScheduledTask {
  cancel(): void;
}

/** The process's own timers (unref'd: a pending attempt does not keep a closing process alive). */
export const timerScheduler: Scheduler = {
  after(ms, fn) {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return { cancel: () => clearTimeout(t) };
  },
};
