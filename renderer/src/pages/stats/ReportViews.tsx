import { useEffect, useMemo, useState } from 'react';
import {
  FINALS_ITEM_LABELS,
  type FinalsClassRow,
  type FinalsItem,
  type FulfilmentRow,
  type FulfilmentTotal,
  type LessonTypeRow,
  type NotViewedItem,
  type PaperItem,
  type RegulationsClassRow,
  type ResultRow,
  type StatsPeriod,
} from '../../../../electron/contract/groups/stats';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, Notice } from '../../components/ui';
import { useQuery, type Query } from '../../lib/useQuery';
import { pct } from './format';
import { periodLabel, type ViewProps } from './views';
import { BASIS_CAPTION, fulfilmentColumns, num, resultColumns, share, text, type ResultsBasis } from './tables';

type Col<T> = ColumnDef<T, any>;

function useReport<T extends { period: StatsPeriod; asOf: string }>(props: ViewProps, load: () => Promise<T>, deps: unknown[] = []): Query<T> {
  const q = useQuery(load, [props.periodKey, props.days, ...deps]);
  const onPeriods = props.onPeriods;
  useEffect(() => {
    if (q.data) onPeriods(q.data.period);
  }, [q.data, onPeriods]);
  return q;
}

function Lead({ period, asOf, otherScheme, children }: { period: StatsPeriod; asOf: string; otherScheme?: string[]; children?: React.ReactNode }) {
  return (
    <>
      <p className="stats-lead">
        <strong>{periodLabel(period)}</strong>, по состоянию на {ruDate(asOf)}. {children}
      </p>
      {otherScheme && otherScheme.length > 0 && <Notice>Не входят (другая система периодов): {otherScheme.join(', ')}.</Notice>}
    </>
  );
}

function Switch<T extends string>({ value, options, onChange, label }: { value: T; options: readonly (readonly [T, string])[]; onChange: (v: T) => void; label: string }) {
  return (
    <div className="seg" role="group" aria-label={label}>
      {options.map(([id, name]) => (
        <button key={id} type="button" aria-pressed={value === id} className={value === id ? 'active' : undefined} onClick={() => onChange(id)}>
          {name}
        </button>
      ))}
    </div>
  );
}

const classCol = <T extends { className?: string | undefined; grade?: number | undefined }>(): Col<T> => ({
  id: 'class',
  header: 'Класс',
  size: 70,
  accessorFn: (r) => `${String(r.grade ?? 0).padStart(2, '0')}${r.className ?? ''}`,
  cell: (c) => c.row.original.className ?? '',
});

// ---------------------------------------------------------------- results

const LEVELS = [
  ['classes', 'Классы'],
  ['parallels', 'Параллели'],
  ['subjects', 'Предметы'],
  ['teachers', 'Учителя'],
  ['classSubjects', 'Классы и предметы'],
] as const;
type Level = (typeof LEVELS)[number][0];

/** Classes and parallels count students once; subjects the students with the subject; teachers the marks. */
function basisOf(level: Level): ResultsBasis {
  return level === 'classes' || level === 'parallels' ? 'students' : level === 'teachers' ? 'marks' : 'subject';
}

export function ResultsView(props: ViewProps) {
  const q = useReport(props, () => api.stats.results(props.periodKey ? { periodKey: props.periodKey } : {}));
  const [level, setLevel] = useState<Level>('classes');
  const r = q.data;
  const withPrev = r?.previous !== undefined;
  const columns = useMemo<Col<ResultRow>[]>(() => {
    const lead: Col<ResultRow>[] =
      level === 'classSubjects'
        ? [classCol<ResultRow>(), text<ResultRow>('subject', 'Предмет', (x) => x.subjectName ?? '', 2), text<ResultRow>('teacher', 'Учитель', (x) => x.teacherName ?? '', 1)]
        : level === 'classes'
          ? [classCol<ResultRow>()]
          : [text<ResultRow>('label', level === 'parallels' ? 'Параллель' : level === 'subjects' ? 'Предмет' : 'Учитель', (x) => x.label, 2)];
    return [...lead, ...resultColumns(withPrev, basisOf(level))];
  }, [level, withPrev]);
  if (!r) return q.loading ? <p className="muted">Считаем…</p> : <ErrorBanner message={q.error} />;
  const rows = level === 'parallels' ? [r.school, ...r.parallels] : r[level];
  return (
    <>
      <Lead period={r.period} asOf={r.asOf} otherScheme={r.otherScheme}>
        {r.previous ? <span className="muted">Δ — к периоду «{r.previous.title}».</span> : null}
      </Lead>
      <div className="stats-toolbar">
        <Switch label="Уровень" value={level} options={LEVELS} onChange={setLevel} />
      </div>
      <p className="muted small" data-testid="stats-results-basis">
        {BASIS_CAPTION[basisOf(level)]}
      </p>
      <DataTable
        testId="stats-results"
        data={rows}
        columns={columns}
        getId={(x) => x.key}
        searchLabel="Найти"
        height={520}
        initialSort={level === 'classes' || level === 'classSubjects' ? [{ id: 'class', desc: false }] : []}
        rowClass={(x) => (x.level === 'school' ? 'total' : (x.figures.success ?? 1) < 0.95 ? 'attention' : undefined)}
        {...(level === 'classes' || level === 'classSubjects'
          ? { onActivate: (x: ResultRow) => x.classId && props.open({ kind: 'class', classId: x.classId, className: x.className ?? '', from: 'results' }) }
          : {})}
      />
      {(level === 'classes' || level === 'classSubjects') && <p className="muted small">Enter или щелчок по строке — итоги класса и его учеников.</p>}
    </>
  );
}

