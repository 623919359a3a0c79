import { useState } from 'react';
import { RISK_CATEGORY_LABELS, RISK_LABELS, RISK_SIGNS, type ClassJournalInfo, type RiskItem, type RiskSign } from '../../../../electron/contract/groups/journal';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, ProgressBar } from '../../components/ui';
import { saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { ForecastBadge, RiskTags } from '../../components/marks';
import { PeriodSelect } from '../../components/PeriodSelect';
import { Toolbar } from '../../components/Toolbar';
import { formatAverage, percent } from '../../lib/numbers';

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

/** A row's category: its worst sign (RISK_SIGNS is riskiest first). */
function categoryOf(r: RiskItem): RiskSign {
  return RISK_SIGNS.find((k) => r.forecast.risks.includes(k)) ?? 'few_marks';
}

const riskColumns: ColumnDef<RiskItem, any>[] = [
  { id: 'order', header: '№', accessorFn: (_r, i) => i, cell: (c) => c.row.index + 1, size: 44 },
  { id: 'class', header: 'Класс', accessorKey: 'className', size: 70 },
  { id: 'student', header: 'Ученик', accessorKey: 'studentName', size: 230 },
  { id: 'subject', header: 'Предмет', accessorKey: 'subjectName', size: 170 },
  {
    id: 'category',
    header: 'Категория',
    accessorFn: (r) => RISK_SIGNS.indexOf(categoryOf(r)),
    cell: (c) => <span className={`tag ${categoryOf(c.row.original) === 'few_marks' ? 'warn' : 'bad'}`}>{RISK_CATEGORY_LABELS[categoryOf(c.row.original)]}</span>,
    size: 170,
  },
  { id: 'forecast', header: 'Прогноз', accessorFn: (r) => r.forecast.forecast ?? 9, cell: (c) => <ForecastBadge f={c.row.original.forecast} />, size: 80 },
  { id: 'avg', header: 'Ср. балл', accessorFn: (r) => r.forecast.average ?? 9, cell: (c) => formatAverage(c.row.original.forecast.average), size: 80 },
  {
    id: 'marks',
    header: () => <span title="Отметок за период; «нужно» — сколько ожидает правило школы за проведённые уроки">Отметок</span>,
    accessorFn: (r) => r.forecast.marks - r.forecast.expected,
    cell: (c) => {
      const f = c.row.original.forecast;
      return f.marks < f.expected ? <span className="bad-text">{`${f.marks}, нужно ${f.expected}`}</span> : String(f.marks);
    },
    size: 110,
  },
  {
    id: 'absent',
    header: 'Пропуски',
    accessorFn: (r) => r.forecast.absenceShare,
    cell: (c) => `${c.row.original.forecast.absences} из ${c.row.original.forecast.lessons} (${percent(c.row.original.forecast.absenceShare)})`,
    size: 120,
  },
  { id: 'risks', header: 'Все признаки', accessorFn: (r) => r.forecast.risks.map((k) => RISK_LABELS[k]).join(', '), cell: (c) => <RiskTags risks={c.row.original.forecast.risks} /> },
];

/**
 * Students at risk in a class (or every class the user sees), per subject, riskiest first
 * (forecast «2», then the risk of «н/а», then too few marks; no forecast last). Categories are
 * filtered with buttons that show their counts; the list as shown exports to XLSX and PDF.
 */
export function RiskTab({ info }: { info: ClassJournalInfo }) {
  const [wholeSchool, setWholeSchool] = useState(false);
  const [chosen, setChosen] = useState<readonly RiskSign[]>([]);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const risks = useQuery(
    () =>
      api.journal.atRisk(wholeSchool ? {} : { classId: info.classId }, { onProgress: (p) => setProgress(p) }).finally(() => setProgress(null)),
    [info.classId, wholeSchool],
  );
  const all = risks.data ?? [];
  const counts = Object.fromEntries(RISK_SIGNS.map((k) => [k, all.filter((r) => categoryOf(r) === k).length])) as Record<RiskSign, number>;
  const shown = chosen.length === 0 ? all : all.filter((r) => chosen.includes(categoryOf(r)));
  const toggle = (k: RiskSign) => setChosen(chosen.includes(k) ? chosen.filter((x) => x !== k) : RISK_SIGNS.filter((x) => x === k || chosen.includes(x)));
  const exporter = useAction(async (format: 'pdf' | 'xlsx') => {
    const file = await api.journal.atRiskExport({ ...(wholeSchool ? {} : { classId: info.classId }), ...(chosen.length ? { categories: [...chosen] } : {}), format });
    await saveFile(file);
  });
  return (
    <>
      <Toolbar>
        <label className="check">
          <input type="checkbox" checked={wholeSchool} onChange={(e) => setWholeSchool(e.target.checked)} /> Все доступные классы
        </label>
        <span className="muted">Период — текущий для каждого класса.</span>
        <span style={{ flex: 1 }} />
        <button type="button" onClick={() => void exporter.run('xlsx')} disabled={exporter.busy || risks.loading}>
          Выгрузить XLSX
        </button>
        <button type="button" onClick={() => void exporter.run('pdf')} disabled={exporter.busy || risks.loading}>
          Выгрузить PDF
        </button>
      </Toolbar>
      <div className="type-chips" role="group" aria-label="Категории риска">
        <button type="button" aria-pressed={chosen.length === 0} className={chosen.length === 0 ? 'active' : undefined} onClick={() => setChosen([])}>
          все: <strong>{all.length}</strong>
        </button>
        {RISK_SIGNS.map((k) => (
          <button key={k} type="button" aria-pressed={chosen.includes(k)} className={chosen.includes(k) ? 'active' : undefined} onClick={() => toggle(k)}>
            {RISK_CATEGORY_LABELS[k]}: <strong>{counts[k]}</strong>
          </button>
        ))}
      </div>
      {progress && <ProgressBar done={progress.done} total={progress.total} label="Классы" />}
      <ErrorBanner message={risks.error ?? exporter.error} />
      <DataTable
        testId="risk-table"
        data={shown}
        columns={riskColumns}
        getId={(r) => `${r.studentId}:${r.subjectId}`}
        searchLabel="Поиск ученика или предмета"
        rowClass={(r) => (categoryOf(r) !== 'few_marks' ? 'attention' : undefined)}
        height={520}
        empty={risks.loading ? 'Загрузка…' : all.length === 0 ? 'Учеников в зоне риска нет' : 'В выбранных категориях никого нет'}
      />
      <p className="small muted legend">
        Сначала самые опасные: прогноз «2», затем риск «н/а» (пропущено больше допустимой доли уроков), затем мало отметок — меньше, чем правило школы ожидает за проведённые уроки
        (настройки: «Одна отметка на каждые … проведённых урока»). Строки без прогноза — последними в своей категории.
      </p>
    </>
  );
}
