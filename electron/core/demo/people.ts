import type { AttendanceKind, PersonName } from '../../contract/entities/common.js';
import type { Guardian, Student } from '../../contract/entities/people.js';
import type { ClassSpec } from './classes.js';
import { isoOf, makeDay, monthOf, type Day } from './dates.js';
import { fatherName, feminineSurname, firstName, patronymic, randomSurname, surnameFor, type Gender } from './names.js';
import type { Rng } from './rng.js';

/**
 * The students of a class and their families. A family has a surname (the mother usually shares
 * it), the father's name gives the children's patronymic; 1–2 guardians (мать и отец, одна мать,
 * бабушка, опекун…); now and then twins in one class share their guardians. Birth dates match the
 * grade (first graders are 6½–7½ on 1 September; later, a few are a year older), so grades 8–11 have students
 * of 14 and older. A few students joined during the year and a few left. Each student also gets
 * what the journal needs: an ability, per-subject strengths, how often he skips, illnesses.
 */
export interface StudentProfile {
  student: Student;
  /** Position in the class (0-based). */
  index: number;
  birth: Day;
  enrolled: Day;
  /** The first day the student is no longer in the class, or null. */
  left: Day | null;
  /** Mean mark the student earns (2.5–4.95). */
  ability: number;
  /** Per-subject offset, indexed like the class's curriculum. */
  offsets: Float64Array;
  /** Chance of an unexcused absence («н») from a single lesson. */
  truancy: number;
  /** Exempt from physical education (освобождение): «осв.» instead of marks. */
  peExempt: boolean;
  /** Whole days away: «б» (illness, in runs) or «у» (competitions, family reasons). */
  awayDays: Map<Day, AttendanceKind>;
  guardians: Guardian[];
}

export interface ClassPeople {
  profiles: StudentProfile[];
  guardians: Guardian[];
}

type FamilyShape = 'both' | 'mother' | 'father' | 'grandmother' | 'guardian';

function adult(rng: Rng, gender: Gender, lastName: string): PersonName {
  return { lastName, firstName: firstName(rng, gender, 'adult'), middleName: patronymic(fatherName(rng, 'adult'), gender) };
}

