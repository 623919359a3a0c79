import { z } from 'zod';
import { IsoDate } from '../entities/common.js';
import { method } from '../method.js';
import { ExportedFile } from './journal.js';

/**
 * «Журнал действий»: who did what, when, on which record, read from the hash-chained audit log.
 * The director and the deputies see names (staff, students «Фамилия И. О.», classes, document
 * kinds); the administrator sees staff and classes by name and every other record by its id only.
 */
export const AUDIT_READERS = ['admin', 'director', 'deputy'] as const;

/** `system` (the program itself) or a user's id. */
const AuthorId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'Недопустимый идентификатор');

const FilterShape = {
  /** Only the entries of this person (a user's id or `system`). */
  userId: AuthorId.optional(),
  /** Days of the workstation's calendar, both included. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  /** A kind of action (`registry`) or one action (`registry.register`). */
  kind: z.string().max(80).regex(/^[a-zA-Z]+(\.[a-zA-Z]+)?$/, 'Неизвестный вид действия').optional(),
  /** Only the operations made with a login reported compromised. */
  invalidOnly: z.boolean().optional(),
};

const datesInOrder = (x: { from?: string | undefined; to?: string | undefined }) => !x.from || !x.to || x.from <= x.to;
const DATES_MESSAGE = { path: ['to'], message: 'Дата «по» раньше даты «с»' };

export const AuditFilter = z.object(FilterShape).refine(datesInOrder, DATES_MESSAGE);
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditListInput = z
  .object({ ...FilterShape, offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) })
  .refine(datesInOrder, DATES_MESSAGE);
export type AuditListInput = z.input<typeof AuditListInput>;

export const AuditRow = z.object({
  seq: z.number(),
  at: z.string(),
  userId: z.string(),
  /** «Фамилия Имя Отчество» of the user, «Система», or the id of an account no longer known. */
  who: z.string(),
  /** The user's role in Russian, or ''. */
  role: z.string(),
  action: z.string(),
  /** The action in Russian. */
  what: z.string(),
  /** The records it concerns: names (ids only for the administrator). */
  records: z.array(z.string()),
  /** Facts of the entry in Russian (document kind, count, lost entries…), or ''. */
  details: z.string(),
  /** Made with a login after it was reported compromised. */
  invalid: z.boolean(),
  /** Entries about the log itself: a restore (with what it dropped) or a break found. */
  notice: z.enum(['restore', 'break']).optional(),
});
export type AuditRow = z.infer<typeof AuditRow>;

export const AuditOption = z.object({ id: z.string(), label: z.string() });
export const AuditKindOption = AuditOption.extend({ actions: z.array(AuditOption) });
export type AuditKindOption = z.infer<typeof AuditKindOption>;

export const AuditChainState = z.object({
  ok: z.boolean(),
  entries: z.number(),
  lastAt: z.string().optional(),
  /** seq of the first entry that does not fit the chain. */
  brokenAt: z.number().optional(),
  /** «Цепочка записей цела: N записей, последняя ДД.ММ.ГГГГ ЧЧ:ММ.» or «Цепочка записей нарушена: …». */
  message: z.string(),
  /** Each problem found, in Russian. */
  problems: z.array(z.string()),
  /** Each restore from a backup and what it dropped, in Russian. */
  restores: z.array(z.string()),
});
export type AuditChainState = z.infer<typeof AuditChainState>;

/** An entry as it is in the log (ids only), for the administrator's technical view. */
export const AuditEntryView = z.object({
  seq: z.number(),
  at: z.string(),
  userId: z.string(),
  action: z.string(),
  recordIds: z.array(z.string()),
  invalid: z.boolean(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const audit = {
  recent: method({
    title: 'Журнал аудита: последние записи',
    access: ['admin'],
    input: z.object({ limit: z.number().int().min(1).max(1000).default(200) }),
    output: z.array(AuditEntryView),
  }),
  list: method({
    title: 'Журнал действий',
    access: AUDIT_READERS,
    input: AuditListInput,
    output: z.object({
      /** Entries matching the filter (newest first); `rows` is the page from `offset`. */
      total: z.number(),
      offset: z.number(),
      rows: z.array(AuditRow),
      /** Everyone who may appear in the log, for the filter. */
      people: z.array(AuditOption),
      kinds: z.array(AuditKindOption),
    }),
  }),
  verify: method({
    title: 'Проверка целостности журнала действий',
    access: AUDIT_READERS,
    input: z.object({}),
    output: AuditChainState,
  }),
  exportPdf: method({ title: 'Печать журнала действий (PDF)', access: AUDIT_READERS, input: AuditFilter, output: ExportedFile }),
  exportXlsx: method({ title: 'Журнал действий в Excel (XLSX)', access: AUDIT_READERS, input: AuditFilter, output: ExportedFile }),
};
