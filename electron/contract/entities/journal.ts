import { z } from 'zod';
import { AttendanceKind, Id, IsoDate, LessonType, Timestamp } from './common.js';

export const Lesson = z.object({
  id: Id,
  subjectId: Id,
  teacherId: Id,
  date: IsoDate,
  lessonNo: z.number().int().min(1).max(10),
  topic: z.string().max(500),
  type: LessonType,
  homework: z.string().max(2000).optional(),
  /** The date by which the homework is due. */
  homeworkDue: IsoDate.optional(),
  /** A group of the class (e.g. «1 группа») when the lesson was for part of the class (imported journals). */
  group: z.string().max(60).optional(),
});
export type Lesson = z.infer<typeof Lesson>;

export const Mark = z.object({
  id: Id,
  lessonId: Id,
  studentId: Id,
  value: z.number().int().min(1).max(5),
  weight: z.number().min(0).max(10),
  /** The kind of work as the source system names it (e.g. «Ответ на уроке»), for imported journals. */
  work: z.string().max(100).optional(),
});
export type Mark = z.infer<typeof Mark>;

export const Attendance = z.object({
  id: Id,
  lessonId: Id,
  studentId: Id,
  kind: AttendanceKind,
});
export type Attendance = z.infer<typeof Attendance>;

export const FINAL_VALUES = ['5', '4', '3', '2', '1', 'н/а', 'осв.'] as const;
export const FinalValue = z.enum(FINAL_VALUES);
export type FinalValue = z.infer<typeof FinalValue>;

/**
 * A final mark entry for a student, subject and period. `periodId` is a period's id, or
 * `year:<yearId>`, `exam:<yearId>`, `final:<yearId>`. The latest entry (by hlc) is in force.
 */
export const FinalMarkEntry = z.object({
  id: Id,
  studentId: Id,
  subjectId: Id,
  periodId: z.string().min(1).max(80),
  value: FinalValue.nullable(),
  deferral: z.object({ reason: z.string().min(3).max(300), dueOn: IsoDate }).optional(),
  /** The day the result became known (the deadline runs from it). */
  knownOn: IsoDate,
  /** When the result was made available to the family (published to the diary or handed over). */
  publishedAt: Timestamp.optional(),
  /** Who made the change, and when (for a confirmed change request: who asked, and when). */
  enteredBy: Id,
  enteredAt: Timestamp,
  hlc: z.string(),
  /**
   * Why a mark that was locked (its period closed, or already made available to the family) was
   * changed. Optional: entries of earlier versions and ordinary entries have none.
   */
  reason: z.string().min(3).max(500).optional(),
  /** The deputy or the director who confirmed the change of a locked mark, and when. */
  confirmedBy: Id.optional(),
  confirmedAt: Timestamp.optional(),
});
export type FinalMarkEntry = z.infer<typeof FinalMarkEntry>;
