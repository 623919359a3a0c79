import { useMemo, useState } from 'react';
import type { DutyRow } from '../../../../electron/contract/groups/extracts';
import { compareRu } from '../../../../electron/contract/text/collate';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ClassSelect, classOrder } from '../../components/ClassSelect';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, Notice, ProgressBar } from '../../components/ui';
import { printPdf } from '../../host/files';
import { useProgressAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { Toolbar } from '../../components/Toolbar';
import { ExtractPanel, StateTag, canPrepare, canSign, useRole } from './ExtractPanel';
import { HandOverBatchDialog, SignOffDialog } from './BatchDialogs';
import { DateField } from '../../components/DateField';
import { mondayOf } from '../../lib/days';

const REASON_LABELS: Record<DutyRow['reasons'][number], string> = {
  refusal: 'отказ',
  no_consent: 'нет согласия',
  nonconsent: 'несогласие',
  paper_channel: 'выбрана бумага',
};

/** The columns; the class column sorts in the school's class order (`rank`: classId → place). */
function dutyColumns(rank: ReadonlyMap<string, number>): ColumnDef<DutyRow, any>[] {
  return [
    {
      id: 'class',
      header: 'Класс',
      accessorKey: 'className',
      size: 76,
      sortingFn: (a, b) => (rank.get(a.original.classId) ?? Infinity) - (rank.get(b.original.classId) ?? Infinity) || compareRu(a.original.className, b.original.className),
    },
    { id: 'student', header: 'Ученик', accessorKey: 'studentName', meta: { grow: 3 } },
    { id: 'reason', header: 'Основание', accessorFn: (r) => r.reasons.map((x) => REASON_LABELS[x]).join(', '), size: 120 },
    {
      id: 'deadline',
      header: 'Выдать до',
      accessorKey: 'deadline',
      size: 118,
      cell: (c) => {
        const r = c.row.original;
        if (r.handedThisWeek) return <span className="tag ok">выдана</span>;
        return r.overdue ? (
          <span className="tag bad" title={`Последняя выдача: ${r.lastHandedOverOn ? ruDate(r.lastHandedOverOn) : 'не было'}`}>
            {ruDate(r.deadline)}
          </span>
        ) : (
          ruDate(r.deadline)
        );
      },
    },
    { id: 'extract', header: 'Выписка недели', accessorFn: (r) => r.extract?.number ?? 0, size: 190, cell: (c) => (c.row.original.extract ? <StateTag row={c.row.original.extract} short /> : <span className="muted">не подготовлена</span>) },
  ];
}

/** The list's order: by class in the school's order, then by ФИО (ё as е). */
const DUTY_ORDER = [
  { id: 'class', desc: false },
  { id: 'student', desc: false },
];

/**
 * The weekly duty: students whose families are informed on paper (refusal, no consent, paper
 * chosen), by class and ФИО, whether this week's extract was handed over, overdue ones in red; one
 * click prints all due extracts of the class or of the school as one PDF.
 */
export function DutyTab({ classes }: { classes: { id: string; name: string; grade: number; letter: string }[] }) {
  const role = useRole();
  const columns = useMemo(() => dutyColumns(new Map([...classes].sort(classOrder).map((c, i) => [c.id, i]))), [classes]);
  const [classId, setClassId] = useState<string>('');
  const [weekOf, setWeekOf] = useState<string>('');
  const [selected, setSelected] = useState<string>();
  const [done, setDone] = useState<string | null>(null);
  const [batch, setBatch] = useState<'sign' | 'hand' | null>(null);
  const duty = useQuery(() => api.extracts.duty({ ...(classId ? { classId } : {}), ...(weekOf ? { weekOf } : {}) }), [classId, weekOf]);
  const rows = duty.data?.rows ?? [];
  const toPrint = rows.filter((r) => !r.handedThisWeek);
  const toSign = rows.filter((r) => r.extract && (r.extract.state === 'prepared' || r.extract.state === 'outdated'));

  const printAll = useProgressAction(async (onProgress, studentIds?: string[]) => {
    setDone(null);
    try {
      const res = await api.extracts.printDue(
        { ...(classId ? { classId } : {}), ...(weekOf ? { weekOf } : {}), ...(studentIds ? { studentIds } : {}) },
        { onProgress },
      );
      await printPdf(res.file);
      setDone(
        `Напечатано выписок: ${res.count} (новых ${res.prepared}${res.renewed ? `, обновлено после изменения данных ${res.renewed}` : ''}). ` +
          'Передайте их на утверждение директору или заместителю, затем выдайте под подпись.',
      );
    } finally {
      duty.reload();
    }
  });
  const toHand = rows.filter((r) => r.extract?.state === 'signed_off');

  const current = rows.find((r) => r.studentId === selected);
  const d = duty.data;
  return (
    <>
      <Toolbar>
        <ClassSelect classes={classes} value={classId} onChange={setClassId} all />
        <label className="inline-field">
          <span>Неделя</span>
          <DateField aria-label="Неделя" value={weekOf || d?.monday || ''} onChange={(iso) => setWeekOf(iso ? mondayOf(iso) : '')} />
        </label>
        {d && (
          <span className="muted">
            с {ruDate(d.monday)} по {ruDate(d.sunday)}: к выдаче {d.totals.due}, выдано {d.totals.handed}
            {d.totals.overdue ? (
              <>
                , <strong className="overdue-count">просрочено {d.totals.overdue}</strong>
              </>
            ) : null}
          </span>
        )}
        {canPrepare(role) && (
          <button type="button" className="primary" disabled={printAll.busy || toPrint.length === 0} onClick={() => void printAll.run()}>
            Напечатать все к выдаче ({toPrint.length}) одним файлом
          </button>
        )}
        {canSign(role) && (
          <button type="button" className="primary" disabled={toSign.length === 0} onClick={() => setBatch('sign')}>
            Утвердить подготовленные ({toSign.length})
          </button>
        )}
        {canPrepare(role) && (
          <button type="button" disabled={toHand.length === 0} onClick={() => setBatch('hand')}>
            Выдача по ведомости ({toHand.length})…
          </button>
        )}
      </Toolbar>
      {printAll.progress && <ProgressBar done={printAll.progress.done} total={printAll.progress.total} label={printAll.progress.label} />}
      {done && <Notice kind="ok">{done}</Notice>}
      <ErrorBanner message={duty.error ?? printAll.error} />
      {batch === 'sign' && (
        <SignOffDialog
          rows={toSign.map((r) => r.extract!)}
          onClose={() => setBatch(null)}
          onDone={(n) => {
            setBatch(null);
            setDone(`Утверждено выписок: ${n}.`);
            duty.reload();
          }}
        />
      )}
      {batch === 'hand' && d && (
        <HandOverBatchDialog
          rows={toHand.map((r) => r.extract!)}
          today={d.today}
          onClose={() => setBatch(null)}
          onDone={(n) => {
            setBatch(null);
            setDone(`Записана выдача выписок: ${n}.`);
            duty.reload();
          }}
        />
      )}
      {d && d.totals.overdue > 0 && <p className="small overdue-note">Красным — семьи, которым бумажная информация не выдавалась больше недели: срок в колонке «Выдать до».</p>}
      {!classId && d && <p className="muted small">По всей школе показано состояние по реестру; выберите класс, чтобы сверить выписки с журналом (изменились ли данные после утверждения).</p>}
      <div className="split extracts-split">
        <DataTable
          testId="duty-table"
          data={rows}
          columns={columns}
          getId={(r) => r.studentId}
          initialSort={DUTY_ORDER}
          searchLabel="Поиск ученика"
          selectedId={selected}
          onActivate={(r) => setSelected(r.studentId)}
          rowClass={(r) => (r.overdue ? 'overdue' : r.handedThisWeek ? 'dim' : undefined)}
          height={480}
          empty={duty.loading ? 'Загрузка…' : 'На этой неделе никому не нужна бумажная выписка'}
        />
        <div>
          {current?.extract ? (
            <ExtractPanel row={current.extract} onChanged={() => duty.reload()} />
          ) : current ? (
            <section className="panel" data-testid="extract-panel">
              <h2>{current.studentName}</h2>
              <p>Выписка этой недели ещё не подготовлена.</p>
              {canPrepare(role) && (
                <button type="button" className="primary" disabled={printAll.busy} onClick={() => void printAll.run([current.studentId])}>
                  Подготовить и напечатать
                </button>
              )}
            </section>
          ) : (
            <p className="muted">Выберите ученика в списке: его выписка, утверждение и выдача.</p>
          )}
        </div>
      </div>
    </>
  );
}
