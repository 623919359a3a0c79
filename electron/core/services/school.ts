import type { school } from '../../contract/groups/school.js';
import type { GroupHandlers } from '../context.js';
import type { Core } from '../core.js';
import { ageOn, fullName } from '../people/names.js';
import { isoDay } from '../util/dates.js';

export function schoolHandlers(core: Core): GroupHandlers<typeof school> {
  return {
    overview: async (_input, ctx) => {
      const d = await core.store.school();
      return {
        school: d.school,
        years: d.years,
        periods: d.periods,
        subjects: d.subjects,
        teachers: d.teachers,
        settings: d.settings,
        today: isoDay(ctx.now),
      };
    },

    classes: async (_input, ctx) => {
      const d = await core.store.school();
      const teachers = new Map(d.teachers.map((t) => [t.id, t]));
      const visible = d.classes.filter((c) => core.canSeeClass(ctx.user, c.id));
      const today = isoDay(ctx.now);
      // The classes' summaries (small files, no partition decoded): the first screen after login.
      return Promise.all(
        visible.map(async (c) => {
          const data = await core.store.classSummary(c.id);
          const teacher = c.classTeacherId ? teachers.get(c.classTeacherId) : undefined;
          return {
            ...c,
            classTeacherName: teacher ? fullName(teacher) : '',
            studentCount: data.students.filter((s) => s.enrolledOn <= today && (!s.leftOn || s.leftOn > today)).length,
          };
        }),
      );
    },

    students: async (input, ctx) => {
      core.assertClassAccess(ctx, input.classId);
      const data = await core.store.classSummary(input.classId);
      const today = isoDay(ctx.now);
      return data.students.map((s) => ({
        ...s,
        age: ageOn(s.birthDate, today),
        guardianCount: data.guardians.filter((g) => g.studentIds.includes(s.id)).length,
      }));
    },

    updateSettings: async (input, ctx) => {
      const settings = await core.store.updateSchool((d) => {
        d.settings = input;
        return structuredClone(d.settings);
      });
      await core.record(ctx, { action: 'school.updateSettings', recordIds: [] });
      return settings;
    },
  };
}
