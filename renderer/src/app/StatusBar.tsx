import { ROLE_LABELS } from '../../../electron/contract/roles';
import { fullName, ruDateTime } from '../../../electron/contract/text/format';
import type { SessionView } from '../../../electron/contract/groups/auth';
import { api } from '../api/client';
import { useEffect, useRef } from 'react';
import { useQuery } from '../lib/useQuery';

export function StatusBar({ session, schoolName }: { session: SessionView; schoolName?: string | undefined }) {
  const sync = useQuery(() => api.sync.status({}), []);
  // Registrations elsewhere in the app change the pending count: look again now and then (this is
  // no activity: the session still locks). Locked, it waits, and looks again once unlocked.
  const wasLocked = useRef(false);
  useEffect(() => {
    if (session.locked) {
      wasLocked.current = true;
      return;
    }
    if (wasLocked.current) sync.reload();
    wasLocked.current = false;
    const t = setInterval(sync.reload, 15_000);
    return () => clearInterval(t);
  }, [sync.reload, session.locked]);
  const s = sync.data;
  return (
    <footer className="statusbar" data-testid="statusbar">
      <span title="Пользователь">{fullName(session.user.name)}</span>
      <span className="role">{ROLE_LABELS[session.user.role]}</span>
      {schoolName && <span>{schoolName}</span>}
      <span className="spacer" />
      {s && (
        <>
          <span className={`net ${s.online ? 'online' : 'offline'}`}>
            {s.configured ? (s.online ? '● в сети' : '● нет связи') : '● центральная система не подключена'}
          </span>
          <span>Синхронизация: {s.lastSyncAt ? ruDateTime(s.lastSyncAt) : 'не выполнялась'}</span>
          <span>Ожидают отправки: {s.pending}</span>
          {s.rejected > 0 && <span className="warn">Отклонено: {s.rejected}</span>}
        </>
      )}
    </footer>
  );
}
