import { useState } from 'react';
import { ruDate, ruDateTime } from '../../../electron/contract/text/format';
import { api } from '../api/client';
import { Dialog, ErrorBanner } from '../components/ui';
import { useQuery } from '../lib/useQuery';
import { DataSources } from '../pages/sync/DataSources';

function AboutBody() {
  const info = useQuery(() => api.about.info({}), []);
  const sync = useQuery(() => api.sync.status({}), []);
  const d = info.data;
  if (!d) return <ErrorBanner message={info.error} />;
  return (
    <div className="about">
      <p>
        <strong>
          {d.productName} {d.version}
        </strong>{' '}
        <span className="muted">({d.host === 'electron' ? 'настольная программа' : 'веб-хост'})</span>
      </p>
      <dl className="facts">
        <dt>Версия данных</dt>
        <dd>
          школа {d.schemaVersions.school}, классы {d.schemaVersions.class}, журнал {d.schemaVersions.journal}
        </dd>
        <dt>Последняя резервная копия</dt>
        <dd>{d.lastBackupAt ? ruDateTime(d.lastBackupAt) : 'не создавалась'}</dd>
        {d.dataDir && (
          <>
            <dt>Папка данных</dt>
            <dd>
              <code>{d.dataDir}</code>
            </dd>
          </>
        )}
        <dt>Источник данных</dt>
        <dd>{sync.data?.dataSources ? <DataSources sources={sync.data.dataSources} compact /> : sync.data?.configured ? 'центральная система' : 'данные этого рабочего места'}</dd>
      </dl>
      <h3>Что нового</h3>
      {d.releaseNotes.map((n) => (
        <section key={n.version}>
          <h4>
            Версия {n.version} от {ruDate(n.date)}
          </h4>
          <ul>
            {n.items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export function AboutLink() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className="link" onClick={() => setOpen(true)}>
        О программе
      </button>
      {open && (
        <Dialog title="О программе" onClose={() => setOpen(false)}>
          <AboutBody />
        </Dialog>
      )}
    </>
  );
}
