import { DOCUMENT_KIND_LABELS } from '../../contract/entities/documents.js';
import { ROLE_LABELS } from '../../contract/roles.js';
import { fullName, ruDate, shortName } from '../../contract/text/format.js';
import type { ClassData, SchoolData } from '../store/schema.js';
import type { AuditNames } from './auditView.js';

/** The sections of a class partition that name the records an audit entry mentions. */
export type ClassRecords = Pick<ClassData, 'classId' | 'students' | 'guardians' | 'documents' | 'extracts' | 'finalMarks'>;

/**
 * Names of the records of audit entries, resolved at read time (the log keeps ids only).
 * `withPeople` false (the administrator): staff, classes, subjects and the school by name, every
 * other record — students, guardians, their documents, extracts, final marks — by its id only;
 * class partitions are then not even read.
 */
export function auditNames(school: SchoolData, classes: readonly ClassRecords[], withPeople: boolean): AuditNames {
  const users = new Map(school.users.map((u) => [u.id, u]));
  const subjects = new Map(school.subjects.map((s) => [s.id, s.name]));
  const classNames = new Map(school.classes.map((c) => [c.id, c.name]));
  const labels = new Map<string, string>();
  labels.set(school.school.id, school.school.shortName);
  for (const c of school.classes) labels.set(c.id, `класс ${c.name}`);
  for (const u of school.users) labels.set(u.id, `${shortName(u.name)} (${ROLE_LABELS[u.role].toLowerCase()})`);
  if (withPeople) {
    for (const c of classes) {
      const cls = classNames.get(c.classId) ?? c.classId;
      for (const s of c.students) labels.set(s.id, `${shortName(s)} (${cls})`);
      for (const g of c.guardians) labels.set(g.id, `${shortName(g)} (представитель)`);
      for (const d of c.documents) labels.set(d.id, `документ «${DOCUMENT_KIND_LABELS[d.kind]}» от ${ruDate(d.signedOn)}`);
      for (const x of c.extracts) labels.set(x.id, `выписка № ${x.number}`);
      for (const f of c.finalMarks) labels.set(f.id, `итоговая отметка: ${subjects.get(f.subjectId) ?? f.subjectId}`);
    }
  }
  return {
    user: (id) => {
      const u = users.get(id);
      return u ? { name: fullName(u.name), role: u.role } : undefined;
    },
    record: (id) => labels.get(id) ?? id,
    subject: (id) => subjects.get(id),
  };
}

/** Ids `names` resolves from the school alone (no class partition needed). */
export function schoolLevelIds(school: SchoolData): Set<string> {
  return new Set([school.school.id, ...school.classes.map((c) => c.id), ...school.users.map((u) => u.id), ...school.subjects.map((s) => s.id)]);
}
