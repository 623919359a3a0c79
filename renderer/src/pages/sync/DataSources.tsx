import { ruDateTime } from '../../../../electron/contract/text/format';
import type { SyncStatus } from '../../../../electron/contract/groups/sync';
import { ENTITY_KIND_LABELS } from '../../../../electron/contract/text/entityKinds';

const KIND_LABELS = ENTITY_KIND_LABELS;

const SOURCE_LABELS: Record<string, string> = { ezhd: 'выгрузка ЭЖД Офис', sgo: '«Сетевой город. Образование»', dnevnik: 'Дневник.ру', eljur: 'ЭлЖур' };

/** Where the school's data comes from: the central system's last import from each source. */
export function DataSources({ sources, compact = false }: { sources: NonNullable<SyncStatus['dataSources']>; compact?: boolean }) {
  return (
    <div data-testid="data-sources">
      {sources.map((s) => (
        <div key={s.source} className="data-source">
          <p>
            <strong>{s.sourceName ?? SOURCE_LABELS[s.source] ?? s.source}</strong> <span className="muted small">({s.source})</span>: выгрузка от {ruDateTime(s.exportedAt)}, загружена в центральную систему {ruDateTime(s.importedAt)}
          </p>
          {!compact && (
            <p className="muted small">
              {Object.entries(s.kinds)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => `${KIND_LABELS[k] ?? k}: ${n}`)
                .join(' · ')}
            </p>
          )}
        </div>
      ))}
    </div>
  );
}
