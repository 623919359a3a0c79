import { z } from 'zod';

/** A calendar date as written on paper: YYYY-MM-DD. */
export const IsoDate = z
  .string()
  .min(1, { error: 'Укажите дату', abort: true })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата должна быть в формате ДД.ММ.ГГГГ')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }, 'Такой даты нет в календаре');
export type IsoDate = z.infer<typeof IsoDate>;

/** A moment: ISO 8601 timestamp in UTC. */
export const Timestamp = z.string().datetime({ offset: true });
export type Timestamp = z.infer<typeof Timestamp>;

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_.:-]+$/, 'Недопустимый идентификатор');
export type Id = z.infer<typeof Id>;

const namePart = (label: string) =>
  z
    .string()
    .trim()
    .min(1, `Укажите ${label}`)
    .max(60, `${label[0]!.toUpperCase()}${label.slice(1)} слишком длинное`)
    .regex(/^[А-ЯЁа-яёA-Za-z][А-ЯЁа-яёA-Za-z' -]*$/, `${label[0]!.toUpperCase()}${label.slice(1)}: только буквы, пробел и дефис`);

/** Фамилия Имя Отчество. The patronymic may be absent. */
export const PersonName = z.object({
  lastName: namePart('фамилию'),
  firstName: namePart('имя'),
  middleName: z.string().trim().max(60).optional(),
});
export type PersonName = z.infer<typeof PersonName>;

export const LESSON_TYPES = ['урок', 'контрольная', 'практическая', 'лабораторная', 'самостоятельная', 'проверочная', 'зачёт'] as const;
export const LessonType = z.enum(LESSON_TYPES);
export type LessonType = z.infer<typeof LessonType>;

/** Attendance marks of the journal: н — absent, б — ill, у — excused. */
export const ATTENDANCE_KINDS = ['н', 'б', 'у'] as const;
export const AttendanceKind = z.enum(ATTENDANCE_KINDS);
export type AttendanceKind = z.infer<typeof AttendanceKind>;
