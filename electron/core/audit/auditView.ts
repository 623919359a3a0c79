import { plural } from '../../contract/text/format.js';
import { DOCUMENT_KIND_LABELS, type DocumentKind } from '../../contract/entities/documents.js';
import type { AuditChainState, AuditFilter, AuditRow } from '../../contract/groups/audit.js';
import { EXTRACT_REASON_LABELS, type ExtractReason } from '../../contract/groups/extracts.js';
import { STATS_REPORT_TITLES, type StatsReportId } from '../../contract/groups/stats.js';
import { ROLE_LABELS, type Role } from '../../contract/roles.js';
import { ruDate, ruDateTime } from '../../contract/text/format.js';
import { auditEntryInvalid, type CompromiseRule } from '../../contract/auth/compromise.js';
import { actionLabel, actionMatches } from './actionLabels.js';
import { BACKUP_RESTORED, CHAIN_BROKEN, type AuditEntry, type BreakReason } from './auditEntry.js';
import { LINE_UNREADABLE, type AuditCheck } from './auditLog.js';

export { plural };

export const entriesText = (n: number) => `${n} ${plural(n, 'запись', 'записи', 'записей')}`;

/**
 * «прежние № 41–57 (17 записей)», «прежняя № 41 (1 запись)»: numbers of entries that are gone. The
 * log numbers on from the last entry it kept, so the entry that tells the loss takes the first of them.
 */
export function rangeText(from: number, to: number): string {
  return `${from === to ? 'прежняя' : 'прежние'} № ${from === to ? from : `${from}–${to}`} (${entriesText(to - from + 1)})`;
}

export const BREAK_TEXT: Record<BreakReason, string> = {
  truncated: 'удалены последние записи',
  head_mismatch: 'последняя запись не та, что была сделана (журнал подменён другой копией)',
  head_missing: 'удалена отметка о последней записи журнала',
  head_unreadable: 'отметка о последней записи журнала повреждена',
};

/** Names of the people and records an entry mentions; what the administrator gets has no child's or guardian's name. */
export interface AuditNames {
  /** A user of the program (staff: the administrator may see them). */
  user(id: string): { name: string; role: Role } | undefined;
  /** A record: «Иванов И. И.», «класс 5А», «документ: Согласие…»; its id when unknown or not to be shown. */
  record(id: string): string;
  /** A subject's name (from the school's list). */
  subject(id: string): string | undefined;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** The facts of an entry in Russian (never a name of a child: details hold ids and kinds only). */
export function detailsText(e: AuditEntry, names: AuditNames): string {
  const d = e.details ?? {};
  const parts: string[] = [];
  const kind = str(d.kind);
  switch (e.action) {
    case 'registry.register':
    case 'registry.form':
      if (kind && kind in DOCUMENT_KIND_LABELS) parts.push(DOCUMENT_KIND_LABELS[kind as DocumentKind]);
      break;
    case 'finals.set': {
      const subject = str(d.subjectId);
      if (subject) parts.push(names.subject(subject) ?? subject);
      if (kind === 'deferral') parts.push('отсрочка');
      else if (kind === 'cleared') parts.push('отметка снята');
      break;
    }
    case 'extracts.verify': {
      const r = str(d.result);
      const text: Record<string, string> = { valid: 'подлинная', outdated: 'данные изменились', superseded: 'заменена новой', not_found: 'не найдена' };
      if (r) parts.push(`результат: ${text[r] ?? r}`);
      break;
    }
    case 'stats.export': {
      const report = str(d.report);
      if (report && report in STATS_REPORT_TITLES) parts.push(STATS_REPORT_TITLES[report as StatsReportId]);
      const format = str(d.format);
      if (format) parts.push(format.toUpperCase());
      break;
    }
    case 'users.create':
    case 'users.update': {
      const role = str(d.role);
      if (role && role in ROLE_LABELS) parts.push(ROLE_LABELS[role as Role]);
      if (d.disabled === true) parts.push('отключён');
      break;
    }
    case 'users.resetPassword':
      if (d.reopened) parts.push('учётная запись открыта заново одноразовым паролем');
      break;
    case 'auth.compromised': {
      const from = str(d.from);
      if (from) parts.push(`операции недействительны с ${ruDateTime(from)}`);
      break;
    }
    case 'journal.studentReportPdf': {
      const from = str(d.from);
      const to = str(d.to);
      if (from && to) parts.push(`за ${ruDate(from)}–${ruDate(to)}`);
      break;
    }
    case BACKUP_RESTORED: {
      const created = str(d.backupCreatedAt);
      if (created) parts.push(`копия от ${ruDateTime(created)}`);
      const lost = num(d.lostCount) ?? 0;
      const from = num(d.lostFrom);
      const to = num(d.lostTo);
      parts.push(lost > 0 && from !== undefined && to !== undefined ? `утрачены записи: ${rangeText(from, to)}` : d.currentUnreadable ? 'утрата записей неизвестна' : 'записи журнала не утрачены');
      if (d.currentUnreadable) parts.push('журнал до восстановления не читался');
      break;
    }
    case CHAIN_BROKEN: {
      const reason = str(d.reason) as BreakReason | undefined;
      parts.push(reason && reason in BREAK_TEXT ? BREAK_TEXT[reason] : 'журнал изменён');
      const from = num(d.lostFrom);
      const to = num(d.lostTo);
      if (from !== undefined && to !== undefined) parts.push(`утрачены записи: ${rangeText(from, to)}`);
      break;
    }
    case 'store.recovered': {
      const file = str(d.file);
      if (file) parts.push(`файл ${file}`);
      const from = str(d.from);
      const text: Record<string, string> = { backup: 'из предыдущей версии', log: 'из журнала изменений', file: 'из самого файла', none: 'восстановить не удалось' };
      if (from) parts.push(text[from] ?? from);
      if (d.lost === true) parts.push('часть изменений утрачена');
      break;
    }
    case 'audit.headStarted': {
      const n = num(d.entries);
      if (n) parts.push(`в журнале до того ${entriesText(n)}`);
      break;
    }
    default:
      break;
  }
  const number = num(d.number);
  if (number !== undefined) parts.push(`№ ${number}`);
  const reason = str(d.reason);
  if (e.action.startsWith('extracts.') && reason && reason in EXTRACT_REASON_LABELS) parts.push(EXTRACT_REASON_LABELS[reason as ExtractReason]);
  const count = num(d.count);
  if (count !== undefined) parts.push(`${count} шт.`);
  const rows = num(d.rows);
  if (rows !== undefined) parts.push(`${rows} ${plural(rows, 'строка', 'строки', 'строк')}`);
  if (e.action === 'backup.export' && num(d.files) !== undefined) parts.push(`файлов: ${num(d.files)}`);
  return parts.join('; ');
}

/** The calendar day of a moment on this workstation (what the filter's dates mean). */
export function localDay(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The entries a filter keeps, newest first. */
export function filterEntries(entries: readonly AuditEntry[], filter: AuditFilter, rule: CompromiseRule): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (filter.userId && e.userId !== filter.userId) continue;
    if (filter.kind && !actionMatches(e.action, filter.kind)) continue;
    if (filter.from || filter.to) {
      const day = localDay(e.at);
      if (filter.from && day < filter.from) continue;
      if (filter.to && day > filter.to) continue;
    }
    if (filter.invalidOnly && !auditEntryInvalid(rule, e)) continue;
    out.push(e);
  }
  return out;
}

