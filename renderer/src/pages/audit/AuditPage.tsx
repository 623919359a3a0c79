import { useMemo, useState } from 'react';
import type { AuditFilter, AuditRow } from '../../../../electron/contract/groups/audit';
import { ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, Field, PageHeader } from '../../components/ui';
import { printPdf, saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import './audit.css';
import { DateField } from '../../components/DateField';

/**
 * «Журнал действий» for the director, the deputies (names) and the administrator (records by id
 * only): who did what, when, on which record; invalid operations marked; the chain's state on top;
 * filters by person, days and kind of action; a page of entries at a time (newest first), exported
 * whole to PDF and XLSX.
 */

export const PAGE_SIZE = 500;
export const INVALID_LABEL = 'недействительно: учётная запись скомпрометирована';

/** The mark of a row: a short tag in the narrow column, the whole phrase in its tooltip and the row's details. */
function markOf(r: AuditRow): { text: string; full: string; tag: string } | null {
  if (r.invalid) return { text: 'недействительно', full: INVALID_LABEL, tag: 'bad' };
  if (r.notice === 'break') return { text: 'нарушение журнала', full: 'нарушение журнала', tag: 'bad' };
  if (r.notice === 'restore') return { text: 'восстановление', full: 'восстановление из резервной копии', tag: 'warn' };
  return null;
}

/** «Фамилия И. О.» of «Фамилия Имя Отчество» (the table is narrow; the row's details say the whole name). */
function shortNameOf(full: string): string {
  const parts = full.split(' ');
  if (parts.length < 2 || !/^[А-ЯЁ]/.test(full)) return full;
  return [parts[0], parts.slice(1).map((p) => `${p[0]}.`).join(' ')].join(' ');
}

const columns: ColumnDef<AuditRow, any>[] = [
  { id: 'seq', header: '№', accessorKey: 'seq', size: 64 },
  { id: 'at', header: 'Когда', accessorKey: 'at', cell: (c) => ruDateTime(c.getValue() as string), size: 162 },
  {
    id: 'who',
    header: 'Кто',
    accessorFn: (r) => `${r.who} ${r.role}`,
    cell: (c) => (
      <span title={`${c.row.original.who}${c.row.original.role ? `, ${c.row.original.role}` : ''}`}>
        {shortNameOf(c.row.original.who)}
        {c.row.original.role && <span className="muted audit-role"> · {c.row.original.role}</span>}
      </span>
    ),
    meta: { grow: 1.4 },
  },
  {
    id: 'what',
    header: 'Действие',
    accessorFn: (r) => (r.details ? `${r.what}: ${r.details}` : r.what),
    cell: (c) => <span title={c.getValue() as string}>{c.getValue() as string}</span>,
    meta: { grow: 1.6 },
  },
  {
    id: 'records',
    header: 'Запись',
    accessorFn: (r) => r.records.join(', '),
    cell: (c) => <span title={c.getValue() as string}>{c.getValue() as string}</span>,
    meta: { grow: 1.2 },
  },
  {
    id: 'mark',
    header: 'Отметка',
    accessorFn: (r) => markOf(r)?.full ?? '',
    cell: (c) => {
      const m = markOf(c.row.original);
      return m ? (
        <span className={`tag ${m.tag}`} title={m.full}>
          {m.text}
        </span>
      ) : null;
    },
    size: 170,
  },
];

interface FilterDraft {
  userId: string;
  from: string;
  to: string;
  kind: string;
  invalidOnly: boolean;
}

const EMPTY: FilterDraft = { userId: '', from: '', to: '', kind: '', invalidOnly: false };

function filterOf(d: FilterDraft): AuditFilter {
  return {
    ...(d.userId ? { userId: d.userId } : {}),
    ...(d.from ? { from: d.from } : {}),
    ...(d.to ? { to: d.to } : {}),
    ...(d.kind ? { kind: d.kind } : {}),
    ...(d.invalidOnly ? { invalidOnly: true } : {}),
  };
}

export function AuditPage() {
  const { session } = useSession();
  const isAdmin = session?.user.role === 'admin';
  const [draft, setDraft] = useState<FilterDraft>(EMPTY);
  const [page, setPage] = useState(0);
  const [selected, setSelected] = useState<AuditRow | null>(null);
  const filter = useMemo(() => filterOf(draft), [draft]);
  const badDates = Boolean(draft.from && draft.to && draft.from > draft.to);
  // The server says what is wrong with the dates; the rows shown are then those of the last good filter.

  const list = useQuery(
    () => api.audit.list({ ...filter, offset: page * PAGE_SIZE, limit: PAGE_SIZE }),
    [JSON.stringify(filter), page],
    { keepData: true },
  );
  const chain = useQuery(() => api.audit.verify({}), []);
  const pdf = useAction(async () => {
    const f = await api.audit.exportPdf(filter);
    await printPdf({ name: f.name, mime: 'application/pdf', base64: f.base64 });
  });
  const xlsx = useAction(async () => {
    const f = await api.audit.exportXlsx(filter);
    await saveFile({ name: f.name, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: f.base64 });
  });

  const set = (patch: Partial<FilterDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setPage(0);
    setSelected(null);
  };
  const data = list.data;
  const total = data?.total ?? 0;
  const first = total ? page * PAGE_SIZE + 1 : 0;
  const last = Math.min(total, (page + 1) * PAGE_SIZE);

  return (
    <>
      <PageHeader title="Журнал действий">
        <button type="button" onClick={() => void pdf.run()} disabled={pdf.busy || badDates}>
          {pdf.busy ? 'Готовлю PDF…' : 'Печать (PDF)'}
        </button>
        <button type="button" onClick={() => void xlsx.run()} disabled={xlsx.busy || badDates}>
          {xlsx.busy ? 'Готовлю файл…' : 'Выгрузить в Excel (XLSX)'}
        </button>
        <button
          type="button"
          onClick={() => {
            list.reload();
            chain.reload();
          }}
          disabled={chain.loading}
        >
          Проверить цепочку
        </button>
      </PageHeader>

      {chain.data && (
        <div className={`banner audit-chain ${chain.data.ok ? 'ok' : 'error'}`} role={chain.data.ok ? 'status' : 'alert'} data-testid="audit-chain">
          <strong>{chain.data.message}</strong>
          {chain.data.restores.map((r) => (
            <div key={r} className="audit-restore-note">
              {r}
            </div>
          ))}
        </div>
      )}
      <ErrorBanner message={chain.error} />
      {isAdmin && <p className="muted">Учащиеся, представители и их документы показаны администратору только идентификаторами.</p>}

      <div className="row audit-filters" role="search" aria-label="Отбор записей">
        <Field label="Кто">
          <select value={draft.userId} onChange={(e) => set({ userId: e.target.value })} aria-label="Кто">
            <option value="">Все</option>
            {data?.people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="С">
          <DateField value={draft.from} onChange={(from) => set({ from })} aria-label="Записи с" />
        </Field>
        <Field label="по">
          <DateField value={draft.to} onChange={(to) => set({ to })} aria-label="Записи по" />
        </Field>
        <Field label="Вид действия">
          <select value={draft.kind} onChange={(e) => set({ kind: e.target.value })} aria-label="Вид действия">
            <option value="">Все действия</option>
            {data?.kinds.map((k) => (
              <optgroup key={k.id} label={k.label}>
                <option value={k.id}>{k.label}: все</option>
                {k.actions.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <label className="audit-check">
          <input type="checkbox" checked={draft.invalidOnly} onChange={(e) => set({ invalidOnly: e.target.checked })} /> Только недействительные
        </label>
        <button type="button" onClick={() => set(EMPTY)} disabled={JSON.stringify(draft) === JSON.stringify(EMPTY)}>
          Сбросить
        </button>
      </div>
      <ErrorBanner message={list.error ?? pdf.error ?? xlsx.error} />

      <DataTable
        testId="audit-table"
        data={data?.rows ?? []}
        columns={columns}
        getId={(r) => String(r.seq)}
        selectedId={selected ? String(selected.seq) : undefined}
        onActivate={setSelected}
        searchLabel="Поиск на странице"
        height={selected ? 400 : 520}
        empty={list.loading ? 'Загрузка…' : 'Записей нет'}
        busy={list.loading}
        rowClass={(r) => (r.invalid ? 'audit-invalid' : r.notice ? `audit-${r.notice}` : undefined)}
      />
      <div className="row audit-pager">
        <span className="muted" data-testid="audit-range">
          {total ? `Записи ${first}–${last} из ${total} (новые сверху)` : list.loading ? '' : 'Записей, подходящих под условия, нет'}
        </span>
        <button type="button" onClick={() => setPage((p) => p - 1)} disabled={page === 0}>
          ← Новее
        </button>
        <button type="button" onClick={() => setPage((p) => p + 1)} disabled={last >= total}>
          Старее →
        </button>
      </div>

      {selected && (
        <div className="panel small audit-details" data-testid="audit-details">
          <strong>
            № {selected.seq}. {selected.what}
          </strong>{' '}
          — {ruDateTime(selected.at)}, {selected.who}
          {selected.role ? ` (${selected.role})` : ''}.
          {selected.records.length > 0 && <> Запись: {selected.records.join(', ')}.</>}
          {selected.details && <> {selected.details}.</>}
          {selected.invalid && <span className="tag bad"> {INVALID_LABEL}</span>}
        </div>
      )}
    </>
  );
}
