import type { ColumnDef } from '../../components/DataTable';
import type { FulfilmentFigures, ResultRow } from '../../../../electron/contract/groups/stats';
import { deltaPct, pct, sortable, trendClass } from './format';
import { formatAverage } from '../../lib/numbers';

/** Column sets shared by the statistics tables. */

type Col<T> = ColumnDef<T, any>;

/** Wide enough for the header in bold 12px with the sort mark. */
export function fit(header: string, size: number): number {
  return Math.max(size, Math.round(header.length * 7.6 + 30));
}

export function num<T>(id: string, header: string, get: (r: T) => number, size = 64, title?: string): Col<T> {
  return { id, header: () => <span title={title ?? header}>{header}</span>, accessorFn: get, size: fit(header, size), cell: (c) => <span className="num-cell">{c.getValue() as number}</span> };
}

export function share<T>(id: string, header: string, get: (r: T) => number | null, size = 92, warnBelow?: number, title?: string): Col<T> {
  return {
    id,
    header: title ? () => <span title={title}>{header}</span> : header,
    size: fit(header, size),
    accessorFn: (r) => sortable(get(r)),
    cell: (c) => {
      const v = get(c.row.original);
      const warn = warnBelow !== undefined && v !== null && v < warnBelow;
      return <span className={`num-cell${warn ? ' bad-text' : ''}`}>{pct(v)}</span>;
    },
  };
}

export function text<T>(id: string, header: string, get: (r: T) => string, grow?: number, size?: number): Col<T> {
  return { id, header, accessorFn: get, ...(grow ? { meta: { grow } } : {}), ...(size ? { size } : {}) };
}

/**
 * What the counts of a results table are: «students» — class, parallel, school rows, each student
 * once by all his marks; «subject» — subject rows, the students with the subject; «marks» — a
 * teacher's rows, each student once per subject.
 */
export type ResultsBasis = 'students' | 'subject' | 'marks';

/** The line above a results table that says what its shares are of. */
export const BASIS_CAPTION: Record<ResultsBasis, string> = {
  students:
    'Успеваемость и качество — доля учеников: каждый ученик считается один раз по всем своим итоговым отметкам периода (успевающий — все «3» и выше, «н/а» — против; на «4» и «5» — все отметки «4» или «5»). СОУ и средний балл — по отметкам.',
  subject: 'По предмету: доля учеников, изучающих предмет (каждый один раз). «н/а» и ученики без отметки входят в N, освобождённые и выбывшие — нет.',
  marks: 'По учителю — по отметкам: каждый ученик считается по разу в каждом предмете учителя.',
};

const figureColumns = (basis: ResultsBasis): Col<ResultRow>[] => {
  const of = basis === 'marks' ? 'доля отметок' : 'доля учеников';
  return [
    share('success', 'Успеваемость', (r) => r.figures.success, 104, 0.95, `Успеваемость, ${of}: все итоговые отметки «3» и выше`),
    share('quality', 'Качество', (r) => r.figures.quality, 84, undefined, `Качество знаний, ${of}: все итоговые отметки «4» и «5»`),
    share('sou', 'СОУ', (r) => r.figures.sou, 72, undefined, 'Степень обученности, по отметкам (веса школы)'),
    { id: 'average', header: () => <span title="Средний балл итоговых отметок">Балл</span>, size: fit('Балл', 64), accessorFn: (r) => sortable(r.figures.average), cell: (c) => <span className="num-cell">{formatAverage(c.row.original.figures.average)}</span> },
  ];
};

