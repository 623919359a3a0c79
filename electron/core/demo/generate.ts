import type { ClassData, JournalData, SchoolData } from '../store/schema.js';
import { SCHEMA_VERSION } from '../store/schema.js';
import { DEFAULT_SETTINGS } from '../../contract/entities/settings.js';
import type { PlannedTest } from '../../contract/entities/school.js';
import { buildCalendar, periodsOf, schoolDays, schoolYearStart } from './calendar.js';
import { buildTimetableChanges } from './changes.js';
import { layoutClasses, type ClassSpec } from './classes.js';
import { buildCurriculum } from './curriculum.js';
import { dayOf, type Day } from './dates.js';
import { shortName } from '../../contract/text/format.js';
import { templateSections } from '../extracts/content.js';
import type { Actor } from '../extracts/register.js';
import { generateDiaryViews } from './diaryViews.js';
import { generateRegistry } from './documents.js';
import { generateFinalMarks } from './finalMarks.js';
import { batchDaysOf, generateHandovers, numberExtracts, type PlannedExtract } from './handovers.js';
import { generateJournal } from './journal.js';
import { buildLessonPlan, plannedTests, type PlannedLesson } from './lessonPlan.js';
import { generatePeople } from './people.js';
import { generateRecommendations } from './recommendations.js';
import { createRng } from './rng.js';
import { buildSchool } from './schoolInfo.js';
import { buildStaff, teacherEntity } from './staff.js';
import { SUBJECTS, type SubjectId } from './subjects.js';
import { buildTimetable } from './timetable.js';
import { buildUsers, demoUserId, teacherLogin, type DemoUser } from './users.js';

/**
 * The demo school: a whole generated school (staff, classes, timetable, a year of journal up to
 * `asOf`, families, the registry of documents, final marks), deterministic from the seed.
 * `createDemoSchoolStream` gives the school first and then the classes one at a time, so a
 * caller writing files keeps only one class's journal in memory; `generateDemoSchool` collects.
 */
export interface DemoOptions {
  seed: number;
  students: number;
  /** lessons, marks and attendance exist up to this day (inclusive); the school year is the one containing it */
  asOf: string;
  /** expected marks per student per conducted lesson; default 0.3 */
  markDensity?: number;
}

export type { DemoUser } from './users.js';

export interface DemoSchool {
  school: Omit<SchoolData, 'users' | 'workstation' | 'compromises' | 'mutations'>;
  classes: ClassData[];
  journals: JournalData[];
  users: DemoUser[];
}

export interface DemoClassPart {
  classData: ClassData;
  journal: JournalData;
}

export interface DemoSchoolStream {
  school: Omit<SchoolData, 'users' | 'workstation' | 'compromises' | 'mutations'>;
  users: DemoUser[];
  /** The classes in order, generated one at a time. */
  classes(): Generator<DemoClassPart>;
}

export const DEFAULT_MARK_DENSITY = 0.3;
/**
 * The density at which 1,000 students get about 1.5 million marks in a full year
 * (`asOf` = the year's last day, e.g. BENCH_AS_OF); see tests/unit/demo.
 */
export const BENCH_MARK_DENSITY = 1.89;
/** The last day of the 2026/2027 school year: a full year of journal. */
export const BENCH_AS_OF = '2027-05-31';
export const BENCH_OPTIONS: DemoOptions = { seed: 42, students: 1000, asOf: BENCH_AS_OF, markDensity: BENCH_MARK_DENSITY };

