import { useEffect, useState } from 'react';
import type { Progress } from '../../../../electron/contract/method';
import type { SyncChangeGroup, SyncStatus } from '../../../../electron/contract/groups/sync';
import { plural, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { ErrorBanner, Field, Notice, PageHeader, ProgressBar } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { DataSources } from './DataSources';

/** How often the page asks for the state: often while a sync runs, calmly otherwise. */
const POLL_MS = 2_000;
const POLL_RUNNING_MS = 500;


/**
 * Local changes counted by class and kind: «5А — Документы реестра: 3 ожидают, 1 отклонено».
 * No student, guardian, mark or document is named here, for any role.
 */
function ChangeGroups({ rows }: { rows: SyncChangeGroup[] }) {
  return (
    <table className="sync-table" data-testid="sync-changes">
      <thead>
        <tr>
          <th>Класс</th>
          <th>Изменения</th>
          <th>Ожидают отправки</th>
          <th>Отклонены</th>
          <th>Не будут отправлены</th>
          <th>Самое раннее</th>
          <th>Причина отказа</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((g) => (
          <tr key={`${g.classId}:${g.kind}`} data-testid="sync-group" data-class-id={g.classId} data-kind={g.kind}>
            <td>{g.className}</td>
            <td>{g.label}</td>
            <td data-testid="sync-group-pending">{g.pending}</td>
            <td data-testid="sync-group-rejected" className={g.rejected > 0 ? 'bad-text' : undefined}>
              {g.rejected}
            </td>
            <td data-testid="sync-group-invalid" className={g.invalid > 0 ? 'warn-text' : undefined}>
              {g.invalid}
            </td>
            <td>{g.oldestAt ? ruDateTime(g.oldestAt) : ''}</td>
            <td className="sync-reason">
              {g.reasons.map((r) => (
                <div key={r.text}>
                  {r.text}
                  {g.reasons.length > 1 || r.count > 1 ? ` (${r.count} ${plural(r.count, 'изменение', 'изменения', 'изменений')})` : ''}
                </div>
              ))}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SyncPage() {
  const { session } = useSession();
  const isAdmin = session?.user.role === 'admin';
  const [progress, setProgress] = useState<Progress | null>(null);
  const [form, setForm] = useState({ centralUrl: '', code: '', name: '' });
  const [done, setDone] = useState<string | null>(null);
  const state = useQuery(() => Promise.all([api.sync.status({}), api.sync.changes({})]), [], { pollMs: (d) => (d?.[0].running ? POLL_RUNNING_MS : POLL_MS) });
  const status: SyncStatus | null = state.data?.[0] ?? null;
  const changes: SyncChangeGroup[] = state.data?.[1] ?? [];
  const loadError = state.error;
  const knownUrl = status?.centralUrl;
  useEffect(() => {
    if (knownUrl) setForm((f) => (f.centralUrl === '' ? { ...f, centralUrl: knownUrl } : f));
  }, [knownUrl]);

  const syncNow = useAction(async () => {
    setDone(null);
    const r = await api.sync.now({}, { onProgress: (p) => setProgress(p) });
    setProgress(null);
    setDone(
      `Синхронизация выполнена: отправлено ${r.result.pushed}, принято ${r.result.accepted}, отклонено ${r.result.rejected}, получено записей ${r.result.pulled}` +
        (r.result.repaired > 0 ? `, исправлено разделов ${r.result.repaired}` : '') +
        '.',
    );
    state.reload();
  });
  const enroll = useAction(async () => {
    setDone(null);
    const s = await api.sync.enroll({ centralUrl: form.centralUrl, code: form.code, ...(form.name.trim() ? { name: form.name.trim() } : {}) });
    setForm((f) => ({ ...f, code: '' }));
    setDone(`Рабочее место подключено к центральной системе${s.schoolName ? `: ${s.schoolName}` : ''}. Первая синхронизация начнётся сама.`);
    state.reload();
  });

  const shown = progress ?? status?.progress ?? null;
  const anyRejected = changes.some((g) => g.rejected > 0);
  const anyInvalid = changes.some((g) => g.invalid > 0);
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
      {status?.auditProblem && (
        <div className="banner error" role="alert" data-testid="sync-audit-problem">
          Центральная система: {status.auditProblem.message} <span className="small muted">({ruDateTime(status.auditProblem.at)})</span>
        </div>
      )}
      <ErrorBanner message={syncNow.error} />
      {done && <Notice kind="ok">{done}</Notice>}
      {!status?.configured && !isAdmin && status && (
        <Notice>Рабочее место не подключено к центральной системе. Подключает его администратор на этой странице кодом от центральной системы. Всё, что вы регистрируете, сохраняется здесь и будет отправлено после подключения.</Notice>
      )}

      {status?.dataSources && (
        <section className="panel">
          <h2>Откуда данные школы</h2>
          <p className="muted small">Последняя загрузка каждого источника в центральную систему и сколько в ней записей каждого вида.</p>
          <DataSources sources={status.dataSources} />
        </section>
      )}
      {changes.length > 0 && (
        <section className="panel">
          <h2>Изменения для центральной системы</h2>
          <p className="muted small">
            {isAdmin
              ? 'Число изменений по классам и видам; данные учеников здесь не показываются.'
              : 'Число изменений по классам и видам. Кто из учеников и какие документы — в разделах «Согласия и отказы» и «Итоговые отметки».'}
            {anyRejected && ' Отклонённые центральной системой изменения сохранены на этом рабочем месте; остальные отправляются как обычно.'}
            {anyInvalid && ' «Не будут отправлены» — сделаны под учётной записью после сообщения о её компрометации: недействительны и в центральную систему не передаются.'}
          </p>
          <ChangeGroups rows={changes} />
        </section>
      )}
      {isAdmin && (
        <section className="panel">
          <h2>Подключение к центральной системе</h2>
          {status?.enrolled && <p className="muted small">Рабочее место подключено{status.schoolName ? ` к школе «${status.schoolName}»` : ''}. Подключите его заново, если администратор центральной системы отозвал подключение.</p>}
          <form
            noValidate
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
