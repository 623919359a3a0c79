import { getLastnameGender, inclineFirstname, inclineLastname, inclineMiddlename } from 'lvovich';
import RussianNouns from 'russian-nouns-js';
import type { PersonName } from '../../contract/entities/common.js';
import { fullName, shortName } from '../../contract/text/format.js';
import { guessGender, type GenderedName } from '../../contract/text/gender.js';

export { fullName, shortName } from '../../contract/text/format.js';
export { guessGender } from '../../contract/text/gender.js';

/** Full years of age on a day; 29 February birthdays come of age on 1 March in common years. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age--;
  return age;
}

/**
 * Declension of names, by libraries made for Russian, never by hand-written endings:
 *  - people's names: lvovich. It knows first names, patronymics and surnames by their own rules
 *    (indeclinable surnames such as Белых, Дурново; a woman's Шевчук or Ким stays as it is, a
 *    man's declines), guesses the gender from any of the three parts, has no dependencies and
 *    ships its own types. petrovich (0.2, unmaintained) does the same with older rules and no
 *    gender detection, so lvovich was chosen.
 *  - the words of an organisation's name («муниципальное бюджетное общеобразовательное
 *    учреждение»): russian-nouns-js, which declines common nouns and substantivised adjectives
 *    by gender — what lvovich, made for people and towns, does not do.
 */
export type GrammaticalCase = 'nominative' | 'genitive' | 'dative' | 'accusative' | 'instrumental' | 'prepositional';
type Gender = 'male' | 'female';

/** A name to decline; its gender is known (students) or guessed from the name. */
export type DeclinableName = GenderedName;

function genderOf(n: DeclinableName): Gender | null {
  const g = guessGender(n);
  return g === 'm' ? 'male' : g === 'f' ? 'female' : null;
}

/** The name in a grammatical case: «Ефремов Дмитрий Викторович» → dative «Ефремову Дмитрию Викторовичу». */
export function declineName(n: DeclinableName, c: GrammaticalCase): PersonName {
  if (c === 'nominative') return { lastName: n.lastName, firstName: n.firstName, ...(n.middleName ? { middleName: n.middleName } : {}) };
  const g = genderOf(n);
  return {
    lastName: inclineLastname(n.lastName, c, g),
    firstName: inclineFirstname(n.firstName, c, g),
    ...(n.middleName ? { middleName: inclineMiddlename(n.middleName, c, g) } : {}),
  };
}

/** «Фамилия Имя Отчество» in a case. */
export function fullNameIn(n: DeclinableName, c: GrammaticalCase): string {
  return fullName(declineName(n, c));
}

/** «Фамилия И. О.» in a case: only the surname changes (genitive «Ефремова Д. В.»). */
export function shortNameIn(n: DeclinableName, c: GrammaticalCase): string {
  return shortName({ ...n, lastName: declineName(n, c).lastName });
}