// ---------------------------------------------------------------- fulfilment

const FULFIL_LEVELS = [
  ['rows', 'Классы и предметы'],
  ['classes', 'Классы'],
  ['subjects', 'Предметы'],
] as const;

export function FulfilmentView(props: ViewProps) {
  const q = useReport(props, () => api.stats.fulfilment(props.periodKey ? { periodKey: props.periodKey } : {}));
  const [level, setLevel] = useState<(typeof FULFIL_LEVELS)[number][0]>('rows');
  const r = q.data;
  const rowCols = useMemo<Col<FulfilmentRow>[]>(
    () => [
      classCol<FulfilmentRow>(),
      text<FulfilmentRow>('subject', 'Предмет', (x) => x.subjectName, 2),
      text<FulfilmentRow>('teacher', 'Учитель', (x) => x.teacherName, 1),
      { id: 'hours', header: () => <span title="Часов в год по учебному плану">Час./год</span>, size: 84, accessorFn: (x) => x.hoursPerYear ?? -1, cell: (c) => (c.row.original.hoursPerYear === null ? <span className="tag warn">нет в плане</span> : <span className="num-cell">{c.row.original.hoursPerYear}</span>) },
      ...fulfilmentColumns<FulfilmentRow>(),
    ],
    [],
  );
  const totalCols = useMemo<Col<FulfilmentTotal>[]>(() => [text<FulfilmentTotal>('label', level === 'classes' ? 'Класс' : 'Предмет', (x) => x.label, 2), ...fulfilmentColumns<FulfilmentTotal>()], [level]);
  if (!r) return q.loading ? <p className="muted">Считаем…</p> : <ErrorBanner message={q.error} />;
  const s = r.school;
  return (
    <>
      <Lead period={r.period} asOf={r.asOf} otherScheme={r.otherScheme}>
        По школе: проведено <strong>{s.held}</strong> из <strong>{s.planToDate}</strong> уроков по плану к дате ({pct(s.share)}), отставание {s.lag}.
      </Lead>
      <div className="stats-toolbar">
        <Switch label="Уровень" value={level} options={FULFIL_LEVELS} onChange={setLevel} />
        <span className="muted small">План к дате — годовые часы, распределённые по дням уроков расписания без каникул. Сначала отстающие.</span>
      </div>
      {level === 'rows' ? (
        <DataTable
          testId="stats-fulfilment"
          data={r.rows}
          columns={rowCols}
          getId={(x) => x.key}
          searchLabel="Класс, предмет или учитель"
          height={520}
          rowClass={(x) => (x.hoursPerYear !== null && x.lag >= 3 ? 'attention' : undefined)}
          onActivate={(x) => props.open({ kind: 'class', classId: x.classId, className: x.className, from: 'fulfilment' })}
        />
      ) : (
        <DataTable
          testId="stats-fulfilment-totals"
          data={level === 'classes' ? r.byClass : r.bySubject}
          columns={totalCols}
          getId={(x) => x.key}
          searchLabel="Найти"
          height={520}
          initialSort={[{ id: 'lag', desc: true }]}
          rowClass={(x) => (x.lag >= 3 ? 'attention' : undefined)}
          {...(level === 'classes' ? { onActivate: (x: FulfilmentTotal) => props.open({ kind: 'class', classId: x.key, className: x.label, from: 'fulfilment' }) } : {})}
        />
      )}
    </>
  );
}

