import { useState, type FormEvent } from 'react';
import type { SessionView } from '../../../../electron/contract/groups/auth';
import { PASSWORD_HINT } from '../../../../electron/contract/entities/users';
import { api } from '../../api/client';
import { ErrorBanner, Field } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useSession } from '../../app/session';
import { useRequired } from '../../components/useRequired';

export function ChangePasswordScreen({ session }: { session: SessionView }) {
  const { refresh } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useAction(async () => {
    await api.auth.changePassword({ current, next });
    await refresh();
  });
  const required = useRequired();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!required.check(current, next, again)) return;
    if (next !== again) return setMismatch(true);
    setMismatch(false);
    void change.run();
  };
  return (
    <div className="center-screen">
      <form noValidate className="card narrow" onSubmit={submit} aria-label="Смена пароля">
        <h1>Смените пароль</h1>
        <p>
          {session.user.compromises.some((c) => c.reopenedAt)
            ? 'Администратор открыл вашу учётную запись заново одноразовым паролем после сообщения о том, что логин стал известен посторонним. Операции, сделанные с ней за это время, недействительны. Задайте новый пароль, не похожий на прежний.'
            : 'Пароль задан администратором. Задайте свой пароль, известный только вам.'}
        </p>
        <Field label="Текущий пароль" error={required.error(current, 'Введите текущий пароль') ?? change.problemAt('current')}>
          <input type="password" value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus aria-required />
        </Field>
        <Field label="Новый пароль (не короче 10 символов)" hint={PASSWORD_HINT} error={required.error(next, 'Придумайте новый пароль') ?? change.problemAt('next')}>
          <input type="password" value={next} onChange={(e) => setNext(e.target.value)} autoComplete="new-password" aria-required />
        </Field>
        <Field label="Новый пароль ещё раз" error={required.error(again, 'Повторите новый пароль') ?? (mismatch ? 'Пароли не совпадают' : undefined)}>
          <input type="password" value={again} onChange={(e) => setAgain(e.target.value)} autoComplete="new-password" aria-required />
        </Field>
        <button type="submit" className="primary" disabled={change.busy}>
          Сменить пароль
        </button>
        <ErrorBanner message={change.error} />
      </form>
    </div>
  );
}
