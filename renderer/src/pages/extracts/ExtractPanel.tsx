import { useState } from 'react';
import {
  EXTRACT_ANNULLERS,
  EXTRACT_PREPARERS,
  EXTRACT_REASON_LABELS,
  EXTRACT_SIGNERS,
  EXTRACT_STATE_LABELS,
  type ExtractRow,
  type ExtractState,
} from '../../../../electron/contract/groups/extracts';
import type { Role } from '../../../../electron/contract/roles';
import { ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { Dialog, ErrorBanner, Field } from '../../components/ui';
import { printPdf } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { DateField } from '../../components/DateField';
import { isoDayOf } from '../../lib/days';

export const STATE_TAG: Record<ExtractState, string> = {
  prepared: 'warn',
  signed_off: 'ok',
  outdated: 'bad',
  handed_over: '',
  annulled: 'bad',
};

export function useRole(): Role | undefined {
  return useSession().session?.user.role;
}

export const canPrepare = (role: Role | undefined) => Boolean(role && (EXTRACT_PREPARERS as readonly Role[]).includes(role));
export const canSign = (role: Role | undefined) => Boolean(role && (EXTRACT_SIGNERS as readonly Role[]).includes(role));
export const canAnnul = (role: Role | undefined) => Boolean(role && (EXTRACT_ANNULLERS as readonly Role[]).includes(role));

/** «Ёлкина А. И.» from «Ёлкина Анна Игоревна». */
export function shortStudentName(full: string): string {
  const [last, ...rest] = full.split(' ').filter(Boolean);
  return [last, rest.map((x) => `${x[0]}.`).join(' ')].filter(Boolean).join(' ');
}

const SHORT_STATE: Record<ExtractState, string> = {
  prepared: 'ждёт утверждения',
  signed_off: 'утверждена',
  outdated: 'устарела',
  handed_over: 'выдана',
  annulled: 'аннулирована',
};

export function StateTag({ row, short }: { row: Pick<ExtractRow, 'state' | 'number'>; short?: boolean }) {
  return (
    <span className={`tag ${STATE_TAG[row.state]}`} data-state={row.state} title={EXTRACT_STATE_LABELS[row.state]}>
      № {row.number}: {short ? SHORT_STATE[row.state] : EXTRACT_STATE_LABELS[row.state]}
    </span>
  );
}

/** «16.11–22.11.2026» */
export function shortPeriod(r: Pick<ExtractRow, 'periodStart' | 'periodEnd'>): string {
  const a = ruDate(r.periodStart);
  const b = ruDate(r.periodEnd);
  return a.slice(6) === b.slice(6) ? `${a.slice(0, 5)}–${b}` : `${a}–${b}`;
}

/** A class filter: all the classes the user sees, or one. */
export function period(r: Pick<ExtractRow, 'periodStart' | 'periodEnd'>): string {
  return `${ruDate(r.periodStart)}–${ruDate(r.periodEnd)}`;
}

/**
 * One extract: where it is in its path, and the steps the user's role may take — preview, print,
 * sign off, hand over against the guardian's signature.
 */
export function ExtractPanel({ row, onChanged }: { row: ExtractRow; onChanged: (r?: ExtractRow) => void }) {
  const role = useRole();
  const [handing, setHanding] = useState(false);
  const [annulling, setAnnulling] = useState(false);
  const preview = useAction(async () => printPdf(await api.extracts.preview({ id: row.id })));
  const print = useAction(async () => {
    const res = await api.extracts.print({ ids: [row.id] });
    await printPdf(res.file);
    onChanged();
  });
  const sign = useAction(async () => {
    const [r] = await api.extracts.signOff({ items: [{ id: row.id, contentHash: row.currentHash }] });
    onChanged(r);
  });
  const open = row.state !== 'handed_over' && row.state !== 'annulled';
  const error = preview.error ?? print.error ?? sign.error;
  return (
    <section className="panel extract-panel" data-testid="extract-panel" aria-label={`Выписка № ${row.number}`}>
      <h2>
        Выписка № {row.number} <StateTag row={row} />
      </h2>
      <dl className="extract-facts">
        <dt>Ученик</dt>
        <dd>
          {row.studentName}, {row.className}
        </dd>
        <dt>Период</dt>
        <dd>
          {period(row)} ({EXTRACT_REASON_LABELS[row.reason]})
        </dd>
        <dt>Дата выписки</dt>
        <dd>{ruDate(row.issuedOn)}</dd>
        <dt>Код проверки</dt>
        <dd className="code">{row.code}</dd>
        <dt>Подготовил</dt>
        <dd>
          {row.prepared.byName} ({row.prepared.role}), {ruDateTime(row.prepared.at)}
        </dd>
        <dt>Утвердил</dt>
        <dd>{row.signedOff ? `${row.signedOff.byName} (${row.signedOff.role}), ${ruDateTime(row.signedOff.at)}` : '—'}</dd>
        <dt>Напечатана</dt>
        <dd>{row.printed.count ? `${row.printed.count} раз(а), последний — ${ruDateTime(row.printed.last?.at)}` : 'нет'}</dd>
        <dt>Выдана</dt>
        <dd>{row.handedOver ? `${row.handedOver.guardianName}, ${ruDate(row.handedOver.date)} (записал ${row.handedOver.byName})` : '—'}</dd>
        {row.annulled && (
          <>
            <dt>Аннулирована</dt>
            <dd className="bad-text">
              {ruDateTime(row.annulled.at)}, {row.annulled.byName} ({row.annulled.role}). Причина: {row.annulled.reason}
            </dd>
          </>
        )}
        {row.versions > 0 && (
          <>
            <dt>Версии</dt>
            <dd>данные менялись, выписка подготовлена заново: {row.versions} раз(а)</dd>
          </>
        )}
      </dl>
      {row.problems.map((p) => (
        <p key={p} className="warn small">
          {p}
        </p>
      ))}
      {row.state === 'annulled' && <p className="warn">Выписка аннулирована: её не утверждают, не печатают и не выдают, а её код при проверке отвечает «аннулирована». Для верных данных подготовьте новую выписку.</p>}
      {row.state === 'outdated' && <p className="warn">Данные журнала изменились после утверждения: выписку нужно утвердить заново, выдавать её нельзя.</p>}
      <div className="row">
        <button type="button" disabled={preview.busy} onClick={() => void preview.run()}>
          Просмотр (PDF)
        </button>
        {canPrepare(role) && open && (
          <button type="button" disabled={print.busy} onClick={() => void print.run()}>
            Печать
          </button>
        )}
        {canSign(role) && open && (row.state === 'prepared' || row.state === 'outdated') && (
          <button type="button" className="primary" disabled={sign.busy} onClick={() => void sign.run()}>
            {row.state === 'outdated' ? 'Утвердить заново' : 'Утвердить'}
          </button>
        )}
        {canPrepare(role) && row.state === 'signed_off' && (
          <button type="button" className="primary" disabled={row.printed.count === 0} title={row.printed.count ? undefined : 'Сначала напечатайте выписку'} onClick={() => setHanding(true)}>
            Выдать представителю…
          </button>
        )}
        {canAnnul(role) && row.state !== 'annulled' && (
          <button type="button" className="danger" onClick={() => setAnnulling(true)}>
            Аннулировать…
          </button>
        )}
      </div>
      <ErrorBanner message={error} />
      {annulling && (
        <AnnulDialog
          row={row}
          onClose={() => setAnnulling(false)}
          onDone={(r) => {
            setAnnulling(false);
            onChanged(r);
          }}
        />
      )}
      {handing && (
        <HandOverDialog
          row={row}
          onClose={() => setHanding(false)}
          onDone={(r) => {
            setHanding(false);
            onChanged(r);
          }}
        />
      )}
    </section>
  );
}

function HandOverDialog({ row, onClose, onDone }: { row: ExtractRow; onClose: () => void; onDone: (r: ExtractRow) => void }) {
  const [guardianId, setGuardianId] = useState(row.guardians[0]?.id ?? '');
  const [date, setDate] = useState(() => isoDayOf(new Date()));
  const save = useAction(async () => onDone(await api.extracts.handOver({ id: row.id, guardianId, date })));
  return (
    <Dialog title={`Выдача выписки № ${row.number}`} onClose={onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void save.run();
        }}
      >
        <p>
          {row.studentName}, {row.className}, период {period(row)}. Представитель расписывается на выписке в строке «Выписку получил(а)».
        </p>
        <Field label="Кому выдана (законный представитель)" error={save.problemAt('guardianId')}>
          <select aria-label="Кому выдана" value={guardianId} onChange={(e) => setGuardianId(e.target.value)}>
            {row.guardians.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name} ({g.relation})
              </option>
            ))}
          </select>
        </Field>
        <Field label="Дата выдачи">
          <DateField aria-label="Дата выдачи" value={date} onChange={setDate} required error={save.problemAt('date')} />
        </Field>
        <ErrorBanner message={save.error} />
        <div className="row">
          <button type="submit" className="primary" disabled={save.busy || !guardianId}>
            Записать выдачу
          </button>
          <button type="button" onClick={onClose}>
            Отмена
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Annulment of an erroneous extract: the reason is required; the extract stays in the register. */
function AnnulDialog({ row, onClose, onDone }: { row: ExtractRow; onClose: () => void; onDone: (r: ExtractRow) => void }) {
  const [reason, setReason] = useState('');
  const short = reason.trim().length < 5;
  const save = useAction(async () => onDone(await api.extracts.annul({ id: row.id, reason: reason.trim() })));
  return (
    <Dialog title={`Аннулировать выписку № ${row.number}?`} onClose={onClose}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (!short) void save.run();
        }}
      >
        <p>
          {row.studentName}, {row.className}, период {period(row)}, выдана {ruDate(row.issuedOn)}. Выписка останется в реестре с отметкой «аннулирована», её код при проверке
          будет отвечать, что она недействительна. Отменить аннулирование нельзя.
        </p>
        <Field label="Причина аннулирования" error={save.problemAt('reason')} hint="Что в выписке неверно, например: «неверный период — семья просила октябрь»">
          <textarea aria-label="Причина аннулирования" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <ErrorBanner message={save.error} />
        <div className="row">
          <button type="submit" className="danger" disabled={save.busy || short} title={short ? 'Укажите причину' : undefined}>
            Аннулировать выписку № {row.number}
          </button>
          <button type="button" onClick={onClose}>
            Отмена
          </button>
        </div>
      </form>
    </Dialog>
  );
}
