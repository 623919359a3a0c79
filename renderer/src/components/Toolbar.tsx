import type { ReactNode } from 'react';

/** The row of filters and actions above a page's table. */
export function Toolbar({ children }: { children: ReactNode }) {
  return <div className="journal-toolbar">{children}</div>;
}
