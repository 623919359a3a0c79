import type { PersonName } from '../../contract/entities/common.js';

/** «Фамилия Имя Отчество». */
export function fullName(n: PersonName): string {
  return [n.lastName, n.firstName, n.middleName].filter(Boolean).join(' ');
}

/** «Фамилия И. О.» — for signature blocks and dense tables. */
export function shortName(n: PersonName): string {
  const initials = [n.firstName, n.middleName].filter((x): x is string => Boolean(x)).map((x) => `${x[0]}.`);
  return [n.lastName, initials.join(' ')].filter(Boolean).join(' ');
}

/** Full years of age on a day; 29 February birthdays come of age on 1 March in common years. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}
