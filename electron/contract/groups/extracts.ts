import { z } from 'zod';
import { method } from '../method.js';
import { Id, IsoDate } from '../entities/common.js';
import { ExtractSection } from '../entities/settings.js';
import { ExportedFile } from './journal.js';
import { PaperReason } from './registry.js';

/**
 * Extracts (выписки): paper information for families without the electronic service. An extract
 * is prepared (class teacher or office) with a number in the register, signed off (director or a
 * deputy), printed and handed over against the guardian's signature; each step is recorded. Its
 * verification code is a hash of its content: anyone can check a code against the register, and
 * an extract whose data changed after sign-off is outdated until it is signed off again.
 */

/** Who reads extracts and the duty list: the school's staff; a class teacher his classes only. */
export const EXTRACT_READERS = ['director', 'deputy', 'office', 'teacher'] as const;
/** Who prepares, prints and hands over: the class teacher (own classes) and the office. */
export const EXTRACT_PREPARERS = ['office', 'teacher'] as const;
/** Who signs off: the director and the deputies. */
export const EXTRACT_SIGNERS = ['director', 'deputy'] as const;
/** Who annuls an erroneous extract: the office and the director. */
export const EXTRACT_ANNULLERS = ['office', 'director'] as const;

export const EXTRACT_SECTION_LABELS: Record<ExtractSection, string> = {
  marks: 'Отметки по предметам',
  forecast: 'Прогноз итоговых отметок',
  absences: 'Пропущенные уроки',
  unsatisfactory: 'Неудовлетворительные отметки',
  homework: 'Домашние задания',
  recommendations: 'Рекомендации учителей',
  timetable: 'Расписание на неделю',
  tests: 'Предстоящие контрольные работы',
  holidays: 'Каникулы',
  teachers: 'Учителя класса',
};

export const EXTRACT_REASONS = ['weekly', 'request'] as const;
export const ExtractReason = z.enum(EXTRACT_REASONS);
export type ExtractReason = z.infer<typeof ExtractReason>;
export const EXTRACT_REASON_LABELS: Record<ExtractReason, string> = {
  weekly: 'еженедельная',
  request: 'по запросу',
};

/**
 * Where an extract is in its path. `outdated`: signed off, but the data changed since — it must
 * be signed off again (printing it prepares the new version).
 */
export const EXTRACT_STATES = ['prepared', 'signed_off', 'outdated', 'handed_over', 'annulled'] as const;
export const ExtractState = z.enum(EXTRACT_STATES);
export type ExtractState = z.infer<typeof ExtractState>;
export const EXTRACT_STATE_LABELS: Record<ExtractState, string> = {
  prepared: 'ждёт утверждения',
  signed_off: 'утверждена',
  outdated: 'данные изменились — утвердить заново',
  handed_over: 'выдана',
  annulled: 'аннулирована',
};

/** «A1B2-C3D4-E5F6-0718-293A»: 20 hexadecimal digits of the content hash, in groups of four. */
export const CODE_PATTERN = /^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/;

export const GuardianChoice = z.object({ id: Id, name: z.string(), relation: z.string() });
export type GuardianChoice = z.infer<typeof GuardianChoice>;

export const StepView = z.object({ at: z.string(), byId: Id, byName: z.string(), role: z.string() });
export type StepView = z.infer<typeof StepView>;

