import { beforeAll, describe, expect, it } from 'vitest';
import { EXTRACT_SECTIONS } from '../../../electron/contract/entities/settings.js';
import { contentHash } from '../../../electron/core/extracts/code.js';
import { codeOf, parseCode, qrPayload } from '../../../electron/contract/extracts/code.js';
import { ClassExtracts, anchorOf, templateSections, type ExtractContent } from '../../../electron/core/extracts/content.js';
import { classContext } from '../../../electron/core/journal/classContext.js';
import type { TestApp } from '../helpers/testApp.js';
import { WEEK, world } from './world.js';

let t: TestApp;
let ex: ClassExtracts;
let week: ExtractContent;

async function extractor(): Promise<ClassExtracts> {
  const school = await t.app.core.store.school();
  const cc = classContext(school, 'c5a')!;
  const data = await t.app.core.store.classData('c5a');
  return new ClassExtracts({ school, cc, recommendations: data.recommendations, journal: await t.app.core.store.journal('y2026', 'c5a') });
}

async function student(id: string) {
  return (await t.app.core.store.classData('c5a')).students.find((s) => s.id === id)!;
}

beforeAll(async () => {
  t = await world();
  ex = await extractor();
  week = ex.content({ student: await student('s1'), period: { start: WEEK.monday, end: WEEK.sunday }, issuedOn: '2026-11-20', sections: EXTRACT_SECTIONS });
});

describe('content of a weekly extract (Ёлкин, 16.11–22.11)', () => {
  it('heads: school, student, class, period, signatures', () => {
    expect(week).toMatchObject({
      student: { id: 's1', name: 'Ёлкин Пётр Ильич' },
      className: '5А',
      period: { start: '2026-11-16', end: '2026-11-22' },
      classTeacherName: 'Семёнова О. П.',
      directorName: 'Орлова А. Ю.',
      sections: [...EXTRACT_SECTIONS],
    });
    expect(week.school.name).toContain('Средняя школа № 1');
  });

  it('marks by subject with dates, lesson topics, weights and the weighted average', () => {
    expect(week.marks!.subjects).toEqual([
      {
        subjectId: 'math',
        subjectName: 'Математика',
        teacherName: 'Семёнова О. П.',
        // (2·1 + 3·2) / 3
        average: 8 / 3,
        marks: [
          { date: '2026-11-16', lessonNo: 1, value: 2, type: 'урок', weight: 1, topic: 'Сложение дробей' },
          { date: '2026-11-18', lessonNo: 1, value: 3, type: 'контрольная', weight: 2, topic: 'Контрольная работа № 2' },
        ],
      },
      {
        subjectId: 'rus',
        subjectName: 'Русский язык',
        teacherName: 'Ершов И. А.',
        average: 4,
        marks: [{ date: '2026-11-17', lessonNo: 2, value: 4, type: 'урок', weight: 1, topic: 'Падежи' }],
      },
    ]);
    expect(week.marks!.withoutMarks).toEqual([]);
  });

  it('forecast of the final mark for the reporting period the week is in', () => {
    const f = week.forecast!;
    if (f.periodName === null) throw new Error('no period');
    expect(f).toMatchObject({ periodName: 'II четверть', period: { start: '2026-11-03', end: '2026-12-28' }, asOf: '2026-11-22' });
    // Математика in II четверть: 2 (10.11), 2 (16.11), 3×2 (18.11) → 10/4 = 2.5 → 2 (rounds up from 0.6)
    expect(f.rows[0]).toMatchObject({ subjectName: 'Математика', average: 2.5, forecast: 2, marks: 3, lessons: 3, absences: 0, risks: ['прогноз «2»'] });
    // Русский язык: 3 (11.11), 4 (17.11); missed 19.11 («н») of 3 lessons. Two marks after three
    // lessons are enough: the school expects one per three lessons held (docs/methodology.md).
    expect(f.rows[1]).toMatchObject({ subjectName: 'Русский язык', average: 3.5, forecast: 3, marks: 2, lessons: 3, absences: 1, risks: [] });
  });

  it('missed lessons with date, subject, topic and reason; unsatisfactory marks with topic', () => {
    expect(week.absences).toEqual([{ date: '2026-11-19', lessonNo: 3, subjectName: 'Русский язык', topic: 'Склонение', kind: 'н' }]);
    expect(week.unsatisfactory).toEqual([{ date: '2026-11-16', subjectName: 'Математика', value: 2, type: 'урок', topic: 'Сложение дробей' }]);
  });

  it('homework given in the week and due up to the end of next week; teachers\u2019 recommendations of the period', () => {
    expect(week.homework).toEqual({
      range: { start: '2026-11-16', end: '2026-11-29' },
      items: [
        { date: '2026-11-16', subjectName: 'Математика', text: '№ 201–205', due: '2026-11-18' },
        { date: '2026-11-17', subjectName: 'Русский язык', text: 'Упр. 80', due: '2026-11-24' },
      ],
    });
    expect(week.recommendations).toEqual([{ date: '2026-11-18', subjectName: 'Математика', teacherName: 'Семёнова О. П.', text: 'Повторить сложение дробей с разными знаменателями' }]);
  });

  it('next week\u2019s timetable with the substitution, the moved and the cancelled lesson', () => {
    const tt = week.timetable!;
    expect(tt.monday).toBe('2026-11-23');
    const lessons = tt.days.flatMap((d) => d.lessons.map((l) => ({ date: d.date, ...l })));
    expect(lessons.find((l) => l.date === '2026-11-23')).toMatchObject({ subjectName: 'Математика', change: 'substitution', teacherName: 'Ершов И. А.', plannedTeacherName: 'Семёнова О. П.' });
    expect(lessons.find((l) => l.date === '2026-11-24')).toMatchObject({ subjectName: 'Русский язык', change: 'moved_out', movedDate: '2026-11-27', movedLessonNo: 4 });
    expect(lessons.find((l) => l.date === '2026-11-25')).toMatchObject({ change: 'cancelled', note: 'экскурсия' });
    expect(lessons.find((l) => l.date === '2026-11-27')).toMatchObject({ lessonNo: 4, change: 'moved_in', movedDate: '2026-11-24' });
  });

  it('upcoming tests, holidays ahead, the teachers of the class', () => {
    expect(week.tests).toEqual({
      range: { start: '2026-11-23', end: '2026-12-28' },
      items: [{ date: '2026-12-10', subjectName: 'Математика', kind: 'контрольная', topic: 'Контрольная работа № 2' }],
    });
    // The autumn holidays are over; the February week is for first graders only.
    expect(week.holidays).toEqual([]);
    expect(week.teachers).toEqual({
      classTeacher: 'Семёнова Ольга Петровна',
      items: [
        { subjectName: 'Математика', teacherName: 'Семёнова Ольга Петровна' },
        { subjectName: 'Русский язык', teacherName: 'Ершов Илья Андреевич' },
      ],
    });
  });

  it('empty sections are there, empty; a student without marks lists the graded subjects', async () => {
    const c = ex.content({ student: await student('s2'), period: { start: WEEK.monday, end: WEEK.sunday }, issuedOn: '2026-11-20', sections: EXTRACT_SECTIONS });
    expect(c.marks).toEqual({ subjects: [], withoutMarks: ['Математика', 'Русский язык'] });
    expect(c.unsatisfactory).toEqual([]);
    expect(c.recommendations).toEqual([]);
    expect(c.absences).toEqual([{ date: '2026-11-16', lessonNo: 1, subjectName: 'Математика', topic: 'Сложение дробей', kind: 'б' }]);
  });
});

