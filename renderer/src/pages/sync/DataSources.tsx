import { ruDateTime } from '../../../../electron/contract/text/format';
import type { SyncStatus } from '../../../../electron/contract/groups/sync';

/** Russian names of the kinds an import counts (no names of people: only how many). */
const KIND_LABELS: Record<string, string> = {
  school: 'школа',
  year: 'учебные годы',
  period: 'периоды',
  holiday: 'каникулы',
  class: 'классы',
  subject: 'предметы',
  teacher: 'учителя',
  curriculum: 'учебный план',
  timetable: 'расписание',
  timetableChange: 'изменения расписания',
  test: 'контрольные работы',
  student: 'ученики',
  guardian: 'представители',
  document: 'документы и контакты',
  finalMark: 'итоговые отметки',
  recommendation: 'рекомендации',
  diaryView: 'просмотры дневника',
  lesson: 'уроки',
  mark: 'отметки',
  attendance: 'посещаемость',
};

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