export function generatePeople(
  spec: ClassSpec,
  startYear: number,
  schoolDays: readonly Day[],
  asOf: Day,
  subjectCount: number,
  rng: Rng,
): ClassPeople {
  const profiles: StudentProfile[] = [];
  const guardians: Guardian[] = [];
  const yearStart = makeDay(startYear, 9, 1);
  const lastDay = schoolDays[schoolDays.length - 1] ?? yearStart;

  // Who joins and who leaves during the year (only what has happened by asOf).
  const span = Math.min(asOf, lastDay) - yearStart;
  const joinerAt = span > 25 && rng.chance(0.3) ? rng.int(1, spec.size - 1) : -1;
  const leaverAt = span > 35 && rng.chance(0.3) ? rng.int(0, spec.size - 1) : -1;

  let i = 0;
  while (i < spec.size) {
    const twins = i + 1 < spec.size && rng.chance(0.025);
    const shape = rng.weighted<FamilyShape>([['both', 60], ['mother', 30], ['father', 3], ['grandmother', 4], ['guardian', 3]]);
    const surname = randomSurname(rng);
    const father = fatherName(rng, 'child');
    const ageExtra = spec.grade > 1 && rng.chance(0.03) ? 1 : 0;
    const birth = makeDay(startYear - (spec.grade + 6) - ageExtra, 9, 1) + rng.int(-200, 165);
    const members = twins ? 2 : 1;
    const kids: StudentProfile[] = [];
    for (let k = 0; k < members; k++, i++) {
      const gender: Gender = rng.chance(0.5) ? 'm' : 'f';
      const no = spec.firstStudentNo + i;
      // Most entered in grade 1; some came later.
      const entryYear = rng.chance(0.8) ? startYear - (spec.grade - 1) : rng.int(startYear - (spec.grade - 1), startYear);
      let enrolled = makeDay(entryYear, 9, 1);
      if (i === joinerAt) enrolled = yearStart + rng.int(14, span);
      let left: Day | null = null;
      if (i === leaverAt && i !== joinerAt) left = yearStart + rng.int(30, span);
      const student: Student = {
        id: `s${String(no).padStart(5, '0')}`,
        classId: spec.id,
        lastName: surnameFor(surname, gender),
        firstName: firstName(rng, gender, 'child'),
        middleName: patronymic(father, gender),
        birthDate: isoOf(birth),
        gender,
        enrolledOn: isoOf(enrolled),
      };
      if (left !== null) student.leftOn = isoOf(left);
      const offsets = new Float64Array(subjectCount);
      for (let s = 0; s < subjectCount; s++) offsets[s] = rng.normal(0, 0.3);
      const truancy = rng.weighted([[0.002, 85], [0.01, 12], [spec.grade >= 7 ? 0.04 : 0.01, 3]] as const);
      const profile: StudentProfile = {
        student,
        index: i,
        birth,
        enrolled,
        left,
        ability: Math.max(2.5, Math.min(4.95, rng.normal(3.72, 0.5))),
        offsets,
        truancy,
        peExempt: rng.chance(0.03),
        awayDays: awayDays(schoolDays, rng),
        guardians: [],
      };
      kids.push(profile);
      profiles.push(profile);
    }
    // Twins: avoid two identical first names.
    if (kids.length === 2 && kids[0]?.student.firstName === kids[1]?.student.firstName) {
      const k1 = kids[1] as StudentProfile;
      k1.student.firstName = firstName(rng, k1.student.gender, 'child');
    }

    const ids = kids.map((k) => k.student.id);
    const family: Guardian[] = [];
    const gid = () => `g.${spec.id}.${String(guardians.length + family.length + 1).padStart(3, '0')}`;
    const mother = () =>
      family.push({ id: gid(), relation: 'мать', studentIds: ids, ...adult(rng, 'f', rng.chance(0.88) ? feminineSurname(surname) : feminineSurname(randomSurname(rng))) });
    const dad = () =>
      family.push({ id: gid(), relation: 'отец', studentIds: ids, lastName: surname, firstName: father, middleName: patronymic(fatherName(rng, 'adult'), 'm') });
    switch (shape) {
      case 'both':
        mother();
        dad();
        break;
      case 'mother':
        mother();
        break;
      case 'father':
        dad();
        break;
      case 'grandmother':
        family.push({ id: gid(), relation: 'бабушка', studentIds: ids, ...adult(rng, 'f', feminineSurname(surname)) });
        if (rng.chance(0.3)) family.push({ id: gid(), relation: 'дедушка', studentIds: ids, ...adult(rng, 'm', surname) });
        break;
      case 'guardian': {
        // Опекун under 14, попечитель from 14 (ГК РФ, ст. 32–33).
        const relation = spec.grade >= 8 ? 'попечитель' : 'опекун';
        const g = rng.chance(0.8) ? 'f' : 'm';
        family.push({ id: gid(), relation, studentIds: ids, ...adult(rng, g, surnameFor(randomSurname(rng), g)) });
        break;
      }
    }
    for (const k of kids) k.guardians = family;
    guardians.push(...family);
  }
  return { profiles, guardians };
}

/** Illness in runs of school days (more in winter), and a few excused days. */
function awayDays(days: readonly Day[], rng: Rng): Map<Day, AttendanceKind> {
  const away = new Map<Day, AttendanceKind>();
  if (days.length === 0) return away;
  const episodes = rng.poisson(1.0);
  for (let e = 0; e < episodes; e++) {
    let start = rng.int(0, days.length - 1);
    // Winter months are twice as likely: redraw once outside them.
    const m = monthOf(days[start] as Day);
    if (!(m >= 11 || m <= 3) && rng.chance(0.5)) start = rng.int(0, days.length - 1);
    const len = rng.chance(0.8) ? rng.int(3, 7) : rng.int(8, 15);
    for (let i = start; i < Math.min(days.length, start + len); i++) away.set(days[i] as Day, 'б');
  }
  const excused = rng.poisson(0.8);
  for (let e = 0; e < excused; e++) {
    const d = rng.pick(days);
    if (!away.has(d)) away.set(d, 'у');
  }
  return away;
}
