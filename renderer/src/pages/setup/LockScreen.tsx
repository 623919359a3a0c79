import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { SessionView } from '../../../../electron/contract/groups/auth';
import { ROLE_LABELS } from '../../../../electron/contract/roles';
import { api } from '../../api/client';
import { ErrorBanner, Field } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useSession } from '../../app/session';
import { useRequired } from '../../components/useRequired';

/**
 * The idle lock: the session survives and the work under it stays as it was (hidden), the screen
 * shows nothing personal until the password. A modal dialog, so that it is above (and takes the
 * keyboard from) any dialog that was open when the session locked; Esc does not close it.
 */
export function LockScreen({ session }: { session: SessionView }) {
  const { refresh } = useSession();
  const ref = useRef<HTMLDialogElement>(null);
  const [password, setPassword] = useState('');
  const unlock = useAction(async () => {
    await api.auth.unlock({ password });
    setPassword('');
    await refresh();
  });
  const logout = async () => {
    await api.auth.logout({});
    await refresh();
  };
  const required = useRequired();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (required.check(password)) void unlock.run();
  };
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => {
      if (d?.open) d.close();
    };
  }, []);
  return (
    <dialog ref={ref} className="lock-screen" aria-label="Сеанс заблокирован" onCancel={(e) => e.preventDefault()}>
      <form noValidate className="card narrow" onSubmit={submit}>
        <h1>Сеанс заблокирован</h1>
        <p>После {session.idleLockMinutes} мин. простоя сеанс заблокирован, данные скрыты. Начатая работа сохранена.</p>
        <p>
          Сеанс: {ROLE_LABELS[session.user.role]}. Введите пароль этой учётной записи, чтобы продолжить.
        </p>
        <Field label="Пароль" error={required.error(password, 'Введите пароль')}>
          <input type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoFocus aria-required autoComplete="current-password" />
        </Field>
        <div className="row">
          <button type="submit" className="primary" disabled={unlock.busy}>
            Продолжить
          </button>
          <button type="button" onClick={() => void logout()}>
            Сменить пользователя
          </button>
        </div>
        <p className="muted">«Сменить пользователя» завершает сеанс: несохранённая работа будет потеряна.</p>
        <ErrorBanner message={unlock.error} />
      </form>
    </dialog>
  );
}
