import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, PageHeader } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { Tabs } from '../../components/Tabs';
import { DutyTab } from './DutyTab';
import { RegisterTab } from './RegisterTab';
import { RequestTab } from './RequestTab';
import { TemplateTab } from './TemplateTab';
import { VerifyTab } from './VerifyTab';

const TABS = [
  ['duty', 'На этой неделе'],
  ['register', 'Реестр выписок'],
  ['request', 'По запросу'],
  ['verify', 'Проверить код'],
  ['template', 'Шаблон'],
] as const;
type Tab = (typeof TABS)[number][0];

/**
 * Extracts (выписки): paper information for families without the electronic service — the weekly
 * duty with one-click batch printing, sign-off, hand-over against signature, the register, extracts
 * on request, and checking a code.
 */
export function ExtractsPage() {
  const [tab, setTab] = useState<Tab>('duty');
  const classes = useQuery(() => api.school.classes({}), []);
  const overview = useQuery(() => api.school.overview({}), []);
  const list = classes.data ?? [];
  return (
    <>
      <PageHeader title="Выписки" />
      <p className="muted small class-line">
        Семьи без электронного дневника получают выписку на бумаге не реже раза в неделю: канцелярия или классный руководитель печатает, директор или
        заместитель утверждает, представитель расписывается в получении.
      </p>
      <ErrorBanner message={classes.error ?? overview.error} />
      <Tabs tabs={TABS} value={tab} onChange={setTab} label="Разделы выписок" />
      <div className="tab-body" key={tab}>
        {tab === 'duty' && <DutyTab classes={list} />}
        {tab === 'register' && <RegisterTab classes={list} />}
        {tab === 'request' && overview.data && <RequestTab classes={list} today={overview.data.today} />}
        {tab === 'verify' && <VerifyTab />}
        {tab === 'template' && overview.data && <TemplateTab sections={overview.data.settings.extractSections} />}
      </div>
    </>
  );
}