describe('template, determinism, codes', () => {
  it('the template decides the sections, in the fixed order', async () => {
    expect(templateSections({ marks: true, forecast: false, teachers: true, homework: true })).toEqual(
      EXTRACT_SECTIONS.filter((s) => s !== 'forecast'),
    );
    const c = ex.content({ student: await student('s1'), period: { start: WEEK.monday, end: WEEK.sunday }, issuedOn: '2026-11-20', sections: ['teachers', 'marks'] });
    expect(c.sections).toEqual(['marks', 'teachers']);
    expect(c.forecast).toBeUndefined();
    expect(c.timetable).toBeUndefined();
  });

  it('the same data gives the same hash whenever it is assembled; any change of the content changes it', async () => {
    const again = (await extractor()).content({ student: await student('s1'), period: { start: WEEK.monday, end: WEEK.sunday }, issuedOn: '2026-11-20', sections: EXTRACT_SECTIONS });
    expect(contentHash(7, '2026-11-20', again)).toBe(contentHash(7, '2026-11-20', week));
    expect(contentHash(8, '2026-11-20', week)).not.toBe(contentHash(7, '2026-11-20', week));
    expect(contentHash(7, '2026-11-21', week)).not.toBe(contentHash(7, '2026-11-20', week));
    const changed = structuredClone(week);
    changed.absences![0]!.kind = 'у';
    expect(contentHash(7, '2026-11-20', changed)).not.toBe(contentHash(7, '2026-11-20', week));
  });

  it('the anchor of «next week» is the later of the period end and the issue date', () => {
    expect(anchorOf({ start: '2026-11-16', end: '2026-11-22' }, '2026-11-20')).toBe('2026-11-22');
    expect(anchorOf({ start: '2026-09-01', end: '2026-10-24' }, '2026-11-20')).toBe('2026-11-20');
  });

  it('codes: 20 hex digits in groups of four, found in anything a person types or a scanner reads', () => {
    const h = contentHash(1, '2026-11-20', week);
    const code = codeOf(h);
    expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(code.replace(/-/g, '').toLowerCase()).toBe(h.slice(0, 20));
    expect(parseCode(code.toLowerCase())).toBe(code);
    expect(parseCode(code.replace(/-/g, ''))).toBe(code);
    expect(parseCode(qrPayload(12, code))).toBe(code);
    expect(parseCode('1234-5678')).toBeNull();
    expect(parseCode('')).toBeNull();
  });
});
