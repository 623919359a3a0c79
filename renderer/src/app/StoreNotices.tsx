import { useEffect, useState } from 'react';
import { AppError } from '../../../electron/contract/errors';
import type { StoreNotice } from '../../../electron/contract/groups/about';
import { api } from '../api/client';

/**
 * The administrator's banner: what the store recovered (or could not) after a damaged or missing
 * data file, until he acknowledges it. Other roles never see it (the method is the administrator's).
 */
export function StoreNotices({ role }: { role: string }) {
  const [notices, setNotices] = useState<StoreNotice[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (role !== 'admin') return;
    let live = true;
    api.about
      .storeNotices({})
      .then((n) => live && setNotices(n))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [role]);
  if (role !== 'admin' || notices.length === 0) return null;
  const acknowledge = async () => {
    try {
      await api.about.acknowledgeStoreNotices({ ids: notices.map((n) => n.id) });
      setNotices([]);
    } catch (e) {
      // The core's Russian message; never a transport's or a parser's English text.
      setError(e instanceof AppError ? e.message : 'Не удалось отметить сообщения прочитанными. Повторите попытку.');
    }
  };
  const lost = notices.some((n) => n.lost);
  return (
    <div className={`banner ${lost ? 'error' : 'warn'}`} role="alert" data-testid="store-notices">
      <strong>{lost ? 'Данные восстановлены не полностью' : 'Данные восстановлены после повреждения файла'}</strong>
      <ul>
        {notices.map((n) => (
          <li key={n.id}>
            {new Date(n.at).toLocaleString('ru-RU')}: {n.text}
          </li>
        ))}
      </ul>
      {error && <div>{error}</div>}
      <button type="button" onClick={() => void acknowledge()}>
        Прочитано
      </button>
    </div>
  );
}
