import { useState } from 'react';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner, Notice, PageHeader } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { ClassSelect } from '../../components/ClassSelect';
import { Tabs } from '../../components/Tabs';
import { useClassChoice } from '../../components/useClassChoice';
import { ForecastTab, RiskTab } from './ForecastTab';
import { MarksGrid } from './MarksGrid';
import { HolidaysTab, TeachersTab, TestsTab } from './ScheduleTabs';
import { StudentCardTab } from './StudentCardTab';
import { StudentReportTab } from './StudentReportTab';
import { TimetableTab } from './TimetableTab';

const TABS = [
  ['marks', 'Отметки'],
  ['student', 'Ученик'],
  ['timetable', 'Расписание'],
  ['tests', 'Контрольные'],
  ['holidays', 'Каникулы'],
  ['teachers', 'Учителя'],
  ['forecast', 'Прогноз'],
  ['risk', 'Зона риска'],
  ['report', 'Пропуски и «2»'],
] as const;
type Tab = (typeof TABS)[number][0];

/**
 * The journal of a class: the local replica of the central system's journal, read-only here
 * (marks are entered by teachers in the central system and arrive with the sync).
 */
export function JournalPage() {
  const { classes, classId, setClassId } = useClassChoice();
  const [tab, setTab] = useState<Tab>('marks');
  const [studentId, setStudentId] = useState<string>();
  const info = useQuery(() => (classId ? api.journal.classInfo({ classId }) : Promise.resolve(null)), [classId]);
  const i = info.data && info.data.classId === classId ? info.data : null;

  return (
    <>
      <PageHeader title="Журнал">
        <ClassSelect classes={classes.data ?? []} value={classId} onChange={setClassId} />
      </PageHeader>
      <ErrorBanner message={classes.error ?? info.error} />
      {i && (
        <p className="muted small class-line">
          {i.className} класс · {i.yearName} · классный руководитель {i.classTeacherName || '—'} · учеников {i.students.filter((s) => !s.leftOn || s.leftOn > i.today).length} ·
          сегодня {ruDate(i.today)}. Журнал — копия данных центральной системы, здесь только для просмотра.
        </p>
      )}
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Разделы журнала" />
      {classes.data && classes.data.length === 0 && <Notice>Классов нет.</Notice>}
      {i && (
        <div className="tab-body" key={`${i.classId}:${tab}`}>
          {tab === 'marks' && <MarksGrid info={i} />}
          {tab === 'student' && <StudentCardTab info={i} studentId={studentId} onStudent={setStudentId} />}
          {tab === 'timetable' && <TimetableTab info={i} />}
          {tab === 'tests' && <TestsTab info={i} />}
          {tab === 'holidays' && <HolidaysTab info={i} />}
          {tab === 'teachers' && <TeachersTab info={i} />}
          {tab === 'forecast' && <ForecastTab info={i} />}
          {tab === 'risk' && <RiskTab info={i} />}
          {tab === 'report' && <StudentReportTab info={i} studentId={studentId} onStudent={setStudentId} />}
        </div>
      )}
    </>
  );
}
