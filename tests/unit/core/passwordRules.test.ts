import { describe, expect, it } from 'vitest';
import type { PersonName } from '../../../electron/contract/entities/common.js';
import { Password } from '../../../electron/contract/entities/users.js';
import { hashPassword } from '../../../electron/core/auth/password.js';
import { onLatinKeys, passwordProblems, translitVariants } from '../../../electron/core/auth/passwordRules.js';
import { FAST_SCRYPT } from '../helpers/fixtureSchool.js';

const ACCEPTED = 'принят';
const SHORT = 'Пароль — не короче 10 символов';
const LOGIN = 'Пароль не должен совпадать с логином или содержать его';
const NAME = 'Пароль не должен содержать фамилию, имя или отчество';
const COMMON = 'Это один из часто используемых паролей, их подбирают первыми. Придумайте другой: например, три-четыре не связанных слова';
const REUSED = 'Пароль совпадает с текущим или прежним. Придумайте новый';

const IVANOVA: PersonName = { lastName: 'Иванова', firstName: 'Юлия', middleName: 'Сергеевна' };
const SEMYONOV: PersonName = { lastName: 'Семёнов', firstName: 'Пётр', middleName: 'Ильич' };

/** password, login, name → the first problem, or «принят». */
const RULES: Array<[password: string, login: string, name: PersonName, expected: string]> = [
  // 1. At least 10 characters.
  ['12345678', 'office', IVANOVA, SHORT],
  ['Kf8#qw-Zr', 'office', IVANOVA, SHORT],
  ['Kf8#qw-Zr2', 'office', IVANOVA, ACCEPTED],
  ['тёплый-ветер-март', 'office', IVANOVA, ACCEPTED],
  // 2. Not the login, not containing it or its parts of 3 characters or more.
  ['teacher.5a', 'teacher.5a', IVANOVA, LOGIN],
  ['TEACHER.5A-2024', 'teacher.5a', IVANOVA, LOGIN],
  ['мой teacher лучший', 'teacher.5a', IVANOVA, LOGIN],
  ['5a-синий-трамвай', 'teacher.5a', IVANOVA, ACCEPTED],
  ['ivanova_yu-секрет', 'ivanova_yu', IVANOVA, LOGIN],
  ['office-кофе-в-обед', 'office', IVANOVA, LOGIN],
  ['щаашсу-на-работе', 'office', IVANOVA, LOGIN], // «office» typed with the Russian layout on
  // 3. Not the person's last, first or middle name, in Cyrillic, in Latin, or on Latin keys.
  ['Иванова-на-даче', 'office', IVANOVA, NAME],
  ['ivanova-na-dache', 'office', IVANOVA, NAME],
  ['Yulia-bez-sakhara', 'office', IVANOVA, NAME],
  ['julija-bez-sakhara', 'office', IVANOVA, NAME],
  ['sergeevna-kofe', 'office', IVANOVA, NAME],
  ['bdfyjdf-kofe-vtxth', 'office', IVANOVA, NAME], // «иванова» typed on Latin keys
  ['Semenov-i-synovya', 'office', SEMYONOV, NAME],
  ['pyotr-i-volk-99', 'office', SEMYONOV, NAME],
  ['Семенов-чай-с-мятой', 'office', SEMYONOV, NAME],
  ['Илья-Муромец-богатырь', 'office', SEMYONOV, ACCEPTED], // «Ильич» is not in it
  // 4. Not a commonly used password, compared case-insensitively and without digits and symbols around.
  ['1234567890', 'office', IVANOVA, COMMON],
  ['Password2024!', 'office', IVANOVA, COMMON],
  ['P@ssw0rd2024', 'office', IVANOVA, COMMON],
  ['Pa$$w0rd!!!', 'office', IVANOVA, COMMON],
  ['iloveyou!!!!', 'office', IVANOVA, COMMON],
  ['qwertyuiop', 'office', IVANOVA, COMMON],
  ['QwErTy123456', 'office', IVANOVA, COMMON],
  ['1qaz2wsx3edc', 'office', IVANOVA, COMMON],
  ['zaq12wsxcde3', 'office', IVANOVA, COMMON],
  ['asdfghjkl;', 'office', IVANOVA, COMMON],
  //    Russian keyboard walks, in both layouts.
  ['йцукенгшщз', 'office', IVANOVA, COMMON],
  ['фывапролджэ', 'office', IVANOVA, COMMON],
  ['ячсмитьбю1', 'office', IVANOVA, COMMON],
  ['ЙЦУКЕН123456', 'office', IVANOVA, COMMON],
  //    Russian words: in Cyrillic, transliterated, and typed in the Russian layout on Latin keys.
  ['пароль123456', 'office', IVANOVA, COMMON],
  ['gfhjkm123456', 'office', IVANOVA, COMMON],
  ['parol2024!!', 'office', IVANOVA, COMMON],
  ['Privet12345', 'office', IVANOVA, COMMON],
  ['ghbdtn12345', 'office', IVANOVA, COMMON],
  ['lubov-2024!', 'office', IVANOVA, COMMON],
  ['lyubov20242024', 'office', IVANOVA, COMMON],
  ['Sobaka1234567', 'office', IVANOVA, COMMON],
  ['kotik_2010_2010', 'office', IVANOVA, COMMON],
  ['Shkola12345', 'office', IVANOVA, COMMON],
  ['moskva2024!', 'office', IVANOVA, COMMON],
  ['солнышко2024', 'office', IVANOVA, COMMON],
  ['cjkysirj2024', 'office', IVANOVA, COMMON], // «солнышко» on Latin keys
  ['Спартак-чемпион', 'office', IVANOVA, ACCEPTED], // two common words together are not one
  //    Repeated pieces and too few different characters.
  ['qwertyqwerty', 'office', IVANOVA, COMMON],
  ['парольпароль', 'office', IVANOVA, COMMON],
  ['abc1abc1abc1', 'office', IVANOVA, COMMON],
  ['aaaaaaaaaaaa', 'office', IVANOVA, COMMON],
  ['1212121212', 'office', IVANOVA, COMMON],
  // Long and personal: accepted.
  ['корова-читает-Пушкина', 'teacher.5a', IVANOVA, ACCEPTED],
  ['Kot-uchenyy-na-dube', 'teacher.5a', IVANOVA, ACCEPTED],
  ['7 слонов в лифте', 'office', IVANOVA, ACCEPTED],
];

