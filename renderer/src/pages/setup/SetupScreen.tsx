import { useState, type FormEvent } from 'react';
import { PASSWORD_HINT } from '../../../../electron/contract/entities/users';
import { api } from '../../api/client';
import { ErrorBanner, Field, ProgressBar } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useSession } from '../../app/session';

/** First start on an empty data folder: the administrator's account, or the demo school. */
export function SetupScreen() {
  const { refresh } = useSession();
  const [progress, setProgress] = useState<{ done: number; total: number; label?: string | undefined } | null>(null);
  const [form, setForm] = useState({ schoolName: '', login: 'admin', password: '', password2: '', lastName: '', firstName: '', middleName: '' });
  const [mismatch, setMismatch] = useState(false);
  const demo = useAction(async () => {
    await api.auth.setup({ mode: 'demo' }, { onProgress: setProgress });
    await refresh();
  });
  const empty = useAction(async () => {
    await api.auth.setup({
      mode: 'empty',
      schoolName: form.schoolName,
      admin: {
        login: form.login,
        password: form.password,
        name: { lastName: form.lastName, firstName: form.firstName, ...(form.middleName ? { middleName: form.middleName } : {}) },
      },
    });
    await refresh();
  });
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (form.password !== form.password2) return setMismatch(true);
    setMismatch(false);
    void empty.run();
  };

  return (
    <div className="center-screen">
      <div className="card wide">
        <h1>ЭЖД Офис — первый запуск</h1>
        <p className="muted">Папка данных пуста. Создайте учётную запись администратора или откройте демонстрационную школу.</p>
        <div className="two-columns">
          <section>
            <h2>Демонстрационная школа</h2>
            <p>Вымышленная школа на учебный год: классы, ученики, журнал, документы и демонстрационные пользователи (логины и пароли — в README).</p>
            <button type="button" className="primary" disabled={demo.busy || empty.busy} onClick={() => void demo.run()}>
              Открыть демонстрационную школу
            </button>
            {demo.busy && progress && <ProgressBar {...progress} />}
            <ErrorBanner message={demo.error} />
          </section>
          <section>
            <h2>Своя школа</h2>
            <form noValidate onSubmit={submit}>
              <Field label="Название школы" error={empty.problemAt('schoolName')}>
                <input value={form.schoolName} onChange={set('schoolName')} required />
              </Field>
              <div className="row">
                <Field label="Фамилия администратора" error={empty.problemAt('admin.name.lastName')}>
                  <input value={form.lastName} onChange={set('lastName')} required />
                </Field>
                <Field label="Имя" error={empty.problemAt('admin.name.firstName')}>
                  <input value={form.firstName} onChange={set('firstName')} required />
                </Field>
                <Field label="Отчество">
                  <input value={form.middleName} onChange={set('middleName')} />
                </Field>
              </div>
              <Field label="Логин" error={empty.problemAt('admin.login')}>
                <input value={form.login} onChange={set('login')} autoComplete="username" required />
              </Field>
              <div className="row">
                <Field label="Пароль (не короче 10 символов)" hint={PASSWORD_HINT} error={empty.problemAt('admin.password')}>
                  <input type="password" value={form.password} onChange={set('password')} autoComplete="new-password" required />
                </Field>
                <Field label="Пароль ещё раз" error={mismatch ? 'Пароли не совпадают' : undefined}>
                  <input type="password" value={form.password2} onChange={set('password2')} autoComplete="new-password" required />
                </Field>
              </div>
              <button type="submit" disabled={empty.busy || demo.busy}>
                Создать администратора
              </button>
              <ErrorBanner message={empty.error} />
            </form>
          </section>
        </div>
      </div>
    </div>
  );
}
