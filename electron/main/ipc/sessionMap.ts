/**
 * Which session each window (webContents) is logged in with. The core's login and logout
 * bind or unbind it through `bindSession`; a closed or crashed window forgets its session.
 */
export class WindowSessions {
  private readonly byWindow = new Map<number, string>();

  get(webContentsId: number): string | undefined {
    return this.byWindow.get(webContentsId);
  }

  /** The `bindSession` callback the core calls for one window. */
  binderFor(webContentsId: number): (sessionId: string | null) => void {
    return (sessionId) => {
      if (sessionId === null) this.byWindow.delete(webContentsId);
      else this.byWindow.set(webContentsId, sessionId);
    };
  }

  /** Forgets the window; returns the session it had, so the host can end it. */
  forget(webContentsId: number): string | undefined {
    const id = this.byWindow.get(webContentsId);
    this.byWindow.delete(webContentsId);
    return id;
  }

  get size(): number {
    return this.byWindow.size;
  }
}
