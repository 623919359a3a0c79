/**
 * A row that the contract's schema refuses is told in the app's own Russian, whatever zod's global
 * locale is in the process: an admin command run against the database loads neither the contract's
 * index nor the server (which set it), and the import's problems were zod's English
 * («Invalid input: expected string, received number: исправьте значение»).
 */
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { FILE_BY_NAME } from '../../../central/exchange/format.js';
import { schemaProblems } from '../../../central/exchange/import.js';
import { installValidationMessages } from '../../../electron/contract/validation/install.js';

const students = FILE_BY_NAME.get('students.csv')!;
const student = { id: 's1', classId: 'c5a', lastName: 'Ёлкин', firstName: 'Пётр', birthDate: '2015-03-02', gender: 'm', enrolledOn: '2026-09-01' };

describe('schemaProblems', () => {
  afterEach(() => installValidationMessages());

  it.each([
    ["zod's own English locale", () => z.config(z.locales.en())],
    ["the app's Russian locale", () => installValidationMessages()],
  ])('with %s in the process, the problems are in Russian', (_, locale) => {
    locale();
    const problems = schemaProblems(students, students.schema, students.fields, { ...student, middleName: 'И'.repeat(61), gender: 5 }, 'students.csv', 7);
    expect(problems.map((p) => [p.file, p.row])).toEqual([
      ['students.csv', 7],
      ['students.csv', 7],
    ]);
    expect(problems.map((p) => p.column).sort()).toEqual(['gender', 'middle_name']);
    for (const p of problems) {
      expect(p.message).toMatch(/: исправьте значение$/);
      expect(p.message).not.toMatch(/[A-Za-z]/);
    }
    expect(problems.find((p) => p.column === 'middle_name')!.message).toMatch(/не больше 60 знаков/);
  });

  it('a row the schema accepts has no problems', () => {
    expect(schemaProblems(students, students.schema, students.fields, student, 'students.csv', 2)).toEqual([]);
  });
});
