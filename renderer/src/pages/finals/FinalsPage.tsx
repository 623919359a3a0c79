import { useState } from 'react';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { ClassSelect } from '../../components/ClassSelect';
import { Tabs } from '../../components/Tabs';
import { useClassChoice } from '../../components/useClassChoice';
import { AttentionTab } from './AttentionTab';
import { FinalBoardTab } from './FinalBoardTab';
import { RequestsTab } from './RequestsTab';
import { SummarySheetTab } from './SummarySheetTab';

const TABS = [
  ['board', 'Выставление'],
  ['sheet', 'Сводная ведомость'],
  ['attention', 'Сроки и опоздания'],
  ['requests', 'Запросы на изменение'],
] as const;
type Tab = (typeof TABS)[number][0];

/**
 * Final marks: set here by the class teacher (or the director, a deputy; the office reads them),
 * each entry sent to the central system with the next sync; deferrals, the deadline to inform the
 * family, the summary sheet, and the requests to change locked marks that the director or a
 * deputy decides.
 */
export function FinalsPage() {
  const { classes, classId, setClassId } = useClassChoice();
  const [tab, setTab] = useState<Tab>('board');
  return (
    <>
      <PageHeader title="Итоговые отметки">
        <ClassSelect classes={classes.data ?? []} value={classId} onChange={setClassId} />
      </PageHeader>
      <ErrorBanner message={classes.error} />
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Разделы итоговых отметок" />
      {classId && (
        <div className="tab-body" key={`${classId}:${tab}`}>
          {tab === 'board' && <FinalBoardTab classId={classId} />}
          {tab === 'sheet' && <SummarySheetTab classId={classId} />}
          {tab === 'attention' && <AttentionTab classId={classId} />}
          {tab === 'requests' && <RequestsTab classId={classId} />}
        </div>
      )}
    </>
  );
}
