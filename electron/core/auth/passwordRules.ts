// The list of commonly used passwords is @zxcvbn-ts/language-common's (~49 000, ranked by
// frequency in leaks; MIT, maintained, no dependencies at run time but its own decompressor).
// We take only the list, not zxcvbn's scoring: the rule must be one a person can read in the hint
// («из списка часто используемых»), not a strength score.
import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../contract/errors.js';
import type { PersonName } from '../../contract/entities/common.js';
import { PASSWORD_MIN_LENGTH } from '../../contract/entities/users.js';
import { COMMON_RUSSIAN_WORDS, KEYBOARD_WALKS } from './commonPasswordsRu.js';
import { verifyPassword } from './password.js';

/**
 * The rules of a new password (issue 13). They apply whenever a person sets a password — the first
 * administrator at setup, the administrator's temporary password for a new user or after a reset,
 * the user's own change — never at login (the demo users' documented passwords stay valid).
 *
 * A password is refused when it is
 *  1. shorter than 10 characters;
 *  2. the login, or contains it or one of its parts split at «.», «_», «-» (3 characters or more);
 *  3. contains the person's last, first or middle name (3 characters or more), in Cyrillic,
 *     transliterated to Latin, or typed in the Russian layout on Latin keys;
 *  4. commonly used: in the list of @zxcvbn-ts/language-common or the Russian words and keyboard
 *     walks of commonPasswordsRu.ts, compared case-insensitively, as typed, in the other keyboard
 *     layout, without the digits and symbols around it («Password2024!»), with «@0$» read as «aos»,
 *     or repeated («qwertyqwerty»); or made of fewer than 4 different characters;
 *  5. the current or the previous password of the account.
 */
export const PASSWORD_PROBLEMS = {
  tooShort: `Пароль — не короче ${PASSWORD_MIN_LENGTH} символов`,
  login: 'Пароль не должен совпадать с логином или содержать его',
  name: 'Пароль не должен содержать фамилию, имя или отчество',
  common: 'Это один из часто используемых паролей, их подбирают первыми. Придумайте другой: например, три-четыре не связанных слова',
  reused: 'Пароль совпадает с текущим или прежним. Придумайте новый',
} as const;

export interface PasswordCandidate {
  password: string;
  login: string;
  name?: PersonName | undefined;
}

/** Rules 1–4: everything that needs no stored hash. Problems in the order of the rules. */
export function passwordTextProblems({ password, login, name }: PasswordCandidate): string[] {
  const problems: string[] = [];
  const lower = password.normalize('NFC').toLowerCase();
  const words = lower.replace(/ё/g, 'е');
  const keyed = onLatinKeys(words);
  if ([...password].length < PASSWORD_MIN_LENGTH) problems.push(PASSWORD_PROBLEMS.tooShort);
  if (containsAny(words, keyed, loginParts(login))) problems.push(PASSWORD_PROBLEMS.login);
  if (name && containsAny(words, keyed, nameForms(name))) problems.push(PASSWORD_PROBLEMS.name);
  if (isCommon(lower)) problems.push(PASSWORD_PROBLEMS.common);
  return problems;
}

/** All the rules, the previous passwords included (`previousHashes`: current and previous hash). */
export async function passwordProblems(
  candidate: PasswordCandidate & { previousHashes?: ReadonlyArray<string | undefined> },
): Promise<string[]> {
  const problems = passwordTextProblems(candidate);
  for (const hash of candidate.previousHashes ?? []) {
    if (hash && (await verifyPassword(candidate.password, hash))) {
      problems.push(PASSWORD_PROBLEMS.reused);
      break;
    }
  }
  return problems;
}

/** Refuses a new password with its first problem, shown at the field `path`. */
export async function assertNewPassword(
  candidate: PasswordCandidate & { previousHashes?: ReadonlyArray<string | undefined> },
  path: string,
): Promise<void> {
  const [first] = await passwordProblems(candidate);
  if (first) throw new AppError('validation', `Пароль не подходит. ${first}.`, [{ path, message: first }]);
}

// ---------------------------------------------------------------------------------------------
// Login and name

function loginParts(login: string): string[] {
  const l = login.trim().toLowerCase();
  return [l, ...l.split(/[._-]+/)].filter((p) => p.length >= 3);
}