describe('the rules of a new password', () => {
  it.each(RULES)('%s, login %s, %j → %s', async (password, login, name, expected) => {
    const [first] = await passwordProblems({ password, login, name });
    expect(first ?? ACCEPTED).toBe(expected);
  });

  it('5. not the current or the previous password of the account', async () => {
    const current = await hashPassword('старый-добрый-клён', FAST_SCRYPT);
    const previous = await hashPassword('прежний-синий-дом', FAST_SCRYPT);
    const rows: Array<[string, string]> = [
      ['старый-добрый-клён', REUSED],
      ['прежний-синий-дом', REUSED],
      ['Прежний-синий-дом', ACCEPTED], // a password is compared exactly
      ['новый-зелёный-сад', ACCEPTED],
    ];
    for (const [password, expected] of rows) {
      const [first] = await passwordProblems({ password, login: 'office', name: IVANOVA, previousHashes: [current, previous] });
      expect(first ?? ACCEPTED, password).toBe(expected);
    }
  });

  it('lists every problem, in the order of the rules', async () => {
    expect(await passwordProblems({ password: 'office', login: 'office', name: IVANOVA })).toEqual([SHORT, LOGIN, COMMON]);
  });

  it('the contract checks the length with the same message', () => {
    const r = Password.safeParse('12345678');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(SHORT);
    expect(Password.safeParse('1234567890').success).toBe(true); // the rest is the core's
  });

  it('helpers: the Russian layout on Latin keys and transliteration', () => {
    expect(onLatinKeys('привет')).toBe('ghbdtn');
    expect(onLatinKeys('йцукен')).toBe('qwerty');
    expect(translitVariants('любовь')).toEqual(expect.arrayContaining(['lyubov', 'lubov', 'ljubov', "lyubov'"]));
    expect(translitVariants('александр')).toEqual(expect.arrayContaining(['aleksandr', 'alexandr']));
  });
});
