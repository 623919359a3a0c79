import { useMemo, useState } from 'react';
import { DOCUMENT_KIND_LABELS, agree } from '../../../../electron/contract/entities/documents';
import type { LogInput, LogRow } from '../../../../electron/contract/groups/registry';
import type { ClassSummary } from '../../../../electron/contract/groups/school';
import { ruDate, ruDateTime } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, Field } from '../../components/ui';
import { printPdf, saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { KIND_SHORT } from './labels';
import { useQuery } from '../../lib/useQuery';
import { DateField } from '../../components/DateField';

/** The row's mark, agreeing with the document («Заявление … отозвано», «Отзыв … отозван»). */
function stateLabel(r: Pick<LogRow, 'kind' | 'state'>): string {
  if (r.state === 'voided') return agree(r.kind, { m: 'отозван', f: 'отозвана', n: 'отозвано' });
  if (r.state === 'invalid') return agree(r.kind, { m: 'недействителен', f: 'недействительна', n: 'недействительно' });
  return r.state === 'active' ? 'действует' : 'на проверку';
}
const STATE_TAGS: Record<LogRow['state'], string> = { active: 'ok', voided: 'bad', invalid: 'bad', review: 'warn' };

function columnsFor(oneClass: boolean): ColumnDef<LogRow, any>[] {
  const all: Array<ColumnDef<LogRow, any> | false> = [
    // The document's registration number, sorted in the order of registration (a size of 150 would
    // be taken for the default and let the column shrink).
    { id: 'no', header: 'Рег. №', accessorFn: (r) => r.number ?? '', sortingFn: (a, b) => a.original.no - b.original.no, size: 152 },
    { id: 'registeredAt', header: 'Зарегистрирован', accessorKey: 'registeredAt', cell: (c) => ruDateTime(c.getValue() as string), size: 148 },
    { id: 'signedOn', header: 'Дата на бумаге', accessorKey: 'signedOn', cell: (c) => ruDate(c.getValue() as string), size: 118 },
    { id: 'kind', header: 'Документ', accessorFn: (r) => KIND_SHORT[r.kind], size: 180 },
    !oneClass && { id: 'class', header: 'Класс', accessorKey: 'className', size: 64 },
    {
      id: 'student',
      header: 'Обучающийся',
      accessorKey: 'studentName',
      cell: (c) => <span title={c.getValue() as string}>{shortNameOf(c.getValue() as string)}</span>,
    },
    { id: 'signer', header: 'Подписал', accessorKey: 'signerName', size: 140 },
    { id: 'by', header: 'Принял(а)', accessorKey: 'registeredByName', size: 112 },
    {
      id: 'state',
      header: 'Отметка',
      accessorFn: (r) => stateLabel(r),
      cell: (c) => <span className={`tag ${STATE_TAGS[c.row.original.state]}`}>{c.getValue() as string}</span>,
      size: 104,
    },
  ];
  return all.filter((c): c is ColumnDef<LogRow, any> => c !== false);
}

/** «Фамилия И. О.» from «Фамилия Имя Отчество» (the register carries full names). */
function shortNameOf(full: string): string {
  const [last, ...rest] = full.split(' ');
  return [last, ...rest.map((p) => `${p[0]}.`)].join(' ');
}

export function LogView({ classes, defaultClassId }: { classes: ClassSummary[]; defaultClassId?: string | undefined }) {
  const { session } = useSession();
  const schoolWide = session?.user.role !== 'teacher';
  const [classId, setClassId] = useState<string>(defaultClassId ?? '');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const input: LogInput = { ...(classId ? { classId } : {}), ...(from ? { from } : {}), ...(to ? { to } : {}) };
  const log = useQuery(() => api.registry.log(input), [classId, from, to]);
  const pdf = useAction(async () => {
    const f = await api.registry.logPdf(input);
    await printPdf({ name: f.name, mime: 'application/pdf', base64: f.base64 });
  });
  const xlsx = useAction(async () => {
    const f = await api.registry.logXlsx(input);
    await saveFile({ name: f.name, mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: f.base64 });
  });
  const [selected, setSelected] = useState<LogRow | null>(null);
  const columns = useMemo(() => columnsFor(Boolean(classId)), [classId]);

  return (
    <section className="registry-log" aria-label="Журнал регистрации согласий и отказов">
      <div className="row registry-log-bar">
        <Field label="Журнал">
          <select value={classId} onChange={(e) => setClassId(e.target.value)} aria-label="Журнал: класс или школа">
            <option value="">{schoolWide ? 'Вся школа' : 'Все мои классы'}</option>
            {classes.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name} класс
              </option>
            ))}
          </select>
        </Field>
        <Field label="Документы с">
          <DateField value={from} onChange={setFrom} aria-label="Документы с" />
        </Field>
        <Field label="по">
          <DateField value={to} onChange={setTo} aria-label="Документы по" />
        </Field>
        <div className="registry-log-actions">
          <button type="button" onClick={() => void pdf.run()} disabled={pdf.busy}>
            {pdf.busy ? 'Готовлю PDF…' : 'Печать (PDF)'}
          </button>
          <button type="button" onClick={() => void xlsx.run()} disabled={xlsx.busy}>
            {xlsx.busy ? 'Готовлю файл…' : 'Выгрузить в Excel (XLSX)'}
          </button>
        </div>
      </div>
      <ErrorBanner message={log.error ?? pdf.error ?? xlsx.error} />
      {log.data && <h2 className="registry-log-title">{log.data.title} · {log.data.scope}</h2>}
      <DataTable
        testId="registry-log"
        data={log.data?.rows ?? []}
        columns={columns}
        getId={(r) => r.documentId}
        selectedId={selected?.documentId}
        onActivate={setSelected}
        initialSort={[{ id: 'no', desc: true }]}
        searchLabel="Поиск в журнале"
        height={selected ? 380 : 520}
        empty={log.loading ? 'Загрузка…' : 'Документов нет'}
      />
      {selected && (
        <div className="panel small" data-testid="log-details">
          <strong>
            {selected.number ? `Рег. № ${selected.number}. ` : ''}
            {DOCUMENT_KIND_LABELS[selected.kind]} от {ruDate(selected.signedOn)}
          </strong>{' '}
          — {selected.studentName}, {selected.className} класс. Подписал: {selected.signerName}. {selected.content}.
          {selected.stateNote ? ` Отметка: ${stateLabel(selected)} (${selected.stateNote}).` : ''}
        </div>
      )}
    </section>
  );
}
