import { useState } from 'react';
import { api } from '../api/client';
import { Dialog, ErrorBanner } from '../components/ui';
import { useAction } from '../lib/useAction';
import { useSession } from './session';

/**
 * «Мой пароль стал известен другим»: from this moment every operation made with the login is
 * invalid (the regulations), it is never sent to the central system, and a new password is due.
 */
export function ReportCompromise() {
  const { refresh } = useSession();
  const [open, setOpen] = useState(false);
  const report = useAction(async () => {
    await api.auth.reportCompromised({});
    await refresh();
  });
  return (
    <>
      <button type="button" className="link" onClick={() => setOpen(true)}>
        Пароль стал известен другим
      </button>
      {open && (
        <Dialog title="Сообщить о нарушении конфиденциальности" onClose={() => setOpen(false)}>
          <p>
            Все операции с вашей учётной записью с этого момента будут признаны недействительными и не будут отправлены в центральную систему. Учётная
            запись сразу блокируется, все сеансы завершатся. Сообщите руководителю школы: если он узнал об этом раньше, он укажет более ранний момент.
            Открыть учётную запись может только администратор — одноразовым паролем, который он передаст вам лично.
          </p>
          <div className="row">
            <button type="button" className="danger" disabled={report.busy} onClick={() => void report.run()}>
              Сообщить и заблокировать учётную запись
            </button>
            <button type="button" onClick={() => setOpen(false)}>
              Отмена
            </button>
          </div>
          <ErrorBanner message={report.error} />
        </Dialog>
      )}
    </>
  );
}
