import { useEffect, useMemo } from 'react';
import {
  STUDENT_CATEGORY_LABELS,
  type FulfilmentRow,
  type ResultRow,
  type StudentCategory,
  type StudentResultRow,
  type StudentSubjectRow,
} from '../../../../electron/contract/groups/stats';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { deltaPct, pct, sortable, trendClass } from './format';
import { formatAverage } from '../../lib/numbers';
import { periodLabel, type TabId, type ViewProps } from './views';
import { BASIS_CAPTION, fulfilmentColumns, num, resultColumns, text } from './tables';

type Col<T> = ColumnDef<T, any>;

const CATEGORY_TAG: Record<StudentCategory, string> = { excellent: 'ok', good: 'ok', oneThree: '', three: '', failing: 'bad', incomplete: 'warn', exempt: '', left: '' };

export function ClassView(props: ViewProps & { classId: string; from: TabId }) {
  const q = useQuery(() => api.stats.classStats({ classId: props.classId, ...(props.periodKey ? { periodKey: props.periodKey } : {}) }), [props.classId, props.periodKey]);
  const c = q.data;
  const onPeriods = props.onPeriods;
  useEffect(() => {
    if (c) onPeriods(c.period, c.periods, 'class');
  }, [c, onPeriods]);
  const withPrev = Boolean(c?.subjects.some((s) => s.prev));
  const subjectCols = useMemo<Col<ResultRow>[]>(
    () => [
      {
        id: 'subject',
        header: 'Предмет',
        meta: { grow: 2 },
        accessorFn: (x) => x.subjectName ?? x.label,
        cell: (cell) => <span title={cell.row.original.teacherName ? `Учитель: ${cell.row.original.teacherName}` : undefined}>{cell.getValue() as string}</span>,
      },
      // «Учеников» of a subject is the class's students (on the card above): not repeated per row.
      ...resultColumns(withPrev, 'subject').filter((x) => x.id !== 'enrolled'),
    ],
    [withPrev],
  );
  const studentCols = useMemo<Col<StudentResultRow>[]>(
    () => [
      text<StudentResultRow>('name', 'Ученик', (x) => x.name, undefined, 235),
      {
        id: 'category',
        header: 'Итог',
        size: 128,
        accessorFn: (x) => STUDENT_CATEGORY_LABELS[x.category],
        cell: (cell) => <span className={`tag ${CATEGORY_TAG[cell.row.original.category]}`}>{cell.getValue() as string}</span>,
      },
      num<StudentResultRow>('n5', '«5»', (x) => x.n5, 50),
      num<StudentResultRow>('n4', '«4»', (x) => x.n4, 50),
      num<StudentResultRow>('n3', '«3»', (x) => x.n3, 50),
      num<StudentResultRow>('n2', '«2»', (x) => x.n2, 50),
      num<StudentResultRow>('na', 'н/а', (x) => x.na, 50),
      num<StudentResultRow>('noMark', 'Без отм.', (x) => x.noMark, 70),
      { id: 'avg', header: () => <span title="Средняя итоговая отметка за период">Ср. итог.</span>, size: 82, accessorFn: (x) => sortable(x.average), cell: (cell) => <span className="num-cell">{formatAverage(cell.row.original.average)}</span> },
      { id: 'cur', header: () => <span title="Средневзвешенная текущих отметок за период">Ср. тек.</span>, size: 82, accessorFn: (x) => sortable(x.currentAverage), cell: (cell) => <span className="num-cell">{formatAverage(cell.row.original.currentAverage)}</span> },
      num<StudentResultRow>('absences', 'Проп.', (x) => x.absences, 60, 'Пропущено уроков за период (н, б, у)'),
      text<StudentResultRow>('failing', 'Неуспевание', (x) => x.failingSubjects.join(', '), 1),
      text<StudentResultRow>('note', 'Примечание', (x) => x.note, 1),
    ],
    [],
  );
  const fulfilCols = useMemo<Col<FulfilmentRow>[]>(
    () => [text<FulfilmentRow>('subject', 'Предмет', (x) => x.subjectName, 2), text<FulfilmentRow>('teacher', 'Учитель', (x) => x.teacherName, 1), ...fulfilmentColumns<FulfilmentRow>()],
    [],
  );
  if (!c) return q.loading ? <p className="muted">Считаем…</p> : <ErrorBanner message={q.error} />;
  const f = c.result.figures;
  const p = c.result.prev;
  return (
    <div data-testid="stats-class">
      <h2 className="stats-h2">
        {c.className} класс — {periodLabel(c.period)}
      </h2>
      <p className="stats-lead">
        Классный руководитель: {c.classTeacherName || '—'}. По состоянию на {ruDate(c.asOf)}.
      </p>
      <div className="figures compact" aria-label="Показатели класса">
        <div className="figure">
          <span className="figure-label">Успеваемость, доля учеников</span>
          <span className="figure-value">
            {pct(f.success)}
            <span className={`figure-delta ${trendClass(f.success, p?.success)}`}>{deltaPct(f.success, p?.success)}</span>
          </span>
        </div>
        <div className="figure">
          <span className="figure-label">Качество знаний, доля учеников</span>
          <span className="figure-value">
            {pct(f.quality)}
            <span className={`figure-delta ${trendClass(f.quality, p?.quality)}`}>{deltaPct(f.quality, p?.quality)}</span>
          </span>
        </div>
        <div className="figure">
          <span className="figure-label">СОУ, по отметкам</span>
          <span className="figure-value">{pct(f.sou)}</span>
        </div>
        <div className="figure">
          <span className="figure-label">Средний балл, по отметкам</span>
          <span className="figure-value">{formatAverage(f.average)}</span>
        </div>
        <div className="figure wide">
          <span className="figure-label">Ученики: {c.result.students?.enrolled ?? c.students.length}, в расчёте N = {c.result.students?.N ?? 0}</span>
          <span className="figure-sub">
            {(Object.keys(STUDENT_CATEGORY_LABELS) as StudentCategory[])
              .filter((k) => c.categories[k] > 0)
              .map((k) => `${STUDENT_CATEGORY_LABELS[k]}: ${c.categories[k]}`)
              .join(' · ') || 'отметок нет'}
          </span>
        </div>
      </div>
      <h3>Ученики</h3>
      <DataTable
        testId="stats-class-students"
        data={c.students}
        columns={studentCols}
        getId={(x) => x.studentId}
        searchLabel="Ученик"
        height={Math.min(420, 40 + c.students.length * 30)}
        initialSort={[{ id: 'name', desc: false }]}
        rowClass={(x) => (x.category === 'failing' ? 'attention' : x.category === 'left' ? 'dim' : undefined)}
        onActivate={(x) => props.open({ kind: 'student', classId: c.classId, className: c.className, studentId: x.studentId, studentName: x.name, from: props.from })}
        empty="В этом периоде в классе не было учеников"
      />
      <p className="muted small">Enter или щелчок по строке — все итоговые отметки ученика, текущие отметки и пропуски по предметам.</p>
      <h3>Предметы</h3>
      <p className="muted small">{BASIS_CAPTION.subject}</p>
      <DataTable testId="stats-class-subjects" data={c.subjects} columns={subjectCols} getId={(x) => x.key} height={Math.min(420, 40 + c.subjects.length * 30)} empty="Отметок по предметам нет" />
      <h3>Выполнение учебного плана</h3>
      <DataTable testId="stats-class-fulfilment" data={c.fulfilment} columns={fulfilCols} getId={(x) => x.key} height={Math.min(420, 40 + c.fulfilment.length * 30)} rowClass={(x) => (x.lag >= 3 ? 'attention' : undefined)} />
    </div>
  );
}

