/**
 * Guessing across logins (issue 13). The lockout of one account (lockout.ts) stops guessing one
 * password; it does not stop trying one common password on every login, nor finding which logins
 * exist. So every failed login or unlock of this workstation counts here, whatever the login — the
 * hosts give no caller identity (the web host listens only on 127.0.0.1, Electron is one window),
 * so the count is per core — and when there are too many in a sliding window every login attempt
 * is refused for a while, for existing and unknown logins alike, with the same message.
 *
 * The rule: more than `maxFailures` (20) failures within `windowMinutes` (10) close the logins for
 * `closeMinutes` (10). Each closing within `memoryHours` (24) of the previous one doubles the time,
 * up to `maxCloseMinutes` (60). A success does not reset anything: an insider who knows his own
 * password must not be able to clear the count between guesses at his colleagues' ones.
 * Kept in memory: a restart of the program opens the logins again (a person at the machine can
 * restart it anyway).
 */
export const LOGIN_GUARD = {
  maxFailures: 20,
  windowMinutes: 10,
  closeMinutes: 10,
  maxCloseMinutes: 60,
  memoryHours: 24,
} as const;

export type LoginGuardRule = typeof LOGIN_GUARD;

export type GuardVerdict = { open: true } | { open: false; minutesLeft: number };

export function tooManyAttemptsMessage(minutesLeft: number): string {
  return `Слишком много неудачных попыток входа. Подождите ${minutesLeft} мин.`;
}

export class LoginGuard {
  /** Moments (ms) of the failures within the window. */
  private failures: number[] = [];
  private closedUntil = 0;
  private lastClosing = Number.NEGATIVE_INFINITY;
  private closeMinutes: number;

  constructor(private readonly rule: LoginGuardRule = LOGIN_GUARD) {
    this.closeMinutes = rule.closeMinutes;
  }

  /** May a login be tried now? */
  check(now: Date): GuardVerdict {
    const t = now.getTime();
    if (t < this.closedUntil) return { open: false, minutesLeft: Math.max(1, Math.ceil((this.closedUntil - t) / 60_000)) };
    return { open: true };
  }

  /** A failed login or unlock, whatever the login. Returns the verdict for the next attempt. */
  failure(now: Date): GuardVerdict {
    const t = now.getTime();
    // While closed, attempts are refused before any password is checked: nothing to count.
    if (t < this.closedUntil) return this.check(now);
    const from = t - this.rule.windowMinutes * 60_000;
    this.failures = this.failures.filter((f) => f > from);
    this.failures.push(t);
    if (this.failures.length > this.rule.maxFailures) {
      const repeated = t - this.lastClosing < this.rule.memoryHours * 3_600_000;
      this.closeMinutes = repeated ? Math.min(this.rule.maxCloseMinutes, this.closeMinutes * 2) : this.rule.closeMinutes;
      this.closedUntil = t + this.closeMinutes * 60_000;
      this.lastClosing = t;
      // After the pause a new count starts: the next attempts are not refused for the old ones.
      this.failures = [];
    }
    return this.check(now);
  }
}
