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

/** At most one activity report in this time; input within it is reported at its end. */
const ACTIVITY_PING_MS = 10_000;
/** How often the lock is looked for when nobody touches anything (`auth.status` is no activity). */
const LOCK_CHECK_MS = 5_000;
/** The user's own input: only these count as activity, and only when the browser made them. */
const INPUT_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

function sameStatus(a: AppStatus | null, b: AppStatus): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<AppStatus | null>(null);

  // The same status keeps the same object: the lock check every few seconds re-renders nothing.
  const refresh = useCallback(async () => {
    const next = await api.auth.status({});
    setStatus((prev) => (sameStatus(prev, next) ? prev : next));
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

  const open = !!status?.session && !status.session.locked;

  // Keys, clicks and the wheel keep the session open: the core counts nothing else as activity
  // (not this screen's polling, not sync, not progress). Reports are throttled; input inside the
  // throttle is reported when it ends, so the core never thinks the user idle longer than he was.
  const lastPing = useRef(0);
  useEffect(() => {
    if (!open) return;
    let trailing: ReturnType<typeof setTimeout> | undefined;
    const ping = () => {
      trailing = undefined;
      lastPing.current = Date.now();
      void api.auth.touch({}).then(
        (r) => {
          if (r.locked) void refresh();
        },
        () => undefined,
      );
    };
    const onInput = (e: Event) => {
      if (!e.isTrusted || trailing !== undefined) return;
      const wait = lastPing.current + ACTIVITY_PING_MS - Date.now();
      if (wait <= 0) ping();
      else trailing = setTimeout(ping, wait);
    };
    for (const type of INPUT_EVENTS) window.addEventListener(type, onInput, { capture: true, passive: true });
    return () => {
      for (const type of INPUT_EVENTS) window.removeEventListener(type, onInput, { capture: true });
      if (trailing !== undefined) clearTimeout(trailing);
    };
  }, [open, refresh]);

  // Notice the idle lock within seconds even when nobody touches anything, and at once when the
  // window comes back to the front.
  useEffect(() => {
    if (!open) return;
    const check = () => void refresh().catch(() => undefined);
    const t = setInterval(check, LOCK_CHECK_MS);
    const onVisible = () => {
      if (document.visibilityState === 'visible') check();
    };
    window.addEventListener('focus', check);
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(t);
      window.removeEventListener('focus', check);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [open, refresh]);

  return <Ctx.Provider value={{ status, session: status?.session ?? null, refresh, onError }}>{children}</Ctx.Provider>;
}
