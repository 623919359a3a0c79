import { useState } from 'react';
import type { UserView } from '../../../../electron/contract/entities/users';
import { ROLE_LABELS } from '../../../../electron/contract/roles';
import { fullName, parseRuDateTime, ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DateField } from '../../components/DateField';
import { maskTime } from '../../components/dateText';
import { Dialog, ErrorBanner, Field, Notice } from '../../components/ui';
import { useAction } from '../../lib/useAction';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * «Логин стал известен посторонним» for any account (seed «Дополнения в Договор с родителями»):
 * the moment the director received the information — now by default, earlier if he was told
 * earlier — and a note. The account is blocked at once; operations from that moment are invalid.
 */
export function ReportCompromiseDialog({ user, onClose, onDone }: { user: UserView; onClose: () => void; onDone: () => void }) {
  const now = new Date();
  const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const [date, setDate] = useState(today);
  const [time, setTime] = useState(`${pad(now.getHours())}:${pad(now.getMinutes())}`);
  const [note, setNote] = useState('');
  const [badMoment, setBadMoment] = useState(false);
  const [done, setDone] = useState<number | null>(null);
  const report = useAction(async (from: string) => {
    const r = await api.users.reportCompromised({ userId: user.id, from, ...(note.trim() ? { note: note.trim() } : {}) });
    setDone(r.invalidatedOperations);
  });
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const from = date ? parseRuDateTime(ruDate(date), time) : null;
    setBadMoment(from === null);
    if (from) void report.run(from);
  };
  return (
    <Dialog title="Логин стал известен посторонним" onClose={done === null ? onClose : onDone}>
      {done === null ? (
        <form onSubmit={submit} noValidate aria-label="Сообщение о компрометации">
          <p>
            <strong>{fullName(user.name)}</strong> ({ROLE_LABELS[user.role]}, логин {user.login})
          </p>
          <p>
            По положению все операции с этой учётной записью с момента, когда руководитель школы получил информацию, недействительны: документы реестра, итоговые
            отметки, шаги выписок, настройки, записи журнала действий. Они будут помечены везде, не будут отправлены в центральную систему, а уже отправленные
            будут отозваны. Учётная запись блокируется сразу; открыть её может только администратор одноразовым паролем.
          </p>
          {user.blockedSince && <Notice kind="warn">Учётная запись уже заблокирована с {ruDateTime(user.blockedSince)}. Можно указать более ранний момент.</Notice>}
          <div className="row">
            <Field label="Когда руководитель получил информацию: дата">
              <DateField value={date} onChange={setDate} max={today} required aria-label="Дата" error={badMoment && !date ? 'Укажите дату' : report.problemAt('from')} />
            </Field>
            <Field label="время (ЧЧ:ММ)" error={badMoment && date ? 'Введите время как 09:30' : undefined}>
              <input value={time} onChange={(e) => setTime(maskTime(e.target.value))} inputMode="numeric" placeholder="ЧЧ:ММ" maxLength={5} aria-label="Время" />
            </Field>
          </div>
          <Field label="Примечание (как стало известно, кто сообщил)" error={report.problemAt('note')}>
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={3} maxLength={500} />
          </Field>
          <div className="row">
            <button type="submit" className="danger" disabled={report.busy}>
              Заблокировать и признать операции недействительными
            </button>
            <button type="button" onClick={onClose}>
              Отмена
            </button>
          </div>
          <ErrorBanner message={report.error} />
        </form>
      ) : (
        <>
          <Notice kind="ok">
            Учётная запись заблокирована. Недействительных операций на этом рабочем месте: {done}. Сообщение будет отправлено в центральную систему при
            следующей синхронизации.
          </Notice>
          <button type="button" className="primary" onClick={onDone}>
            Закрыть
          </button>
        </>
      )}
    </Dialog>
  );
}
