import { DEFAULT_SETTINGS } from '../../../electron/contract/entities/settings.js';
import type { Role } from '../../../electron/contract/roles.js';
import { hashPassword } from '../../../electron/core/auth/password.js';
import { SCHEMA_VERSION, emptyClassData, type ClassData, type SchoolData, type UserRecord } from '../../../electron/core/store/schema.js';

export const FAST_SCRYPT = { N: 1 << 10, r: 8, p: 1 };

export const FIXTURE_USERS: Array<{ login: string; role: Role; classIds: string[] }> = [
  { login: 'admin', role: 'admin', classIds: [] },
  { login: 'director', role: 'director', classIds: [] },
  { login: 'zavuch', role: 'deputy', classIds: [] },
  { login: 'office', role: 'office', classIds: [] },
  { login: 'teacher.5a', role: 'teacher', classIds: ['c5a'] },
  { login: 'teacher.9b', role: 'teacher', classIds: ['c9b'] },
];
export const passwordOf = (login: string) => `password-${login}`;

/**
 * The users' password hashes, made once per test process: scrypt is most of the time the fixture
 * takes, and the fixture is made for nearly every test. A user record holds its hash as a string,
 * so every school still gets its own copy.
 */
const hashes = new Map<string, Promise<string>>();
function hashOf(login: string): Promise<string> {
  let h = hashes.get(login);
  if (!h) hashes.set(login, (h = hashPassword(passwordOf(login), FAST_SCRYPT)));
  return h;
}

/** A tiny hand-made school for tests of the core: two classes, a few students. */
export async function fixtureSchool(): Promise<{ school: SchoolData; classes: ClassData[] }> {
  const users: UserRecord[] = [];
  for (const u of FIXTURE_USERS) {
    users.push({
      id: `u_${u.login.replace('.', '_')}`,
      login: u.login,
      name: { lastName: 'Тестов', firstName: 'Пользователь', middleName: u.login },
      role: u.role,
      classIds: u.classIds,
      passwordHash: await hashOf(u.login),
      failedAttempts: 0,
      mustChangePassword: false,
      disabled: false,
      createdAt: '2026-09-01T08:00:00.000Z',
    });
  }
  const school: SchoolData = {
    schemaVersion: SCHEMA_VERSION.school,
    demo: true,
    school: {
      id: 'sch1',
      name: 'Муниципальное бюджетное общеобразовательное учреждение «Средняя школа № 1»',
      shortName: 'МБОУ СШ № 1',
      address: 'г. Энск, ул. Школьная, 1',
      phone: '+7 000 000-00-00',
      director: { lastName: 'Орлова', firstName: 'Анна', middleName: 'Юрьевна' },
    },
    settings: structuredClone(DEFAULT_SETTINGS),
    years: [{ id: 'y2026', name: '2026/2027', start: '2026-09-01', end: '2027-05-31' }],
    periods: [
      { id: 'y2026-q1', yearId: 'y2026', scheme: 'quarters', index: 1, name: 'I четверть', start: '2026-09-01', end: '2026-10-24' },
      { id: 'y2026-q2', yearId: 'y2026', scheme: 'quarters', index: 2, name: 'II четверть', start: '2026-11-03', end: '2026-12-28' },
    ],
    classes: [
      { id: 'c5a', yearId: 'y2026', grade: 5, letter: 'А', name: '5А', classTeacherId: 't1', periodScheme: 'quarters' },
      { id: 'c9b', yearId: 'y2026', grade: 9, letter: 'Б', name: '9Б', classTeacherId: 't2', periodScheme: 'quarters' },
    ],
    subjects: [
      { id: 'math', name: 'Математика', shortName: 'Матем.' },
      { id: 'rus', name: 'Русский язык', shortName: 'Рус. яз.' },
    ],
    teachers: [
      { id: 't1', lastName: 'Семёнова', firstName: 'Ольга', middleName: 'Петровна' },
      { id: 't2', lastName: 'Ершов', firstName: 'Илья', middleName: 'Андреевич' },
    ],
    curriculum: [],
    timetable: [],
    timetableChanges: [],
    holidays: [],
    tests: [],
    users,
    compromises: [],
    mutations: [],
    workstation: { id: 'ws-test', lastHlc: '', nextMutationSeq: 1 },
  };
  const c5a = emptyClassData('c5a');
  c5a.students = [
    { id: 's1', classId: 'c5a', lastName: 'Ёлкин', firstName: 'Пётр', middleName: 'Ильич', birthDate: '2015-03-02', gender: 'm', enrolledOn: '2022-09-01' },
    { id: 's2', classId: 'c5a', lastName: 'Евдокимова', firstName: 'Алёна', middleName: 'Сергеевна', birthDate: '2015-07-19', gender: 'f', enrolledOn: '2022-09-01' },
    { id: 's3', classId: 'c5a', lastName: 'Абрамов', firstName: 'Иван', middleName: 'Олегович', birthDate: '2014-12-30', gender: 'm', enrolledOn: '2022-09-01' },
  ];
  c5a.guardians = [
    { id: 'g1', lastName: 'Ёлкина', firstName: 'Мария', middleName: 'Ивановна', relation: 'мать', studentIds: ['s1'] },
    { id: 'g2', lastName: 'Евдокимов', firstName: 'Сергей', middleName: 'Павлович', relation: 'отец', studentIds: ['s2'] },
    { id: 'g3', lastName: 'Абрамова', firstName: 'Нина', middleName: 'Львовна', relation: 'мать', studentIds: ['s3'] },
  ];
  const c9b = emptyClassData('c9b');
  c9b.students = [
    { id: 's10', classId: 'c9b', lastName: 'Жуков', firstName: 'Артём', middleName: 'Денисович', birthDate: '2012-02-29', gender: 'm', enrolledOn: '2018-09-01' },
  ];
  c9b.guardians = [{ id: 'g10', lastName: 'Жукова', firstName: 'Ирина', relation: 'мать', studentIds: ['s10'] }];
  return { school, classes: [c5a, c9b] };
}
