/**
 * The shape of every entity kind the central system sends, as the contract's schemas say: a pulled
 * row is applied only when its data is exactly what its kind's schema accepts (nothing missing,
 * nothing extra, nothing the schema would change). One table for the workstation's page check and
 * for anything else that must agree on what an entity is.
 */
import { z } from 'zod';
import { Id, Timestamp } from '../entities/common.js';
import { Compromise } from '../entities/compromise.js';
import { RegistryDocument } from '../entities/documents.js';
import { Attendance, FinalMarkEntry, Lesson, Mark } from '../entities/journal.js';
import { DiaryView, Guardian, Recommendation, Student } from '../entities/people.js';
import { CurriculumItem, Holiday, Period, PlannedTest, School, SchoolClass, Subject, Teacher, TimetableChange, TimetableSlot, Year } from '../entities/school.js';

/** The central system's record of its last import from one source (kind `importInfo`): counts, never names. */
export const ImportInfo = z.object({
  /** The source's code (sgo, dnevnik, ezhd, …). */
  id: z.string().regex(/^[a-z][a-z0-9]{1,7}$/),
  sourceName: z.string().max(200).optional(),
  exportedAt: Timestamp,
  importedAt: Timestamp,
  /** Entities of each kind in the export. */
  kinds: z.record(z.string().regex(/^[A-Za-z]{1,40}$/), z.number().int().min(0)),
  added: z.number().int().min(0),
  changed: z.number().int().min(0),
  removed: z.number().int().min(0),
});
export type ImportInfo = z.infer<typeof ImportInfo>;

export const ENTITY_SCHEMAS = {
  school: School,
  year: Year,
  period: Period,
  class: SchoolClass,
  subject: Subject,
  teacher: Teacher,
  curriculum: CurriculumItem,
  timetable: TimetableSlot,
  timetableChange: TimetableChange,
  holiday: Holiday,
  test: PlannedTest,
  compromise: Compromise,
  importInfo: ImportInfo,
  student: Student,
  guardian: Guardian,
  document: RegistryDocument,
  finalMark: FinalMarkEntry,
  recommendation: Recommendation,
  diaryView: DiaryView,
  lesson: Lesson,
  mark: Mark,
  attendance: Attendance,
} as const satisfies Record<string, z.ZodType>;

export type SchemaKind = keyof typeof ENTITY_SCHEMAS;

