import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RegistryDocument } from '../../../electron/contract/entities/documents.js';
import { FinalMarkEntry, Lesson } from '../../../electron/contract/entities/journal.js';
import { generateDemoSchool } from '../../../electron/core/demo/index.js';

describe('demo school at any date', () => {
  it.each([
    ['2026-09-01', 'y2026'],
    ['2026-09-05', 'y2026'],
    ['2027-01-01', 'y2026'],
    ['2027-08-20', 'y2026'],
    ['2024-02-29', 'y2023'],
  ])('asOf %s → year %s, nothing after the day, valid entities', (asOf, yearId) => {
    const s = generateDemoSchool({ seed: 11, students: 40, asOf });
    expect(s.school.years[0]?.id).toBe(yearId);
    expect(s.classes.reduce((a, c) => a + c.students.length, 0)).toBe(40);
    const lessons = s.journals.flatMap((j) => j.lessons);
    z.array(Lesson).parse(lessons);
    for (const l of lessons) expect(l.date <= asOf).toBe(true);
    const docs = s.classes.flatMap((c) => c.documents);
    z.array(RegistryDocument).parse(docs);
    for (const d of docs) expect(d.signedOn <= asOf).toBe(true);
    z.array(FinalMarkEntry).parse(s.classes.flatMap((c) => c.finalMarks));
    for (const v of s.classes.flatMap((c) => c.diaryViews)) expect(v.at.slice(0, 10) <= asOf).toBe(true);
  });

  it('rejects impossible options', () => {
    expect(() => generateDemoSchool({ seed: 1, students: 0, asOf: '2026-10-01' })).toThrow();
    expect(() => generateDemoSchool({ seed: 1, students: 10, asOf: '2026-02-30' })).toThrow();
    expect(() => generateDemoSchool({ seed: 1, students: 10, asOf: '2026-10-01', markDensity: -1 })).toThrow();
  });
});

describe('after the school year', () => {
  it('has ОГЭ marks in grade 9 and итоговые marks in grades 9 and 11', () => {
    const s = generateDemoSchool({ seed: 42, students: 300, asOf: '2027-07-10' });
    const gradeOf = new Map(s.school.classes.map((c) => [c.id, c.grade]));
    for (const c of s.classes) {
      const g = gradeOf.get(c.classId) ?? 0;
      const exam = c.finalMarks.filter((f) => f.periodId === 'exam:y2026');
      const final = c.finalMarks.filter((f) => f.periodId === 'final:y2026');
      expect(exam.length > 0, c.classId).toBe(g === 9);
      expect(final.length > 0, c.classId).toBe(g === 9 || g === 11);
      for (const f of final) {
        const year = c.finalMarks.find((y) => y.periodId === 'year:y2026' && y.studentId === f.studentId && y.subjectId === f.subjectId);
        const ex = exam.find((e) => e.studentId === f.studentId && e.subjectId === f.subjectId);
        if (!ex) expect(f.value).toBe(year?.value);
        expect(f.knownOn >= '2027-06-01' && f.knownOn <= '2027-07-10').toBe(true);
      }
    }
  });
});
