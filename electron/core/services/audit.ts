import type { AuditFilter } from '../../contract/groups/audit.js';
import { compareRu } from '../../contract/text/collate.js';
import { fullName, ruDate, ruDateTime } from '../../contract/text/format.js';
import { ROLE_LABELS } from '../../contract/roles.js';
import { ACTION_KINDS, actionLabel, kindLabel, kindOf } from '../audit/actionLabels.js';
import type { AuditEntry } from '../audit/auditEntry.js';
import { AUDIT_TITLE, auditXlsx, renderAuditPdf, type AuditDocument } from '../audit/auditExport.js';
import { auditNames, schoolLevelIds, type ClassRecords } from '../audit/auditNames.js';
import { auditRow, chainState, filterEntries, recordIdsOf } from '../audit/auditView.js';
import { auditEntryInvalid, compromiseRule } from '../../contract/auth/compromise.js';
import type { AuthedContext, GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import type { audit } from '../../contract/groups/audit.js';
import type { SchoolData } from '../store/schema.js';

const toBase64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * «Журнал действий»: the audit log read for people. Names are resolved at read time (the log keeps
 * ids): for the director and the deputies from the class partitions the entries mention, for the
 * administrator from the school file only (staff, classes), every other record by its id.
 */
export function auditHandlers(core: Core): GroupHandlers<typeof audit> {
  const withPeople = (ctx: AuthedContext) => ctx.user.role !== 'admin';

  /** Names for the entries: reads only the class partitions holding records not named yet. */
  async function namesFor(ctx: AuthedContext, school: SchoolData, entries: readonly AuditEntry[]) {
    const classes: ClassRecords[] = [];
    if (withPeople(ctx)) {
      const known = schoolLevelIds(school);
      const wanted = new Set([...recordIdsOf(entries)].filter((id) => !known.has(id)));
      for (const c of school.classes) {
        if (wanted.size === 0) break;
        const data = await core.store.classData(c.id);
        classes.push(data);
        for (const list of [data.students, data.guardians, data.documents, data.extracts, data.finalMarks]) {
          for (const r of list) wanted.delete(r.id);
        }
      }
    }
    return auditNames(school, classes, withPeople(ctx));
  }

  async function selected(filter: AuditFilter) {
    const [entries, school] = await Promise.all([core.audit.all(), core.store.school()]);
    const rule = compromiseRule(school.compromises);
    return { school, rule, entries, chosen: filterEntries(entries, filter, rule) };
  }

  function scopeOf(filter: AuditFilter, school: SchoolData): string {
    const parts: string[] = [];
    if (filter.from && filter.to) parts.push(`с ${ruDate(filter.from)} по ${ruDate(filter.to)}`);
    else if (filter.from) parts.push(`с ${ruDate(filter.from)}`);
    else if (filter.to) parts.push(`по ${ruDate(filter.to)}`);
    if (filter.userId) {
      const u = school.users.find((x) => x.id === filter.userId);
      parts.push(filter.userId === 'system' ? 'Система' : u ? fullName(u.name) : filter.userId);
    }
    if (filter.kind) parts.push(filter.kind.includes('.') ? actionLabel(filter.kind) : kindLabel(filter.kind));
    if (filter.invalidOnly) parts.push('только недействительные');
    return parts.length ? parts.join('; ') : 'Все записи';
  }

  async function documentOf(filter: AuditFilter, ctx: AuthedContext): Promise<AuditDocument> {
    const { school, rule, chosen } = await selected(filter);
    const names = await namesFor(ctx, school, chosen);
    return {
      schoolName: school.school.name,
      scope: scopeOf(filter, school),
      chain: chainState(await core.audit.verify()),
      rows: chosen.map((e) => auditRow(e, names, rule)),
    };
  }

  return {
    recent: async (input) => {
      const [entries, school] = await Promise.all([core.audit.all(), core.store.school()]);
      const rule = compromiseRule(school.compromises);
      return entries
        .slice(-input.limit)
        .reverse()
        .map((e) => ({ seq: e.seq, at: e.at, userId: e.userId, action: e.action, recordIds: e.recordIds, invalid: auditEntryInvalid(rule, e) }));
    },

    list: async (input, ctx) => {
      const { school, rule, entries, chosen } = await selected(input);
      const page = chosen.slice(input.offset, input.offset + input.limit);
      const names = await namesFor(ctx, school, page);
      const people = [
        ...[...school.users]
          .sort((a, b) => compareRu(fullName(a.name), fullName(b.name)))
          .map((u) => ({ id: u.id, label: `${fullName(u.name)} (${ROLE_LABELS[u.role].toLowerCase()})` })),
        { id: 'system', label: 'Система' },
      ];
      // The kinds present in the log, each with its actions, in the table's order.
      const present = new Map<string, Set<string>>();
      for (const e of entries) {
        const k = kindOf(e.action);
        present.set(k, (present.get(k) ?? new Set()).add(e.action));
      }
      const order = Object.keys(ACTION_KINDS);
      const kinds = [...present.keys()]
        .sort((a, b) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99) || a.localeCompare(b))
        .map((k) => ({
          id: k,
          label: kindLabel(k),
          actions: [...present.get(k)!].map((a) => ({ id: a, label: actionLabel(a) })).sort((a, b) => compareRu(a.label, b.label)),
        }));
      return { total: chosen.length, offset: input.offset, rows: page.map((e) => auditRow(e, names, rule)), people, kinds };
    },

    verify: async () => {
      const state = chainState(await core.audit.verify());
      // What the central system saw of this log's end (protocol §5.2): a copy put back whole is
      // consistent in itself, only the central system can tell it came back shorter.
      const central = (await core.store.hasSchool()) ? (await core.store.school()).sync?.auditHeadProblem : undefined;
      if (!central) return state;
      const problem = `по данным центральной системы на ${ruDateTime(central.at)}: ${central.message}`;
      return { ...state, ok: false, problems: [...state.problems, problem], message: state.ok ? `Цепочка записей нарушена: ${problem}` : `${state.message} Кроме того, ${problem}` };
    },

    exportPdf: async (input, ctx) => {
      const doc = await documentOf(input, ctx);
      const bytes = renderAuditPdf(doc, { printedAt: ruDateTime(ctx.now.toISOString()) });
      await core.record(ctx, { action: 'audit.exportPdf', recordIds: [], details: { rows: doc.rows.length } });
      return { name: `${AUDIT_TITLE} ${isoDay(ctx.now)}.pdf`, mime: 'application/pdf' as const, base64: toBase64(bytes) };
    },

    exportXlsx: async (input, ctx) => {
      const doc = await documentOf(input, ctx);
      const bytes = await auditXlsx(doc, { createdAt: ctx.now });
      await core.record(ctx, { action: 'audit.exportXlsx', recordIds: [], details: { rows: doc.rows.length } });
      return {
        name: `${AUDIT_TITLE} ${isoDay(ctx.now)}.xlsx`,
        mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' as const,
        base64: toBase64(bytes),
      };
    },
  };
}