// ---------------------------------------------------------------- lesson types

export function LessonTypesView(props: ViewProps) {
  const q = useReport(props, () => api.stats.lessonTypes(props.periodKey ? { periodKey: props.periodKey } : {}));
  const [type, setType] = useState<string>('');
  const r = q.data;
  const columns = useMemo<Col<LessonTypeRow>[]>(
    () => [
      classCol<LessonTypeRow>(),
      text<LessonTypeRow>('subject', 'Предмет', (x) => x.subjectName, 2),
      text<LessonTypeRow>('type', 'Вид урока', (x) => x.type, 1),
      num<LessonTypeRow>('held', 'Проведено', (x) => x.held, 90),
      { id: 'planYear', header: 'План на год', size: 112, accessorFn: (x) => x.planYear ?? -1, cell: (c) => <span className="num-cell">{c.row.original.planYear ?? '—'}</span> },
      { id: 'planToDate', header: 'План к дате', size: 112, accessorFn: (x) => x.planToDate ?? -1, cell: (c) => <span className="num-cell">{c.row.original.planToDate ?? '—'}</span> },
      {
        id: 'diff',
        header: 'Разница',
        size: 80,
        accessorFn: (x) => x.diff ?? 0,
        cell: (c) => {
          const d = c.row.original.diff;
          return <span className={`num-cell${d !== null && d < 0 ? ' bad-text' : ''}`}>{d === null ? '—' : d > 0 ? `+${d}` : d < 0 ? `−${-d}` : '0'}</span>;
        },
      },
    ],
    [],
  );
  if (!r) return q.loading ? <p className="muted">Считаем…</p> : <ErrorBanner message={q.error} />;
  const rows = type ? r.rows.filter((x) => x.type === type) : r.rows;
  return (
    <>
      <Lead period={r.period} asOf={r.asOf} otherScheme={r.otherScheme} />
      <div className="type-chips" role="group" aria-label="Вид урока">
        <button type="button" aria-pressed={type === ''} className={type === '' ? 'active' : undefined} onClick={() => setType('')}>
          все виды
        </button>
        {r.byType.map((t) => (
          <button key={t.type} type="button" aria-pressed={type === t.type} className={type === t.type ? 'active' : undefined} onClick={() => setType(t.type)}>
            {t.type}: <strong>{t.held}</strong>
            {t.planYear > 0 && (
              <span className="muted">
                {' '}
                (план к дате {t.planToDate}, на год {t.planYear})
              </span>
            )}
          </button>
        ))}
      </div>
      <DataTable
        testId="stats-lesson-types"
        data={rows}
        columns={columns}
        getId={(x) => x.key}
        searchLabel="Класс или предмет"
        height={500}
        rowClass={(x) => (x.diff !== null && x.diff < 0 ? 'attention' : undefined)}
        onActivate={(x) => props.open({ kind: 'class', classId: x.classId, className: x.className, from: 'lessonTypes' })}
      />
    </>
  );
}

// ---------------------------------------------------------------- finals

