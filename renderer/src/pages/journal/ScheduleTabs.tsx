import type { ClassJournalInfo, HolidayView, TestView } from '../../../../electron/contract/groups/journal';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { DataTable, type ColumnDef } from '../../components/DataTable';
import { ErrorBanner } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';

const testColumns: ColumnDef<TestView, any>[] = [
  { id: 'date', header: 'Дата', accessorKey: 'date', cell: (c) => ruDate(c.getValue()), size: 110 },
  { id: 'subject', header: 'Предмет', accessorKey: 'subjectName', size: 220 },
  { id: 'kind', header: 'Вид работы', accessorKey: 'kind', size: 150 },
  { id: 'topic', header: 'Тема', accessorKey: 'topic' },
];

/** The test schedule (график контрольных работ) of the class. */
export function TestsTab({ info }: { info: ClassJournalInfo }) {
  const tests = useQuery(() => api.journal.tests({ classId: info.classId }), [info.classId]);
  const upcoming = (tests.data ?? []).filter((t) => t.date >= info.today).length;
  return (
    <>
      <ErrorBanner message={tests.error} />
      <p className="muted">Предстоит работ: {upcoming}. Прошедшие показаны серым.</p>
      <DataTable
        testId="tests-table"
        data={tests.data ?? []}
        columns={testColumns}
        getId={(t) => t.id}
        initialSort={[{ id: 'date', desc: false }]}
        searchLabel="Поиск по предмету или теме"
        rowClass={(t) => (t.date < info.today ? 'dim' : undefined)}
        height={520}
        empty={tests.loading ? 'Загрузка…' : 'Контрольных работ в графике нет'}
      />
    </>
  );
}

const holidayColumns: ColumnDef<HolidayView, any>[] = [
  { id: 'name', header: 'Каникулы, праздники', accessorKey: 'name' },
  { id: 'start', header: 'С', accessorKey: 'start', cell: (c) => ruDate(c.getValue()), size: 120 },
  { id: 'end', header: 'По', accessorKey: 'end', cell: (c) => ruDate(c.getValue()), size: 120 },
  { id: 'days', header: 'Дней', accessorKey: 'days', size: 80 },
];

export function HolidaysTab({ info }: { info: ClassJournalInfo }) {
  const holidays = useQuery(() => api.journal.holidays({ classId: info.classId }), [info.classId]);
  return (
    <>
      <ErrorBanner message={holidays.error} />
      <div className="panel">
        <b>Отчётные периоды ({info.periods.length}):</b>{' '}
        {info.periods.map((p) => `${p.name} — ${ruDate(p.start)}–${ruDate(p.end)}`).join('; ')}
      </div>
      <DataTable
        testId="holidays-table"
        data={holidays.data ?? []}
        columns={holidayColumns}
        getId={(h) => h.id}
        initialSort={[{ id: 'start', desc: false }]}
        height={360}
        empty={holidays.loading ? 'Загрузка…' : 'Каникулы не заданы'}
      />
    </>
  );
}

export function TeachersTab({ info }: { info: ClassJournalInfo }) {
  const teachers = useQuery(() => api.journal.teachers({ classId: info.classId }), [info.classId]);
  const t = teachers.data;
  return (
    <>
      <ErrorBanner message={teachers.error} />
      {t && (
        <>
          <p>
            Классный руководитель: <b>{t.classTeacher?.name ?? 'не назначен'}</b>
          </p>
          <table className="plain" data-testid="teachers-table">
            <thead>
              <tr>
                <th>Предмет</th>
                <th>Учитель</th>
                <th>Должность</th>
                <th className="num">Часов в год</th>
              </tr>
            </thead>
            <tbody>
              {t.items.map((i) => (
                <tr key={i.subjectId}>
                  <td>{i.subjectName}</td>
                  <td>{i.teacherName}</td>
                  <td className="muted">{i.position ?? ''}</td>
                  <td className="num">{i.hoursPerYear ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}
