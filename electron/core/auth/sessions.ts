import { randomBytes } from 'node:crypto';

/** The idle rule: a session locks once `idleLockMinutes` have passed since the user's last input. */
export function isIdlePast(lastActivity: number, now: number, idleLockMinutes: number): boolean {
  return now - lastActivity >= idleLockMinutes * 60_000;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: number;
  lastActivity: number;
  /** Locked by idleness: the user must enter his password again; the session survives. */
  locked: boolean;
}

/**
 * Sessions of the users of one workstation. A host maps its connection (a window, an HTTP
 * client) to a session id. Idle sessions lock; they are not ended, so unsaved screens survive.
 */
export class SessionTable {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly now: () => Date) {}

  create(userId: string): Session {
    const t = this.now().getTime();
    const s: Session = { id: randomBytes(24).toString('base64url'), userId, createdAt: t, lastActivity: t, locked: false };
    this.sessions.set(s.id, s);
    return s;
  }

  /** The session with its lock state brought up to date for the idle limit. */
  get(id: string | undefined, idleLockMinutes: number): Session | undefined {
    if (!id) return undefined;
    const s = this.sessions.get(id);
    if (!s) return undefined;
    this.refreshLock(s, idleLockMinutes);
    return s;
  }

  private refreshLock(s: Session, idleLockMinutes: number): void {
    if (!s.locked && isIdlePast(s.lastActivity, this.now().getTime(), idleLockMinutes)) s.locked = true;
  }

  /**
   * The user's own input (keys, clicks, wheel) seen by the UI: the only thing that extends the
   * session. Nothing else calls it, so background calls let the session lock. A session already
   * locked stays locked: only the password (`unlock`) opens it again. Callers get the session
   * through `get`, which locks it first when it is past its idle limit.
   */
  touch(s: Session): void {
    if (!s.locked) s.lastActivity = this.now().getTime();
  }

  unlock(s: Session): void {
    s.locked = false;
    s.lastActivity = this.now().getTime();
  }

  end(id: string): void {
    this.sessions.delete(id);
  }

  endAllOf(userId: string, exceptId?: string): void {
    for (const [id, s] of this.sessions) if (s.userId === userId && id !== exceptId) this.sessions.delete(id);
  }
}