export function FinalsView(props: ViewProps) {
  const q = useReport(props, () => api.stats.finals(props.periodKey ? { periodKey: props.periodKey } : {}));
  const [kind, setKind] = useState<FinalsItem['kind'] | ''>('');
  const r = q.data;
  const classCols = useMemo<Col<FinalsClassRow>[]>(
    () => [
      classCol<FinalsClassRow>(),
      num<FinalsClassRow>('students', 'Учен.', (x) => x.students, 60, 'Учеников в классе до конца периода'),
      num<FinalsClassRow>('expected', 'Ожидается', (x) => x.expected, 80, 'Итоговых отметок должно быть: ученики × предметы с отметками'),
      num<FinalsClassRow>('assigned', 'Выставлено', (x) => x.assigned, 80),
      num<FinalsClassRow>('deferred', 'Отсрочка', (x) => x.deferred, 70, 'Отсрочка действует, срок не наступил'),
      num<FinalsClassRow>('deferralDue', 'Отср. истекла', (x) => x.deferralDue, 90, 'Срок отсрочки наступил, отметки нет'),
      num<FinalsClassRow>('missing', 'Не выставлено', (x) => x.missing, 90, 'Период окончен, нет ни отметки, ни отсрочки'),
      num<FinalsClassRow>('open', 'Идёт', (x) => x.open, 50, 'Период ещё не окончен, отметки нет'),
      num<FinalsClassRow>('late', 'С опозданием', (x) => x.late, 90, 'Доведены до семьи позже срока'),
      num<FinalsClassRow>('unpublishedLate', 'Не доведено', (x) => x.unpublishedLate, 84, 'Не доведены до семьи, срок прошёл'),
    ],
    [],
  );
  const itemCols = useMemo<Col<FinalsItem>[]>(
    () => [
      classCol<FinalsItem>(),
      text<FinalsItem>('student', 'Ученик', (x) => x.studentName, 2),
      text<FinalsItem>('subject', 'Предмет', (x) => x.subjectName, 1),
      { id: 'kind', header: 'Что', size: 190, accessorFn: (x) => FINALS_ITEM_LABELS[x.kind], cell: (c) => <span className={`tag ${c.row.original.kind === 'deferred' ? 'warn' : 'bad'}`}>{c.getValue() as string}</span> },
      { id: 'date', header: 'Срок', size: 100, accessorFn: (x) => x.date, cell: (c) => ruDate(c.getValue() as string) },
      num<FinalsItem>('days', 'Дней', (x) => x.days, 60),
      text<FinalsItem>('reason', 'Причина', (x) => x.reason ?? '', 1),
    ],
    [],
  );
  if (!r) return q.loading ? <p className="muted">Считаем…</p> : <ErrorBanner message={q.error} />;
  const s = r.school;
  const items = kind ? r.items.filter((i) => i.kind === kind) : r.items;
  return (
    <>
      <Lead period={r.period} asOf={r.asOf} otherScheme={r.otherScheme}>
        Выставлено <strong>{s.assigned}</strong> из {s.expected}; отсрочек {s.deferred + s.deferralDue}; не выставлено {s.missing}; доведено с опозданием {s.late}, не доведено в срок {s.unpublishedLate}. Срок — {r.deadlineDays} дн.
      </Lead>
      <DataTable
        testId="stats-finals"
        data={r.classes}
        columns={classCols}
        getId={(x) => x.classId}
        searchLabel="Класс"
        height={300}
        rowClass={(x) => (x.missing + x.deferralDue + x.unpublishedLate > 0 ? 'attention' : undefined)}
        onActivate={(x) => props.open({ kind: 'class', classId: x.classId, className: x.className, from: 'finals' })}
      />
      <h2 className="stats-h2">Кто и что</h2>
      <Switch
        label="Что показать"
        value={kind}
        options={[['', `всё (${r.items.length})`], ...(Object.keys(FINALS_ITEM_LABELS) as FinalsItem['kind'][]).map((k) => [k, `${FINALS_ITEM_LABELS[k]} (${r.items.filter((i) => i.kind === k).length})`] as const)]}
        onChange={setKind}
      />
      <DataTable testId="stats-finals-items" data={items} columns={itemCols} getId={(x) => x.key} searchLabel="Ученик, предмет, класс" height={320} empty="Ничего не просрочено" />
    </>
  );
}

// ---------------------------------------------------------------- regulations