export function createDemoSchoolStream(o: DemoOptions): DemoSchoolStream {
  if (!Number.isInteger(o.students) || o.students < 1) throw new Error('students: a positive whole number');
  if (!Number.isFinite(o.seed)) throw new Error('seed: a number');
  const density = o.markDensity ?? DEFAULT_MARK_DENSITY;
  if (!(density >= 0 && density <= 10)) throw new Error('markDensity: 0…10');
  const asOf: Day = dayOf(o.asOf);
  const rng = createRng(o.seed, 'demo-school');

  const cal = buildCalendar(schoolYearStart(asOf));
  const yid = cal.year.id;
  /** Paperwork and diary views stop with the school year (an `asOf` in summer sees the whole year). */
  const activeUntil: Day = Math.min(asOf, cal.end);
  const school = buildSchool(rng.fork('school'));
  const classes = layoutClasses(o.students, rng.fork('layout'));
  const staff = buildStaff(classes, rng.fork('staff'));
  const curriculum = buildCurriculum(classes, staff);
  const timetable = buildTimetable(classes, staff, rng.fork('timetable'));
  const daysOfClass = new Map(classes.map((c) => [c.id, schoolDays(cal, c.grade, c.daysPerWeek)] as const));
  const changes = buildTimetableChanges(classes, daysOfClass, staff, timetable, asOf + 7, rng.fork('changes'));
  const users = buildUsers(classes, staff, school.director, rng.fork('users'));

  const plans = new Map<string, PlannedLesson[]>();
  const tests: PlannedTest[] = [];
  for (const c of classes) {
    const plan = buildLessonPlan(
      c,
      yid,
      daysOfClass.get(c.id) ?? [],
      timetable.byClassDay.get(c.id) ?? [],
      changes.filter((ch) => ch.classId === c.id),
      curriculum.filter((it) => it.classId === c.id),
      periodsOf(cal, c.scheme),
      rng.fork('plan', c.id),
    );
    plans.set(c.id, plan);
    tests.push(...plannedTests(c.id, plan));
  }

  const usedSubjects = new Set(curriculum.map((it) => it.subjectId));
  const schoolData: Omit<SchoolData, 'users' | 'workstation' | 'compromises' | 'mutations'> = {
    schemaVersion: SCHEMA_VERSION.school,
    demo: true,
    school,
    settings: structuredClone(DEFAULT_SETTINGS),
    years: [cal.year],
    periods: cal.periods,
    classes: classes.map((c) => ({
      id: c.id,
      yearId: yid,
      grade: c.grade,
      letter: c.letter,
      name: c.name,
      classTeacherId: staff.classTeacher.get(c.id),
      periodScheme: c.scheme,
    })),
    subjects: SUBJECTS.filter((s) => usedSubjects.has(s.id)).map((s) => ({ id: s.id, name: s.name, shortName: s.shortName })),
    teachers: staff.teachers.map(teacherEntity),
    curriculum,
    timetable: timetable.slots,
    timetableChanges: changes,
    holidays: cal.holidays,
    tests,
  };

  // The families and their papers first, class by class: the register of weekly extracts is
  // numbered school-wide in the order the batches were printed (demo/handovers.ts).
  const actor = (login: string): Actor => {
    const u = users.find((x) => x.login === login);
    if (!u) throw new Error(`No demo user ${login}`);
    return { id: u.id, role: u.role, name: shortName(u.name) };
  };
  const batchDays = batchDaysOf(schoolDays(cal, 5, 5));
  // Paper is handed over up to the day before the demo's day (its own hand-overs are still to come).
  const handUntil: Day = asOf <= cal.end ? asOf - 1 : cal.end;
  const sections = templateSections(schoolData.settings.extractSections);
  const families = new Map<string, { people: ReturnType<typeof generatePeople>; registry: ReturnType<typeof generateRegistry>; extracts: PlannedExtract[] }>();
  for (const c of classes) {
    const crng = rng.fork('class', c.id);
    const days = daysOfClass.get(c.id) ?? [];
    const subjects = curriculum.filter((it) => it.classId === c.id);
    const people = generatePeople(c, cal.startYear, days, asOf, subjects.length, crng.fork('people'));
    const registry = generateRegistry(
      c,
      people.profiles,
      days,
      activeUntil,
      cal.startYear,
      { classTeacher: demoUserId(teacherLogin(c)), office: demoUserId('office') },
      crng.fork('registry'),
    );
    const extracts = generateHandovers({
      classId: c.id,
      students: people.profiles.map((p) => p.student),
      guardians: people.guardians,
      documents: registry.documents,
      classDays: days,
      batchDays,
      until: handUntil,
      office: actor('office'),
      classTeacher: actor(teacherLogin(c)),
      signers: [actor('director'), actor('zavuch')],
      sections,
      rng: crng.fork('handovers'),
    });
    families.set(c.id, { people, registry, extracts });
  }
  const rank = new Map(classes.map((c, i) => [c.id, i] as const));
  numberExtracts(
    [...families.values()].flatMap((f) => f.extracts),
    (id) => rank.get(id) ?? 0,
  );

  function classPart(c: ClassSpec): DemoClassPart {
    const crng = rng.fork('class', c.id);
    const days = daysOfClass.get(c.id) ?? [];
    const periods = periodsOf(cal, c.scheme);
    const subjects = curriculum.filter((it) => it.classId === c.id).map((it) => it.subjectId as SubjectId);
    const { people, registry, extracts } = families.get(c.id)!;
    const plan = plans.get(c.id) ?? [];
    const { journal, aggregates } = generateJournal(c, yid, plan, people.profiles, subjects, periods.length, asOf, density, crng.fork('journal'));
    const teacherOf = (s: SubjectId) => staff.assignment.get(c.id)?.get(s) ?? '';
    const classData: ClassData = {
      schemaVersion: SCHEMA_VERSION.class,
      classId: c.id,
      students: people.profiles.map((p) => p.student),
      guardians: people.guardians,
      documents: registry.documents,
      finalMarks: generateFinalMarks(c, yid, periods, people.profiles, aggregates, teacherOf, days, cal.end, asOf, crng.fork('finals')),
      recommendations: generateRecommendations(c.id, c.grade, plan, people.profiles, aggregates, asOf, crng.fork('recommendations')),
      extracts: extracts.map((e) => e.rec),
      diaryViews: generateDiaryViews(people.guardians, registry.serviceWindows, crng.fork('views')),
      mutations: [],
    };
    return { classData, journal };
  }

  return {
    school: schoolData,
    users,
    *classes() {
      for (const c of classes) yield classPart(c);
    },
  };
}

export function generateDemoSchool(o: DemoOptions): DemoSchool {
  const stream = createDemoSchoolStream(o);
  const classes: ClassData[] = [];
  const journals: JournalData[] = [];
  for (const part of stream.classes()) {
    classes.push(part.classData);
    journals.push(part.journal);
  }
  return { school: stream.school, classes, journals, users: stream.users };
}

