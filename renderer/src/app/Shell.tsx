import { useEffect, useState } from 'react';
import type { SessionView } from '../../../electron/contract/groups/auth';
import { api } from '../api/client';
import { navigationFor } from './navigation';
import { useSession } from './session';
import { AboutLink } from './AboutDialog';
import { ReportCompromise } from './ReportCompromise';
import { StatusBar } from './StatusBar';
import { StoreNotices } from './StoreNotices';

export function Shell({ session, schoolName, demo }: { session: SessionView; schoolName?: string | undefined; demo: boolean }) {
  const { refresh } = useSession();
  const items = navigationFor(session.user.role);
  const [current, setCurrent] = useState(() => {
    const fromHash = window.location.hash.replace(/^#\/?/, '');
    return items.find((i) => i.id === fromHash)?.id ?? items[0]?.id ?? '';
  });
  const item = items.find((i) => i.id === current) ?? items[0];

  useEffect(() => {
    if (item) history.replaceState(null, '', `#/${item.id}`);
  }, [item]);

  // Locked, the shell stays mounted under the lock screen: no key may change its page (the work
  // in progress on it would be lost).
  const locked = session.locked;
  useEffect(() => {
    if (locked) return;
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      const target = Number.isInteger(n) && n >= 1 ? items[n - 1] : undefined;
      if (target) {
        e.preventDefault();
        setCurrent(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, locked]);

  const logout = async () => {
    await api.auth.logout({});
    await refresh();
  };

  const Page = item?.page;
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Разделы">
        <div className="brand">
          ЭЖД Офис{demo && <span className="demo-badge" title="Демонстрационная школа: все люди вымышлены">демо</span>}
        </div>
        <ul>
          {items.map((i, n) => (
            <li key={i.id}>
              <button
                type="button"
                className={i.id === item?.id ? 'active' : undefined}
                aria-current={i.id === item?.id ? 'page' : undefined}
                onClick={() => setCurrent(i.id)}
                title={n < 9 ? `Alt+${n + 1}` : undefined}
              >
                {i.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <button type="button" className="link" onClick={() => void logout()}>
            Выйти
          </button>
          <ReportCompromise />
          <AboutLink />
        </div>
      </nav>
      <main className="content" key={item?.id}>
        <StoreNotices role={session.user.role} />
        {Page ? <Page /> : null}
      </main>
      <StatusBar session={session} schoolName={schoolName} />
    </div>
  );
}
