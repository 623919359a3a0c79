import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../../../electron/contract/groups/auth';
import { fullName } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner, Field } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useSession } from '../../app/session';

/** The idle lock: the session survives, the screen hides everything until the password. */
export function LockScreen({ session }: { session: SessionView }) {
  const { refresh } = useSession();
  const [password, setPassword] = useState('');
  const unlock = useAction(async () => {
    await api.auth.unlock({ password });
    await refresh();
  });
  const logout = async () => {
    await api.auth.logout({});
    await refresh();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void unlock.run();
  };
  return (
    <div className="center-screen">
      <form className="card narrow" onSubmit={submit} aria-label="Сеанс заблокирован">
        <h1>Сеанс заблокирован</h1>
        <p>
          {fullName(session.user.name)}, после {session.idleLockMinutes} мин. простоя сеанс заблокирован. Введите пароль, чтобы продолжить.
        </p>
        <Field label="Пароль">
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus required />
        </Field>
        <div className="row">
          <button type="submit" className="primary" disabled={unlock.busy}>
            Продолжить
          </button>
          <button type="button" onClick={() => void logout()}>
            Сменить пользователя
          </button>
        </div>
        <ErrorBanner message={unlock.error} />
      </form>
    </div>
  );
}
