import { useState } from 'react';
import type { StatsPeriod, StatsReportId } from '../../../../electron/contract/groups/stats';
import { api } from '../../api/client';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { ClassView, StudentView } from './ClassView';
import { Dashboard } from './Dashboard';
import { FinalsView, FulfilmentView, LessonTypesView, RegulationsView, ResultsView } from './ReportViews';
import { Tabs } from '../../components/Tabs';
import { TABS, periodLabel, type TabId, type View, type ViewProps } from './views';

const TAB_LIST = TABS.map((t) => [t.id, t.label] as const);

/**
 * «Статистика» for the director and the deputies: the overview with key figures and charts, one
 * tab per report, and the drill-down school → class → student. Every view exports to XLSX and PDF.
 */

export function StatsPage() {
  const [view, setView] = useState<View>({ kind: 'tab', tab: 'overview' });
  const [periodKey, setPeriodKey] = useState<string>();
  const [days, setDays] = useState(14);
  const [schoolPeriods, setSchoolPeriods] = useState<StatsPeriod[]>([]);
  const [classPeriods, setClassPeriods] = useState<StatsPeriod[]>([]);
  const [current, setCurrent] = useState<StatsPeriod>();
  const allPeriods = view.kind === 'tab' ? schoolPeriods : classPeriods.length ? classPeriods : schoolPeriods;
  const yearClasses = schoolPeriods.find((x) => x.kind === 'year')?.classCount ?? 0;

  const report: StatsReportId = view.kind === 'tab' ? view.tab : view.kind;
  const exporter = useAction(async (format: 'pdf' | 'xlsx') => {
    const file = await api.stats.export({
      report,
      format,
      ...(periodKey ? { periodKey } : current ? { periodKey: current.key } : {}),
      days,
      ...(view.kind !== 'tab' ? { classId: view.classId } : {}),
      ...(view.kind === 'student' ? { studentId: view.studentId } : {}),
    });
    await saveFile(file);
  });

  const tab: TabId = view.kind === 'tab' ? view.tab : view.from;
  const props: ViewProps = {
    periodKey,
    days,
    open: setView,
    onPeriods: (cur, ps, scope) => {
      setCurrent(cur);
      if (ps && scope === 'class') setClassPeriods(ps);
      else if (ps) setSchoolPeriods(ps);
    },
  };
  const lessonsTab = view.kind === 'tab' && (view.tab === 'fulfilment' || view.tab === 'lessonTypes');

  return (
    <div className="stats-page">
      <PageHeader title="Статистика">
        <button type="button" onClick={() => void exporter.run('xlsx')} disabled={exporter.busy} title="Отчёт этой страницы в Excel">
          Выгрузить XLSX
        </button>
        <button type="button" onClick={() => void exporter.run('pdf')} disabled={exporter.busy} title="Отчёт этой страницы в PDF для печати">
          Выгрузить PDF
        </button>
      </PageHeader>
      <Tabs tabs={TAB_LIST} value={view.kind === 'tab' ? view.tab : undefined} marked={tab} onChange={(t) => setView({ kind: 'tab', tab: t })} label="Отчёты" />
      <div className="stats-toolbar">
        <label className="inline-field">
          <span>Период</span>
          <select aria-label="Период" value={periodKey ?? current?.key ?? ''} onChange={(e) => setPeriodKey(e.target.value)}>
            {allPeriods.map((p) => (
              <option key={p.key} value={p.key}>
                {p.title}
                {view.kind === 'tab' && p.kind === 'period' && p.classCount < yearClasses ? ` (${p.classCount} кл.)` : ''}
                {!p.ended && p.kind === 'period' ? ' — идёт' : ''}
              </option>
            ))}
          </select>
        </label>
        {(tab === 'regulations' || tab === 'overview') && view.kind === 'tab' && (
          <label className="inline-field">
            <span>Не смотрят дневник</span>
            <select aria-label="Дней без просмотра дневника" value={days} onChange={(e) => setDays(Number(e.target.value))}>
              {[7, 14, 30, 60].map((d) => (
                <option key={d} value={d}>
                  {d} дн. и более
                </option>
              ))}
            </select>
          </label>
        )}
        {lessonsTab && <span className="muted small">Выполнение плана считается по урокам периода (итоговые и экзамены — за год).</span>}
        {view.kind !== 'tab' && (
          <nav className="crumbs" aria-label="Где вы">
            <button type="button" className="link" onClick={() => setView({ kind: 'tab', tab: view.from })}>
              Школа
            </button>
            <span aria-hidden="true"> › </span>
            {view.kind === 'student' ? (
              <>
                <button type="button" className="link" onClick={() => setView({ kind: 'class', classId: view.classId, className: view.className, from: view.from })}>
                  {view.className}
                </button>
                <span aria-hidden="true"> › </span>
                <strong>{view.studentName}</strong>
              </>
            ) : (
              <strong>{view.className}</strong>
            )}
          </nav>
        )}
      </div>
      <ErrorBanner message={exporter.error} />
      {view.kind === 'tab' && view.tab === 'overview' && <Dashboard {...props} />}
      {view.kind === 'tab' && view.tab === 'results' && <ResultsView {...props} />}
      {view.kind === 'tab' && view.tab === 'fulfilment' && <FulfilmentView {...props} />}
      {view.kind === 'tab' && view.tab === 'lessonTypes' && <LessonTypesView {...props} />}
      {view.kind === 'tab' && view.tab === 'finals' && <FinalsView {...props} />}
      {view.kind === 'tab' && view.tab === 'regulations' && <RegulationsView {...props} />}
      {view.kind === 'class' && <ClassView {...props} classId={view.classId} from={view.from} />}
      {view.kind === 'student' && <StudentView {...props} studentId={view.studentId} />}
    </div>
  );
}
