import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import { ATTENDANCE_LABELS, LESSON_TYPE_SHORT, type ClassJournalInfo, type Grid, type GridLesson } from '../../../../electron/contract/groups/journal';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { ForecastBadge, markClass } from '../../components/marks';
import { PeriodSelect } from '../../components/PeriodSelect';
import { Toolbar } from '../../components/Toolbar';
import { formatAverage } from '../../lib/numbers';

const COL_W = 38;
const ROW_H = 28;
const NAME_W = 270;
const HEAD_H = 168;
const TAIL_W = 128;
const FIRST_RECT = { width: 1000, height: 560 };

const shortDate = (iso: string) => `${iso.slice(8, 10)}.${iso.slice(5, 7)}`;

function lessonTitle(l: GridLesson): string {
  const parts = [`${ruDate(l.date)}, ${l.lessonNo}-й урок — ${l.topic}`, `Вид: ${l.type}, вес ${String(l.weight).replace('.', ',')}`];
  if (l.teacherName) parts.push(`Учитель: ${l.teacherName}`);
  if (l.homework) parts.push(`Д/з: ${l.homework}${l.homeworkDue ? ` (к ${ruDate(l.homeworkDue)})` : ''}`);
  return parts.join('\n');
}

/** «4/5 н» → marks and the attendance mark, for colouring. */
function Cell({ text }: { text: string }) {
  if (!text) return null;
  const [marks, kind] = text.includes(' ') ? (text.split(' ') as [string, string]) : /^[нбу]$/.test(text) ? ['', text] : [text, ''];
  const values = marks ? marks.split('/') : [];
  return (
    <>
      {values.map((v, i) => (
        <span key={i} className={`mk ${markClass(v)}`}>
          {v}
        </span>
      ))}
      {kind && (
        <span className={`att att-${kind === 'н' ? 'n' : kind === 'б' ? 'b' : 'u'}`} title={ATTENDANCE_LABELS[kind as 'н' | 'б' | 'у']}>
          {kind}
        </span>
      )}
    </>
  );
}

/**
 * The journal page of a class in a subject: lessons across, students down, virtualized both
 * ways so a whole year (hundreds of lessons) scrolls smoothly. The header of each lesson shows
 * its date, type, weight and topic (vertical, in full on hover and in the bar above on click);
 * names stay at the left, the average and forecast at the right.
 */
