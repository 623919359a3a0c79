import { useEffect, type ReactNode } from 'react';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner, Notice } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { BarChart, ColumnChart, SERIES_COLORS, TrendChart } from './charts';
import { deltaDec, deltaPct, pct, trendClass } from './format';
import { formatAverage } from '../../lib/numbers';
import { periodLabel, type TabId, type ViewProps } from './views';

function Figure(props: { label: string; value: string; sub?: ReactNode; delta?: string; trend?: string; warn?: boolean; onOpen?: () => void; hint?: string }) {
  const body = (
    <>
      <span className="figure-label">{props.label}</span>
      <span className={`figure-value${props.warn ? ' bad-text' : ''}`}>
        {props.value}
        {props.delta && <span className={`figure-delta ${props.trend ?? ''}`}>{props.delta}</span>}
      </span>
      {props.sub && <span className="figure-sub">{props.sub}</span>}
    </>
  );
  return props.onOpen ? (
    <button type="button" className="figure" onClick={props.onOpen} title={props.hint}>
      {body}
    </button>
  ) : (
    <div className="figure" title={props.hint}>
      {body}
    </div>
  );
}

export function Dashboard(props: ViewProps) {
  const q = useQuery(() => api.stats.overview({ ...(props.periodKey ? { periodKey: props.periodKey } : {}), days: props.days }), [props.periodKey, props.days]);
  const o = q.data;
  const onPeriods = props.onPeriods;
  useEffect(() => {
    if (o) onPeriods(o.period, o.periods, 'school');
  }, [o, onPeriods]);
  if (!o) return q.loading ? <p className="muted">Считаем показатели…</p> : <ErrorBanner message={q.error} />;

  const f = o.results.figures;
  const p = o.results.prev;
  const tab = (t: TabId) => () => props.open({ kind: 'tab', tab: t });
  const reg = o.regulations;
  const consentShare = reg.students > 0 ? reg.consent / reg.students : null;
  const prevTitle = o.previous ? `к периоду «${o.previous.title}»` : '';
  return (
    <div className="stats-dashboard" data-testid="stats-dashboard">
      <ErrorBanner message={q.error} />
      <p className="stats-lead">
        Итоги: <strong>{periodLabel(o.period)}</strong>, по состоянию на {ruDate(o.asOf)}.{' '}
        {o.previous && <span className="muted">Изменения — {prevTitle}, в процентных пунктах.</span>}
      </p>
      {o.otherScheme.length > 0 && (
        <Notice>
          Классы {o.otherScheme.join(', ')} учатся по другой системе периодов и в итоги этого периода не входят — выберите их период или «Год».
        </Notice>
      )}
      <section className="figures" aria-label="Главные показатели">
        <Figure label="Успеваемость" value={pct(f.success)} delta={deltaPct(f.success, p?.success)} trend={trendClass(f.success, p?.success)} sub={`доля учеников; N = ${o.results.students?.N ?? 0}`} onOpen={tab('results')} hint="Доля учеников, у которых все итоговые отметки периода «3» и выше («н/а» — против)" />
        <Figure label="Качество знаний" value={pct(f.quality)} delta={deltaPct(f.quality, p?.quality)} trend={trendClass(f.quality, p?.quality)} sub={`доля учеников; на «4» и «5»: ${(o.results.students?.excellent ?? 0) + (o.results.students?.good ?? 0)}`} onOpen={tab('results')} hint="Доля учеников, у которых все итоговые отметки периода «4» и «5»" />
        <Figure label="СОУ" value={pct(f.sou)} delta={deltaPct(f.sou, p?.sou)} trend={trendClass(f.sou, p?.sou)} sub={`по отметкам; «2»: ${o.results.dist.n2 + o.results.dist.n1}, н/а: ${o.results.dist.na}`} onOpen={tab('results')} hint="Степень обученности по Симонову, по итоговым отметкам, веса школы" />
        <Figure label="Средний балл" value={formatAverage(f.average)} delta={deltaDec(f.average, p?.average)} trend={trendClass(f.average, p?.average)} sub={`по отметкам; без отметки: ${o.results.dist.noMark}`} onOpen={tab('results')} />
        <Figure
          label="Выполнение плана (год, на дату)"
          value={pct(o.fulfilment.share)}
          warn={(o.fulfilment.share ?? 1) < 0.97}
          sub={`проведено ${o.fulfilment.held} из ${o.fulfilment.planToDate}; отстают: ${o.behindRows} класс-предм.`}
          onOpen={tab('fulfilment')}
        />
        <Figure
          label="Итоговые отметки"
          value={`${o.finals.assigned} из ${o.finals.expected}`}
          warn={o.finals.missing + o.finals.deferralDue > 0}
          sub={`отсрочки: ${o.finals.deferred + o.finals.deferralDue}, не выставлено: ${o.finals.missing}, с опозданием: ${o.finals.late + o.finals.unpublishedLate}`}
          onOpen={tab('finals')}
        />
        <Figure label="Согласия на обработку ПД" value={pct(consentShare)} sub={`отказов: ${reg.refusals}, заявлений 14+: ${reg.applications}`} onOpen={tab('regulations')} />
        <Figure
          label="Бумажная информация: недель выдано в срок"
          value={`${reg.paper.onTime} из ${reg.paper.due}`}
          warn={reg.paper.missed + reg.paper.late > 0}
          sub={`позже: ${reg.paper.late}, не выдано: ${reg.paper.missed} (ученико-недель); сейчас нужна ${reg.paperDue} ученикам`}
          hint="Каждому ученику без электронной формы — выписка не реже раза в неделю. Считаются недели периода до сегодняшнего дня."
          onOpen={tab('regulations')}
        />
        <Figure label={`Не смотрят дневник ${o.days} дн. и более`} value={`${reg.notViewed} из ${reg.guardians}`} sub={`представителей с электронной формой; ни разу не открывали: ${reg.neverViewed}`} onOpen={tab('regulations')} />
      </section>
      <section className="panel chart-panel">
        <h2>Качество знаний и успеваемость по классам (доля учеников) — {o.period.title}</h2>
        <ColumnChart
          testId="chart-classes"
          title={`Качество знаний и успеваемость по классам, ${o.period.title}`}
          description={o.byClass.map((c) => `${c.label}: качество ${pct(c.figures.quality)}, успеваемость ${pct(c.figures.success)}`).join('; ')}
          items={o.byClass.map((c) => ({ id: c.classId ?? c.key, label: c.label, value: c.figures.quality, second: c.figures.success }))}
          valueLabel="Качество знаний"
          secondLabel="Успеваемость"
          onSelect={(id) => {
            const c = o.byClass.find((x) => x.classId === id);
            props.open({ kind: 'class', classId: id, className: c?.label ?? '', from: 'overview' });
          }}
        />
      </section>
      <div className="chart-row">
        <section className="panel chart-panel">
          <h2>Выполнение плана по предметам (год, на {ruDate(o.asOf)})</h2>
          <BarChart
            testId="chart-subjects"
            title="Выполнение учебного плана по предметам на дату"
            description={o.fulfilmentBySubject.map((s) => `${s.label}: ${pct(s.share)}`).join('; ')}
            items={[...o.fulfilmentBySubject]
              .sort((a, b) => (a.share ?? 2) - (b.share ?? 2))
              .map((s) => ({ id: s.subjectId, label: s.label, value: s.share, note: `${s.held} из ${s.planToDate}`, warn: (s.share ?? 1) < 0.97 }))}
          />
        </section>
        <section className="panel chart-panel">
          <h2>Динамика по периодам</h2>
          {o.trend.length === 0 ? (
            <p className="muted">Итоговых отметок ещё нет.</p>
          ) : (
            <TrendChart
              testId="chart-trend"
              title="Успеваемость, качество знаний и СОУ по периодам"
              description={o.trend.map((t) => `${t.title}: успеваемость ${pct(t.figures.success)}, качество ${pct(t.figures.quality)}, СОУ ${pct(t.figures.sou)}`).join('; ')}
              labels={o.trend.map((t) => t.title)}
              series={[
                { name: 'Успеваемость', color: SERIES_COLORS.success, values: o.trend.map((t) => t.figures.success) },
                { name: 'Качество знаний', color: SERIES_COLORS.quality, values: o.trend.map((t) => t.figures.quality) },
                { name: 'СОУ', color: SERIES_COLORS.sou, values: o.trend.map((t) => t.figures.sou) },
              ]}
            />
          )}
        </section>
      </div>
    </div>
  );
}
