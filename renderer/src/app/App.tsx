import { ChangePasswordScreen } from '../pages/setup/ChangePasswordScreen';
import { LockScreen } from '../pages/setup/LockScreen';
import { LoginScreen } from '../pages/setup/LoginScreen';
import { SetupScreen } from '../pages/setup/SetupScreen';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';

function Screens() {
  const { status } = useSession();
  if (!status) return <div className="center-screen muted">Загрузка…</div>;
  if (status.needsSetup) return <SetupScreen />;
  const s = status.session;
  if (!s) return <LoginScreen schoolName={status.schoolName} demo={status.demo} />;
  if (s.locked) return <LockScreen session={s} />;
  if (s.user.mustChangePassword) return <ChangePasswordScreen session={s} />;
  return <Shell session={s} schoolName={status.schoolName} demo={status.demo} />;
}

export function App() {
  return (
    <SessionProvider>
      <Screens />
    </SessionProvider>
  );
}
