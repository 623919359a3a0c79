import { z } from 'zod';
import { method } from '../method.js';
import { Id, IsoDate } from '../entities/common.js';
import { FinalValue } from '../entities/journal.js';
import { ExportedFile, JOURNAL_READERS } from './journal.js';

/**
 * Final marks (итоговые отметки) per student, subject and period: set on the workstation by the
 * class teacher (own classes) — or by the director or a deputy — each entry a pending mutation for
 * the central system; the office reads them. A locked mark (its period closed, or already with the
 * family) changes only with a reason and the confirmation of the director or a deputy (a request
 * they decide, or their own change). Deferrals (отсрочка) for ill students, up to the end of the
 * school year; the deadline by which results must reach the family; the summary sheet
 * (сводная ведомость) on screen, as PDF and XLSX. The rules: electron/core/finals/rules.ts.
 */

/** Who sets final marks: the class teacher for his classes; the director and deputies for any. */
export const FINAL_MARK_EDITORS = ['teacher', 'director', 'deputy'] as const;
/** Who confirms or refuses a change of a locked final mark. */
export const FINAL_MARK_CONFIRMERS = ['director', 'deputy'] as const;
/** Who records that results reached the family (the office hands over the paper). */
export const FINAL_MARK_PUBLISHERS = ['office', 'teacher', 'director', 'deputy'] as const;

/** Why a mark is locked: its period is closed, or it was made available to the family. */
export const LOCK_REASONS = ['closed', 'published'] as const;
export const LockReason = z.enum(LOCK_REASONS);

/** The reason of a change of a locked mark: checked in words by the core (finals/rules.ts). */
const ChangeReason = z.string().trim().max(500, 'Причина изменения — не длиннее 500 знаков');

export const FINAL_STATES = ['open', 'missing', 'assigned', 'deferred', 'deferral_due'] as const;
export const FinalState = z.enum(FINAL_STATES);
export type FinalState = z.infer<typeof FinalState>;

export const FINAL_STATE_LABELS: Record<FinalState, string> = {
  open: 'период не окончен',
  missing: 'не выставлена',
  assigned: 'выставлена',
  deferred: 'отсрочка',
  deferral_due: 'срок отсрочки наступил',
};

export const FINAL_KINDS = ['period', 'year', 'exam', 'final'] as const;

/** A column of final marks: a period (its id), or `year:<yearId>`, `exam:<yearId>`, `final:<yearId>`. */
export const FinalColumnView = z.object({
  key: z.string(),
  kind: z.enum(FINAL_KINDS),
  title: z.string(),
  short: z.string(),
  start: IsoDate,
  end: IsoDate,
});
export type FinalColumnView = z.infer<typeof FinalColumnView>;

export const LatenessView = z.object({
  deadline: IsoDate,
  publishedOn: IsoDate.optional(),
  daysLate: z.number(),
  late: z.boolean(),
  pending: z.boolean(),
});
export type LatenessView = z.infer<typeof LatenessView>;

export const FinalCell = z.object({
  subjectId: Id,
  state: FinalState,
  value: FinalValue.nullable(),
  deferral: z.object({ reason: z.string(), dueOn: IsoDate, daysOverdue: z.number() }).optional(),
  wasDeferred: z.boolean(),
  lateness: LatenessView.optional(),
  entryId: Id.optional(),
  knownOn: IsoDate.optional(),
  /** The forecast of the period (periods only; a hint for the teacher). */
  forecast: z.number().nullable().optional(),
  /** The student was not in the class during the period. */
  inactive: z.boolean().optional(),
  /** The mark in force is locked: a change needs a reason and a deputy's or the director's confirmation. */
  locked: z.array(LockReason).optional(),
  /** A change request waiting for a decision. */
  request: z.object({ id: Id, value: FinalValue.nullable(), deferral: z.object({ reason: z.string(), dueOn: IsoDate }).optional() }).optional(),
});
export type FinalCell = z.infer<typeof FinalCell>;

