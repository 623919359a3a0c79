import { useState } from 'react';
import { FINAL_STATE_LABELS, REQUEST_STATUS_LABELS, type FinalBoard, type FinalCell, type FinalChangeRequestView, type FinalEntryView } from '../../../../electron/contract/groups/finals';
import { FINAL_VALUES, type FinalValue } from '../../../../electron/contract/entities/journal';
import { AppError } from '../../../../electron/contract/errors';
import { ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { Dialog, ErrorBanner, Field, Notice } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { DateField } from '../../components/DateField';
import { addDays } from '../../lib/days';

/** Problems the form shows at their fields. */
const SHOWN_AT_FIELDS = new Set(['value', 'deferral', 'deferral.reason', 'deferral.dueOn', 'knownOn', 'reason']);

export interface CellTarget {
  studentId: string;
  studentName: string;
  subjectId: string;
  subjectName: string;
  cell: FinalCell;
}

/** ««4»», «отсрочка до 20.01.2027», «снята». */
export function entryText(e: { value: FinalValue | null; deferral?: { dueOn: string } | undefined }): string {
  if (e.value) return `«${e.value}»`;
  if (e.deferral) return `отсрочка до ${ruDate(e.deferral.dueOn)}`;
  return 'снята';
}

/** The notes of a history row: why it was changed, who confirmed it, when it reached the family. */
function historyNotes(h: FinalEntryView): string[] {
  const out: string[] = [];
  if (h.reason) out.push(`причина: ${h.reason}`);
  if (h.confirmedByName) out.push(`подтвердил(а) ${h.confirmedByName} ${ruDateTime(h.confirmedAt)}`);
  if (!h.invalid && h.publishedAt) out.push(`доведена ${ruDateTime(h.publishedAt).slice(0, 10)}`);
  return out;
}

/** Why a mark is locked, in words. */
export function lockWords(cell: FinalCell, board: Pick<FinalBoard, 'closedFrom'>): string {
  const parts: string[] = [];
  if (cell.locked?.includes('closed')) parts.push(`период закрыт с ${ruDate(board.closedFrom)}`);
  if (cell.locked?.includes('published')) parts.push(cell.lateness?.publishedOn ? `отметка доведена до семьи ${ruDate(cell.lateness.publishedOn)}` : 'отметка доведена до семьи');
  return parts.join(', ');
}

/**
 * Entering a final mark, «н/а», «осв.», or a deferral with its reason and date; the cell's history
 * and change requests. A locked mark (period closed, or already with the family) changes only with
 * a reason: the class teacher sends a request, the director or a deputy confirms it (or changes
 * the mark himself with a reason). A mark before its period ends asks for confirmation first.
 */
export function FinalMarkDialog(props: { board: FinalBoard; target: CellTarget; onClose: () => void; onSaved: () => void }) {
  const { board, target } = props;
  const { cell } = target;
  const col = board.column;
  const ref = { classId: board.classId, studentId: target.studentId, subjectId: target.subjectId, periodKey: col.key };
  const locked = (cell.locked?.length ?? 0) > 0;
  const [mode, setMode] = useState<'mark' | 'deferral'>('mark');
  const [value, setValue] = useState<FinalValue | null>(cell.value ?? (cell.forecast ? (String(cell.forecast) as FinalValue) : null));
  const [reason, setReason] = useState(cell.deferral?.reason ?? '');
  const [changeReason, setChangeReason] = useState('');
  const [dueOn, setDueOn] = useState(() => {
    const d = addDays(board.today, 14);
    return d > board.yearEnd ? board.yearEnd : d;
  });
  const [knownOn, setKnownOn] = useState(board.today < col.start ? col.start : board.today);
  const [sent, setSent] = useState<FinalChangeRequestView | null>(null);
  const history = useQuery(() => api.finals.history(ref), [board.classId, target.studentId, target.subjectId, col.key]);
  const requests = useQuery(
    () => api.finals.requests({ classId: board.classId, cell: { studentId: target.studentId, subjectId: target.subjectId, periodKey: col.key } }),
    [board.classId, target.studentId, target.subjectId, col.key],
  );

  const [early, setEarly] = useState<string | null>(null);
  const save = useAction(async (opts: { clear?: boolean; confirmEarly?: boolean } = {}) => {
    setEarly(null);
    const entry = {
      ...ref,
      value: opts.clear || mode === 'deferral' ? null : value,
      ...(mode === 'deferral' && !opts.clear ? { deferral: { reason, dueOn } } : {}),
      knownOn,
      ...(opts.confirmEarly ? { confirmEarly: true } : {}),
    };
    try {
      if (locked && !board.canConfirm) {
        setSent(await api.finals.requestChange({ ...entry, reason: changeReason }));
        requests.reload();
        return;
      }
      await api.finals.set({ ...entry, ...(locked ? { reason: changeReason } : {}) });
    } catch (e) {
      // The period is not over: the core asks whether to set the mark early.
      if (e instanceof AppError && e.problems?.some((p) => p.path === 'confirmEarly')) {
        setEarly(e.message);
        return;
      }
      throw e;
    }
    props.onSaved();
  });
  const [lastClear, setLastClear] = useState(false);
  const run = (clear = false, confirmEarly = false) => {
    setLastClear(clear);
    void save.run({ clear, confirmEarly });
  };
  const publish = useAction(async () => {
    if (!cell.entryId) return;
    await api.finals.markPublished({ classId: board.classId, entryIds: [cell.entryId], publishedOn: board.today });
    props.onSaved();
  });
  const decide = useAction(async (requestId: string, decision: 'confirm' | 'refuse') => {
    await api.finals.decide({ classId: board.classId, requestId, decision });
    props.onSaved();
  });
  const pending = requests.data?.find((r) => r.status === 'pending');
  const canPublish = Boolean(cell.entryId && cell.value && !cell.lateness?.publishedOn);

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
      {pending && (
        <div data-testid="pending-request">
          <Notice kind="warn">
            Запрос на изменение: {entryText({ value: pending.fromValue })} → {entryText(pending)}. Причина: {pending.reason}. Запросил(а) {pending.requestedByName}{' '}
            {ruDateTime(pending.requestedAt)}; ждёт подтверждения заместителя директора или директора.
            {pending.invalid ? ' Запрос недействителен: логин автора стал известен посторонним.' : ''}
          </Notice>
          {board.canConfirm && (
            <div className="row">
              <button type="button" className="primary" disabled={decide.busy || pending.invalid} onClick={() => void decide.run(pending.id, 'confirm')}>
                Подтвердить изменение
              </button>
              <button type="button" disabled={decide.busy} onClick={() => void decide.run(pending.id, 'refuse')}>
                Отклонить
              </button>
            </div>
          )}
          <ErrorBanner message={decide.error} />
        </div>
      )}
      {sent && (
        <Notice kind="ok">
          Запрос отправлен: {entryText({ value: sent.fromValue })} → {entryText(sent)}. Отметка изменится, когда его подтвердит заместитель директора или директор
          (раздел «Итоговые отметки», вкладка «Запросы на изменение»).
        </Notice>
      )}
      {board.canEdit && !pending && !sent ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            run();
          }}
        >
          {locked && (
            <Notice kind="warn">
              Отметка закрыта: {lockWords(cell, board)}. Изменить её можно только с указанием причины
              {board.canConfirm ? ' — изменение будет записано с вашим подтверждением.' : ' и с подтверждением заместителя директора или директора: будет отправлен запрос.'}
            </Notice>
          )}
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
                <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="болезнь, справка № …" />
              </Field>
              <Field label="Отметка должна быть выставлена до" hint={`Не позже конца учебного года — ${ruDate(board.yearEnd)}`}>
                <DateField value={dueOn} min={addDays(board.today, 1)} max={board.yearEnd} onChange={setDueOn} aria-label="Отметка должна быть выставлена до" required error={save.problemAt('deferral.dueOn')} />
              </Field>
            </div>
          )}
          <Field label="Дата получения результата" hint="От неё считается срок доведения до семьи">
            <DateField value={knownOn} onChange={setKnownOn} aria-label="Дата получения результата" required error={save.problemAt('knownOn')} />
          </Field>
          {locked && (
            <Field label="Причина изменения" hint="Несколько слов: что произошло и на каком основании (пересдача, ошибка при выставлении, приказ № …)" error={save.problemAt('reason')}>
              <textarea rows={2} value={changeReason} onChange={(e) => setChangeReason(e.target.value)} placeholder="пересдача контрольной работы 27.11, приказ № 45" />
            </Field>
          )}
          {early ? (
            <div className="banner warn" role="alertdialog" aria-label="Выставить досрочно?">
              <p>{early}</p>
              <div className="row">
                <button type="button" className="primary" disabled={save.busy} onClick={() => run(lastClear, true)}>
                  Да, выставить досрочно
                </button>
                <button type="button" disabled={save.busy} onClick={() => setEarly(null)}>
                  Нет
                </button>
              </div>
            </div>
          ) : (
            <div className="row">
              <button type="submit" className="primary" disabled={save.busy || (mode === 'mark' && value === null)}>
                {locked ? (board.canConfirm ? 'Сохранить с причиной' : 'Отправить запрос на подтверждение') : 'Сохранить'}
              </button>
              <button type="button" onClick={props.onClose}>
                Отмена
              </button>
              {canPublish && (
                <button type="button" disabled={publish.busy} onClick={() => void publish.run()} title="Отметка сообщена семье (выписка, дневник)">
                  Доведена до семьи сегодня
                </button>
              )}
              {(cell.state === 'assigned' || cell.state === 'deferred' || cell.state === 'deferral_due') && (
                <button type="button" className="danger" disabled={save.busy} onClick={() => run(true)}>
                  {locked && !board.canConfirm ? 'Запросить снятие' : 'Снять'}
                </button>
              )}
            </div>
          )}
          {/* A problem shown at its field is not repeated in a banner. */}
          <ErrorBanner message={save.problems.length > 0 && save.problems.every((p) => SHOWN_AT_FIELDS.has(p.path)) ? publish.error : (save.error ?? publish.error)} />
        </form>
      ) : !board.canEdit ? (
        <>
          <p className="muted">
            Итоговые отметки выставляет классный руководитель; изменение закрытой отметки подтверждает заместитель директора или директор. Вам доступен просмотр.
          </p>
          {canPublish && (
            <div className="row">
              <button type="button" disabled={publish.busy} onClick={() => void publish.run()} title="Отметка сообщена семье (выписка, дневник)">
                Доведена до семьи сегодня
              </button>
              <ErrorBanner message={publish.error} />
            </div>
          )}
        </>
      ) : null}
      <h3>История</h3>
      {history.data && history.data.length === 0 && <p className="muted small">Записей ещё нет.</p>}
      {history.data && history.data.length > 0 && (
        <table className="plain small" data-testid="final-history">
          <thead>
            <tr>
              <th>Когда</th>
              <th>Что</th>
              <th>Кто</th>
              <th>Причина и подтверждение</th>
            </tr>
          </thead>
          <tbody>
            {history.data.map((h) => (
              <tr key={h.id} className={h.invalid ? 'invalid' : undefined} data-invalid={h.invalid ? 'true' : undefined}>
                <td className="nowrap">{ruDateTime(h.enteredAt)}</td>
                <td>{h.value ? `«${h.value}»` : h.deferral ? `отсрочка до ${ruDate(h.deferral.dueOn)}: ${h.deferral.reason}` : 'снята'}</td>
                <td>{h.enteredByName}</td>
                <td className="muted">
                  {h.invalid && <strong className="error-text">недействительна: логин автора стал известен посторонним</strong>}
                  {historyNotes(h).map((n, i) => (
                    <div key={i}>{n}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {requests.data && requests.data.some((r) => r.status !== 'pending') && (
        <>
          <h3>Запросы на изменение</h3>
          <table className="plain small" data-testid="final-requests">
            <tbody>
              {requests.data
                .filter((r) => r.status !== 'pending')
                .map((r) => (
                  <tr key={r.id}>
                    <td className="nowrap">{ruDateTime(r.requestedAt)}</td>
                    <td>
                      {entryText({ value: r.fromValue })} → {entryText(r)}
                    </td>
                    <td>{r.requestedByName}</td>
                    <td className="muted">
                      причина: {r.reason}. {REQUEST_STATUS_LABELS[r.status]}
                      {r.decidedByName ? ` (${r.decidedByName}, ${ruDateTime(r.decidedAt)})` : ''}
                      {r.note ? `: ${r.note}` : ''}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