function nameForms(name: PersonName): string[] {
  const parts = [name.lastName, name.firstName, name.middleName ?? '']
    .flatMap((p) => p.toLowerCase().split(/[\s'-]+/))
    .filter((p) => p.length >= 3);
  // Cyrillic compared with «ё» as «е»; the Latin spellings made from the «ё» (Пётр → pyotr, petr).
  return [...new Set(parts.flatMap((p) => [p.replace(/ё/g, 'е'), ...translitVariants(p)]))].filter((f) => f.length >= 3);
}

/** The password contains a form, as typed or in the other layout («bdfyjd» is «иванов»). */
function containsAny(words: string, keyed: string, forms: readonly string[]): boolean {
  return forms.some((f) => words.includes(f) || keyed.includes(onLatinKeys(f)));
}

// ---------------------------------------------------------------------------------------------
// Keyboard layouts and transliteration

const RU_KEYS = 'йцукенгшщзхъфывапролджэячсмитьбюё';
const EN_KEYS = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`";
const TO_LATIN_KEY = new Map([...RU_KEYS].map((c, i) => [c, EN_KEYS[i]!]));

/** What the keys of a Russian word type in the Latin layout: «привет» → «ghbdtn». */
export function onLatinKeys(s: string): string {
  let out = '';
  for (const ch of s) out += TO_LATIN_KEY.get(ch) ?? ch;
  return out;
}

/** The usual ways a Russian letter is written in Latin (passports, e-mail, habit). */
const TRANSLIT: Record<string, readonly string[]> = {
  а: ['a'], б: ['b'], в: ['v'], г: ['g'], д: ['d'], е: ['e', 'ye'], ё: ['e', 'yo', 'jo'], ж: ['zh', 'j'],
  з: ['z'], и: ['i'], й: ['y', 'i', 'j'], к: ['k'], л: ['l'], м: ['m'], н: ['n'], о: ['o'], п: ['p'],
  р: ['r'], с: ['s'], т: ['t'], у: ['u'], ф: ['f'], х: ['kh', 'h', 'x'], ц: ['ts', 'c', 'tz'],
  ч: ['ch'], ш: ['sh'], щ: ['shch', 'sch'], ъ: [''], ы: ['y', 'i'], ь: ['', "'"], э: ['e'],
  ю: ['yu', 'u', 'ju', 'iu'], я: ['ya', 'a', 'ja', 'ia'],
};
const MAX_VARIANTS = 64;

/** Latin spellings of a Cyrillic word: «любовь» → lyubov, lubov, ljubov, …; Latin input as is. */
export function translitVariants(word: string): string[] {
  if (!/[а-яё]/.test(word)) return [];
  let variants = [''];
  for (const ch of word) {
    const options = TRANSLIT[ch] ?? [ch];
    const next: string[] = [];
    for (const v of variants) for (const o of options) if (next.length < MAX_VARIANTS) next.push(v + o);
    variants = next;
  }
  // «кс» is often written «x» (Александр → alexandr).
  const withX = variants.filter((v) => v.includes('ks')).map((v) => v.replace(/ks/g, 'x'));
  return [...new Set([...variants, ...withX])];
}

// ---------------------------------------------------------------------------------------------
// Commonly used passwords

let commonSet: Set<string> | undefined;

function common(): Set<string> {
  if (commonSet) return commonSet;
  const set = new Set<string>(dictionary['passwords-common']);
  for (const w of COMMON_RUSSIAN_WORDS) {
    for (const form of [w, ...translitVariants(w), onLatinKeys(w), stripEnds(onLatinKeys(w))]) {
      if (form.length >= 3) set.add(form);
    }
  }
  commonSet = set;
  return set;
}

const WALKS = KEYBOARD_WALKS.flatMap((w) => [w, [...w].reverse().join('')]);

function isWalk(s: string): boolean {
  return s.length >= 4 && WALKS.some((w) => w.includes(s));
}

function stripEnds(s: string): string {
  return s.replace(/^[^\p{L}]+/u, '').replace(/[^\p{L}]+$/u, '');
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', $: 's', '5': 's', '3': 'e', '7': 't', '1': 'i', '!': 'i', '|': 'l' };

function unleet(s: string): string {
  let out = '';
  for (const ch of s) out += LEET[ch] ?? ch;
  return out;
}

/** The forms of a password compared with the list: as typed, in the other layout, stripped, de-leeted. */
function forms(lower: string): Set<string> {
  const base = [lower, lower.replace(/ё/g, 'е'), onLatinKeys(lower)];
  const out = new Set<string>();
  for (const b of base) {
    for (const s of [b, stripEnds(b), b.replace(/[^\p{L}]+$/u, ''), b.replace(/^[^\p{L}]+/u, '')]) {
      if (!s) continue;
      out.add(s);
      // Digits inside the word are read as letters only once the digits around it are gone.
      const u = unleet(s);
      out.add(u);
      out.add(stripEnds(u));
      const unit = /^(.+?)\1+$/u.exec(s)?.[1];
      if (unit) out.add(unit);
    }
  }
  out.delete('');
  return out;
}

export function isCommon(lower: string): boolean {
  if (new Set(lower).size < 4) return true;
  // A short piece said again and again («abc1abc1abc1»).
  const unit = /^(.+?)\1+$/u.exec(lower)?.[1];
  if (unit && unit.length <= 4) return true;
  const list = common();
  for (const f of forms(lower)) if (list.has(f) || isWalk(f)) return true;
  return false;
}
