import type { ComponentType } from 'react';
import type { Role } from '../../../electron/contract/roles';
import { ClassesPage } from '../pages/classes/ClassesPage';
import { ExtractsPage } from '../pages/extracts/ExtractsPage';
import { FinalsPage } from '../pages/finals/FinalsPage';
import { JournalPage } from '../pages/journal/JournalPage';
import { SettingsPage } from '../pages/settings/SettingsPage';
import { UsersPage } from '../pages/users/UsersPage';
import { NotYetPage } from '../pages/NotYetPage';
import { RegistryPage } from '../pages/registry/RegistryPage';
import { SyncPage } from '../pages/sync/SyncPage';
import { StatsPage } from '../pages/stats/StatsPage';
import { AuditPage } from '../pages/audit/AuditPage';

export interface NavItem {
  id: string;
  label: string;
  roles: readonly Role[];
  page: ComponentType;
}

const ALL: readonly Role[] = ['admin', 'director', 'deputy', 'office', 'teacher'];
const SCHOOL_STAFF: readonly Role[] = ['director', 'deputy', 'office', 'teacher'];

/** The sections of the app, in the order of the sidebar; Alt+1…9 opens them. */
export const NAVIGATION: NavItem[] = [
  { id: 'classes', label: 'Классы', roles: SCHOOL_STAFF, page: ClassesPage },
  { id: 'registry', label: 'Согласия и отказы', roles: SCHOOL_STAFF, page: RegistryPage },
  { id: 'extracts', label: 'Выписки', roles: SCHOOL_STAFF, page: ExtractsPage },
  { id: 'journal', label: 'Журнал', roles: SCHOOL_STAFF, page: JournalPage },
  { id: 'finals', label: 'Итоговые отметки', roles: SCHOOL_STAFF, page: FinalsPage },
  { id: 'stats', label: 'Статистика', roles: ['director', 'deputy'], page: StatsPage },
  { id: 'sync', label: 'Синхронизация', roles: ALL, page: SyncPage },
  { id: 'users', label: 'Пользователи', roles: ['admin', 'director', 'deputy'], page: UsersPage },
  { id: 'settings', label: 'Настройки', roles: ['admin', 'director'], page: SettingsPage },
  { id: 'audit', label: 'Журнал действий', roles: ['director', 'deputy', 'admin'], page: AuditPage },
];

export function navigationFor(role: Role): NavItem[] {
  return NAVIGATION.filter((n) => n.roles.includes(role));
}
