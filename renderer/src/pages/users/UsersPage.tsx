import { useState } from 'react';
import { PASSWORD_HINT, type UserView } from '../../../../electron/contract/entities/users';
import { ROLE_LABELS, ROLES, type Role } from '../../../../electron/contract/roles';
import { fullName, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { Dialog, ErrorBanner, Field, Notice, PageHeader } from '../../components/ui';
import { useSession } from '../../app/session';
import { ReportCompromiseDialog } from './ReportCompromiseDialog';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';

const columns: ColumnDef<UserView, any>[] = [
  { id: 'name', header: 'Фамилия Имя Отчество', accessorFn: (u) => fullName(u.name), meta: { grow: 1 } },
  { id: 'login', header: 'Логин', accessorKey: 'login', size: 160 },
  { id: 'role', header: 'Роль', accessorFn: (u) => ROLE_LABELS[u.role], size: 210 },
  {
    id: 'state',
    header: 'Состояние',
    size: 380,
    accessorFn: (u) =>
      u.disabled
        ? 'отключена'
        : u.blockedSince
          ? `заблокирована: логин известен посторонним с ${ruDateTime(u.blockedSince)}`
          : u.lockedUntil && new Date(u.lockedUntil) > new Date()
            ? 'вход заблокирован'
            : u.mustChangePassword
              ? 'ждёт смены пароля'
              : 'активна',
  },
];

interface Draft {
  id?: string;
  login: string;
  lastName: string;
  firstName: string;
  middleName: string;
  role: Role;
  classIds: string[];
  password: string;
  disabled: boolean;
}

export function UsersPage() {
  const { session } = useSession();
  const isAdmin = session?.user.role === 'admin';
  const users = useQuery(() => api.users.list({}), []);
  const classes = useQuery(() => api.school.classes({}), []);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [reporting, setReporting] = useState<UserView | null>(null);
  const save = useAction(async (d: Draft) => {
    const name = { lastName: d.lastName, firstName: d.firstName, ...(d.middleName ? { middleName: d.middleName } : {}) };
    if (d.id) {
      await api.users.update({ id: d.id, name, role: d.role, classIds: d.classIds, disabled: d.disabled });
      if (d.password) await api.users.resetPassword({ id: d.id, password: d.password });
    } else {
      await api.users.create({ login: d.login, name, role: d.role, classIds: d.classIds, password: d.password });
    }
    setDraft(null);
    users.reload();
  });
  const open = (u?: UserView) =>
    setDraft(
      u
        ? { id: u.id, login: u.login, lastName: u.name.lastName, firstName: u.name.firstName, middleName: u.name.middleName ?? '', role: u.role, classIds: u.classIds, password: '', disabled: u.disabled }
        : { login: '', lastName: '', firstName: '', middleName: '', role: 'teacher', classIds: [], password: '', disabled: false },
    );

  const withActions: ColumnDef<UserView, any>[] = [
    ...columns,
    {
      id: 'actions',
      header: '',
      size: 280,
      enableSorting: false,
      cell: ({ row }) => (
        <button type="button" className="link" onClick={() => setReporting(row.original)}>
          Логин стал известен посторонним
        </button>
      ),
    },
  ];

  return (
    <>
      <PageHeader title="Пользователи">
        {isAdmin && (
          <button type="button" className="primary" onClick={() => open()}>
            Добавить пользователя
          </button>
        )}
      </PageHeader>
      <p className="muted">
        Учётные записи личные: у каждого сотрудника своя. Пароль, заданный администратором, пользователь меняет при первом входе. Если логин стал известен
        посторонним, директор (или администратор по его поручению) отмечает это здесь: учётная запись сразу блокируется, операции с ней с момента, когда
        руководитель получил информацию, недействительны. Открыть её заново может только администратор — одноразовым паролем, переданным лично.
      </p>
      <ErrorBanner message={users.error} />
      <DataTable
        testId="users-table"
        data={users.data ?? []}
        columns={withActions}
        getId={(u) => u.id}
        {...(isAdmin ? { onActivate: open } : {})}
        searchLabel="Поиск пользователя"
        initialSort={[{ id: 'name', desc: false }]}
        height={520}
      />
      {reporting && (
        <ReportCompromiseDialog
          user={reporting}
          onClose={() => setReporting(null)}
          onDone={() => {
            setReporting(null);
            users.reload();
          }}
        />
      )}
      {draft && (
        <Dialog title={draft.id ? 'Пользователь' : 'Новый пользователь'} onClose={() => setDraft(null)}>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save.run(draft);
            }}
          >
            <div className="row">
              <Field label="Фамилия" error={save.problemAt('name.lastName')}>
                <input value={draft.lastName} onChange={(e) => setDraft({ ...draft, lastName: e.target.value })} required />
              </Field>
              <Field label="Имя" error={save.problemAt('name.firstName')}>
                <input value={draft.firstName} onChange={(e) => setDraft({ ...draft, firstName: e.target.value })} required />
              </Field>
              <Field label="Отчество">
                <input value={draft.middleName} onChange={(e) => setDraft({ ...draft, middleName: e.target.value })} />
              </Field>
            </div>
            <div className="row">
              <Field label="Логин" error={save.problemAt('login')}>
                <input value={draft.login} disabled={Boolean(draft.id)} onChange={(e) => setDraft({ ...draft, login: e.target.value })} required />
              </Field>
              <Field label="Роль">
                <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })}>
                  {ROLES.map((r) => (
                    <option key={r} value={r}>
                      {ROLE_LABELS[r]}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            {draft.role === 'teacher' && (
              <Field label="Классы" error={save.problemAt('classIds')}>
                <select
                  multiple
                  size={6}
                  value={draft.classIds}
                  onChange={(e) => setDraft({ ...draft, classIds: [...e.target.selectedOptions].map((o) => o.value) })}
                >
                  {(classes.data ?? []).map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {draft.id && users.data?.find((u) => u.id === draft.id)?.blockedSince && (
              <Notice kind="warn">
                Учётная запись заблокирована: логин стал известен посторонним. Чтобы открыть её, задайте одноразовый пароль и передайте его сотруднику лично; при
                входе он сменит его на свой.
              </Notice>
            )}
            <Field
              label={draft.id ? 'Новый временный пароль (оставьте пустым, чтобы не менять)' : 'Временный пароль (не короче 10 символов)'}
              hint={`Пользователь сменит его при первом входе. ${PASSWORD_HINT}`}
              error={save.problemAt('password')}
            >
              <input type="password" value={draft.password} autoComplete="new-password" onChange={(e) => setDraft({ ...draft, password: e.target.value })} required={!draft.id} />
            </Field>
            {draft.id && (
              <label className="check">
                <input type="checkbox" checked={draft.disabled} onChange={(e) => setDraft({ ...draft, disabled: e.target.checked })} /> Учётная запись отключена
              </label>
            )}
            <div className="row">
              <button type="submit" className="primary" disabled={save.busy}>
                Сохранить
              </button>
              <button type="button" onClick={() => setDraft(null)}>
                Отмена
              </button>
            </div>
            <ErrorBanner message={save.error} />
          </form>
        </Dialog>
      )}
    </>
  );
}
