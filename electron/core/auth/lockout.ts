/** Lockout after repeated failures: pure rules over the user record. */
export const LOCKOUT = { maxFailures: 5, minutes: 15 } as const;

export interface LockoutState {
  failedAttempts: number;
  lockedUntil?: string | undefined;
}

export function isLockedOut(state: LockoutState, now: Date): boolean {
  return state.lockedUntil !== undefined && new Date(state.lockedUntil).getTime() > now.getTime();
}

export function afterFailure(state: LockoutState, now: Date): LockoutState {
  // A lock that has expired starts a fresh count.
  const base = state.lockedUntil && !isLockedOut(state, now) ? 0 : state.failedAttempts;
  const failedAttempts = base + 1;
  if (failedAttempts >= LOCKOUT.maxFailures) {
    return { failedAttempts, lockedUntil: new Date(now.getTime() + LOCKOUT.minutes * 60_000).toISOString() };
  }
  return { failedAttempts };
}

export function afterSuccess(): LockoutState {
  return { failedAttempts: 0 };
}

export function minutesLeft(state: LockoutState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(1, Math.ceil((new Date(state.lockedUntil).getTime() - now.getTime()) / 60_000));
}

/**
 * The account admits no login now, whatever the password: disabled, locked out after failures, or
 * blocked as compromised. The login answers it exactly as a wrong password (issue 13).
 */
export function loginClosed(user: LockoutState & { disabled: boolean }, compromised: boolean, now: Date): boolean {
  return user.disabled || compromised || isLockedOut(user, now);
}