export function RegulationsView(props: ViewProps) {
  const q = useReport(props, () => api.stats.regulations({ ...(props.periodKey ? { periodKey: props.periodKey } : {}), days: props.days }));
  const r = q.data;
  const classCols = useMemo<Col<RegulationsClassRow>[]>(
    () => [
      classCol<RegulationsClassRow>(),
      num<RegulationsClassRow>('students', 'Учен.', (x) => x.students, 60, 'Учеников в классе сегодня'),
      share<RegulationsClassRow>('consentShare', 'Согл. ПД', (x) => (x.students ? x.consent / x.students : null), 84, 0.9),
      num<RegulationsClassRow>('electronic', 'Эл. форма', (x) => x.electronic, 70, 'Получают информацию в электронной форме'),
      num<RegulationsClassRow>('refusals', 'Отказы', (x) => x.refusals, 60, 'Действующие отказы от электронной формы'),
      num<RegulationsClassRow>('applications', '14+', (x) => x.applications, 50, 'Действующие заявления учеников 14 лет и старше'),
      num<RegulationsClassRow>('canApply', 'Могут 14+', (x) => x.canApply, 70, 'Ученики 14 лет и старше без электронной формы: могут подать заявление сами'),
      num<RegulationsClassRow>('paperDue', 'Бумага', (x) => x.paperDue, 60, 'Сейчас нужна бумажная информация (не реже раза в неделю)'),
      num<RegulationsClassRow>('onTime', 'В срок', (x) => x.paper.onTime, 60, 'Недель, когда выписку выдали на той же неделе'),
      num<RegulationsClassRow>('late', 'Позже', (x) => x.paper.late, 60, 'Недель, за которые выписку выдали только позже'),
      num<RegulationsClassRow>('missed', 'Не выдано', (x) => x.paper.missed, 70, 'Недель без выписки'),
      num<RegulationsClassRow>('notViewed', 'Не смотрят', (x) => x.notViewed, 70, `Представителей, не открывавших дневник ${props.days} дн. и более`),
    ],
    [props.days],
  );
  const viewCols = useMemo<Col<NotViewedItem>[]>(
    () => [
      classCol<NotViewedItem>(),
      text<NotViewedItem>('guardian', 'Представитель', (x) => x.guardianName, 2),
      text<NotViewedItem>('relation', 'Кем приходится', (x) => x.relation, undefined, 120),
      text<NotViewedItem>('students', 'Ученик', (x) => x.studentNames, 1),
      { id: 'last', header: 'Последний просмотр', size: 150, accessorFn: (x) => x.lastViewedOn ?? '', cell: (c) => (c.row.original.lastViewedOn ? ruDate(c.row.original.lastViewedOn) : <span className="tag bad">ни разу</span>) },
      { id: 'days', header: 'Дней', size: 70, accessorFn: (x) => x.days ?? 9999, cell: (c) => <span className="num-cell">{c.row.original.days ?? '—'}</span> },
    ],
    [],
  );
  const paperCols = useMemo<Col<PaperItem>[]>(
    () => [
      classCol<PaperItem>(),
      text<PaperItem>('student', 'Ученик', (x) => x.studentName, 2),
      num<PaperItem>('weeks', 'Недель', (x) => x.weeksDue, 76),
      num<PaperItem>('onTime', 'В срок', (x) => x.onTime, 70),
      num<PaperItem>('late', 'Позже', (x) => x.late, 70),
      num<PaperItem>('missed', 'Не выдано', (x) => x.missed, 90),
      { id: 'lastOn', header: 'Последняя выдача', size: 140, accessorFn: (x) => x.lastHandedOverOn ?? '', cell: (c) => ruDate(c.row.original.lastHandedOverOn) || '—' },
    ],
    [],
  );
  const [list, setList] = useState<'views' | 'paper'>('views');
  if (!r) return q.loading ? <p className="muted">Считаем…</p> : <ErrorBanner message={q.error} />;
  const s = r.school;
  return (
    <>
      <p className="stats-lead">
        На <strong>{ruDate(r.asOf)}</strong>: согласие на обработку ПД у <strong>{s.consent}</strong> из {s.students} учеников ({pct(s.students ? s.consent / s.students : null)}); отказов от электронной формы {s.refusals}, заявлений 14+ {s.applications}. Бумажная информация за недели с {ruDate(r.range.start)} по{' '}
        {ruDate(r.range.end)}: в срок {s.paper.onTime}, позже {s.paper.late}, не выдано {s.paper.missed}.
      </p>
      <DataTable
        testId="stats-regulations"
        data={r.classes}
        columns={classCols}
        getId={(x) => x.classId}
        searchLabel="Класс"
        height={300}
        rowClass={(x) => (x.paper.missed > 0 || x.noConsent + x.nonconsent + x.disputed > 0 ? 'attention' : undefined)}
        onActivate={(x) => props.open({ kind: 'class', classId: x.classId, className: x.className, from: 'regulations' })}
      />
      <div className="stats-toolbar">
        <Switch
          label="Список"
          value={list}
          options={[
            ['views', `Не смотрят дневник ${r.days}+ дн. (${r.notViewed.length})`],
            ['paper', `Бумажная информация по ученикам (${r.paper.length})`],
          ]}
          onChange={setList}
        />
      </div>
      {list === 'views' ? (
        <DataTable testId="stats-not-viewed" data={r.notViewed} columns={viewCols} getId={(x) => x.key} searchLabel="Представитель, ученик, класс" height={320} initialSort={[{ id: 'days', desc: true }]} empty="Все представители смотрят дневник" />
      ) : (
        <DataTable testId="stats-paper" data={r.paper} columns={paperCols} getId={(x) => x.key} searchLabel="Ученик, класс" height={320} empty="Бумажная информация никому не нужна" />
      )}
    </>
  );
}