const SHORT = /^([А-ЯЁа-яё][А-ЯЁа-яё' -]*?)\s+([А-ЯЁ])\.\s*(?:([А-ЯЁ])\.)?$/;

/**
 * A name already written as «Фамилия И. О.» (the only form some lists keep) in a case. The gender is
 * guessed from the surname; a surname that does not tell (Шевчук, Ким) is left as it is rather
 * than declined wrongly. Anything that is not «Фамилия И. О.» is returned unchanged.
 */
export function declineShortName(s: string, c: GrammaticalCase): string {
  const m = SHORT.exec(s.trim());
  if (!m || c === 'nominative') return s;
  const g = getLastnameGender(m[1]!);
  if (g !== 'male' && g !== 'female') return s;
  return `${inclineLastname(m[1]!, c, g)} ${m[2]}.${m[3] ? ` ${m[3]}.` : ''}`;
}

// ---- Organisation names ------------------------------------------------------------------------

const RN = RussianNouns as unknown as RussianNounsModule;
const engine = new RN.Engine();
const RN_CASE: Record<GrammaticalCase, string> = {
  nominative: RN.Case.NOMINATIVE,
  genitive: RN.Case.GENITIVE,
  dative: RN.Case.DATIVE,
  accusative: RN.Case.ACCUSATIVE,
  instrumental: RN.Case.INSTRUMENTAL,
  prepositional: RN.Case.PREPOSITIONAL,
};

type WordGender = 'm' | 'f' | 'n';
/** The gender an adjective shows by its ending (full form, nominative singular), or null: not an adjective. */
function adjectiveGender(lc: string): WordGender | null {
  if (/(ое|ее|ёе)$/.test(lc)) return 'n';
  if (/(ая|яя)$/.test(lc)) return 'f';
  if (/(ый|ий|ой)$/.test(lc) && lc.length > 4) return 'm';
  return null;
}
/** A noun's gender by its ending, when no adjective before it says it. */
function nounGender(lc: string): WordGender {
  if (/(о|е|ие|ье)$/.test(lc)) return 'n';
  if (/(а|я|ь)$/.test(lc)) return 'f';
  return 'm';
}

function declineWord(word: string, gender: WordGender, c: GrammaticalCase): string {
  const lc = word.toLocaleLowerCase('ru');
  const g = gender === 'f' ? RN.Gender.FEMININE : gender === 'n' ? RN.Gender.NEUTER : RN.Gender.MASCULINE;
  let out: string;
  try {
    out = engine.decline({ text: lc, gender: g }, RN_CASE[c])[0] ?? lc;
  } catch {
    out = lc;
  }
  // Keep the capital letter the word had.
  return word[0] !== lc[0] ? out[0]!.toLocaleUpperCase('ru') + out.slice(1) : out;
}

/**
 * An organisation's full name in a case, declined the way a clerk would: the adjectives in front
 * and the head noun after them change («Муниципальное бюджетное общеобразовательное учреждение» →
 * dative «Муниципальному бюджетному общеобразовательному учреждению»); everything from the head
 * noun on — a quoted name («Средняя общеобразовательная школа № 17»), a number, an abbreviation,
 * «г. Энска» — is its proper part and stays as written. A name that starts with an abbreviation or
 * a quote («МБОУ СОШ № 17») is not declined at all.
 */
export function organisationIn(name: string, c: GrammaticalCase): string {
  if (c === 'nominative') return name;
  const words = name.split(' ');
  const out: string[] = [];
  let i = 0;
  let gender: WordGender | null = null;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (!/^[А-ЯЁа-яё-]+$/.test(w) || (w.length > 1 && w === w.toLocaleUpperCase('ru'))) break;
    const lc = w.toLocaleLowerCase('ru');
    const ag = adjectiveGender(lc);
    if (ag) {
      gender ??= ag;
      out.push(declineWord(w, ag, c));
      continue;
    }
    // The head noun: agrees with the adjectives before it; declension stops after it.
    out.push(declineWord(w, gender ?? nounGender(lc), c));
    i++;
    break;
  }
  return [...out, ...words.slice(i)].join(' ');
}

/**
 * The first letter in lower case: a declined organisation name inside a sentence («даю согласие
 * муниципальному бюджетному …»). An abbreviation (МБОУ, СОШ) or a quoted name keeps its letters.
 */
export function lowerFirst(s: string): string {
  const first = s.split(' ')[0] ?? '';
  if (!/^[А-ЯЁа-яё-]/.test(first) || (first.length > 1 && first === first.toLocaleUpperCase('ru'))) return s;
  return s[0]!.toLocaleLowerCase('ru') + s.slice(1);
}

interface RussianNounsModule {
  Engine: new () => { decline(lemma: { text: string; gender: string }, grammaticalCase: string): string[] };
  Case: Record<'NOMINATIVE' | 'GENITIVE' | 'DATIVE' | 'ACCUSATIVE' | 'INSTRUMENTAL' | 'PREPOSITIONAL', string>;
  Gender: Record<'MASCULINE' | 'FEMININE' | 'NEUTER', string>;
}