export function StudentView(props: ViewProps & { studentId: string }) {
  const q = useQuery(() => api.stats.studentStats({ studentId: props.studentId, ...(props.periodKey ? { periodKey: props.periodKey } : {}) }), [props.studentId, props.periodKey]);
  const s = q.data;
  const onPeriods = props.onPeriods;
  useEffect(() => {
    if (s) onPeriods(s.period);
  }, [s, onPeriods]);
  const columns = useMemo<Col<StudentSubjectRow>[]>(() => {
    if (!s) return [];
    return [
      text<StudentSubjectRow>('subject', 'Предмет', (x) => x.subjectName, 2),
      text<StudentSubjectRow>('teacher', 'Учитель', (x) => x.teacherName, 1),
      ...s.columns.map<Col<StudentSubjectRow>>((k, i) => ({
        id: `f${i}`,
        header: () => <span title={k.title}>{k.short}</span>,
        size: 58,
        accessorFn: (x) => x.finals[i] ?? '',
        cell: (cell) => {
          const v = (cell.getValue() as string) || '';
          return <span className={`mk m${/^[1-5]$/.test(v) ? v : ''}`}>{v || '—'}</span>;
        },
      })),
      num<StudentSubjectRow>('marks', 'Отметок', (x) => x.marks, 72),
      { id: 'avg', header: 'Ср. текущ.', size: 104, accessorFn: (x) => sortable(x.average), cell: (cell) => <span className="num-cell">{formatAverage(cell.row.original.average)}</span> },
      num<StudentSubjectRow>('held', 'Уроков', (x) => x.held, 66),
      num<StudentSubjectRow>('absent', 'н', (x) => x.absent, 44, 'Пропуски без уважительной причины'),
      num<StudentSubjectRow>('ill', 'б', (x) => x.ill, 44, 'Болел'),
      num<StudentSubjectRow>('excused', 'у', (x) => x.excused, 44, 'Уважительная причина'),
    ];
  }, [s]);
  if (!s) return q.loading ? <p className="muted">Считаем…</p> : <ErrorBanner message={q.error} />;
  return (
    <div data-testid="stats-student">
      <h2 className="stats-h2">
        {s.name}, {s.className} класс
      </h2>
      <p className="stats-lead">
        Итоговые отметки по всем периодам; текущие отметки и пропуски — за «{s.period.title}». {s.note && <strong>{s.note}.</strong>}
      </p>
      <DataTable testId="stats-student-subjects" data={s.subjects} columns={columns} getId={(x) => x.subjectId} height={Math.min(560, 40 + s.subjects.length * 30)} />
    </div>
  );
}
