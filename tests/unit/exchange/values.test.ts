/** The cell rules of the exchange format, one table each. */
import { describe, expect, it } from 'vitest';
import * as V from '../../../central/exchange/values.js';
import { internalId, fromSource } from '../../../central/exchange/ids.js';
import { decodeText, detectDelimiter, zipPathProblem } from '../../../central/exchange/read.js';
import iconv from 'iconv-lite';

const val = <T>(r: V.Parsed<T>) => (r.ok ? r.value : `!${r.message}`);

describe('exchange values', () => {
  it.each([
    ['01.09.2026', '2026-09-01'],
    ['1.9.2026', '2026-09-01'],
    ['2026-09-01', '2026-09-01'],
    ['29.02.2028', '2028-02-29'],
    ['30.02.2026', '!даты 30.02.2026 нет в календаре: проверьте день и месяц'],
    ['31.04.2026', '!даты 31.04.2026 нет в календаре: проверьте день и месяц'],
    ['2026/09/01', '!«2026/09/01» — не дата: напишите ДД.ММ.ГГГГ (например, 01.09.2026) или ГГГГ-ММ-ДД'],
  ])('date %s', (cell, want) => expect(val(V.parseDate(cell))).toBe(want));

  it.each([
    ['2026-09-01T11:30:48.902Z', '+03:00', '2026-09-01T11:30:48.902Z'],
    ['2026-09-01T14:30:48+03:00', '+03:00', '2026-09-01T11:30:48.000Z'],
    ['01.09.2026 14:30', '+03:00', '2026-09-01T11:30:00.000Z'],
    ['01.09.2026 14:30', '+05:00', '2026-09-01T09:30:00.000Z'],
    ['01.09.2026 25:30', '+03:00', '!«01.09.2026 25:30»: нет такого времени суток'],
  ])('moment %s (%s)', (cell, tz, want) => expect(val(V.parseMoment(cell, tz))).toBe(want));

  it.each([
    ['5', '', { kind: 'mark', value: 5 }],
    ['4+', '', { kind: 'mark', value: 4 }],
    ['5-', '5', { kind: 'mark', value: 5 }],
    ['3/4', '', { kind: 'mark', value: 3 }],
    ['10', '10', { kind: 'mark', value: 5 }],
    ['7', '10', { kind: 'mark', value: 4 }],
    ['4', '10', { kind: 'mark', value: 3 }],
    ['3', '10', { kind: 'mark', value: 2 }],
    ['85', '100', { kind: 'mark', value: 5 }],
    ['44', '100', { kind: 'mark', value: 2 }],
    ['Н', '', { kind: 'absence', code: 'н' }],
    ['НБ', '', { kind: 'absence', code: 'н' }],
    ['Б', '', { kind: 'absence', code: 'б' }],
    ['УП', '', { kind: 'absence', code: 'у' }],
    ['зач', '', { kind: 'special', label: 'зачёт' }],
    ['ОСВ', '', { kind: 'special', label: 'освобождён' }],
    ['.', '', { kind: 'special', label: 'точка (долг)' }],
    ['н/а', '', { kind: 'special', label: 'не аттестован' }],
  ])('mark %s on scale %s', (cell, scale, want) => expect(val(V.parseMark(cell, scale))).toEqual(want));

  it.each([
    ['6', ''],
    ['11', '10'],
    ['5', '12'],
    ['отл', ''],
  ])('mark %s on scale %s is refused', (cell, scale) => expect(V.parseMark(cell, scale).ok).toBe(false));

  it.each([
    ['н', 'н'],
    ['НП', 'н'],
    ['бол', 'б'],
    ['ув', 'у'],
    ['ОП', null],
  ])('attendance %s', (cell, want) => expect(val(V.parseAttendanceCode(cell))).toBe(want));
  it('an unknown attendance code is refused', () => expect(V.parseAttendanceCode('Х').ok).toBe(false));

  it.each([
    ['5', '5'],
    ['н/а', 'н/а'],
    ['НА', 'н/а'],
    ['осв.', 'осв.'],
    ['Освобождён', 'осв.'],
    ['', null],
  ])('final mark %s', (cell, want) => expect(val(V.parseFinalValue(cell))).toBe(want));

  it.each([
    ['', 'урок'],
    ['Контрольная работа', 'контрольная'],
    ['зачет', 'зачёт'],
    ['лабораторная', 'лабораторная'],
  ])('lesson type «%s»', (cell, want) => expect(val(V.parseLessonType(cell))).toBe(want));

  it.each([
    ['м', 'm'],
    ['Ж', 'f'],
    ['женский', 'f'],
  ])('gender %s', (cell, want) => expect(val(V.parseGender(cell))).toBe(want));

  it.each([
    ['мама', 'мать'],
    ['Отец', 'отец'],
    ['опекун', 'опекун'],
  ])('relation %s', (cell, want) => expect(val(V.parseRelation(cell))).toBe(want));

  it.each([
    ['2,5', 0, 10, 2.5],
    ['1', 0, 10, 1],
    ['11', 0, 10, '!11 — вне допустимого: от 0 до 10'],
  ])('decimal %s', (cell, min, max, want) => expect(val(V.parseDecimal(cell, min, max))).toBe(want));

  it.each([
    ['sms paper', ['sms', 'paper']],
    ['СМС, почта', ['sms', 'email']],
  ])('channels %s', (cell, want) => expect(val(V.parseChannels(cell))).toEqual(want));
});

