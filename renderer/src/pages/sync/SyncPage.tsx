import { useEffect, useState } from 'react';
import type { Progress } from '../../../../electron/contract/method';
import type { SyncChange, SyncStatus } from '../../../../electron/contract/groups/sync';
import { ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorBanner, Field, Notice, PageHeader, ProgressBar } from '../../components/ui';
import { useAction } from '../../lib/useAction';

/** How often the page asks for the state: often while a sync runs, calmly otherwise. */
const POLL_MS = 2_000;
const POLL_RUNNING_MS = 500;

function ChangesTable({ rows, withReason }: { rows: SyncChange[]; withReason?: boolean }) {
  return (
    <table className="sync-table">
      <thead>
        <tr>
          <th>Изменение</th>
          <th>Класс</th>
          <th>Когда</th>
          <th>Кто</th>
          {withReason && <th>Причина отказа</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((c) => (
          <tr key={c.id} data-testid={`sync-change-${c.state}`}>
            <td>{c.title}</td>
            <td>{c.className}</td>
            <td>{ruDateTime(c.createdAt)}</td>
            <td>{c.authorName}</td>
            {withReason && <td className="sync-reason">{c.reason}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SyncPage() {
  const { session } = useSession();
  const isAdmin = session?.user.role === 'admin';
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [changes, setChanges] = useState<SyncChange[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [tick, setTick] = useState(0);
  const [form, setForm] = useState({ centralUrl: '', code: '', name: '' });
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    Promise.all([api.sync.status({}), api.sync.changes({})])
      .then(([s, c]) => {
        if (!alive) return;
        setStatus(s);
        setChanges(c);
        setLoadError(null);
        setForm((f) => (f.centralUrl === '' && s.centralUrl ? { ...f, centralUrl: s.centralUrl } : f));
      })
      .catch((e: unknown) => alive && setLoadError(e instanceof Error ? e.message : String(e)));
    const t = setTimeout(() => setTick((x) => x + 1), status?.running ? POLL_RUNNING_MS : POLL_MS);
    return () => {
      alive = false;
      clearTimeout(t);
    };
  }, [tick]);

  const syncNow = useAction(async () => {
    setDone(null);
    const r = await api.sync.now({}, { onProgress: (p) => setProgress(p) });
    setProgress(null);
    setStatus(r.status);
    setDone(
      `Синхронизация выполнена: отправлено ${r.result.pushed}, принято ${r.result.accepted}, отклонено ${r.result.rejected}, получено записей ${r.result.pulled}` +
        (r.result.repaired > 0 ? `, исправлено разделов ${r.result.repaired}` : '') +
        '.',
    );
    setTick((x) => x + 1);
  });
  const enroll = useAction(async () => {
    setDone(null);
    const s = await api.sync.enroll({ centralUrl: form.centralUrl, code: form.code, ...(form.name.trim() ? { name: form.name.trim() } : {}) });
    setStatus(s);
    setForm((f) => ({ ...f, code: '' }));
    setDone(`Рабочее место подключено к центральной системе${s.schoolName ? `: ${s.schoolName}` : ''}. Первая синхронизация начнётся сама.`);
    setTick((x) => x + 1);
  });

  const shown = progress ?? status?.progress ?? null;
  const rejected = changes.filter((c) => c.state === 'rejected');
  const invalid = changes.filter((c) => c.state === 'invalid');
  const pending = changes.filter((c) => c.state === 'pending');
  const running = syncNow.busy || Boolean(status?.running);

  return (
    <>
      <PageHeader title="Синхронизация">
        <button type="button" className="primary" disabled={!status?.configured || running} onClick={() => void syncNow.run()}>
          Синхронизировать сейчас
        </button>
      </PageHeader>
      <ErrorBanner message={loadError} />
      {status && (
        <section className="sync-figures" aria-label="Состояние синхронизации">
          <div className="figure" data-testid="sync-online">
            <span className="figure-label">Связь с центральной системой</span>
            <span className={`figure-value sync-net ${!status.configured ? '' : status.online ? 'online' : 'offline'}`}>
              {!status.configured ? 'не подключено' : status.online ? 'в сети' : 'нет связи'}
            </span>
            <span className="figure-sub">{status.schoolName ?? status.centralUrl}</span>
          </div>
          <div className="figure" data-testid="sync-last">
            <span className="figure-label">Последняя успешная синхронизация</span>
            <span className="figure-value sync-small">{status.lastSyncAt ? ruDateTime(status.lastSyncAt) : 'не выполнялась'}</span>
            {status.nextAttemptAt && <span className="figure-sub">следующая попытка: {ruDateTime(status.nextAttemptAt)}</span>}
          </div>
          <div className="figure" data-testid="sync-pending">
            <span className="figure-label">Ожидают отправки</span>
            <span className="figure-value">{status.pending}</span>
          </div>
          <div className="figure" data-testid="sync-rejected">
            <span className="figure-label">Отклонены центральной системой</span>
            <span className={`figure-value${status.rejected > 0 ? ' bad-text' : ''}`}>{status.rejected}</span>
          </div>
          <div className="figure" data-testid="sync-invalid">
            <span className="figure-label">Не будут отправлены (вход скомпрометирован)</span>
            <span className={`figure-value${status.invalid > 0 ? ' warn-text' : ''}`}>{status.invalid}</span>
          </div>
        </section>
      )}
      {running && shown && <ProgressBar done={shown.done} total={shown.total} label={shown.label} />}
      {status?.configured && !status.initialPullDone && (
        <Notice>Первая синхронизация загружает весь журнал школы с центральной системы; на большой школе это займёт до минуты. Работать можно и во время неё.</Notice>
      )}
      {status?.lastError && (
        <div className={`banner ${status.errorKind === 'network' ? 'warn' : 'error'}`} role="alert" data-testid="sync-error">
          {status.lastError}
          {status.lastAttemptAt && <span className="small muted"> (попытка {ruDateTime(status.lastAttemptAt)})</span>}
        </div>
      )}
      <ErrorBanner message={syncNow.error} />
      {done && <Notice kind="ok">{done}</Notice>}
      {!status?.configured && !isAdmin && status && (
        <Notice>Рабочее место не подключено к центральной системе. Подключает его администратор на этой странице кодом от центральной системы. Всё, что вы регистрируете, сохраняется здесь и будет отправлено после подключения.</Notice>
      )}

      {rejected.length > 0 && (
        <section className="panel">
          <h2>Отклонённые изменения</h2>
          <p className="muted small">Центральная система не приняла эти изменения. Они сохранены на этом рабочем месте; остальные изменения отправляются как обычно.</p>
          <ChangesTable rows={rejected} withReason />
        </section>
      )}
      {pending.length > 0 && (
        <section className="panel">
          <h2>Ожидают отправки</h2>
          <ChangesTable rows={pending} />
        </section>
      )}
      {invalid.length > 0 && (
        <section className="panel">
          <h2>Не будут отправлены</h2>
          <p className="muted small">Сделаны под учётной записью после сообщения о её компрометации: недействительны и в центральную систему не передаются.</p>
          <ChangesTable rows={invalid} />
        </section>
      )}

      {isAdmin && (
        <section className="panel">
          <h2>Подключение к центральной системе</h2>
          {status?.enrolled && <p className="muted small">Рабочее место подключено{status.schoolName ? ` к школе «${status.schoolName}»` : ''}. Подключите его заново, если администратор центральной системы отозвал подключение.</p>}
          <form
            className="sync-enroll"
            onSubmit={(e) => {
              e.preventDefault();
              void enroll.run();
            }}
          >
            <Field label="Адрес центральной системы" error={enroll.problemAt('centralUrl')} hint="Например, https://ezhd.example.ru">
              <input value={form.centralUrl} onChange={(e) => setForm({ ...form, centralUrl: e.target.value })} autoComplete="off" />
            </Field>
            <Field label="Код подключения" error={enroll.problemAt('code')} hint="Одноразовый код от администратора центральной системы, например ABCD-EFGH-JKLM">
              <input value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} autoComplete="off" />
            </Field>
            <Field label="Название рабочего места (необязательно)">
              <input value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} placeholder="Канцелярия, компьютер 1" />
            </Field>
            <div className="row">
              <button type="submit" className="primary" disabled={enroll.busy}>
                Подключить
              </button>
            </div>
            <ErrorBanner message={enroll.error} />
          </form>
        </section>
      )}
    </>
  );
}