export function MarksGrid({ info }: { info: ClassJournalInfo }) {
  const [subjectId, setSubjectId] = useState(info.subjects[0]?.id ?? '');
  const [periodId, setPeriodId] = useState('year');
  const [selected, setSelected] = useState<GridLesson | null>(null);
  const subject = info.subjects.some((s) => s.id === subjectId) ? subjectId : (info.subjects[0]?.id ?? '');
  const grid = useQuery<Grid | null>(
    () => (subject ? api.journal.grid({ classId: info.classId, subjectId: subject, ...(periodId === 'year' ? {} : { periodId }) }) : Promise.resolve(null)),
    [info.classId, subject, periodId],
  );

  return (
    <>
      <Toolbar>
        <label className="inline-field">
          <span>Предмет</span>
          <select aria-label="Предмет" value={subject} onChange={(e) => setSubjectId(e.target.value)}>
            {info.subjects.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <PeriodSelect periods={info.periods} value={periodId} onChange={setPeriodId} withYear />
        {grid.data && (
          <span className="muted">
            Учитель: {grid.data.teacherName || '—'} · уроков: {grid.data.lessons.length} · учеников: {grid.data.rows.length}
          </span>
        )}
      </Toolbar>
      <ErrorBanner message={grid.error} />
      <div className="lesson-info" aria-live="polite">
        {selected ? (
          <>
            <b>
              {ruDate(selected.date)}, {selected.lessonNo}-й урок
            </b>{' '}
            — {selected.topic} <span className="tag">{selected.type}</span> <span className="tag">вес {String(selected.weight).replace('.', ',')}</span>
            {selected.teacherName && <span className="muted"> · {selected.teacherName}</span>}
            {selected.homework && (
              <div className="small">
                Домашнее задание: {selected.homework}
                {selected.homeworkDue ? ` (к ${ruDate(selected.homeworkDue)})` : ''}
              </div>
            )}
          </>
        ) : (
          <span className="muted">Нажмите на заголовок урока, чтобы увидеть тему, вид работы и домашнее задание.</span>
        )}
      </div>
      {grid.data ? (
        grid.data.lessons.length === 0 ? (
          <div className="panel muted">Уроков по предмету за этот период в журнале нет.</div>
        ) : (
          <VirtualGrid grid={grid.data} periods={info.periods} selectedId={selected?.id} onSelect={setSelected} />
        )
      ) : (
        <div className="panel muted">{grid.loading ? 'Загрузка журнала…' : 'Выберите предмет.'}</div>
      )}
      <p className="small muted legend">
        «н» — отсутствовал, «б» — болел, «у» — уважительная причина. Вид работы (над темой): К — контрольная, П — практическая, Л — лабораторная, С —
        самостоятельная, Пр — проверочная, З — зачёт; «×2» — вес отметки. Прогноз — на {grid.data?.forecastPeriod?.name ?? 'текущий период'}.
      </p>
    </>
  );
}

function VirtualGrid(props: { grid: Grid; periods: ClassJournalInfo['periods']; selectedId: string | undefined; onSelect: (l: GridLesson) => void }) {
  const { grid } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // A first guess of the grid's box, so the first render already has rows (measured right after).
  const rowV = useVirtualizer({ count: grid.rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 8, initialRect: FIRST_RECT });
  const colV = useVirtualizer({ horizontal: true, count: grid.lessons.length, getScrollElement: () => scrollRef.current, estimateSize: () => COL_W, overscan: 6, initialRect: FIRST_RECT });
  const periodStarts = useMemo(() => {
    const starts = new Set<number>();
    grid.lessons.forEach((l, i) => {
      if (i === 0 || l.periodId !== grid.lessons[i - 1]!.periodId) starts.add(i);
    });
    return starts;
  }, [grid.lessons]);
  const periodName = new Map(props.periods.map((p) => [p.id, p.name]));
  const width = NAME_W + colV.getTotalSize() + TAIL_W;
  const cols = colV.getVirtualItems();

  return (
    <div className="jgrid" ref={scrollRef} tabIndex={0} data-testid="journal-grid" role="grid" aria-label={`Журнал: ${grid.subjectName}`} aria-rowcount={grid.rows.length + 1}>
      <div style={{ width, height: HEAD_H + rowV.getTotalSize(), position: 'relative' }}>
        <div className="jgrid-head" style={{ width, height: HEAD_H }} role="row">
          <div className="jgrid-corner" style={{ width: NAME_W, height: HEAD_H }} role="columnheader">
            <div className="jgrid-subject">{grid.subjectName}</div>
            <div className="muted small">Ученик</div>
          </div>
          {cols.map((vc) => {
            const l = grid.lessons[vc.index]!;
            const first = periodStarts.has(vc.index);
            return (
              <div
                key={l.id}
                role="columnheader"
                className={`jgrid-hcell${first ? ' period-start' : ''}${l.type !== 'урок' ? ' typed' : ''}${props.selectedId === l.id ? ' selected' : ''}`}
                style={{ left: NAME_W + vc.start, width: COL_W, height: HEAD_H }}
                title={lessonTitle(l)}
                onClick={() => props.onSelect(l)}
              >
                <div className="jgrid-date">{shortDate(l.date)}</div>
                <div className="jgrid-type">{l.type === 'урок' ? '' : LESSON_TYPE_SHORT[l.type]}</div>
                <div className="jgrid-weight">{l.weight !== 1 ? `×${String(l.weight).replace('.', ',')}` : ''}</div>
                <div className="jgrid-topic">{l.topic}</div>
              </div>
            );
          })}
          {cols
            .filter((vc) => periodStarts.has(vc.index) && grid.lessons[vc.index]!.periodId)
            .map((vc) => (
              <div key={`p${vc.index}`} className="jgrid-period" style={{ left: NAME_W + vc.start + 4 }} aria-hidden="true">
                {periodName.get(grid.lessons[vc.index]!.periodId!)}
              </div>
            ))}
          <div className="jgrid-spacer" />
          <div className="jgrid-tail" style={{ width: TAIL_W, height: HEAD_H }} role="columnheader">
            <div>Ср. балл</div>
            <div>Прогноз</div>
          </div>
        </div>
        {rowV.getVirtualItems().map((vr) => {
          const r = grid.rows[vr.index]!;
          return (
            <div key={r.studentId} className={`jgrid-row${vr.index % 2 ? ' odd' : ''}`} style={{ top: HEAD_H + vr.start, width, height: ROW_H }} role="row">
              <div className="jgrid-name" style={{ width: NAME_W }} role="rowheader" title={r.name}>
                <span className="muted">{vr.index + 1}.</span> {r.name}
                {r.leftOn && <span className="muted small"> (выбыл {ruDate(r.leftOn)})</span>}
              </div>
              {cols.map((vc) => {
                const l = grid.lessons[vc.index]!;
                const out = l.date < r.enrolledOn || (r.leftOn !== undefined && l.date >= r.leftOn);
                return (
                  <div
                    key={l.id}
                    role="gridcell"
                    className={`jgrid-cell${periodStarts.has(vc.index) ? ' period-start' : ''}${out ? ' out' : ''}`}
                    style={{ left: NAME_W + vc.start, width: COL_W }}
                  >
                    <Cell text={r.cells[vc.index] ?? ''} />
                  </div>
                );
              })}
              <div className="jgrid-spacer" />
              <div className="jgrid-tail" style={{ width: TAIL_W }} role="gridcell">
                <span className="avg">{formatAverage(r.average)}</span>
                <span title={r.forecast.risks.length ? 'Риск: см. «Прогноз и риски»' : undefined}>
                  <ForecastBadge f={r.forecast} />
                  {r.forecast.risks.some((k) => k !== 'few_marks') && <span className="risk-dot" aria-label="в зоне риска">!</span>}
                </span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

