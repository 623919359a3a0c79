import { useMemo, useState } from 'react';
import type { ClassSummary, StudentRow } from '../../../../electron/contract/groups/school';
import { fullName, ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';

const classColumns: ColumnDef<ClassSummary, any>[] = [
  { id: 'name', header: 'Класс', accessorFn: (c) => c.grade * 100 + c.letter.charCodeAt(0), cell: (c) => c.row.original.name, size: 76 },
  { id: 'teacher', header: 'Классный руководитель', accessorKey: 'classTeacherName', meta: { grow: 1 } },
  { id: 'count', header: 'Учеников', accessorKey: 'studentCount', size: 90 },
];

const studentColumns: ColumnDef<StudentRow, any>[] = [
  { id: 'n', header: '№', cell: (c) => c.row.index + 1, size: 44, enableSorting: false },
  { id: 'name', header: 'Фамилия Имя Отчество', accessorFn: (s) => fullName(s), meta: { grow: 1 } },
  { id: 'birth', header: 'Дата рождения', accessorKey: 'birthDate', cell: (c) => ruDate(c.getValue()), size: 130 },
  { id: 'age', header: 'Возраст', accessorKey: 'age', size: 80 },
  { id: 'guardians', header: 'Представителей', accessorKey: 'guardianCount', size: 130 },
  {
    id: 'state',
    header: 'Обучение',
    accessorFn: (s) => (s.leftOn ? `выбыл ${ruDate(s.leftOn)}` : 'обучается'),
    size: 140,
  },
];

export function ClassesPage() {
  const classes = useQuery(() => api.school.classes({}), []);
  const [classId, setClassId] = useState<string>();
  const selected = classId ?? classes.data?.[0]?.id;
  const students = useQuery(() => (selected ? api.school.students({ classId: selected }) : Promise.resolve([])), [selected]);
  const current = useMemo(() => classes.data?.find((c) => c.id === selected), [classes.data, selected]);

  return (
    <>
      <PageHeader title="Классы" />
      <ErrorBanner message={classes.error ?? students.error} />
      <div className="split">
        <section className="split-left">
          <DataTable
            testId="classes-table"
            data={classes.data ?? []}
            columns={classColumns}
            getId={(c) => c.id}
            selectedId={selected}
            onActivate={(c) => setClassId(c.id)}
            initialSort={[{ id: 'name', desc: false }]}
            searchLabel="Поиск класса"
            height={560}
            empty={classes.loading ? 'Загрузка…' : 'Классов нет'}
          />
        </section>
        <section className="split-right">
          <h2>
            {current ? `${current.name} класс` : 'Класс не выбран'}
            {current?.classTeacherName && <span className="muted"> — классный руководитель {current.classTeacherName}</span>}
          </h2>
          <DataTable
            testId="students-table"
            data={students.data ?? []}
            columns={studentColumns}
            getId={(s) => s.id}
            initialSort={[{ id: 'name', desc: false }]}
            searchLabel="Поиск ученика (фамилия, имя)"
            height={520}
            rowClass={(s) => (s.leftOn ? 'dim' : undefined)}
            empty={students.loading ? 'Загрузка…' : 'Учеников нет'}
          />
        </section>
      </div>
    </>
  );
}
