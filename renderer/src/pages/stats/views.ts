import type { StatsPeriod } from '../../../../electron/contract/groups/stats';
import { ruDate } from '../../../../electron/contract/text/format';

/**
 * The statistics page's views — its tabs and the drill-down school → class → student — as plain
 * types, so the page and each view import them from here and never each other (no import circle).
 */

export const TABS = [
  { id: 'overview', label: 'Сводка' },
  { id: 'results', label: 'Успеваемость' },
  { id: 'fulfilment', label: 'Выполнение плана' },
  { id: 'lessonTypes', label: 'Виды уроков' },
  { id: 'finals', label: 'Итоговые отметки' },
  { id: 'regulations', label: 'Регламент' },
] as const;
export type TabId = (typeof TABS)[number]['id'];

export type View = { kind: 'tab'; tab: TabId } | { kind: 'class'; classId: string; className: string; from: TabId } | { kind: 'student'; classId: string; className: string; studentId: string; studentName: string; from: TabId };

export interface ViewProps {
  periodKey: string | undefined;
  days: number;
  open(view: View): void;
  /** The period the view shows, and the periods it offers (the school's, or a class's). */
  onPeriods(current: StatsPeriod, periods?: StatsPeriod[], scope?: 'school' | 'class'): void;
}

export function periodLabel(p: StatsPeriod): string {
  return `${p.title} (${ruDate(p.start)} – ${ruDate(p.end)})`;
}
