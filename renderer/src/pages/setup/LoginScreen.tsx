import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, Field } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useSession } from '../../app/session';
import { useRequired } from '../../components/useRequired';

export function LoginScreen({ schoolName, demo }: { schoolName?: string | undefined; demo: boolean }) {
  const { refresh } = useSession();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction(async () => {
    await api.auth.login({ login, password });
    await refresh();
  });
  const required = useRequired();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (required.check(login, password)) void action.run();
  };
  return (
    <div className="center-screen">
      <form noValidate className="card narrow" onSubmit={submit} aria-label="Вход">
        <h1>ЭЖД Офис</h1>
        {schoolName && <p className="muted">{schoolName}</p>}
        <Field label="Логин" error={required.error(login, 'Введите логин')}>
          <input name="login" value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" autoFocus aria-required />
        </Field>
        <Field label="Пароль" error={required.error(password, 'Введите пароль')}>
          <input name="password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" aria-required />
        </Field>
        <button type="submit" className="primary" disabled={action.busy}>
          Войти
        </button>
        <ErrorBanner message={action.error} />
        {demo && <p className="muted small">Демонстрационная школа: логины и пароли пользователей — в README.</p>}
        <p className="muted small">Учётные записи личные: не передавайте пароль коллегам.</p>
      </form>
    </div>
  );
}
