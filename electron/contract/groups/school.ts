import { z } from 'zod';
import { method } from '../method.js';
import { Id } from '../entities/common.js';
import { Student } from '../entities/people.js';
import { Period, School, SchoolClass, Subject, Teacher, Year } from '../entities/school.js';
import { Settings } from '../entities/settings.js';

export const ClassSummary = SchoolClass.extend({
  classTeacherName: z.string(),
  studentCount: z.number(),
});
export type ClassSummary = z.infer<typeof ClassSummary>;

export const StudentRow = Student.extend({
  age: z.number(),
  guardianCount: z.number(),
});
export type StudentRow = z.infer<typeof StudentRow>;

export const SchoolOverview = z.object({
  school: School,
  years: z.array(Year),
  periods: z.array(Period),
  subjects: z.array(Subject),
  teachers: z.array(Teacher),
  settings: Settings,
  today: z.string(),
});
export type SchoolOverview = z.infer<typeof SchoolOverview>;

export const school = {
  overview: method({ title: 'Сведения о школе', access: 'authenticated', input: z.object({}), output: SchoolOverview }),
  classes: method({ title: 'Список классов', access: 'authenticated', input: z.object({}), output: z.array(ClassSummary) }),
  students: method({
    title: 'Ученики класса',
    // The administrator runs the workstation, not the school: no access to children's data.
    access: ['director', 'deputy', 'office', 'teacher'],
    input: z.object({ classId: Id }),
    output: z.array(StudentRow),
  }),
  updateSettings: method({
    title: 'Изменение настроек',
    access: ['admin', 'director'],
    input: Settings,
    output: Settings,
  }),
};