export const FinalBoard = z.object({
  classId: Id,
  className: z.string(),
  columns: z.array(FinalColumnView),
  column: FinalColumnView,
  subjects: z.array(z.object({ id: Id, name: z.string(), shortName: z.string() })),
  rows: z.array(z.object({ studentId: Id, name: z.string(), note: z.string(), cells: z.array(FinalCell) })),
  deadlineDays: z.number(),
  today: IsoDate,
  /** The caller may enter marks in this class. */
  canEdit: z.boolean(),
  /** The caller confirms changes of locked marks (the director, a deputy): his own changes carry a reason. */
  canConfirm: z.boolean(),
  /** The first day the column counts as closed (its end + the deadline days + 1). */
  closedFrom: IsoDate,
  /** The last day of the school year: the latest date of a deferral. */
  yearEnd: IsoDate,
});
export type FinalBoard = z.infer<typeof FinalBoard>;

export const FinalEntryView = z.object({
  id: Id,
  value: FinalValue.nullable(),
  deferral: z.object({ reason: z.string(), dueOn: IsoDate }).optional(),
  knownOn: IsoDate,
  publishedAt: z.string().optional(),
  enteredByName: z.string(),
  enteredAt: z.string(),
  /** Entered with a login reported compromised: invalid, not in force (the regulations). */
  invalid: z.boolean().optional(),
  /** Why a locked mark was changed, and who confirmed the change, when. */
  reason: z.string().optional(),
  confirmedByName: z.string().optional(),
  confirmedAt: z.string().optional(),
});
export type FinalEntryView = z.infer<typeof FinalEntryView>;

export const ATTENTION_KINDS = ['change_requested', 'deferral_due', 'late', 'unpublished_late', 'missing'] as const;
export const ATTENTION_LABELS: Record<(typeof ATTENTION_KINDS)[number], string> = {
  change_requested: 'Запрос на изменение ждёт подтверждения',
  deferral_due: 'Срок отсрочки наступил, отметки нет',
  late: 'Результат доведён до семьи с опозданием',
  unpublished_late: 'Результат не доведён до семьи, срок прошёл',
  missing: 'Итоговая отметка не выставлена',
};

export const AttentionItem = z.object({
  kind: z.enum(ATTENTION_KINDS),
  classId: Id,
  className: z.string(),
  studentId: Id,
  studentName: z.string(),
  subjectId: Id,
  subjectName: z.string(),
  periodKey: z.string(),
  columnTitle: z.string(),
  /** The deferral's date, or the deadline of publication, or the end of the period, or the day of a request. */
  date: IsoDate,
  /** How late: days past that date. */
  days: z.number(),
  entryId: Id.optional(),
});
export type AttentionItem = z.infer<typeof AttentionItem>;

export const SheetCellView = z.object({ text: z.string(), state: FinalState, daysLate: z.number() });

export const SummarySheetView = z.object({
  classId: Id,
  schoolName: z.string(),
  className: z.string(),
  yearName: z.string(),
  classTeacherName: z.string(),
  date: IsoDate,
  columns: z.array(FinalColumnView),
  subjects: z.array(z.object({ id: Id, name: z.string(), shortName: z.string() })),
  rows: z.array(
    z.object({
      no: z.number(),
      studentId: Id,
      name: z.string(),
      short: z.string(),
      note: z.string(),
      /** cells[subject][column]. */
      cells: z.array(z.array(SheetCellView)),
    }),
  ),
  deferrals: z.array(
    z.object({ studentName: z.string(), subjectName: z.string(), columnTitle: z.string(), reason: z.string(), dueOn: IsoDate, state: FinalState }),
  ),
});
export type SummarySheetView = z.infer<typeof SummarySheetView>;

export const REQUEST_STATUSES = ['pending', 'confirmed', 'refused'] as const;
export const REQUEST_STATUS_LABELS: Record<(typeof REQUEST_STATUSES)[number], string> = {
  pending: 'ждёт подтверждения',
  confirmed: 'подтверждён',
  refused: 'отклонён',
};

