import { useEffect, useState } from 'react';
import { FINAL_MARK_DEADLINE_DAYS, IDLE_LOCK_MINUTES, type Settings } from '../../../../electron/contract/entities/settings';
import { api } from '../../api/client';
import { ErrorBanner, Field, Notice, PageHeader } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { useSession } from '../../app/session';
import { BackupPanel } from './BackupPanel';

export function SettingsPage() {
  const { session } = useSession();
  const overview = useQuery(() => api.school.overview({}), []);
  const [s, setS] = useState<Settings | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (overview.data) setS(overview.data.settings);
  }, [overview.data]);
  const save = useAction(async (next: Settings) => {
    setS(await api.school.updateSettings(next));
    setSaved(true);
  });
  const verify = useAction(() => api.audit.verify({}));
  const [auditResult, setAuditResult] = useState<{ ok: boolean; message: string } | null>(null);

  if (!s) return <ErrorBanner message={overview.error} />;
  const num = (v: string) => (v === '' ? 0 : Number(v));

  return (
    <>
      <PageHeader title="Настройки" />
      <form
        className="settings"
        // The program's own Russian messages under the fields, never the browser's.
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void save.run(s);
        }}
      >
        <fieldset>
          <legend>Сроки и безопасность</legend>
          <Field
            label="Срок предоставления итоговых и экзаменационных результатов"
            hint="По положению о ЭЖД — 1 или 3 дня"
            error={save.problemAt('finalMarkDeadlineDays')}
          >
            <select
              value={s.finalMarkDeadlineDays}
              onChange={(e) => setS({ ...s, finalMarkDeadlineDays: e.target.value === '3' ? 3 : 1 })}
            >
              {FINAL_MARK_DEADLINE_DAYS.map((d) => (
                <option key={d} value={d}>
                  {d === 1 ? '1 день' : `${d} дня`}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Блокировка сеанса после простоя, минут"
            hint={`От ${IDLE_LOCK_MINUTES.min} до ${IDLE_LOCK_MINUTES.max}. Простой — время без нажатий клавиш и мыши.`}
            error={save.problemAt('idleLockMinutes')}
          >
            <input
              type="number"
              min={IDLE_LOCK_MINUTES.min}
              max={IDLE_LOCK_MINUTES.max}
              step={1}
              value={s.idleLockMinutes}
              onChange={(e) => setS({ ...s, idleLockMinutes: num(e.target.value) })}
            />
          </Field>
        </fieldset>
        <fieldset>
          <legend>Прогноз итоговой отметки</legend>
          <Field label="Округление вверх с дробной части" hint="0,5: 2,5 → 3; 0,6: 2,6 → 3">
            <select value={s.forecast.roundUpFrom} onChange={(e) => setS({ ...s, forecast: { ...s.forecast, roundUpFrom: num(e.target.value) } })}>
              <option value={0.5}>0,5</option>
              <option value={0.6}>0,6</option>
            </select>
          </Field>
          <Field label="Меньше скольких отметок — «недостаточно отметок»">
            <input type="number" min={0} max={50} value={s.forecast.minMarks} onChange={(e) => setS({ ...s, forecast: { ...s.forecast, minMarks: num(e.target.value) } })} />
          </Field>
          <Field label="«Мало отметок»: одна отметка на каждые … проведённых урока" hint="Например, 3: после 9 уроков ожидается 3 отметки (не больше числа выше)">
            <input
              type="number"
              min={1}
              max={20}
              step={1}
              value={s.forecast.lessonsPerMark ?? 3}
              onChange={(e) => setS({ ...s, forecast: { ...s.forecast, lessonsPerMark: num(e.target.value) } })}
            />
          </Field>
          <Field label="Доля пропущенных уроков, после которой — риск «н/а»">
            <input type="number" step={0.05} min={0} max={1} value={s.forecast.maxAbsenceShare} onChange={(e) => setS({ ...s, forecast: { ...s.forecast, maxAbsenceShare: num(e.target.value) } })} />
          </Field>
        </fieldset>
        <fieldset>
          <legend>Связь</legend>
          <Field label="Адрес центральной системы" hint="Например, https://ezhd.example.ru">
            <input value={s.centralUrl} onChange={(e) => setS({ ...s, centralUrl: e.target.value })} />
          </Field>
          <Field label="Адрес обновлений программы">
            <input value={s.updateUrl} onChange={(e) => setS({ ...s, updateUrl: e.target.value })} />
          </Field>
        </fieldset>
        <div className="row">
          <button type="submit" className="primary" disabled={save.busy}>
            Сохранить настройки
          </button>
        </div>
        <ErrorBanner message={save.error} />
        {saved && <Notice kind="ok">Настройки сохранены.</Notice>}
      </form>
      {session && ['admin', 'director'].includes(session.user.role) && (
        <section className="panel">
          <h2>Журнал аудита</h2>
          <p className="muted">Каждая операция записывается в журнал, каждая запись связана с предыдущей. Проверка находит изменённые и удалённые записи.</p>
          <button
            type="button"
            disabled={verify.busy}
            onClick={() => void verify.run().then((r) => r && setAuditResult(r))}
          >
            Проверить целостность журнала
          </button>
          {auditResult && <Notice kind={auditResult.ok ? 'ok' : 'warn'}>{auditResult.message}</Notice>}
          <ErrorBanner message={verify.error} />
        </section>
      )}
      <BackupPanel />
    </>
  );
}
