import { useState } from 'react';
import { RISK_LABELS, type ClassJournalInfo, type RiskItem } from '../../../../electron/contract/groups/journal';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, ProgressBar } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { ForecastBadge, PeriodSelect, RiskTags, Toolbar, formatAverage, percent } from './common';

/** Forecast of the period's final marks for the whole class, every subject; risks stand out. */
export function ForecastTab({ info }: { info: ClassJournalInfo }) {
  const [periodId, setPeriodId] = useState(info.currentPeriodId ?? info.periods[0]?.id ?? '');
  const f = useQuery(() => api.journal.forecast({ classId: info.classId, ...(periodId ? { periodId } : {}) }), [info.classId, periodId]);
  const d = f.data;
  return (
    <>
      <Toolbar>
        <PeriodSelect periods={info.periods} value={periodId} onChange={setPeriodId} />
        {d && (
          <span className="muted">
            Прогноз на {ruDate(d.asOf)} по отметкам {d.period.name.toLowerCase()} ({ruDate(d.period.start)} – {ruDate(d.period.end)})
          </span>
        )}
      </Toolbar>
      <ErrorBanner message={f.error} />
      {d && (
        <div className="matrix-wrap">
          <table className="matrix" data-testid="forecast-table">
            <thead>
              <tr>
                <th className="name">Ученик</th>
                {d.subjects.map((s) => (
                  <th key={s.id} title={s.name}>
                    {s.shortName}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.studentId}>
                  <th className="name">{r.name}</th>
                  {r.forecasts.map((x, i) => (
                    <td key={i} className={x.risks.includes('fail') || x.risks.includes('absences') ? 'risk' : x.risks.length ? 'few' : undefined} title={x.risks.map((k) => RISK_LABELS[k]).join(', ')}>
                      <ForecastBadge f={x} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted legend">
        Прогноз — средний взвешенный балл за период с весами видов работ и правилом округления из настроек школы. Подсвечены прогноз «2» и пропуски больше
        допустимой доли уроков; пунктиром — пока мало отметок для аттестации (наведите указатель, чтобы увидеть причину).
      </p>
    </>
  );
}

const riskColumns: ColumnDef<RiskItem, any>[] = [
  { id: 'class', header: 'Класс', accessorKey: 'className', size: 70 },
  { id: 'student', header: 'Ученик', accessorKey: 'studentName', size: 260 },
  { id: 'subject', header: 'Предмет', accessorKey: 'subjectName', size: 200 },
  { id: 'forecast', header: 'Прогноз', accessorFn: (r) => r.forecast.forecast ?? 0, cell: (c) => <ForecastBadge f={c.row.original.forecast} />, size: 80 },
  { id: 'avg', header: 'Ср. балл', accessorFn: (r) => r.forecast.average ?? 0, cell: (c) => formatAverage(c.row.original.forecast.average), size: 90 },
  { id: 'marks', header: 'Отметок', accessorFn: (r) => r.forecast.marks, size: 80 },
  {
    id: 'absent',
    header: 'Пропуски',
    accessorFn: (r) => r.forecast.absenceShare,
    cell: (c) => `${c.row.original.forecast.absences} из ${c.row.original.forecast.lessons} (${percent(c.row.original.forecast.absenceShare)})`,
    size: 140,
  },
  { id: 'risks', header: 'Риски', accessorFn: (r) => r.forecast.risks.map((k) => RISK_LABELS[k]).join(', '), cell: (c) => <RiskTags risks={c.row.original.forecast.risks} /> },
];

/** Students at risk in a class (or the whole school), per subject. */
export function RiskTab({ info }: { info: ClassJournalInfo }) {
  const [wholeSchool, setWholeSchool] = useState(false);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const risks = useQuery(
    () =>
      api.journal.atRisk(wholeSchool ? {} : { classId: info.classId }, { onProgress: (p) => setProgress(p) }).finally(() => setProgress(null)),
    [info.classId, wholeSchool],
  );
  return (
    <>
      <Toolbar>
        <label className="check">
          <input type="checkbox" checked={wholeSchool} onChange={(e) => setWholeSchool(e.target.checked)} /> Все доступные классы
        </label>
        <span className="muted">Период — текущий для каждого класса.</span>
      </Toolbar>
      {progress && <ProgressBar done={progress.done} total={progress.total} label="Классы" />}
      <ErrorBanner message={risks.error} />
      <DataTable
        testId="risk-table"
        data={risks.data ?? []}
        columns={riskColumns}
        getId={(r) => `${r.studentId}:${r.subjectId}`}
        initialSort={[{ id: 'forecast', desc: false }]}
        searchLabel="Поиск ученика или предмета"
        rowClass={(r) => (r.forecast.risks.includes('fail') ? 'attention' : undefined)}
        height={520}
        empty={risks.loading ? 'Загрузка…' : 'Учеников в зоне риска нет'}
      />
    </>
  );
}
