import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { AppError } from '../../../electron/contract/errors';
import type { AppStatus, SessionView } from '../../../electron/contract/groups/auth';
import { api } from '../api/client';

interface SessionState {
  status: AppStatus | null;
  session: SessionView | null;
  /** Re-reads the status (after login, logout, setup, lock). */
  refresh(): Promise<void>;
  /** Every failed call goes through here: a locked or ended session changes the screen. */
  onError(e: unknown): string;
}

const Ctx = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('SessionProvider missing');
  return s;
}

export function messageOf(e: unknown): string {
  if (e instanceof AppError) return e.message;
  return 'Не удалось выполнить операцию. Повторите попытку.';
}

const ACTIVITY_PING_MS = 30_000;

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AppStatus | null>(null);
  const lastPing = useRef(0);

  const refresh = useCallback(async () => {
    setStatus(await api.auth.status({}));
  }, []);

  const onError = useCallback(
    (e: unknown) => {
      if (e instanceof AppError && ['session_locked', 'unauthenticated', 'password_change_required'].includes(e.code)) void refresh();
      return messageOf(e);
    },
    [refresh],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // Keys and clicks keep the session open; the core locks it after the idle minutes.
  useEffect(() => {
    const onActivity = () => {
      const now = Date.now();
      if (now - lastPing.current < ACTIVITY_PING_MS) return;
      lastPing.current = now;
      void api.auth.touch({}).then((r) => {
        if (r.locked) void refresh();
      });
    };
    window.addEventListener('keydown', onActivity);
    window.addEventListener('pointerdown', onActivity);
    return () => {
      window.removeEventListener('keydown', onActivity);
      window.removeEventListener('pointerdown', onActivity);
    };
  }, [refresh]);

  // Notice an idle lock even when nobody clicks.
  useEffect(() => {
    if (!status?.session || status.session.locked) return;
    const t = setInterval(() => void refresh(), 60_000);
    return () => clearInterval(t);
  }, [status, refresh]);

  return <Ctx.Provider value={{ status, session: status?.session ?? null, refresh, onError }}>{children}</Ctx.Provider>;
}