/** A request to change a locked final mark, as lists show it. */
export const FinalChangeRequestView = z.object({
  id: Id,
  classId: Id,
  className: z.string(),
  studentId: Id,
  studentName: z.string(),
  subjectId: Id,
  subjectName: z.string(),
  periodKey: z.string(),
  columnTitle: z.string(),
  /** The mark in force when asked. */
  fromValue: FinalValue.nullable(),
  value: FinalValue.nullable(),
  deferral: z.object({ reason: z.string(), dueOn: IsoDate }).optional(),
  knownOn: IsoDate,
  reason: z.string(),
  locked: z.array(LockReason),
  requestedByName: z.string(),
  requestedAt: z.string(),
  status: z.enum(REQUEST_STATUSES),
  decidedByName: z.string().optional(),
  decidedAt: z.string().optional(),
  note: z.string().optional(),
  /** Made with a login reported known to others: invalid, never confirmed. */
  invalid: z.boolean().optional(),
});
export type FinalChangeRequestView = z.infer<typeof FinalChangeRequestView>;

const CellRef = { classId: Id, studentId: Id, subjectId: Id, periodKey: z.string().min(1).max(80) };

const EntryInput = {
  ...CellRef,
  value: FinalValue.nullable(),
  deferral: z
    .object({
      reason: z.string().trim().min(3, 'Укажите причину отсрочки').max(300),
      dueOn: IsoDate,
    })
    .optional(),
  knownOn: IsoDate,
  /** The mark is set before its period ends, and the user said so (else refused: rule, path confirmEarly). */
  confirmEarly: z.boolean().optional(),
};

export const finals = {
  board: method({
    title: 'Итоговые отметки класса за период',
    access: JOURNAL_READERS,
    input: z.object({ classId: Id, periodKey: z.string().min(1).max(80).optional() }),
    output: FinalBoard,
  }),
  set: method({
    title: 'Выставление итоговой отметки или отсрочки',
    access: FINAL_MARK_EDITORS,
    input: z.object({
      ...EntryInput,
      /** Why a locked mark changes (the director or a deputy; a class teacher sends requestChange). */
      reason: ChangeReason.optional(),
    }),
    output: FinalCell,
  }),
  requestChange: method({
    title: 'Запрос на изменение итоговой отметки',
    access: ['teacher'],
    input: z.object({ ...EntryInput, reason: ChangeReason }),
    output: FinalChangeRequestView,
  }),
  requests: method({
    title: 'Запросы на изменение итоговых отметок',
    access: JOURNAL_READERS,
    input: z.object({
      classId: Id.optional(),
      /** Only the requests of one cell. */
      cell: z.object({ studentId: Id, subjectId: Id, periodKey: z.string().min(1).max(80) }).optional(),
      pendingOnly: z.boolean().optional(),
    }),
    output: z.array(FinalChangeRequestView),
  }),
  decide: method({
    title: 'Решение по запросу на изменение итоговой отметки',
    access: FINAL_MARK_CONFIRMERS,
    input: z.object({
      classId: Id,
      requestId: Id,
      decision: z.enum(['confirm', 'refuse']),
      note: z.string().trim().max(500, 'Примечание — не длиннее 500 знаков').optional(),
    }),
    output: FinalChangeRequestView,
  }),
  history: method({
    title: 'История итоговой отметки',
    access: JOURNAL_READERS,
    input: z.object(CellRef),
    output: z.array(FinalEntryView),
  }),
  markPublished: method({
    title: 'Итоговые отметки доведены до семьи',
    access: FINAL_MARK_PUBLISHERS,
    input: z.object({ classId: Id, entryIds: z.array(Id).min(1).max(2000), publishedOn: IsoDate }),
    output: z.object({ count: z.number() }),
  }),
  attention: method({
    title: 'Итоговые отметки: сроки',
    access: JOURNAL_READERS,
    progress: true,
    input: z.object({ classId: Id.optional() }),
    output: z.array(AttentionItem),
  }),
  sheet: method({ title: 'Сводная ведомость', access: JOURNAL_READERS, input: z.object({ classId: Id }), output: SummarySheetView }),
  sheetPdf: method({ title: 'Печать сводной ведомости (PDF)', access: JOURNAL_READERS, input: z.object({ classId: Id }), output: ExportedFile }),
  sheetXlsx: method({ title: 'Сводная ведомость в Excel (XLSX)', access: JOURNAL_READERS, input: z.object({ classId: Id }), output: ExportedFile }),
};
