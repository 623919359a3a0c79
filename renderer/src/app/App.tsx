import { useEffect, useRef } from 'react';
import { ChangePasswordScreen } from '../pages/setup/ChangePasswordScreen';
import { LockScreen } from '../pages/setup/LockScreen';
import { LoginScreen } from '../pages/setup/LoginScreen';
import { SetupScreen } from '../pages/setup/SetupScreen';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';

const TITLE = 'ЭЖД Офис';

function Screens() {
  const { status } = useSession();
  // The user whose work is on the screen. When his session locks, the work stays mounted (an open
  // dialog keeps what was typed) but hidden and inert under the lock screen until the password.
  const workOf = useRef<string | null>(null);
  const s = status?.session ?? null;
  const locked = !!s?.locked;

  // Nothing personal in the window title while locked (the task bar shows it).
  useEffect(() => {
    if (!locked) return;
    const before = document.title;
    document.title = `${TITLE} — сеанс заблокирован`;
    return () => {
      document.title = before;
    };
  }, [locked]);

  if (!status) return <div className="center-screen muted">Загрузка…</div>;
  if (status.needsSetup) return <SetupScreen />;
  if (!s || s.user.mustChangePassword || (s.locked && workOf.current !== s.user.id)) {
    workOf.current = null;
    if (!s) return <LoginScreen schoolName={status.schoolName} demo={status.demo} />;
    if (s.locked) return <LockScreen session={s} />;
    return <ChangePasswordScreen session={s} />;
  }
  workOf.current = s.user.id;
  return (
    <>
      <div className="work" hidden={s.locked} inert={s.locked} aria-hidden={s.locked || undefined} data-testid="work">
        <Shell session={s} schoolName={status.schoolName} demo={status.demo} />
      </div>
      {s.locked && <LockScreen session={s} />}
    </>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Screens />
    </SessionProvider>
  );
}
