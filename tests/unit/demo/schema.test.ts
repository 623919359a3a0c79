import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import { Attendance, FinalMarkEntry, Lesson, Mark } from '../../../electron/contract/entities/journal.js';
import { DiaryView, Guardian, Recommendation, Student } from '../../../electron/contract/entities/people.js';
import {
  CurriculumItem,
  Holiday,
  Period,
  PlannedTest,
  School,
  SchoolClass,
  Subject,
  Teacher,
  TimetableChange,
  TimetableSlot,
  Year,
} from '../../../electron/contract/entities/school.js';
import { Settings } from '../../../electron/contract/entities/settings.js';
import { Login, Password, RoleSchema } from '../../../electron/contract/entities/users.js';
import { PersonName } from '../../../electron/contract/entities/common.js';
import { generateDemoSchool } from '../../../electron/core/demo/index.js';

/** The demo data is what the app would accept from a user or the central system. */
describe('demo school against the entity schemas', () => {
  const demo = generateDemoSchool({ seed: 5, students: 300, asOf: '2027-02-10' });
  const strictParse = <T extends z.ZodType>(schema: T, items: unknown[]) => {
    for (const item of items) {
      const r = schema.safeParse(item);
      if (!r.success) throw new Error(`${JSON.stringify(item).slice(0, 300)}\n${r.error.message}`);
    }
  };

  it('school file', () => {
    const s = demo.school;
    strictParse(School, [s.school]);
    strictParse(Settings, [s.settings]);
    strictParse(Year, s.years);
    strictParse(Period, s.periods);
    strictParse(SchoolClass, s.classes);
    strictParse(Subject, s.subjects);
    strictParse(Teacher, s.teachers);
    strictParse(CurriculumItem, s.curriculum);
    strictParse(TimetableSlot, s.timetable);
    strictParse(TimetableChange, s.timetableChanges);
    strictParse(Holiday, s.holidays);
    strictParse(PlannedTest, s.tests);
  });

  it('class files and journals (first, a middle and the last class)', () => {
    const picks = [0, Math.floor(demo.classes.length / 2), demo.classes.length - 1];
    for (const i of picks) {
      const c = demo.classes[i];
      const j = demo.journals[i];
      expect(c && j).toBeTruthy();
      if (!c || !j) continue;
      strictParse(Student, c.students);
      strictParse(Guardian, c.guardians);
      strictParse(RegistryDocument, c.documents);
      strictParse(FinalMarkEntry, c.finalMarks);
      strictParse(Recommendation, c.recommendations);
      strictParse(DiaryView, c.diaryViews);
      strictParse(Lesson, j.lessons);
      strictParse(Mark, j.marks);
      strictParse(Attendance, j.attendance);
    }
  });

  it('all registry documents of the school', () => {
    strictParse(RegistryDocument, demo.classes.flatMap((c) => c.documents));
  });

  it('users', () => {
    for (const u of demo.users) {
      expect(Login.safeParse(u.login).success).toBe(true);
      expect(Password.safeParse(u.password).success).toBe(true);
      expect(RoleSchema.safeParse(u.role).success).toBe(true);
      expect(PersonName.safeParse(u.name).success).toBe(true);
    }
  });
});
