import { useState } from 'react';
import { FINAL_STATE_LABELS, type FinalBoard, type FinalCell } from '../../../../electron/contract/groups/finals';
import { FINAL_VALUES, type FinalValue } from '../../../../electron/contract/entities/journal';
import { ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { Dialog, ErrorBanner, Field } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';

function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface CellTarget {
  studentId: string;
  studentName: string;
  subjectId: string;
  subjectName: string;
  cell: FinalCell;
}

/** Entering a final mark, «н/а», «осв.», or a deferral with its reason and date; the cell's history. */
export function FinalMarkDialog(props: { board: FinalBoard; target: CellTarget; onClose: () => void; onSaved: () => void }) {
  const { board, target } = props;
  const { cell } = target;
  const col = board.column;
  const ref = { classId: board.classId, studentId: target.studentId, subjectId: target.subjectId, periodKey: col.key };
  const [mode, setMode] = useState<'mark' | 'deferral'>('mark');
  const [value, setValue] = useState<FinalValue | null>(cell.value ?? (cell.forecast ? (String(cell.forecast) as FinalValue) : null));
  const [reason, setReason] = useState(cell.deferral?.reason ?? '');
  const [dueOn, setDueOn] = useState(addDays(board.today, 14));
  const [knownOn, setKnownOn] = useState(board.today < col.start ? col.start : board.today);
  const history = useQuery(() => api.finals.history(ref), [board.classId, target.studentId, target.subjectId, col.key]);

  const save = useAction(async (clear = false) => {
    await api.finals.set({
      ...ref,
      value: clear || mode === 'deferral' ? null : value,
      ...(mode === 'deferral' && !clear ? { deferral: { reason, dueOn } } : {}),
      knownOn,
    });
    props.onSaved();
  });
  const publish = useAction(async () => {
    if (!cell.entryId) return;
    await api.finals.markPublished({ classId: board.classId, entryIds: [cell.entryId], publishedOn: board.today });
    props.onSaved();
  });

  return (
    <Dialog title={`Итоговая отметка: ${col.title}`} onClose={props.onClose}>
      <p>
        <b>{target.studentName}</b>, {target.subjectName}
        <br />
        <span className="muted small">
          Сейчас: {FINAL_STATE_LABELS[cell.state]}
          {cell.value ? ` — «${cell.value}»` : ''}
          {cell.deferral ? ` до ${ruDate(cell.deferral.dueOn)} (${cell.deferral.reason})` : ''}
          {cell.forecast != null ? `. Прогноз по отметкам периода: ${cell.forecast}` : ''}
        </span>
      </p>
      {cell.lateness && (
        <p className={cell.lateness.late ? 'warn small' : 'small muted'}>
          Довести до семьи до {ruDate(cell.lateness.deadline)} (не позже {board.deadlineDays} дн. после получения результата).{' '}
          {cell.lateness.publishedOn ? `Доведена ${ruDate(cell.lateness.publishedOn)}` : 'Ещё не доведена'}
          {cell.lateness.late ? `, опоздание ${cell.lateness.daysLate} дн.` : '.'}
        </p>
      )}
      {board.canEdit ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <div className="segmented" role="radiogroup" aria-label="Что выставить">
            <label className="check">
              <input type="radio" name="mode" checked={mode === 'mark'} onChange={() => setMode('mark')} /> Отметка
            </label>
            <label className="check">
              <input type="radio" name="mode" checked={mode === 'deferral'} onChange={() => setMode('deferral')} /> Отсрочка (болезнь)
            </label>
          </div>
          {mode === 'mark' ? (
            <div className="field">
              <span className="field-label" id="final-value-label">
                Отметка
              </span>
              <div className="value-buttons" role="radiogroup" aria-labelledby="final-value-label">
                {FINAL_VALUES.map((v) => (
                  <button key={v} type="button" role="radio" aria-checked={value === v} className={value === v ? 'primary' : undefined} onClick={() => setValue(v)}>
                    {v}
                  </button>
                ))}
              </div>
              {save.problemAt('value') && <span className="field-error">{save.problemAt('value')}</span>}
            </div>
          ) : (
            <div className="row">
              <Field label="Причина отсрочки" error={save.problemAt('deferral.reason') ?? save.problemAt('deferral')}>
                <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="болезнь, справка № …" required minLength={3} />
              </Field>
              <Field label="Отметка должна быть выставлена до" error={save.problemAt('deferral.dueOn')}>
                <input type="date" value={dueOn} onChange={(e) => setDueOn(e.target.value)} required />
              </Field>
            </div>
          )}
          <Field label="Дата получения результата" hint="От неё считается срок доведения до семьи" error={save.problemAt('knownOn')}>
            <input type="date" value={knownOn} onChange={(e) => setKnownOn(e.target.value)} required />
          </Field>
          <div className="row">
            <button type="submit" className="primary" disabled={save.busy || (mode === 'mark' && value === null)}>
              Сохранить
            </button>
            <button type="button" onClick={props.onClose}>
              Отмена
            </button>
            {cell.entryId && cell.value && !cell.lateness?.publishedOn && (
              <button type="button" disabled={publish.busy} onClick={() => void publish.run()} title="Отметка сообщена семье (выписка, дневник)">
                Доведена до семьи сегодня
              </button>
            )}
            {(cell.state === 'assigned' || cell.state === 'deferred' || cell.state === 'deferral_due') && (
              <button type="button" className="danger" disabled={save.busy} onClick={() => void save.run(true)}>
                Снять
              </button>
            )}
          </div>
          <ErrorBanner message={save.error ?? publish.error} />
        </form>
      ) : (
        <p className="muted">Итоговые отметки выставляют классный руководитель и канцелярия; вам доступен просмотр.</p>
      )}
      <h3>История</h3>
      {history.data && history.data.length === 0 && <p className="muted small">Записей ещё нет.</p>}
      {history.data && history.data.length > 0 && (
        <table className="plain small">
          <tbody>
            {history.data.map((h) => (
              <tr key={h.id} className={h.invalid ? 'invalid' : undefined} data-invalid={h.invalid ? 'true' : undefined}>
                <td className="nowrap">{ruDateTime(h.enteredAt)}</td>
                <td>{h.value ? `«${h.value}»` : h.deferral ? `отсрочка до ${ruDate(h.deferral.dueOn)}: ${h.deferral.reason}` : 'снята'}</td>
                <td>{h.enteredByName}</td>
                <td className="muted">
                  {h.invalid ? <strong className="error-text">недействительна: логин автора стал известен посторонним</strong> : h.publishedAt ? `доведена ${ruDateTime(h.publishedAt).slice(0, 10)}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}
