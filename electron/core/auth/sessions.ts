import { randomBytes } from 'node:crypto';

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
    if (!s.locked && this.now().getTime() - s.lastActivity >= idleLockMinutes * 60_000) s.locked = true;
    return s;
  }

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
