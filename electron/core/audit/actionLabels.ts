import { contract } from '../../contract/index.js';
import { lookupMethod } from '../../contract/method.js';

/**
 * Every action the audit log records, in Russian, grouped by kind (the filter of «Журнал
 * действий»). An action is a contract method path (`registry.register`) or a system action
 * (`auth.compromised`, `audit.chainBroken`). tests/unit/audit/actionLabels.test.ts finds every
 * action recorded in the code and fails when one is missing here.
 */
export const ACTION_KINDS: Record<string, string> = {
  auth: 'Вход и учётные записи',
  users: 'Пользователи',
  registry: 'Согласия и отказы',
  extracts: 'Выписки',
  finals: 'Итоговые отметки',
  journal: 'Журнал',
  stats: 'Статистика',
  school: 'Настройки школы',
  backup: 'Резервные копии',
  sync: 'Синхронизация',
  audit: 'Журнал действий',
  setup: 'Первый запуск',
  store: 'Хранение данных',
};

export const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Вход в программу',
  'auth.loginFailed': 'Неудачная попытка входа',
  'auth.logout': 'Выход из программы',
  'auth.passwordChanged': 'Смена пароля',
  'auth.compromised': 'Логин стал известен посторонним',
  'auth.unlock': 'Разблокировка экрана',
  'users.create': 'Создание пользователя',
  'users.update': 'Изменение пользователя',
  'users.resetPassword': 'Сброс пароля',
  'users.reportCompromise': 'Логин стал известен посторонним',
  'registry.register': 'Регистрация документа',
  'registry.form': 'Печать бланка',
  'registry.scan': 'Просмотр скана документа',
  'registry.logPdf': 'Печать журнала согласий и отказов (PDF)',
  'registry.logXlsx': 'Журнал согласий и отказов в Excel (XLSX)',
  'extracts.prepare': 'Подготовка выписки',
  'extracts.renew': 'Обновление выписки',
  'extracts.preview': 'Просмотр выписки',
  'extracts.print': 'Печать выписок',
  'extracts.signOff': 'Подпись выписок руководителем',
  'extracts.handOver': 'Выдача выписки под подпись',
  'extracts.handOverSheet': 'Печать ведомости выдачи выписок',
  'extracts.annul': 'Аннулирование ошибочной выписки',
  'extracts.verify': 'Проверка подлинности выписки',
  'extracts.exportXlsx': 'Реестр выписок в Excel (XLSX)',
  'extracts.setTemplate': 'Изменение шаблона выписки',
  'finals.set': 'Итоговая отметка',
  'finals.requestChange': 'Запрос на изменение итоговой отметки',
  'finals.decide': 'Решение по запросу на изменение итоговой отметки',
  'finals.markPublished': 'Публикация итоговых отметок',
  'finals.sheetPdf': 'Печать сводной ведомости (PDF)',
  'finals.sheetXlsx': 'Сводная ведомость в Excel (XLSX)',
  'journal.studentReportPdf': 'Печать отчёта об успеваемости ученика',
  'journal.atRiskExport': 'Выгрузка списка учеников в зоне риска',
  'stats.export': 'Выгрузка отчёта статистики',
  'school.updateSettings': 'Изменение настроек школы',
  'backup.export': 'Резервная копия данных',
  'backup.restore': 'Восстановление из резервной копии',
  'backup.restored': 'Восстановление из резервной копии',
  'sync.enroll': 'Подключение к центральной системе',
  'sync.pullRefused': 'Данные от центральной системы не приняты (не прошли проверку)',
  'setup.demo': 'Загрузка демонстрационной школы',
  'setup.empty': 'Первый запуск: новая школа',
  'setup.test': 'Проверочная запись',
  'store.recovered': 'Восстановление повреждённого файла данных',
  'audit.headStarted': 'Начат учёт последней записи журнала',
  'audit.chainBroken': 'Нарушение журнала: записи удалены или подменены',
  'audit.lineUnreadable': 'Запись журнала не читается',
  'audit.exportPdf': 'Печать журнала действий (PDF)',
  'audit.exportXlsx': 'Журнал действий в Excel (XLSX)',
};

/** The kind of an action: its group (`registry` of `registry.register`). */
export function kindOf(action: string): string {
  const dot = action.indexOf('.');
  return dot < 0 ? action : action.slice(0, dot);
}

/** The action in Russian: the table, else the contract method's title, else the path as it is. */
export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? lookupMethod(contract, action)?.title ?? action;
}

/** The kind of an action in Russian. */
export function kindLabel(kind: string): string {
  return ACTION_KINDS[kind] ?? kind;
}

/** Does the action fall under the filter `kind` (a kind, or one action)? */
export function actionMatches(action: string, kind: string): boolean {
  return kind.includes('.') ? action === kind : kindOf(action) === kind;
}