export const ExtractRow = z.object({
  id: Id,
  number: z.number(),
  studentId: Id,
  studentName: z.string(),
  classId: Id,
  className: z.string(),
  periodStart: IsoDate,
  periodEnd: IsoDate,
  reason: ExtractReason,
  issuedOn: IsoDate,
  state: ExtractState,
  /** The verification code printed on the paper (of the current version). */
  code: z.string(),
  /**
   * The hash of the content as it is now (when `checked`): what a signer confirms. Equal to the
   * recorded hash unless the data changed.
   */
  currentHash: z.string(),
  /** Whether the content was compared with the data now (not done for handed-over extracts). */
  checked: z.boolean(),
  prepared: StepView,
  signedOff: StepView.optional(),
  printed: z.object({ count: z.number(), last: StepView.optional() }),
  handedOver: StepView.extend({ date: IsoDate, guardianId: Id, guardianName: z.string() }).optional(),
  /** Annulled as erroneous: who, when, why. */
  annulled: StepView.extend({ reason: z.string() }).optional(),
  /** Earlier versions (the data changed and the extract was prepared again). */
  versions: z.number(),
  /** What is wrong with the record (a step made with a login reported compromised…). */
  problems: z.array(z.string()),
  guardians: z.array(GuardianChoice),
});
export type ExtractRow = z.infer<typeof ExtractRow>;

export const DutyRow = z.object({
  studentId: Id,
  studentName: z.string(),
  classId: Id,
  className: z.string(),
  reasons: z.array(PaperReason),
  /** Since when the family is informed on paper. */
  since: IsoDate.optional(),
  /** The last day the family received an extract. */
  lastHandedOverOn: IsoDate.optional(),
  /** The day by which the family must receive the next one (a week after the last). */
  deadline: IsoDate,
  /** The deadline has passed and nothing was handed over. */
  overdue: z.boolean(),
  /** Handed over in the chosen week. */
  handedThisWeek: z.boolean(),
  /** The weekly extract of the chosen week, if prepared. */
  extract: ExtractRow.optional(),
  guardians: z.array(GuardianChoice),
});
export type DutyRow = z.infer<typeof DutyRow>;

export const DutyList = z.object({
  monday: IsoDate,
  sunday: IsoDate,
  today: IsoDate,
  classId: Id.optional(),
  rows: z.array(DutyRow),
  totals: z.object({ due: z.number(), handed: z.number(), overdue: z.number(), toSign: z.number() }),
});
export type DutyList = z.infer<typeof DutyList>;

export const RegisterFilter = z.object({
  classId: Id.optional(),
  studentId: Id.optional(),
  /** Issued from / to, inclusive. */
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  state: ExtractState.optional(),
  reason: ExtractReason.optional(),
});
export type RegisterFilter = z.infer<typeof RegisterFilter>;