describe('exchange ids', () => {
  it.each([
    ['ezhd', 's00438', 's00438'],
    ['ezhd', 'y2026.c5a.m1', 'y2026.c5a.m1'],
    ['ezhd', 'плохой id', null],
    ['sgo', '12345', 'sgo.12345'],
    ['sgo', 'L1', 'sgo.L1'],
  ])('%s %s', (src, raw, want) => expect(internalId(src, raw)).toBe(want));

  it('ids that are long or not plain get a hash: deterministic, distinct, short, without «:»', () => {
    const a = internalId('sgo', 'Ученик 5А №12')!;
    expect(a).toMatch(/^sgo\._[a-z2-7]{16}$/);
    expect(internalId('sgo', 'Ученик 5А №12')).toBe(a);
    expect(internalId('sgo', 'Ученик 5А №13')).not.toBe(a);
    expect(internalId('sgo', 'x'.repeat(40))!.length).toBeLessThanOrEqual(24);
    // A plain id that starts like a hash does not take one's place.
    expect(internalId('sgo', `_${a.slice(5)}`)).not.toBe(a);
    expect(internalId('dnevnik', '12345')).not.toBe(internalId('sgo', '12345'));
  });

  it.each([
    ['sgo', 'sgo.123', true],
    ['sgo', 'sgox.123', false],
    ['sgo', 's00438', false],
    ['ezhd', 's00438', true],
  ])('%s owns %s', (src, id, want) => expect(fromSource(src, id)).toBe(want));
});

describe('exchange reading', () => {
  it.each([
    ['id;name\r\n1;a,b', ';'],
    ['id,name,"a;b"\r\n', ','],
    ['id\tname\r\n', '\t'],
    ['"a;b;c",d,e\r\n', ','],
    ['id\r\n', ';'],
  ])('delimiter of %j', (text, want) => expect(detectDelimiter(text)).toBe(want));

  it.each([
    ['marks.csv', null],
    ['выгрузка/marks.csv', null],
    ['../marks.csv', 'путь выходит за пределы папки архива («..»)'],
    ['a/../../marks.csv', 'путь выходит за пределы папки архива («..»)'],
    ['/etc/passwd', 'абсолютный путь'],
    ['C:/x.csv', 'путь с именем диска'],
    ['..\\x.csv', 'путь с обратной косой чертой'],
  ])('zip path %s', (path, want) => expect(zipPathProblem(path)).toBe(want));

  it('encodings: UTF-8 with and without BOM, Windows-1251; wrong ones refused', () => {
    const text = 'id;ФИО\r\n1;Ёлкин Пётр «№ 1»\r\n';
    const enc = (b: Buffer) => {
      const r = decodeText('f.csv', b);
      return 'text' in r ? [r.encoding, r.text] : ['problem', r.message];
    };
    expect(enc(Buffer.from(text))).toEqual(['utf-8', text]);
    expect(enc(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual(['utf-8', text]);
    expect(enc(iconv.encode(text, 'win1251'))).toEqual(['windows-1251', text]);
    expect(enc(Buffer.from(text, 'utf16le'))[0]).toBe('problem');
    expect(enc(iconv.encode('id;ФИО\r\n' + 'Иванова Александра Петровна;'.repeat(3), 'koi8-r'))[0]).toBe('problem');
  });
});
