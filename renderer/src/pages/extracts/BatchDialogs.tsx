import { useState } from 'react';
import type { ExtractRow } from '../../../../electron/contract/groups/extracts';
import { plural, ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { Dialog, ErrorBanner, Field } from '../../components/ui';
import { DateField } from '../../components/DateField';
import { printPdf } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { shortPeriod, shortStudentName } from './ExtractPanel';

/** «1 выписку», «2 выписки», «5 выписок». */
export function extractsWord(n: number): string {
  return `${n} ${plural(n, 'выписку', 'выписки', 'выписок')}`;
}

/**
 * The batch sign-off, seen before it is done: every extract of the batch (number, student, class,
 * period), each one open as PDF, and one confirmation «Утвердить N выписок?».
 */
export function SignOffDialog({ rows, onClose, onDone }: { rows: ExtractRow[]; onClose: () => void; onDone: (count: number) => void }) {
  const sign = useAction(async () => {
    const done = await api.extracts.signOff({ items: rows.map((r) => ({ id: r.id, contentHash: r.currentHash })) });
    onDone(done.length);
  });
  const preview = useAction(async (id: string) => printPdf(await api.extracts.preview({ id })));
  const title = `Утвердить ${extractsWord(rows.length)}?`;
  return (
    <Dialog title={title} onClose={onClose} wide>
      <p>Проверьте список. Утверждение записывается в реестр от вашего имени; выписку можно открыть и посмотреть перед утверждением.</p>
      <div className="batch-list" data-testid="signoff-list">
        <table className="simple">
          <thead>
            <tr>
              <th>№</th>
              <th>Ученик</th>
              <th>Класс</th>
              <th>Период</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td>{r.number}</td>
                <td>{shortStudentName(r.studentName)}</td>
                <td>{r.className}</td>
                <td>{shortPeriod(r)}</td>
                <td>
                  <button type="button" className="link" disabled={preview.busy} onClick={() => void preview.run(r.id)}>
                    Открыть
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorBanner message={sign.error ?? preview.error} />
      <div className="row">
        <button type="button" className="primary" disabled={sign.busy || rows.length === 0} onClick={() => void sign.run()}>
          Утвердить ({rows.length})
        </button>
        <button type="button" onClick={onClose}>
          Отмена
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The weekly hand-over by one sheet: print «Ведомость выдачи выписок» for the families, then tick
 * the lines that were signed and record them in one action (the date, and to whom — the guardian).
 */
export function HandOverBatchDialog({ rows, today, onClose, onDone }: { rows: ExtractRow[]; today: string; onClose: () => void; onDone: (count: number) => void }) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [guardian, setGuardian] = useState<Record<string, string>>(() => Object.fromEntries(rows.map((r) => [r.id, r.guardians[0]?.id ?? ''])));
  const [date, setDate] = useState(today);
  const dateError = !date ? 'Укажите дату получения' : undefined;
  const ready = rows.filter((r) => r.printed.count > 0);
  const sheet = useAction(async () => printPdf(await api.extracts.handOverSheet({ items: ready.map((r) => ({ id: r.id, ...(guardian[r.id] ? { guardianId: guardian[r.id] } : {}) })) })));
  const save = useAction(async () => {
    const items = rows.filter((r) => ticked.has(r.id)).map((r) => ({ id: r.id, guardianId: guardian[r.id] ?? '' }));
    const res = await api.extracts.handOverBatch({ date, items });
    onDone(res.count);
  });
  const toggle = (id: string) => setTicked((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const all = ready.length > 0 && ready.every((r) => ticked.has(r.id));
  return (
    <Dialog title="Выдача выписок по ведомости" onClose={onClose} wide>
      <p>
        1. Напечатайте ведомость: в ней строка для каждой семьи. 2. Представитель расписывается в своей строке при получении. 3. Отметьте здесь строки, где есть подпись, и запишите
        выдачу одним действием.
      </p>
      <div className="row">
        <button type="button" disabled={sheet.busy || ready.length === 0} onClick={() => void sheet.run()}>
          Ведомость выдачи выписок (PDF, {ready.length})
        </button>
        <div className="narrow-field">
          <Field label="Дата получения">
            <DateField aria-label="Дата получения" value={date} onChange={setDate} max={today} required error={dateError} />
          </Field>
        </div>
      </div>
      <div className="batch-list" data-testid="handover-list">
        <table className="simple">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Отметить все"
                  checked={all}
                  disabled={ready.length === 0}
                  onChange={() => setTicked(all ? new Set() : new Set(ready.map((r) => r.id)))}
                />
              </th>
              <th>№</th>
              <th>Ученик</th>
              <th>Класс</th>
              <th>Выписка от</th>
              <th>Кому выдана</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const printed = r.printed.count > 0;
              return (
                <tr key={r.id} className={printed ? undefined : 'dim'}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Выдана: № ${r.number}, ${shortStudentName(r.studentName)}`}
                      checked={ticked.has(r.id)}
                      disabled={!printed}
                      title={printed ? undefined : 'Выписка ещё не напечатана'}
                      onChange={() => toggle(r.id)}
                    />
                  </td>
                  <td>{r.number}</td>
                  <td>{shortStudentName(r.studentName)}</td>
                  <td>{r.className}</td>
                  <td>{ruDate(r.issuedOn)}</td>
                  <td>
                    {r.guardians.length ? (
                      <select aria-label={`Представитель: № ${r.number}`} value={guardian[r.id] ?? ''} onChange={(e) => setGuardian((g) => ({ ...g, [r.id]: e.target.value }))}>
                        {r.guardians.map((g) => (
                          <option key={g.id} value={g.id}>
                            {shortStudentName(g.name)} ({g.relation})
                          </option>
                        ))}
                      </select>
                    ) : (
                      <span className="bad-text">представитель не указан</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {rows.some((r) => r.printed.count === 0) && <p className="muted small">Серые строки — выписки ещё не напечатаны: их нет в ведомости, выдать их нельзя.</p>}
      <ErrorBanner message={sheet.error ?? save.error} />
      <div className="row">
        <button type="button" className="primary" disabled={save.busy || ticked.size === 0 || Boolean(dateError)} onClick={() => void save.run()}>
          Записать выдачу отмеченных ({ticked.size})
        </button>
        <button type="button" onClick={onClose}>
          Отмена
        </button>
      </div>
    </Dialog>
  );
}
