import { useState } from 'react';
import { EXTRACT_REASONS, EXTRACT_REASON_LABELS, EXTRACT_STATES, EXTRACT_STATE_LABELS, type ExtractReason, type ExtractRow, type ExtractState } from '../../../../electron/contract/groups/extracts';
import { ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ClassSelect } from '../../components/ClassSelect';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, Field } from '../../components/ui';
import { saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { Toolbar } from '../../components/Toolbar';
import { ExtractPanel, StateTag, shortPeriod } from './ExtractPanel';
import { DateField } from '../../components/DateField';

const columns: ColumnDef<ExtractRow, any>[] = [
  { id: 'number', header: '№', accessorKey: 'number', size: 56 },
  { id: 'student', header: 'Ученик', accessorKey: 'studentName', meta: { grow: 2 } },
  { id: 'class', header: 'Класс', accessorKey: 'className', size: 62 },
  { id: 'period', header: 'Период', accessorFn: (r) => `${r.periodStart}${r.periodEnd}`, cell: (c) => shortPeriod(c.row.original), size: 150 },
  { id: 'reason', header: 'Вид', accessorFn: (r) => EXTRACT_REASON_LABELS[r.reason], size: 110 },
  { id: 'state', header: 'Состояние', accessorKey: 'state', cell: (c) => <StateTag row={c.row.original} short />, size: 190 },
  { id: 'prepared', header: 'Подготовил', accessorFn: (r) => `${r.prepared.byName}, ${ruDate(r.prepared.at)}`, size: 200 },
  { id: 'signed', header: 'Утвердил', accessorFn: (r) => (r.signedOff ? `${r.signedOff.byName}, ${ruDateTime(r.signedOff.at)}` : '—'), size: 220 },
  { id: 'printed', header: 'Печать', accessorFn: (r) => r.printed.count, cell: (c) => (c.getValue() ? `${c.getValue()} раз(а)` : 'нет'), size: 80 },
  { id: 'handed', header: 'Выдана', accessorFn: (r) => (r.handedOver ? `${r.handedOver.guardianName}, ${ruDate(r.handedOver.date)}` : '—'), meta: { grow: 2 } },
];

/** The register of extracts: every extract with its steps; filters; export to Excel. */
export function RegisterTab({ classes }: { classes: { id: string; name: string; grade: number; letter: string }[] }) {
  const [classId, setClassId] = useState('');
  const [state, setState] = useState<ExtractState | ''>('');
  const [reason, setReason] = useState<ExtractReason | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [selected, setSelected] = useState<string>();
  const filter = { ...(classId ? { classId } : {}), ...(state ? { state } : {}), ...(reason ? { reason } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const rows = useQuery(() => api.extracts.register(filter), [classId, state, reason, from, to]);
  const exportXlsx = useAction(async () => saveFile(await api.extracts.exportXlsx(filter)));
  const current = rows.data?.find((r) => r.id === selected);
  return (
    <>
      <Toolbar>
        <ClassSelect classes={classes} value={classId} onChange={setClassId} all />
        <label className="inline-field">
          <span>Состояние</span>
          <select aria-label="Состояние" value={state} onChange={(e) => setState(e.target.value as ExtractState | '')}>
            <option value="">любое</option>
            {EXTRACT_STATES.map((s) => (
              <option key={s} value={s}>
                {EXTRACT_STATE_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label className="inline-field">
          <span>Вид</span>
          <select aria-label="Вид" value={reason} onChange={(e) => setReason(e.target.value as ExtractReason | '')}>
            <option value="">любой</option>
            {EXTRACT_REASONS.map((r) => (
              <option key={r} value={r}>
                {EXTRACT_REASON_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <Field label="Выписаны с">
          <DateField aria-label="Выписаны с" value={from} onChange={setFrom} />
        </Field>
        <Field label="по">
          <DateField aria-label="Выписаны по" value={to} onChange={setTo} />
        </Field>
        <button type="button" disabled={exportXlsx.busy} onClick={() => void exportXlsx.run()}>
          Выгрузить в Excel
        </button>
      </Toolbar>
      <ErrorBanner message={rows.error ?? exportXlsx.error} />
      {!classId && !state && <p className="muted small">Показано состояние по реестру. Чтобы сверить выписки с журналом (не изменились ли данные после утверждения), выберите класс или состояние.</p>}
      <div className="extracts-register">
        <DataTable
          testId="register-table"
          data={rows.data ?? []}
          columns={columns}
          getId={(r) => r.id}
          initialSort={[{ id: 'number', desc: true }]}
          searchLabel="Поиск ученика, номера"
          selectedId={selected}
          onActivate={(r) => setSelected(r.id)}
          rowClass={(r) => (r.state === 'outdated' ? 'overdue' : undefined)}
          height={current ? 300 : 520}
          empty={rows.loading ? 'Загрузка…' : 'Выписок с такими условиями нет'}
        />
        {current ? <ExtractPanel row={current} onChanged={() => rows.reload()} /> : <p className="muted">Выберите выписку в реестре: её шаги, печать, утверждение, выдача.</p>}
      </div>
    </>
  );
}
