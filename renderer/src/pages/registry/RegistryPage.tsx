import { useEffect, useMemo, useState } from 'react';
import { CONSENT_LABELS, type RegistryRow } from '../../../../electron/contract/groups/registry';
import { fullName, shortName } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { useSession } from '../../app/session';
import { classOrder } from '../../components/ClassSelect';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { FILTERS, rowMatches, type FilterId } from './labels';
import { LogView } from './LogView';
import { StudentCardView } from './StudentCardView';
import { Tabs } from '../../components/Tabs';

const REGISTRY_TABS = [
  ['students', 'Ученики класса'],
  ['log', 'Журнал регистрации'],
] as const;

const columns: ColumnDef<RegistryRow, any>[] = [
  {
    id: 'name',
    header: 'Ученик',
    accessorFn: (r) => shortName(r.student),
    cell: (c) => <span title={`${fullName(c.row.original.student)}. ${c.row.original.status.summary}`}>{c.getValue() as string}</span>,
  },
  { id: 'age', header: 'Лет', accessorFn: (r) => r.status.age, size: 48 },
  {
    id: 'consent',
    header: 'Согласие ПД',
    size: 108,
    accessorFn: (r) => (r.status.consent.state === 'given' || r.status.consent.studentOwn ? 'дано' : CONSENT_LABELS[r.status.consent.state]),
    cell: (c) => {
      const v = c.getValue() as string;
      return <span className={`tag ${v === 'дано' ? 'ok' : 'bad'}`}>{v}</span>;
    },
  },
  {
    id: 'service',
    header: 'Эл. форма',
    size: 90,
    accessorFn: (r) => (r.status.service.electronic ? 'да' : r.status.service.reason === 'refusal' ? 'отказ' : 'нет'),
    cell: (c) => {
      const v = c.getValue() as string;
      return <span className={`tag ${v === 'да' ? 'ok' : 'bad'}`}>{v}</span>;
    },
  },
  {
    id: 'paper',
    header: 'Бумага',
    size: 80,
    accessorFn: (r) => (r.status.paper.due ? 'нужна' : ''),
    cell: (c) => (c.getValue() ? <span className="tag warn">нужна</span> : <span className="muted">—</span>),
  },
  {
    id: 'review',
    header: 'Проверка',
    size: 84,
    accessorFn: (r) => r.status.review.length,
    cell: (c) => ((c.getValue() as number) > 0 ? <span className="tag warn">{c.getValue() as number}</span> : <span className="muted">—</span>),
  },
];

function StudentsTab({ classId }: { classId: string }) {
  const reg = useQuery(() => api.registry.classStatus({ classId }), [classId]);
  const [filter, setFilter] = useState<FilterId>('all');
  const [selected, setSelected] = useState<string>();
  useEffect(() => setSelected(undefined), [classId]);
  const rows = reg.data?.rows ?? [];
  const visible = useMemo(() => rows.filter((r) => rowMatches(r, filter)), [rows, filter]);
  const current = rows.find((r) => r.student.id === selected);

  return (
    <>
      <ErrorBanner message={reg.error} />
      <div className="registry-filters" role="group" aria-label="Фильтр учеников">
        {FILTERS.map((f) => {
          const n = rows.filter((r) => rowMatches(r, f.id)).length;
          return (
            <button key={f.id} type="button" className={filter === f.id ? 'active' : undefined} aria-pressed={filter === f.id} onClick={() => setFilter(f.id)}>
              {f.label} <span className="count">{n}</span>
            </button>
          );
        })}
      </div>
      <div className="split registry-split">
        <section className="split-left">
          <DataTable
            testId="registry-table"
            data={visible}
            columns={columns}
            getId={(r) => r.student.id}
            selectedId={selected}
            onActivate={(r) => setSelected(r.student.id)}
            initialSort={[{ id: 'name', desc: false }]}
            searchLabel="Поиск ученика"
            height={540}
            rowClass={(r) => (r.student.leftOn && r.student.leftOn <= (reg.data?.today ?? '') ? 'dim' : undefined)}
            empty={reg.loading ? 'Загрузка…' : filter === 'all' ? 'В классе нет учеников' : 'Таких учеников нет'}
          />
        </section>
        <section className="split-right">
          {current ? (
            <StudentCardView key={current.student.id} studentId={current.student.id} onChanged={reg.reload} />
          ) : (
            <div className="panel muted">
              Выберите ученика в списке слева: откроется его карточка с положением, историей документов и кнопками регистрации согласий, отказов, заявлений и
              контактов.
            </div>
          )}
        </section>
      </div>
    </>
  );
}

export function RegistryPage() {
  const { session } = useSession();
  const classes = useQuery(() => api.school.classes({}), []);
  const sorted = useMemo(() => [...(classes.data ?? [])].sort(classOrder), [classes.data]);
  const [classId, setClassId] = useState<string>();
  const [tab, setTab] = useState<'students' | 'log'>('students');
  const current = classId ?? (session?.user.classIds.find((id) => sorted.some((c) => c.id === id)) ?? sorted[0]?.id);
  const cls = sorted.find((c) => c.id === current);

  return (
    <>
      <PageHeader title="Согласия и отказы">
        <Tabs tabs={REGISTRY_TABS} value={tab} onChange={setTab} label="Разделы реестра" className="registry-tabs" />
      </PageHeader>
      <ErrorBanner message={classes.error} />
      {tab === 'students' && (
        <>
          <div className="registry-classbar">
            <label>
              Класс{' '}
              <select value={current ?? ''} onChange={(e) => setClassId(e.target.value)} aria-label="Класс">
                {sorted.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            {cls?.classTeacherName && <span className="muted">классный руководитель {cls.classTeacherName}</span>}
          </div>
          {current ? <StudentsTab classId={current} /> : !classes.loading && <p className="muted">Классов нет.</p>}
        </>
      )}
      {tab === 'log' && <LogView classes={sorted} defaultClassId={session?.user.role === 'teacher' ? current : undefined} />}
    </>
  );
}
