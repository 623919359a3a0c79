import { useState } from 'react';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { ClassSelect } from '../../components/ClassSelect';
import { Tabs, useClassChoice } from '../journal/common';
import { AttentionTab } from './AttentionTab';
import { FinalBoardTab } from './FinalBoardTab';
import { SummarySheetTab } from './SummarySheetTab';

const TABS = [
  ['board', 'Выставление'],
  ['sheet', 'Сводная ведомость'],
  ['attention', 'Сроки и опоздания'],
] as const;
type Tab = (typeof TABS)[number][0];

/**
 * Final marks: entered here by the class teacher or the office (each entry is sent to the central
 * system with the next sync), deferrals, the deadline to inform the family, the summary sheet.
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
        </div>
      )}
    </>
  );
}
