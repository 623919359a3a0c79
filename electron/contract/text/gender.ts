import { getFirstnameGender, getGender, getLastnameGender, getMiddlenameGender } from 'lvovich';
import type { PersonName } from '../entities/common.js';

/**
 * The gender a person's name shows, by lvovich (a library made for Russian names; see
 * core/people/names.ts for why). The workstation declines names with it and the central server
 * guesses a student's gender from a class list with it, so both read a name the same way.
 */
export interface GenderedName extends PersonName {
  /** Known gender (students); otherwise it is guessed from the name. */
  gender?: 'm' | 'f' | undefined;
}

/** 'm' | 'f', or null when the name does not tell. */
export function guessGender(n: GenderedName): 'm' | 'f' | null {
  if (n.gender) return n.gender;
  const guess = getGender({ last: n.lastName, first: n.firstName, middle: n.middleName ?? null });
  if (guess === 'male' || guess === 'female') return guess === 'male' ? 'm' : 'f';
  // The patronymic is the surest part; then the first name, then the surname.
  for (const g of [n.middleName ? getMiddlenameGender(n.middleName) : null, getFirstnameGender(n.firstName), getLastnameGender(n.lastName)]) {
    if (g === 'male' || g === 'female') return g === 'male' ? 'm' : 'f';
  }
  return null;
}
