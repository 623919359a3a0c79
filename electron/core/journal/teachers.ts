import type { ClassTeachers } from '../../contract/groups/journal.js';
import type { CurriculumItem } from '../../contract/entities/school.js';
import { fullName } from '../../contract/text/format.js';
import { subjectName, type ClassContext } from './classContext.js';

/** The teachers of a class: the class teacher, and who teaches each subject with its planned hours. */
export function classTeachers(ctx: ClassContext, curriculum: readonly CurriculumItem[]): ClassTeachers {
  const hours = new Map(curriculum.filter((c) => c.classId === ctx.cls.id).map((c) => [c.subjectId, c.hoursPerYear]));
  const ct = ctx.cls.classTeacherId ? ctx.teacherById.get(ctx.cls.classTeacherId) : undefined;
  return {
    ...(ct ? { classTeacher: { id: ct.id, name: fullName(ct), ...(ct.position ? { position: ct.position } : {}) } } : {}),
    items: ctx.subjects.map((s) => {
      const teacherId = ctx.subjectTeacher.get(s.id)!;
      const t = ctx.teacherById.get(teacherId);
      const h = hours.get(s.id);
      return {
        subjectId: s.id,
        subjectName: subjectName(ctx, s.id),
        teacherId,
        teacherName: t ? fullName(t) : '',
        ...(t?.position ? { position: t.position } : {}),
        ...(h !== undefined ? { hoursPerYear: h } : {}),
      };
    }),
  };
}
