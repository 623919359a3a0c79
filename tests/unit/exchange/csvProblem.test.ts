/**
 * What a user reads of a CSV file that cannot be read: Russian words from csv-parse's error code and
 * the line, never csv-parse's English text or the bytes it quotes.
 */
import { describe, expect, it } from 'vitest';
import { csvProblem, parseCsv } from '../../../central/exchange/read.js';

describe('csvProblem', () => {
  it.each([
    ['a quote opened and never closed', 'id;a\r\n1;"текст\r\n', 3, 'кавычка открыта в этой строке или выше и не закрыта до конца файла'],
    ['text after a closing quote', 'id;a\r\n1;"два"три\r\n', 2, 'после закрывающей кавычки идёт текст, а не разделитель или конец строки'],
    ['a stray quote followed by a byte of no encoding', '\ufeffid;a\r\n""\u0080', 2, 'после закрывающей кавычки идёт текст, а не разделитель или конец строки'],
  ])('%s', (_, text, row, what) => {
    const read = parseCsv('ученики.csv', Buffer.from(text, 'utf8'));
    expect(read).toEqual({ file: 'ученики.csv', row, message: `файл не читается как CSV: ${what}. Проверьте кавычки в этой строке — текст с разделителем или кавычкой берут в кавычки, а кавычку внутри удваивают` });
    expect((read as { message: string }).message.replace('CSV', '')).not.toMatch(/[A-Za-z]/);
  });

  it('an error with no code or line still gives a Russian message and no row', () => {
    expect(csvProblem('f.csv', new Error('Something else'))).toEqual({ file: 'f.csv', message: 'файл не читается как CSV: кавычки расставлены неверно. Проверьте кавычки в этой строке — текст с разделителем или кавычкой берут в кавычки, а кавычку внутри удваивают' });
    expect(csvProblem('f.csv', undefined)).not.toHaveProperty('row');
  });
});