/** One row of «Журнал действий». */
export function auditRow(e: AuditEntry, names: AuditNames, rule: CompromiseRule): AuditRow {
  const user = e.userId === 'system' ? undefined : names.user(e.userId);
  return {
    seq: e.seq,
    at: e.at,
    userId: e.userId,
    who: e.userId === 'system' ? 'Система' : (user?.name ?? e.userId),
    role: user ? ROLE_LABELS[user.role] : '',
    action: e.action,
    what: actionLabel(e.action),
    // A login, a logout, a password change name their own author: said once, in «who».
    records: [...new Set(e.recordIds)].filter((id) => !(id === e.userId && e.action.startsWith('auth.'))).map((id) => names.record(id)),
    details: detailsText(e, names),
    invalid: auditEntryInvalid(rule, e),
    ...(e.action === BACKUP_RESTORED || e.action === 'backup.restore' ? { notice: 'restore' as const } : {}),
    ...(e.action === CHAIN_BROKEN || e.action === LINE_UNREADABLE ? { notice: 'break' as const } : {}),
  };
}

/** The record ids the entries mention (to look up only those). */
export function recordIdsOf(entries: readonly AuditEntry[]): Set<string> {
  const ids = new Set<string>();
  for (const e of entries) for (const id of e.recordIds) ids.add(id);
  return ids;
}

/** The chain's state in Russian, for the top of «Журнал действий», the settings page and the printouts. */
export function chainState(check: AuditCheck): AuditChainState {
  const problems: string[] = [];
  if (check.unreadable) problems.push('файлы журнала не читаются');
  if (check.damaged.length) {
    const one = check.damaged.length === 1;
    problems.push(`${one ? 'запись' : 'записи'} № ${check.damaged.join(', ')} не ${one ? 'читается (повреждена или подложена)' : 'читаются (повреждены или подложены)'}`);
  }
  if (check.brokenAt !== undefined && !check.unreadable && !check.damaged.includes(check.brokenAt)) {
    problems.push(`запись № ${check.brokenAt} не сходится с предыдущей (изменена, удалена или подложена)`);
  }
  for (const b of check.breaks) {
    const lost = b.lostFrom !== undefined && b.lostTo !== undefined ? `: ${rangeText(b.lostFrom, b.lostTo)}` : '';
    problems.push(`${BREAK_TEXT[b.reason] ?? 'журнал изменён'}${lost} (обнаружено ${ruDateTime(b.at)})`);
  }
  const restores = check.restores.map((r) => {
    const copy = r.backupCreatedAt ? ` (копия от ${ruDateTime(r.backupCreatedAt)})` : '';
    const lost =
      r.lostCount > 0 && r.lostFrom !== undefined && r.lostTo !== undefined
        ? `утрачены записи: ${rangeText(r.lostFrom, r.lostTo)}${r.currentUnreadable ? ' (журнал до восстановления не читался)' : ''}`
        : r.currentUnreadable
          ? 'журнал до восстановления не читался, утрата записей неизвестна'
          : 'записи журнала не утрачены';
    return `Восстановление из резервной копии ${ruDateTime(r.at)}${copy}: ${lost}.`;
  });
  const ok = check.ok && problems.length === 0;
  const message = ok
    ? check.entries === 0
      ? 'Цепочка записей цела: записей пока нет.'
      : `Цепочка записей цела: ${entriesText(check.entries)}, последняя ${ruDateTime(check.lastAt)}.`
    : `Цепочка записей нарушена: ${problems.join('; ')}. Записи могли быть изменены или удалены: сообщите директору и администратору.`;
  return {
    ok,
    entries: check.entries,
    ...(check.lastAt ? { lastAt: check.lastAt } : {}),
    ...(check.brokenAt !== undefined ? { brokenAt: check.brokenAt } : {}),
    message,
    problems,
    restores,
  };
}
