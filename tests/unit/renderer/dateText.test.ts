import { describe, expect, it } from 'vitest';
import { caretAfterMask, maskDate, maskTime, readDate } from '../../../renderer/src/components/dateText';

describe('the date field reads ДД.ММ.ГГГГ whatever the system locale', () => {
  it.each([
    ['1', '1'],
    ['12', '12'],
    ['120', '12.0'],
    ['1204', '12.04'],
    ['12042', '12.04.2'],
    ['12042026', '12.04.2026'],
    ['12.04.2026', '12.04.2026'],
    ['12a04б2026', '12.04.2026'],
    ['120420261', '12.04.2026'],
    ['1.4.2026', '01.04.2026'],
    ['2026-04-12', '12.04.2026'],
    ['12/04/2026', '12.04.2026'],
    ['', ''],
  ])('typed %j shows %j', (typed, shown) => {
    expect(maskDate(typed)).toBe(shown);
  });

  it.each([
    // typed text, caret, masked → caret after masking
    ['1204', 4, '12.04', 5],
    ['12.042', 6, '12.04.2', 7],
    ['12.0', 2, '12.0', 2],
    ['x', 1, '', 0],
  ])('caret in %j at %i stays after the same digits', (typed, caret, masked, expected) => {
    expect(caretAfterMask(typed, caret, masked)).toBe(expected);
  });

  it.each([
    ['12.04.2026', {}, '2026-04-12', undefined],
    ['', {}, '', undefined],
    ['', { required: true }, '', 'Укажите дату'],
    ['12.04', {}, '', 'Введите дату полностью: ДД.ММ.ГГГГ, например 12.04.2026'],
    ['30.02.2026', {}, '', 'Такой даты нет: 30.02.2026'],
    ['29.02.2028', {}, '2028-02-29', undefined],
    ['29.02.2027', {}, '', 'Такой даты нет: 29.02.2027'],
    ['31.04.2026', {}, '', 'Такой даты нет: 31.04.2026'],
    ['00.04.2026', {}, '', 'Такой даты нет: 00.04.2026'],
    ['12.13.2026', {}, '', 'Такой даты нет: 12.13.2026'],
    ['31.08.2026', { min: '2026-09-01' }, '', 'Дата не раньше 01.09.2026'],
    ['01.09.2026', { min: '2026-09-01' }, '2026-09-01', undefined],
    ['05.12.2026', { max: '2026-12-04' }, '', 'Дата не позже 04.12.2026'],
    ['04.12.2026', { max: '2026-12-04' }, '2026-12-04', undefined],
  ] as const)('%j with %j reads as %j (%s)', (text, bounds, iso, error) => {
    const r = readDate(text, bounds);
    expect(r.iso).toBe(iso);
    expect(r.error).toBe(error);
  });

  it.each([
    ['0930', '09:30'],
    ['9', '9'],
    ['093', '09:3'],
    ['09:30', '09:30'],
    ['09305', '09:30'],
  ])('time typed %j shows %j', (typed, shown) => {
    expect(maskTime(typed)).toBe(shown);
  });
});
