import { useState } from 'react';
import { FINAL_STATE_LABELS, type FinalBoard, type FinalCell } from '../../../../electron/contract/groups/finals';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { markClass } from '../../components/marks';
import { Toolbar } from '../../components/Toolbar';
import { FinalMarkDialog, entryText, lockWords, type CellTarget } from './FinalMarkDialog';

function cellText(c: FinalCell): string {
  if (c.state === 'assigned') return c.value ?? '';
  if (c.state === 'deferred' || c.state === 'deferral_due') return 'отср.';
  return '';
}

function cellTitle(c: FinalCell, b: FinalBoard): string {
  const parts: string[] = [FINAL_STATE_LABELS[c.state]];
  if (c.locked?.length) parts.push(`закрыта: ${lockWords(c, b)}`);
  if (c.request) parts.push(`запрос на изменение на ${entryText(c.request)} ждёт подтверждения`);
  if (c.deferral) parts.push(`до ${ruDate(c.deferral.dueOn)}: ${c.deferral.reason}${c.deferral.daysOverdue ? `; просрочена на ${c.deferral.daysOverdue} дн.` : ''}`);
  if (c.lateness?.late) parts.push(c.lateness.pending ? `не доведена до семьи, опоздание ${c.lateness.daysLate} дн.` : `доведена с опозданием ${c.lateness.daysLate} дн.`);
  if (c.forecast != null) parts.push(`прогноз ${c.forecast}`);
  return parts.join('; ');
}

/** The class's final marks for one period: students × subjects; a click opens the entry dialog. */
export function FinalBoardTab({ classId }: { classId: string }) {
  const [periodKey, setPeriodKey] = useState<string>();
  /** The cell whose dialog is open, with the column it was read from (the dialog belongs to that board). */
  const [target, setTarget] = useState<(CellTarget & { columnKey: string }) | null>(null);
  const board = useQuery(() => api.finals.board({ classId, ...(periodKey ? { periodKey } : {}) }), [classId, periodKey]);
  const b = board.data && board.data.classId === classId ? board.data : null;
  const stats = b ? count(b) : null;

  return (
    <>
      <Toolbar>
        {b && (
          <label className="inline-field">
            <span>Период</span>
            <select
              aria-label="Период"
              value={b.column.key}
              onChange={(e) => {
                setTarget(null);
                setPeriodKey(e.target.value);
              }}
            >
              {b.columns.map((c) => (
                <option key={c.key} value={c.key}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
        )}
        {b && stats && (
          <span className="muted">
            {ruDate(b.column.start)} – {ruDate(b.column.end)} · выставлено {stats.assigned} из {stats.total} · отсрочек {stats.deferred}
            {stats.due ? ` (срок наступил: ${stats.due})` : ''} · не выставлено {stats.missing} · доводится до семьи за {b.deadlineDays} дн.
            {b.today >= b.closedFrom ? ` · период закрыт с ${ruDate(b.closedFrom)}: изменения — с причиной и подтверждением` : ''}
            {stats.requested ? ` · запросов на изменение: ${stats.requested}` : ''}
          </span>
        )}
      </Toolbar>
      <ErrorBanner message={board.error} />
      {b && (
        <div className="matrix-wrap">
          <table className="matrix finals" data-testid="final-board" data-period={b.column.key}>
            <thead>
              <tr>
                <th className="name">Ученик</th>
                {b.subjects.map((s) => (
                  <th key={s.id} title={s.name}>
                    {s.shortName}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((r) => (
                <tr key={r.studentId}>
                  <th className="name">
                    {r.name}
                    {r.note && <span className="muted small"> ({r.note})</span>}
                  </th>
                  {r.cells.map((c, i) => {
                    const subject = b.subjects[i]!;
                    const text = cellText(c);
                    const cls = `fcell st-${c.state} ${markClass(c.value)}${c.lateness?.late ? ' late' : ''}`;
                    const label = `${r.name}, ${subject.name}: ${text || FINAL_STATE_LABELS[c.state]}${c.request ? ' (запрос на изменение)' : ''}`;
                    const open = () => setTarget({ studentId: r.studentId, studentName: r.name, subjectId: subject.id, subjectName: subject.name, cell: c, columnKey: b.column.key });
                    return (
                      <td key={subject.id}>
                        <button
                          type="button"
                          className={cls}
                          aria-label={label}
                          title={cellTitle(c, b)}
                          onClick={open}
                          data-locked={c.locked?.join(' ') || undefined}
                          data-requested={c.request ? 'true' : undefined}
                          style={c.request ? { outline: '2px dashed var(--warn)', outlineOffset: '-2px' } : undefined}
                        >
                          {text || (c.forecast != null ? <span className="hint">{c.forecast}</span> : '\u00a0')}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted legend">
        Серым — прогноз по отметкам периода (подсказка, не отметка). <span className="swatch st-deferred" /> отсрочка <span className="swatch st-deferral_due" /> срок
        отсрочки наступил <span className="swatch st-missing" /> не выставлена после окончания периода <span className="swatch late" /> доведена до семьи с опозданием
        или ещё не доведена после срока. <span className="swatch" style={{ outline: '2px dashed var(--warn)' }} /> запрос на изменение ждёт подтверждения заместителя
        директора или директора.
      </p>
      {b && target && target.columnKey === b.column.key && (
        <FinalMarkDialog
          board={b}
          target={target}
          onClose={() => setTarget(null)}
          onSaved={() => {
            setTarget(null);
            board.reload();
          }}
        />
      )}
    </>
  );
}

function count(b: FinalBoard) {
  let assigned = 0;
  let deferred = 0;
  let due = 0;
  let missing = 0;
  let total = 0;
  let requested = 0;
  for (const r of b.rows) {
    for (const c of r.cells) {
      total++;
      if (c.request) requested++;
      if (c.state === 'assigned') assigned++;
      else if (c.state === 'deferred') deferred++;
      else if (c.state === 'deferral_due') (deferred++, due++);
      else if (c.state === 'missing') missing++;
    }
  }
  return { assigned, deferred, due, missing, total, requested };
}