export const VERIFY_RESULTS = ['valid', 'outdated', 'superseded', 'annulled', 'not_found'] as const;
export const VerifyResult = z.object({
  result: z.enum(VERIFY_RESULTS),
  /** One Russian sentence for the person checking. */
  message: z.string(),
  code: z.string(),
  number: z.number().optional(),
  /** Shown only to those who may see the student's class. */
  studentName: z.string().optional(),
  className: z.string().optional(),
  periodStart: IsoDate.optional(),
  periodEnd: IsoDate.optional(),
  issuedOn: IsoDate.optional(),
  state: ExtractState.optional(),
  signedOff: z.object({ at: z.string(), byName: z.string(), role: z.string() }).optional(),
  handedOverOn: IsoDate.optional(),
  /** When an annulled extract was annulled, and why (the reason only to those who may see the class). */
  annulled: z.object({ at: z.string(), reason: z.string().optional() }).optional(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

export const BatchResult = z.object({
  file: ExportedFile,
  /** Extracts in the file. */
  count: z.number(),
  /** Of them, prepared now (new numbers). */
  prepared: z.number(),
  /** Of them, prepared again because the data changed (they need sign-off again). */
  renewed: z.number(),
  /** Due students skipped: handed over this week already. */
  skipped: z.number(),
});
export type BatchResult = z.infer<typeof BatchResult>;

const WeekInput = { weekOf: IsoDate.optional() };

export const HandOverBatchResult = z.object({ count: z.number(), rows: z.array(ExtractRow) });
export type HandOverBatchResult = z.infer<typeof HandOverBatchResult>;
const Template = z.record(ExtractSection, z.boolean());

export const extracts = {
  duty: method({
    title: 'Выписки: кому нужна бумажная информация на этой неделе',
    access: EXTRACT_READERS,
    input: z.object({ classId: Id.optional(), ...WeekInput }),
    output: DutyList,
  }),
  register: method({
    title: 'Реестр выписок',
    access: EXTRACT_READERS,
    input: RegisterFilter,
    output: z.array(ExtractRow),
  }),
  prepare: method({
    title: 'Подготовка выписки',
    access: EXTRACT_PREPARERS,
    input: z
      .object({ studentId: Id, from: IsoDate, to: IsoDate, reason: ExtractReason })
      .refine((x) => x.from <= x.to, { path: ['to'], message: 'Дата окончания раньше даты начала' }),
    output: ExtractRow,
  }),
  preview: method({
    title: 'Просмотр выписки',
    access: EXTRACT_READERS,
    input: z.object({ id: Id }),
    output: ExportedFile,
  }),
  print: method({
    title: 'Печать выписок',
    access: EXTRACT_PREPARERS,
    progress: true,
    input: z.object({ ids: z.array(Id).min(1, 'Выберите выписки').max(2000) }),
    output: BatchResult,
  }),
  printDue: method({
    title: 'Печать выписок недели одним файлом',
    access: EXTRACT_PREPARERS,
    progress: true,
    input: z.object({ classId: Id.optional(), studentIds: z.array(Id).max(2000).optional(), ...WeekInput }),
    output: BatchResult,
  }),
  signOff: method({
    title: 'Утверждение выписок',
    access: EXTRACT_SIGNERS,
    input: z.object({
      items: z
        .array(z.object({ id: Id, contentHash: z.string().regex(/^[0-9a-f]{64}$/) }))
        .min(1, 'Выберите выписки')
        .max(2000),
    }),
    output: z.array(ExtractRow),
  }),
  handOver: method({
    title: 'Выдача выписки законному представителю',
    access: EXTRACT_PREPARERS,
    input: z.object({ id: Id, guardianId: Id, date: IsoDate }),
    output: ExtractRow,
  }),
  annul: method({
    title: 'Аннулирование ошибочной выписки',
    access: EXTRACT_ANNULLERS,
    input: z.object({
      id: Id,
      reason: z.string().trim().min(5, 'Укажите причину аннулирования: что в выписке неверно').max(500, 'Причина — не длиннее 500 знаков'),
    }),
    output: ExtractRow,
  }),
  handOverSheet: method({
    title: 'Ведомость выдачи выписок',
    access: EXTRACT_PREPARERS,
    input: z.object({
      /** The extracts of the sheet, each with the guardian expected to sign (default: the first on record). */
      items: z
        .array(z.object({ id: Id, guardianId: Id.optional() }))
        .min(1, 'Отметьте выписки для ведомости')
        .max(2000),
    }),
    output: ExportedFile,
  }),
  handOverBatch: method({
    title: 'Выдача выписок по ведомости',
    access: EXTRACT_PREPARERS,
    input: z.object({
      date: IsoDate,
      items: z
        .array(z.object({ id: Id, guardianId: Id }))
        .min(1, 'Отметьте выписки, за которые расписались представители')
        .max(2000),
    }),
    output: HandOverBatchResult,
  }),
  verify: method({
    title: 'Проверка кода выписки',
    access: 'authenticated',
    input: z.object({ code: z.string().trim().min(1, 'Введите код').max(200) }),
    output: VerifyResult,
  }),
  exportXlsx: method({
    title: 'Реестр выписок в Excel',
    access: EXTRACT_READERS,
    input: RegisterFilter,
    output: ExportedFile,
  }),
  setTemplate: method({
    title: 'Шаблон выписки: разделы',
    access: EXTRACT_SIGNERS,
    input: z.object({ sections: Template }),
    output: Template,
  }),
};
