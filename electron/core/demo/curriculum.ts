import type { CurriculumItem } from '../../contract/entities/school.js';
import type { ClassSpec } from './classes.js';
import type { Staff } from './staff.js';
import { studyWeeks, typesPlan, weeklyPlan } from './subjects.js';

/** The curriculum plan: hours per year (weekly × 34, × 33 in grade 1) and planned lesson types. */
export function buildCurriculum(classes: readonly ClassSpec[], staff: Staff): CurriculumItem[] {
  const items: CurriculumItem[] = [];
  for (const c of classes) {
    for (const w of weeklyPlan(c.grade)) {
      const teacherId = staff.assignment.get(c.id)?.get(w.subjectId);
      if (!teacherId) throw new Error(`No teacher for ${w.subjectId} in ${c.id}`);
      const item: CurriculumItem = { classId: c.id, subjectId: w.subjectId, teacherId, hoursPerYear: w.hours * studyWeeks(c.grade) };
      const plan = typesPlan(w.subjectId, c.grade);
      if (plan) item.typesPlan = plan;
      items.push(item);
    }
  }
  return items;
}
