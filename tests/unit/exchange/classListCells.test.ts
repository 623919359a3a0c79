/** Class lists: the cells (cells.ts, phone.ts) — phones, classes, dates, names, e-mail; one table per rule. */
import { describe, expect, it } from 'vitest';
import { cellText, parseClassName, parseDateCell, parseEmail, splitFullName, tidyName } from '../../../central/exchange/classList/cells.js';
import { normalizePhone } from '../../../central/exchange/classList/phone.js';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) => (r.ok ? r.value : `ошибка: ${r.message}`);

describe('phones', () => {
  it.each([
    ['8 (916) 123-45-67', '+7 (916) 123-45-67'],
    ['+7 916 1234567', '+7 (916) 123-45-67'],
    ['89161234567', '+7 (916) 123-45-67'],
    ['79161234567', '+7 (916) 123-45-67'],
    ['9161234567', '+7 (916) 123-45-67'],
    ['916-123-45-67', '+7 (916) 123-45-67'],
    ['+7(916)123 45 67', '+7 (916) 123-45-67'],
    ['8-916-123-45-67, 8 903 000-00-00', '+7 (916) 123-45-67'],
    ['8 (3452) 12-34-56', '+7 (345) 212-34-56'],
    ['+7 (916) 123-45-67 доб. 12', '+7 (916) 123-45-67'],
  ])('%s → %s', (cell, expected) => expect(value(normalizePhone(cell))).toBe(expected));

  it.each([
    ['22-33-44', 'не хватает цифр'],
    ['8 916 123-45-67-89', 'лишние цифры'],
    ['+1 212 555 0100', 'российский, начинается с +7 или 8'],
    ['8 116 123-45-67', 'начинается с 3, 4, 8 или 9'],
    ['нет телефона', 'не номер телефона'],
  ])('%s is refused (%s)', (cell, words) => {
    const r = normalizePhone(cell);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });
});

describe('class names', () => {
  it.each([
    ['5А', '5А'],
    ['5 А', '5А'],
    ['5-а', '5А'],
    ['5 "А"', '5А'],
    ['5«А»', '5А'],
    ['10Б класс', '10Б'],
    ['11 б кл.', '11Б'],
    ['1Ё', '1Ё'],
    ['7A', '7А'],
    ['7B', '7В'],
  ])('%s → %s', (cell, name) => expect(value(parseClassName(cell))).toMatchObject({ name }));

  it.each(['5', 'пятый', '12А', '0А', '5АБ', '5 Q', 'А5'])('%s is not a class', (cell) => expect(parseClassName(cell).ok).toBe(false));
});

describe('dates', () => {
  it.each<[string | number | Date, string]>([
    ['02.03.2015', '2015-03-02'],
    ['2.3.2015', '2015-03-02'],
    ['02.03.15', '2015-03-02'],
    ['02/03/2015', '2015-03-02'],
    ['2015-03-02', '2015-03-02'],
    ['02.03.2015 г.', '2015-03-02'],
    [new Date(Date.UTC(2015, 2, 2)), '2015-03-02'],
    // exceljs reads a date cell as UTC midnight, at times a few milliseconds off
    [new Date(Date.UTC(2015, 2, 2) - 3), '2015-03-02'],
    [42065, '2015-03-02'],
  ])('%s → %s', (cell, iso) => expect(value(parseDateCell(cell))).toBe(iso));

  it.each<[string | number, string]>([
    ['30.02.2026', 'нет в календаре'],
    ['31.04.2015', 'нет в календаре'],
    ['весной', 'не дата'],
    [3.5, 'не дата'],
  ])('%s is refused (%s)', (cell, words) => {
    const r = parseDateCell(cell);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain(words);
  });

  it('shows a date cell as Excel does', () => expect(cellText(new Date(Date.UTC(2015, 2, 2)))).toBe('02.03.2015'));
});

describe('names', () => {
  it.each([
    ['Ёлкин Пётр Ильич', { lastName: 'Ёлкин', firstName: 'Пётр', middleName: 'Ильич' }],
    ['  Берёзкина   Алёна ', { lastName: 'Берёзкина', firstName: 'Алёна' }],
    ['ЁЛКИН ПЁТР ИЛЬИЧ', { lastName: 'Ёлкин', firstName: 'Пётр', middleName: 'Ильич' }],
    ['Алиев Рустам Тимур оглы', { lastName: 'Алиев', firstName: 'Рустам', middleName: 'Тимур оглы' }],
    ['Римская-Корсакова Анна', { lastName: 'Римская-Корсакова', firstName: 'Анна' }],
  ])('%s', (cell, parts) => expect(value(splitFullName(cell))).toEqual(parts));

  it('refuses one word', () => expect(splitFullName('Ёлкин').ok).toBe(false));
  it('keeps a name written in mixed case as it is', () => expect(tidyName('МакАртур')).toBe('МакАртур'));
  it('capitalises a double surname in capitals', () => expect(tidyName('РИМСКАЯ-КОРСАКОВА')).toBe('Римская-Корсакова'));
});

describe('e-mail', () => {
  it.each([
    ['Family@Example.RU', 'Family@example.ru'],
    ['mailto:a.b@mail.ru', 'a.b@mail.ru'],
  ])('%s → %s', (cell, e) => expect(value(parseEmail(cell))).toBe(e));
  it.each(['a@b', 'нет', 'a b@mail.ru'])('%s is refused', (cell) => expect(parseEmail(cell).ok).toBe(false));
});
