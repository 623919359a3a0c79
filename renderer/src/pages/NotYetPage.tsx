import { PageHeader, Notice } from '../components/ui';

/** A section whose screens are not in this version yet: said plainly, nothing pretends to work. */
export function NotYetPage() {
  return (
    <>
      <PageHeader title="Раздел готовится" />
      <Notice>Этот раздел появится в следующей версии программы.</Notice>
    </>
  );
}
