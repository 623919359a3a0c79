import { useState } from 'react';
import { REQUEST_STATUS_LABELS, type FinalChangeRequestView } from '../../../../electron/contract/groups/finals';
import { ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { Dialog, ErrorBanner, Field, Notice } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { Toolbar } from '../../components/Toolbar';
import { entryText } from './FinalMarkDialog';

const LOCK_LABELS = { closed: 'период закрыт', published: 'доведена до семьи' } as const;

/**
 * Requests to change locked final marks: the class teacher sees his and how they were decided;
 * the director and the deputies confirm or refuse them (a refusal may say why).
 */
export function RequestsTab({ classId }: { classId: string }) {
  const role = useSession().session?.user.role;
  const confirms = role === 'director' || role === 'deputy';
  const [wholeSchool, setWholeSchool] = useState(confirms);
  const [pendingOnly, setPendingOnly] = useState(true);
  const [refusing, setRefusing] = useState<FinalChangeRequestView | null>(null);
  const list = useQuery(() => api.finals.requests({ ...(wholeSchool ? {} : { classId }), ...(pendingOnly ? { pendingOnly: true } : {}) }), [classId, wholeSchool, pendingOnly]);
  const confirm = useAction(async (r: FinalChangeRequestView) => {
    await api.finals.decide({ classId: r.classId, requestId: r.id, decision: 'confirm' });
    list.reload();
  });
  const rows = list.data ?? [];
  return (
    <>
      <Toolbar>
        <label className="check">
          <input type="checkbox" checked={wholeSchool} onChange={(e) => setWholeSchool(e.target.checked)} /> Все доступные классы
        </label>
        <label className="check">
          <input type="checkbox" checked={pendingOnly} onChange={(e) => setPendingOnly(e.target.checked)} /> Только ждущие решения
        </label>
        <span className="muted">
          {confirms
            ? 'Закрытую отметку классный руководитель меняет только с вашим подтверждением.'
            : 'Закрытую отметку меняет подтверждение заместителя директора или директора.'}
        </span>
      </Toolbar>
      <ErrorBanner message={list.error ?? confirm.error} />
      {rows.length === 0 && !list.loading && <Notice>{pendingOnly ? 'Запросов, ждущих решения, нет.' : 'Запросов на изменение нет.'}</Notice>}
      {rows.length > 0 && (
        <table className="plain" data-testid="change-requests">
          <thead>
            <tr>
              <th>Класс</th>
              <th>Ученик</th>
              <th>Предмет, период</th>
              <th>Изменение</th>
              <th>Причина</th>
              <th>Запросил(а)</th>
              <th>Решение</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-request-id={r.id} className={r.status === 'pending' ? 'warn' : undefined}>
                <td>{r.className}</td>
                <td>{r.studentName}</td>
                <td>
                  {r.subjectName}, {r.columnTitle}
                  <div className="small muted">{r.locked.map((l) => LOCK_LABELS[l]).join(', ')}</div>
                </td>
                <td className="nowrap">
                  {entryText({ value: r.fromValue })} → {entryText(r)}
                </td>
                <td>{r.reason}</td>
                <td>
                  {r.requestedByName}
                  <div className="small muted">{ruDateTime(r.requestedAt)}</div>
                </td>
                <td>
                  {r.invalid && <div className="error-text small">недействителен: логин автора стал известен посторонним</div>}
                  {r.status === 'pending' && confirms ? (
                    <div className="row">
                      <button type="button" className="primary" disabled={confirm.busy || r.invalid} onClick={() => void confirm.run(r)}>
                        Подтвердить
                      </button>
                      <button type="button" disabled={confirm.busy} onClick={() => setRefusing(r)}>
                        Отклонить
                      </button>
                    </div>
                  ) : (
                    <>
                      {REQUEST_STATUS_LABELS[r.status]}
                      {r.decidedByName && (
                        <div className="small muted">
                          {r.decidedByName}, {ruDateTime(r.decidedAt)}
                          {r.note ? `: ${r.note}` : ''}
                        </div>
                      )}
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {refusing && (
        <RefuseDialog
          request={refusing}
          onClose={() => setRefusing(null)}
          onDone={() => {
            setRefusing(null);
            list.reload();
          }}
        />
      )}
    </>
  );
}

function RefuseDialog(props: { request: FinalChangeRequestView; onClose: () => void; onDone: () => void }) {
  const r = props.request;
  const [note, setNote] = useState('');
  const refuse = useAction(async () => {
    await api.finals.decide({ classId: r.classId, requestId: r.id, decision: 'refuse', ...(note.trim() ? { note } : {}) });
    props.onDone();
  });
  return (
    <Dialog title="Отклонить запрос на изменение" onClose={props.onClose}>
      <p>
        {r.studentName}, {r.subjectName}, {r.columnTitle}: {entryText({ value: r.fromValue })} → {entryText(r)}
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void refuse.run();
        }}
      >
        <Field label="Почему отклонён (увидит классный руководитель)" error={refuse.problemAt('note')}>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </Field>
        <div className="row">
          <button type="submit" className="danger" disabled={refuse.busy}>
            Отклонить запрос
          </button>
          <button type="button" onClick={props.onClose}>
            Отмена
          </button>
        </div>
        <ErrorBanner message={refuse.error} />
      </form>
    </Dialog>
  );
}