/** Figures of results with the change against the previous period. */
export function resultColumns(withPrev: boolean, basis: ResultsBasis = 'subject'): Col<ResultRow>[] {
  const st = (r: ResultRow) => r.students ?? { enrolled: 0, left: 0, exempt: 0, N: 0, excellent: 0, good: 0, withThree: 0, failing: 0, incomplete: 0 };
  const cols: Col<ResultRow>[] =
    basis === 'students'
      ? [
          num('enrolled', 'Учеников', (r) => st(r).enrolled, 78, 'Учеников в классе в периоде (каждый один раз)'),
          num('left', 'Выб.', (r) => st(r).left, 52, 'Выбыли до конца периода: не входят в N'),
          num('exempt', 'Осв.', (r) => st(r).exempt, 52, 'Освобождены от всех предметов: не входят в N'),
          num('N', 'N', (r) => st(r).N, 58, 'N = учеников − выбывшие − освобождённые от всех предметов'),
          num('excellent', 'Отл.', (r) => st(r).excellent, 54, 'Отличники: все итоговые отметки «5»'),
          num('good', '4 и 5', (r) => st(r).good, 60, 'На «4» и «5»: все отметки «4» или «5», хотя бы одна «4»'),
          num('withThree', 'С «3»', (r) => st(r).withThree, 58, 'Успевающие с «3»'),
          num('failing', 'Неусп.', (r) => st(r).failing, 64, 'Неуспевающие: хотя бы одна «2», «1» или «н/а»'),
          num('incomplete', 'Не все', (r) => st(r).incomplete, 60, 'Есть предмет без итоговой отметки (отсрочка или не выставлена): входят в N, но не в успевающие'),
          ...figureColumns(basis),
        ]
      : [
          num('enrolled', basis === 'marks' ? 'Отметок' : 'Учеников', (r) => r.dist.enrolled, 78, basis === 'marks' ? 'Ученики × предметы учителя' : 'Учеников с этим предметом в периоде'),
          num('left', 'Выб.', (r) => r.dist.left, 52, 'Выбыли до конца периода: не входят в N'),
          num('exempt', 'Осв.', (r) => r.dist.exempt, 52, 'Освобождены («осв.»): не входят в N'),
          num('N', 'N', (r) => r.dist.N, 58, 'N = учеников − выбывшие − освобождённые'),
          num('n5', '«5»', (r) => r.dist.n5, 54),
          num('n4', '«4»', (r) => r.dist.n4, 54),
          num('n3', '«3»', (r) => r.dist.n3, 54),
          num('n2', '«2»', (r) => r.dist.n2 + r.dist.n1, 54, '«2» и «1»'),
          num('na', 'н/а', (r) => r.dist.na, 50, 'Не аттестованы: входят в N'),
          num('noMark', 'Без отм.', (r) => r.dist.noMark, 70, 'Отметки ещё нет (отсрочка или не выставлена): входят в N'),
          ...figureColumns(basis),
        ];
  if (withPrev) {
    cols.push({
      id: 'dq',
      header: () => <span title="Изменение качества по сравнению с предыдущим периодом, процентных пунктов">Δ кач.</span>,
      size: 66,
      accessorFn: (r) => (r.prev?.quality !== null && r.prev?.quality !== undefined && r.figures.quality !== null ? r.figures.quality - r.prev.quality : 0),
      cell: (c) => {
        const r = c.row.original;
        return <span className={`num-cell delta ${trendClass(r.figures.quality, r.prev?.quality)}`}>{deltaPct(r.figures.quality, r.prev?.quality)}</span>;
      },
    });
    cols.push({
      id: 'ds',
      header: () => <span title="Изменение успеваемости по сравнению с предыдущим периодом, процентных пунктов">Δ усп.</span>,
      size: 66,
      accessorFn: (r) => (r.prev?.success !== null && r.prev?.success !== undefined && r.figures.success !== null ? r.figures.success - r.prev.success : 0),
      cell: (c) => {
        const r = c.row.original;
        return <span className={`num-cell delta ${trendClass(r.figures.success, r.prev?.success)}`}>{deltaPct(r.figures.success, r.prev?.success)}</span>;
      },
    });
  }
  return cols;
}

export function fulfilmentColumns<T extends FulfilmentFigures>(): Col<T>[] {
  return [
    num<T>('planPeriod', 'План', (r) => r.planPeriod, 64, 'Часов по плану на весь период'),
    num<T>('planToDate', 'План к дате', (r) => r.planToDate, 88, 'Часов по плану до дня отчёта'),
    num<T>('held', 'Проведено', (r) => r.held, 84),
    share<T>('share', 'Выполнение', (r) => r.share, 96, 0.97),
    {
      id: 'lag',
      header: () => <span title="План к дате − проведено: уроков не хватает (минус — проведено больше)">Отставание</span>,
      size: fit('Отставание', 94),
      accessorFn: (r) => r.lag,
      cell: (c) => {
        const v = c.getValue() as number;
        return <span className={`num-cell${v >= 3 ? ' bad-text' : v > 0 ? ' warn-text' : ''}`}>{v > 0 ? v : v < 0 ? `−${-v}` : '0'}</span>;
      },
    },
    num<T>('subs', 'Замены', (r) => r.substitutions, 70, 'Уроков дал заменяющий учитель'),
    num<T>('moved', 'Перенос', (r) => r.moved, 70, 'Уроков перенесено на это время'),
    num<T>('cancelled', 'Отмена', (r) => r.cancelled, 66, 'Отменённых уроков'),
  ];
}
