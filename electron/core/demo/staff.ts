import type { Teacher } from '../../contract/entities/school.js';
import type { ClassSpec } from './classes.js';
import { randomPerson, type Gender } from './names.js';
import type { Rng } from './rng.js';
import { SPECIALTY_POSITIONS, specialtyOf, weeklyPlan, type Specialty, type SubjectId } from './subjects.js';

/**
 * The teaching staff: one primary teacher per class of grades 1–4 (its class teacher too), and
 * subject teachers per specialty, each taking a run of classes (5А, 5Б, 6А…) up to a full load of
 * about 24 hours a week. A class's subjects of one specialty (русский и литература) go to one
 * teacher. Classes 5–11 get a class teacher from those who teach them.
 */
export interface DemoTeacher extends Teacher {
  specialty: Specialty;
  room: string;
  gender: Gender;
}

export interface Staff {
  teachers: DemoTeacher[];
  /** classId → subjectId → teacherId */
  assignment: Map<string, Map<SubjectId, string>>;
  /** classId → teacherId */
  classTeacher: Map<string, string>;
  byId: Map<string, DemoTeacher>;
}

const FULL_LOAD = 24;

const FEMALE_SHARE: Record<Specialty, number> = {
  primary: 0.96, rus: 0.92, math: 0.78, eng: 0.92, hist: 0.65, geo: 0.7, bio: 0.85, chem: 0.8,
  phys: 0.5, inf: 0.45, arts: 0.75, tech: 0.4, pe: 0.45, obzr: 0.15,
};

const ROOM_FLOOR: Record<Specialty, string> = {
  primary: '1', rus: '2', math: '3', eng: '2', hist: '2', geo: '4', bio: '4', chem: '4', phys: '3',
  inf: '3', arts: '1', tech: '', pe: '', obzr: '1',
};

const SPECIALTY_ORDER: readonly Specialty[] = ['rus', 'math', 'eng', 'hist', 'geo', 'bio', 'chem', 'phys', 'inf', 'arts', 'tech', 'pe', 'obzr'];

interface Bundle {
  classId: string;
  hours: number;
  subjects: SubjectId[];
}

export function buildStaff(classes: readonly ClassSpec[], rng: Rng): Staff {
  const teachers: DemoTeacher[] = [];
  const assignment = new Map<string, Map<SubjectId, string>>();
  const classTeacher = new Map<string, string>();
  const roomCounter = new Map<string, number>();
  const techRooms = { n: 0 };

  const newTeacher = (specialty: Specialty): DemoTeacher => {
    const gender: Gender = rng.chance(FEMALE_SHARE[specialty]) ? 'f' : 'm';
    const floor = ROOM_FLOOR[specialty];
    let room: string;
    if (specialty === 'pe') room = 'Спортзал';
    else if (specialty === 'tech') room = `Мастерская ${++techRooms.n}`;
    else {
      const n = (roomCounter.get(floor) ?? 0) + 1;
      roomCounter.set(floor, n);
      room = `${floor}${String(n).padStart(2, '0')}`;
    }
    const t: DemoTeacher = {
      id: `t${String(teachers.length + 1).padStart(3, '0')}`,
      ...randomPerson(rng, gender, 'adult'),
      position: SPECIALTY_POSITIONS[specialty],
      specialty,
      room,
      gender,
    };
    teachers.push(t);
    return t;
  };

  const bundles = new Map<Specialty, Bundle[]>();
  for (const c of classes) {
    assignment.set(c.id, new Map());
    const byClass = new Map<Specialty, Bundle>();
    for (const item of weeklyPlan(c.grade)) {
      const sp = specialtyOf(item.subjectId, c.grade);
      let b = byClass.get(sp);
      if (!b) {
        b = { classId: c.id, hours: 0, subjects: [] };
        byClass.set(sp, b);
        const list = bundles.get(sp) ?? [];
        list.push(b);
        bundles.set(sp, list);
      }
      b.hours += item.hours;
      b.subjects.push(item.subjectId);
    }
  }

  // Primary classes: their own teacher, who is also the class teacher.
  for (const b of bundles.get('primary') ?? []) {
    const t = newTeacher('primary');
    for (const s of b.subjects) assignment.get(b.classId)?.set(s, t.id);
    classTeacher.set(b.classId, t.id);
  }

  // Subject teachers: consecutive runs of classes up to an even share of the load.
  const hoursOf = new Map<string, Map<string, number>>(); // classId → teacherId → hours
  for (const sp of SPECIALTY_ORDER) {
    const list = bundles.get(sp) ?? [];
    if (list.length === 0) continue;
    const total = list.reduce((a, b) => a + b.hours, 0);
    const count = Math.max(1, Math.ceil(total / FULL_LOAD));
    const share = total / count;
    let current = newTeacher(sp);
    let made = 1;
    let load = 0;
    for (const b of list) {
      if (load > 0 && load + b.hours / 2 > share && made < count) {
        current = newTeacher(sp);
        made++;
        load = 0;
      }
      for (const s of b.subjects) assignment.get(b.classId)?.set(s, current.id);
      load += b.hours;
      const perClass = hoursOf.get(b.classId) ?? new Map<string, number>();
      perClass.set(current.id, (perClass.get(current.id) ?? 0) + b.hours);
      hoursOf.set(b.classId, perClass);
    }
  }

  // Class teachers for grades 5–11: the teacher with most hours in the class who has no class yet.
  const taken = new Set(classTeacher.values());
  for (const c of classes) {
    if (classTeacher.has(c.id)) continue;
    const candidates = [...(hoursOf.get(c.id) ?? new Map<string, number>()).entries()]
      .filter(([id]) => !taken.has(id))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    let id = candidates[0]?.[0];
    if (!id) id = teachers.find((t) => !taken.has(t.id) && t.specialty !== 'primary')?.id;
    if (!id) id = newTeacher('rus').id; // a small school: one more teacher rather than a shared class
    taken.add(id);
    classTeacher.set(c.id, id);
  }

  return { teachers, assignment, classTeacher, byId: new Map(teachers.map((t) => [t.id, t])) };
}

/** The entity as stored (without the generator's extra fields). */
export function teacherEntity(t: DemoTeacher): Teacher {
  return { id: t.id, lastName: t.lastName, firstName: t.firstName, middleName: t.middleName, position: t.position };
}
