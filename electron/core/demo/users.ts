import type { PersonName } from '../../contract/entities/common.js';
import type { Role } from '../../contract/roles.js';
import type { ClassSpec } from './classes.js';
import { randomPerson } from './names.js';
import type { Rng } from './rng.js';
import type { Staff } from './staff.js';

/**
 * The demo school's accounts: administrator, director, deputy, office, and a class-teacher
 * account for every class, bound to it and named after the class's class teacher. Logins are
 * personal (no shared accounts); passwords are readable, `demo-<login>`, and the app hashes them.
 */
export interface DemoUser {
  /** The id the app must give the user record: documents name it in `registeredBy`. */
  id: string;
  login: string;
  password: string;
  role: Role;
  name: PersonName;
  classIds: string[];
}

export const demoPassword = (login: string) => `demo-${login}`;
export const demoUserId = (login: string) => `u.${login}`;

/** teacher.5a for 5А (Cyrillic letters transliterated as in the class id). */
export function teacherLogin(spec: ClassSpec): string {
  return `teacher.${spec.id.slice(1)}`;
}

export function buildUsers(classes: readonly ClassSpec[], staff: Staff, director: PersonName, rng: Rng): DemoUser[] {
  const user = (login: string, role: Role, name: PersonName, classIds: string[] = []): DemoUser => ({
    id: demoUserId(login),
    login,
    password: demoPassword(login),
    role,
    name,
    classIds,
  });
  const users: DemoUser[] = [
    user('admin', 'admin', randomPerson(rng, rng.chance(0.7) ? 'm' : 'f', 'adult')),
    user('director', 'director', director),
    user('zavuch', 'deputy', randomPerson(rng, rng.chance(0.85) ? 'f' : 'm', 'adult')),
    user('office', 'office', randomPerson(rng, 'f', 'adult')),
  ];
  for (const c of classes) {
    const t = staff.byId.get(staff.classTeacher.get(c.id) ?? '');
    if (!t) throw new Error(`No class teacher for ${c.id}`);
    users.push(user(teacherLogin(c), 'teacher', { lastName: t.lastName, firstName: t.firstName, middleName: t.middleName }, [c.id]));
  }
  return users;
}
