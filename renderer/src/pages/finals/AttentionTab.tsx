import { useState } from 'react';
import { ATTENTION_LABELS, ATTENTION_KINDS, type AttentionItem } from '../../../../electron/contract/groups/finals';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, ProgressBar } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { Toolbar } from '../../components/Toolbar';

type Kind = (typeof ATTENTION_KINDS)[number];

const SHORT: Record<Kind, string> = {
  change_requested: 'запрос на изменение ждёт решения',
  deferral_due: 'срок отсрочки наступил',
  late: 'доведена с опозданием',
  unpublished_late: 'не доведена, срок прошёл',
  missing: 'не выставлена',
};

const columns: ColumnDef<AttentionItem, any>[] = [
  { id: 'kind', header: 'Что', accessorFn: (a) => SHORT[a.kind], size: 240 },
  { id: 'days', header: 'Дней', accessorKey: 'days', cell: (c) => `${c.getValue()} дн.`, size: 80 },
  { id: 'class', header: 'Класс', accessorKey: 'className', size: 70 },
  { id: 'student', header: 'Ученик', accessorKey: 'studentName', size: 250 },
  { id: 'subject', header: 'Предмет', accessorKey: 'subjectName', size: 190 },
  { id: 'period', header: 'Период', accessorKey: 'columnTitle', size: 120 },
  { id: 'date', header: 'Срок', accessorKey: 'date', cell: (c) => ruDate(c.getValue()), size: 110 },
];

/** What is late: deferrals that came due, results that reached the family late or not yet, missing marks. */
export function AttentionTab({ classId }: { classId: string }) {
  const [wholeSchool, setWholeSchool] = useState(false);
  const [kind, setKind] = useState<Kind | 'all'>('all');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const items = useQuery(
    () => api.finals.attention(wholeSchool ? {} : { classId }, { onProgress: setProgress }).finally(() => setProgress(null)),
    [classId, wholeSchool],
  );
  const all = items.data ?? [];
  const shown = kind === 'all' ? all : all.filter((a) => a.kind === kind);
  const counts = Object.fromEntries(ATTENTION_KINDS.map((k) => [k, all.filter((a) => a.kind === k).length])) as Record<Kind, number>;
  return (
    <>
      <Toolbar>
        <label className="check">
          <input type="checkbox" checked={wholeSchool} onChange={(e) => setWholeSchool(e.target.checked)} /> Все доступные классы
        </label>
        <label className="inline-field">
          <span>Показать</span>
          <select aria-label="Показать" value={kind} onChange={(e) => setKind(e.target.value as Kind | 'all')}>
            <option value="all">всё ({all.length})</option>
            {ATTENTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {ATTENTION_LABELS[k]} ({counts[k]})
              </option>
            ))}
          </select>
        </label>
      </Toolbar>
      {progress && <ProgressBar done={progress.done} total={progress.total} label="Классы" />}
      <ErrorBanner message={items.error} />
      <DataTable
        testId="attention-table"
        data={shown}
        columns={columns}
        getId={(a) => `${a.kind}:${a.studentId}:${a.subjectId}:${a.periodKey}`}
        initialSort={[{ id: 'days', desc: true }]}
        searchLabel="Поиск ученика или предмета"
        rowClass={(a) => (a.kind === 'deferral_due' || a.kind === 'unpublished_late' || a.kind === 'change_requested' ? 'attention' : undefined)}
        height={520}
        empty={items.loading ? 'Загрузка…' : 'Ничего не просрочено'}
      />
    </>
  );
}
