import { z } from 'zod';
import { Id, IsoDate, PersonName } from './common.js';
import { Passport } from './documents.js';

export const Student = PersonName.extend({
  id: Id,
  classId: Id,
  birthDate: IsoDate,
  gender: z.enum(['m', 'f']),
  enrolledOn: IsoDate,
  /** The day the student left the school (or moved to another class), if he did. */
  leftOn: IsoDate.optional(),
  /** The student's passport (14 and older), where the school's system holds it (imported). */
  passport: Passport.optional(),
});
export type Student = z.infer<typeof Student>;

export const GUARDIAN_RELATIONS = ['мать', 'отец', 'опекун', 'попечитель', 'бабушка', 'дедушка'] as const;

export const Guardian = PersonName.extend({
  id: Id,
  relation: z.enum(GUARDIAN_RELATIONS),
  studentIds: z.array(Id).min(1),
  /** Where the school's system holds them: printed on the consent form (152-ФЗ, ст. 9 ч. 4), blank lines otherwise. */
  address: z.string().trim().max(300).optional(),
  passport: Passport.optional(),
});
export type Guardian = z.infer<typeof Guardian>;

export const Recommendation = z.object({
  id: Id,
  studentId: Id,
  subjectId: Id,
  teacherId: Id,
  date: IsoDate,
  text: z.string().max(2000),
});
export type Recommendation = z.infer<typeof Recommendation>;

/** A guardian's view of the electronic diary, pulled from the central system (контроль за просмотром). */
export const DiaryView = z.object({ guardianId: Id, studentId: Id, at: z.string() });
export type DiaryView = z.infer<typeof DiaryView>;
