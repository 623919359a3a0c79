import { z } from 'zod';
import { method } from '../method.js';
import { Id, IsoDate } from '../entities/common.js';
import { FinalValue } from '../entities/journal.js';
import { ExportedFile, JOURNAL_READERS } from './journal.js';

/**
 * Final marks (итоговые отметки) per student, subject and period: entered on the workstation by
 * the class teacher (own classes) or the office, each entry a pending mutation for the central
 * system; deferrals (отсрочка) for ill students; the deadline by which results must reach the
 * family; the summary sheet (сводная ведомость) on screen, as PDF and XLSX.
 */

/** Who enters final marks: the class teacher for his classes, and the office. */
export const FINAL_MARK_EDITORS = ['office', 'teacher'] as const;

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
});
export type FinalEntryView = z.infer<typeof FinalEntryView>;

export const ATTENTION_KINDS = ['deferral_due', 'late', 'unpublished_late', 'missing'] as const;
export const ATTENTION_LABELS: Record<(typeof ATTENTION_KINDS)[number], string> = {
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
  /** The deferral's date, or the deadline of publication, or the end of the period. */
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

const CellRef = { classId: Id, studentId: Id, subjectId: Id, periodKey: z.string().min(1).max(80) };

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
      ...CellRef,
      value: FinalValue.nullable(),
      deferral: z
        .object({
          reason: z.string().trim().min(3, 'Укажите причину отсрочки').max(300),
          dueOn: IsoDate,
        })
        .optional(),
      knownOn: IsoDate,
    }),
    output: FinalCell,
  }),
  history: method({
    title: 'История итоговой отметки',
    access: JOURNAL_READERS,
    input: z.object(CellRef),
    output: z.array(FinalEntryView),
  }),
  markPublished: method({
    title: 'Итоговые отметки доведены до семьи',
    access: FINAL_MARK_EDITORS,
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
