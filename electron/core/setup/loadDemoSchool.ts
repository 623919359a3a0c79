import type { Progress } from '../../contract/method.js';
import { hashPassword } from '../auth/password.js';
import type { Core } from '../core.js';
import { SCHEMA_VERSION, type SchoolData, type UserRecord } from '../store/schema.js';
import { isoDay } from '../util/dates.js';
import { newId } from '../util/ids.js';

/** The app's embedded demo school: a few hundred students, generated, never real children. */
export const DEMO_STUDENTS = 300;
export const DEMO_SEED = 20260901;

/** Writes the generated demo school into the store: journals and classes first, the school file last. */
export async function loadDemoSchool(
  core: Core,
  opts: { asOf: Date; students?: number; seed?: number; onProgress?: (p: Progress) => void },
): Promise<void> {
  // Loaded only on a first start that asks for the demo school.
  const { generateDemoSchool } = await import('../demo/index.js');
  const demo = generateDemoSchool({ seed: opts.seed ?? DEMO_SEED, students: opts.students ?? DEMO_STUDENTS, asOf: isoDay(opts.asOf) });
  const total = demo.classes.length + demo.journals.length + demo.users.length + 1;
  let done = 0;
  const step = (label: string) => opts.onProgress?.({ done: ++done, total, label });

  // The demo's staff have worked since before the school year: their documents and marks date from
  // September, so their accounts must be older than that (a compromise moment is checked against it).
  const yearStart = [...demo.school.years].map((y) => y.start).sort()[0] ?? isoDay(opts.asOf);
  const createdAt = new Date(`${yearStart}T00:00:00.000Z`).getTime() - 7 * 86_400_000;
  const users: UserRecord[] = [];
  for (const u of demo.users) {
    users.push({
      id: u.id,
      login: u.login,
      name: u.name,
      role: u.role,
      classIds: u.classIds,
      passwordHash: await hashPassword(u.password, core.host.passwordCost),
      failedAttempts: 0,
      mustChangePassword: false,
      disabled: false,
      createdAt: new Date(Math.min(createdAt, opts.asOf.getTime())).toISOString(),
    });
    step('Учётные записи');
  }
  for (const j of demo.journals) {
    await core.store.updateJournal(j.yearId, j.classId, (d) => Object.assign(d, j));
    step('Журнал');
  }
  for (const c of demo.classes) {
    await core.store.updateClass(c.classId, (d) => Object.assign(d, c));
    step('Классы');
  }
  const school: SchoolData = {
    ...demo.school,
    schemaVersion: SCHEMA_VERSION.school,
    users,
    compromises: [],
    mutations: [],
    workstation: { id: newId('ws'), lastHlc: '', nextMutationSeq: 1 },
  };
  await core.store.initSchool(school);
  // The classes' summaries (derived, made just after their writes) are on disk before the demo opens.
  await core.store.settled();
  step('Школа');
}
