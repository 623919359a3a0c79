import { useState } from 'react';
import type { StatsPeriod, StatsReportId } from '../../../../electron/contract/groups/stats';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { ClassView, StudentView } from './ClassView';
import { Dashboard } from './Dashboard';
import { FinalsView, FulfilmentView, LessonTypesView, RegulationsView, ResultsView } from './ReportViews';

/**
 * «Статистика» for the director and the deputies: the overview with key figures and charts, one
 * tab per report, and the drill-down school → class → student. Every view exports to XLSX and PDF.
 */

export const TABS = [
  { id: 'overview', label: 'Сводка' },
  { id: 'results', label: 'Успеваемость' },
  { id: 'fulfilment', label: 'Выполнение плана' },
  { id: 'lessonTypes', label: 'Виды уроков' },
  { id: 'finals', label: 'Итоговые отметки' },
  { id: 'regulations', label: 'Регламент' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

export type View = { kind: 'tab'; tab: TabId } | { kind: 'class'; classId: string; className: string; from: TabId } | { kind: 'student'; classId: string; className: string; studentId: string; studentName: string; from: TabId };

export interface ViewProps {
  periodKey: string | undefined;
  days: number;
  open(view: View): void;
  /** The period the view shows, and the periods it offers (the school's, or a class's). */
  onPeriods(current: StatsPeriod, periods?: StatsPeriod[], scope?: 'school' | 'class'): void;
}

export function periodLabel(p: StatsPeriod): string {
  return `${p.title} (${ruDate(p.start)} – ${ruDate(p.end)})`;
}

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
      <div className="tabs" role="tablist" aria-label="Отчёты">
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={view.kind === 'tab' && view.tab === t.id}
            className={tab === t.id ? 'active' : undefined}
            onClick={() => setView({ kind: 'tab', tab: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
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
