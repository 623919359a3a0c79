import { z } from 'zod';
import { Id, IsoDate, LessonType, PersonName } from './common.js';

export const School = z.object({
  id: Id,
  name: z.string().min(1).max(300),
  shortName: z.string().min(1).max(120),
  address: z.string().max(300),
  phone: z.string().max(40),
  director: PersonName,
});
export type School = z.infer<typeof School>;

export const PeriodScheme = z.enum(['quarters', 'trimesters', 'halves']);
export type PeriodScheme = z.infer<typeof PeriodScheme>;

export const Year = z.object({ id: Id, name: z.string(), start: IsoDate, end: IsoDate });
export type Year = z.infer<typeof Year>;

export const Period = z.object({
  id: Id,
  yearId: Id,
  scheme: PeriodScheme,
  index: z.number().int().min(1).max(4),
  name: z.string(),
  start: IsoDate,
  end: IsoDate,
});
export type Period = z.infer<typeof Period>;

export const SchoolClass = z.object({
  id: Id,
  yearId: Id,
  grade: z.number().int().min(1).max(11),
  letter: z.string().min(1).max(3),
  name: z.string(),
  classTeacherId: Id.optional(),
  periodScheme: PeriodScheme,
});
export type SchoolClass = z.infer<typeof SchoolClass>;

export const Subject = z.object({ id: Id, name: z.string(), shortName: z.string() });
export type Subject = z.infer<typeof Subject>;

export const Teacher = PersonName.extend({ id: Id, position: z.string().optional() });
export type Teacher = z.infer<typeof Teacher>;

export const CurriculumItem = z.object({
  classId: Id,
  subjectId: Id,
  teacherId: Id,
  hoursPerYear: z.number().int().min(0),
  /** Planned lessons of particular types (e.g. контрольная: 4), where the plan names them. */
  typesPlan: z.partialRecord(LessonType, z.number().int().min(0)).optional(),
});
export type CurriculumItem = z.infer<typeof CurriculumItem>;

export const TimetableSlot = z.object({
  id: Id,
  classId: Id,
  weekday: z.number().int().min(1).max(6),
  lessonNo: z.number().int().min(1).max(10),
  subjectId: Id,
  teacherId: Id,
  room: z.string().max(20),
});
export type TimetableSlot = z.infer<typeof TimetableSlot>;

export const TimetableChange = z.object({
  id: Id,
  classId: Id,
  date: IsoDate,
  lessonNo: z.number().int().min(1).max(10),
  kind: z.enum(['substitution', 'moved', 'cancelled']),
  subjectId: Id,
  /** The teacher who gives the lesson after the change (substitution). */
  teacherId: Id,
  /** For a moved lesson: where it went. */
  toDate: IsoDate.optional(),
  toLessonNo: z.number().int().min(1).max(10).optional(),
  note: z.string().max(300).optional(),
});
export type TimetableChange = z.infer<typeof TimetableChange>;

export const Holiday = z.object({ id: Id, name: z.string(), start: IsoDate, end: IsoDate });
export type Holiday = z.infer<typeof Holiday>;

export const PlannedTest = z.object({
  id: Id,
  classId: Id,
  subjectId: Id,
  date: IsoDate,
  kind: LessonType,
  topic: z.string().max(300),
});
export type PlannedTest = z.infer<typeof PlannedTest>;
