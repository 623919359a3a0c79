import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from './fixtureJournal.js';
import { pdfText } from '../helpers/pdfText.js';

let t: TestApp;
beforeEach(async () => {
  t = await testApp({ now: '2026-11-20T09:00:00.000Z' });
  await withFixtureJournal(t);
});

describe('journal pages (read-only replica)', () => {
  it('class info: periods of the class scheme, current period, subjects with teachers, the class list in Russian order', async () => {
    const api = await t.as('office');
    const info = await api.journal.classInfo({ classId: 'c5a' });
    expect(info.periods.map((p) => p.id)).toEqual(['y2026-q1', 'y2026-q2']);
    expect(info.currentPeriodId).toBe('y2026-q2');
    expect(info.subjects.map((s) => [s.id, s.teacherName])).toEqual([
      ['math', 'Семёнова О. П.'],
      ['rus', 'Ершов И. А.'],
    ]);
    expect(info.students.map((s) => s.name)).toEqual(['Абрамов Иван Олегович', 'Евдокимова Алёна Сергеевна', 'Ёлкин Пётр Ильич']);
  });

  it('class info starts reading the class journal (the grid asked next shares the read); a failed read is the grid call\'s to report', async () => {
    const api = await t.as('office');
    const read = vi.spyOn(t.app.core.store, 'journal');
    await api.journal.classInfo({ classId: 'c5a' });
    expect(read).toHaveBeenCalledWith(expect.any(String), 'c5a');
    read.mockClear();
    read.mockRejectedValueOnce(new Error('disk gone'));
    const info = await api.journal.classInfo({ classId: 'c5a' });
    expect(read).toHaveBeenCalledTimes(1);
    expect(info.className).toBe('5А');
    read.mockRestore();
  });

  it('grid: a column per lesson with topic, type and weight; marks and «н», «б» in the cells', async () => {
    const api = await t.as('office');
    const g = await api.journal.grid({ classId: 'c5a', subjectId: 'math' });
    expect(g.lessons.map((l) => [l.date, l.type, l.weight])).toEqual([
      ['2026-09-07', 'урок', 1],
      ['2026-09-14', 'урок', 1],
      ['2026-09-21', 'контрольная', 2],
      ['2026-10-05', 'урок', 1],
      ['2026-11-10', 'урок', 1],
    ]);
    expect(g.lessons[2]!.topic).toBe('Контрольная работа № 1');
    expect(g.lessons[0]).toMatchObject({ homework: '№ 1–5', homeworkDue: '2026-09-14', teacherName: 'Семёнова О. П.', periodId: 'y2026-q1' });
    expect(g.rows.map((r) => r.cells)).toEqual([
      ['5', '4', '5', '', '4'],
      ['3', 'н', '3', 'б', '4'],
      ['2', '2', '3', 'н', '2'],
    ]);
    // year average of Абрамов: (5 + 4 + 10 + 4) / 5
    expect(g.rows[0]!.average).toBeCloseTo(23 / 5, 10);
    // the forecast is the current period's (II четверть, one mark so far)
    expect(g.forecastPeriod?.id).toBe('y2026-q2');
    // one lesson of II четверть held so far: no mark is expected yet, the «2» is the risk
    expect(g.rows[2]!.forecast).toMatchObject({ forecast: 2, marks: 1, expected: 0, risks: ['fail'] });
  });

  it('grid of one period shows only its lessons', async () => {
    const api = await t.as('office');
    const g = await api.journal.grid({ classId: 'c5a', subjectId: 'math', periodId: 'y2026-q1' });
    expect(g.lessons).toHaveLength(4);
    expect(g.rows[0]!.forecast).toMatchObject({ average: 4.75, forecast: 5 });
  });

  it('a class teacher reads only his class; the administrator reads no journal', async () => {
    const teacher = await t.as('teacher.9b');
    await expect(teacher.journal.grid({ classId: 'c5a', subjectId: 'math' })).rejects.toMatchObject({ code: 'forbidden' });
    const own = await t.as('teacher.5a');
    await expect(own.journal.grid({ classId: 'c5a', subjectId: 'math' })).resolves.toBeTruthy();
    const admin = await t.as('admin');
    await expect(admin.journal.classInfo({ classId: 'c5a' })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('student card: marks by subject with topics, absences, homework and recommendations', async () => {
    const api = await t.as('teacher.5a');
    const card = await api.journal.studentCard({ classId: 'c5a', studentId: 's1', periodId: 'y2026-q1' });
    expect(card.rangeName).toBe('I четверть');
    expect(card.subjects.find((s) => s.subjectId === 'math')!.marks.map((m) => [m.value, m.topic])).toEqual([
      [2, 'Натуральные числа'],
      [2, 'Сложение натуральных чисел'],
      [3, 'Контрольная работа № 1'],
    ]);
    expect(card.subjects.find((s) => s.subjectId === 'math')!.forecast).toMatchObject({ average: 2.5, forecast: 2, risks: ['fail'] });
    expect(card.absences).toEqual([{ date: '2026-10-05', lessonNo: 1, subjectName: 'Математика', topic: 'Деление с остатком', kind: 'н' }]);
    expect(card.homework).toEqual([{ date: '2026-09-07', subjectName: 'Математика', text: '№ 1–5', due: '2026-09-14' }]);
    expect(card.recommendations).toEqual([{ date: '2026-10-06', subjectName: 'Математика', teacherName: 'Семёнова О. П.', text: 'Повторить таблицу умножения' }]);
  });

  it('week timetable: substitution, moved lesson at both ends, cancelled lesson', async () => {
    const api = await t.as('office');
    const w = await api.journal.timetable({ classId: 'c5a', weekOf: '2026-11-18' });
    expect(w.monday).toBe('2026-11-16');
    expect(w.days.map((d) => d.date)).toEqual(['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
    expect(w.days[0]!.lessons[0]).toMatchObject({ lessonNo: 1, subjectName: 'Математика', change: 'substitution', teacherName: 'Ершов И. А.', plannedTeacherName: 'Семёнова О. П.', plannedTeacherNameGenitive: 'Семёновой О. П.' });
    expect(w.days[1]!.lessons[0]).toMatchObject({ lessonNo: 2, subjectName: 'Русский язык', change: 'moved_out', movedDate: '2026-11-20', movedLessonNo: 5 });
    expect(w.days[2]!.lessons[0]).toMatchObject({ change: 'cancelled', note: 'Экскурсия' });
    expect(w.days[4]!.lessons).toEqual([expect.objectContaining({ lessonNo: 5, subjectName: 'Русский язык', change: 'moved_in', movedDate: '2026-11-17', movedLessonNo: 2, room: '14' })]);
  });

  it('a week in the holidays says so', async () => {
    const api = await t.as('office');
    const w = await api.journal.timetable({ classId: 'c5a', weekOf: '2026-10-26' });
    expect(w.days.every((d) => d.holiday === 'Осенние каникулы' && d.lessons.length === 0)).toBe(true);
  });

  it('tests of the class only, holidays of its grade, teachers of the class', async () => {
    const api = await t.as('office');
    expect((await api.journal.tests({ classId: 'c5a' })).map((x) => x.id)).toEqual(['pt1', 'pt2']);
    expect((await api.journal.tests({ classId: 'c5a', from: '2026-11-01' })).map((x) => x.id)).toEqual(['pt2']);
    expect((await api.journal.holidays({ classId: 'c5a' })).map((h) => [h.name, h.days])).toEqual([['Осенние каникулы', 9]]);
    const teachers = await api.journal.teachers({ classId: 'c5a' });
    expect(teachers.classTeacher?.name).toBe('Семёнова Ольга Петровна');
    expect(teachers.items.map((i) => [i.subjectName, i.teacherName, i.hoursPerYear])).toEqual([
      ['Математика', 'Семёнова Ольга Петровна', 170],
      ['Русский язык', 'Ершов Илья Андреевич', 204],
    ]);
  });

  it('class forecast and the students at risk', async () => {
    const api = await t.as('director');
    const f = await api.journal.forecast({ classId: 'c5a', periodId: 'y2026-q1' });
    expect(f.subjects.map((s) => s.id)).toEqual(['math', 'rus']);
    expect(f.rows.map((r) => [r.name, r.forecasts.map((x) => x.forecast)])).toEqual([
      ['Абрамов Иван Олегович', [5, 4]],
      ['Евдокимова Алёна Сергеевна', [3, 5]],
      ['Ёлкин Пётр Ильич', [2, 3]],
    ]);
    // I четверть: 2–3 marks after 4 lessons are enough (one per three lessons): only the «2» is a risk.
    const risks = await api.journal.atRisk({ classId: 'c5a', periodId: 'y2026-q1' });
    expect(risks.map((r) => [r.studentName.split(' ')[0], r.subjectId, r.forecast.risks.join(',')])).toEqual([['Ёлкин', 'math', 'fail']]);
    // A school that expects a mark at every lesson: fewer marks are risks too, listed after the «2».
    const director = await t.as('director');
    const { settings } = await director.school.overview({});
    await director.school.updateSettings({ ...settings, forecast: { ...settings.forecast, lessonsPerMark: 1 } });
    const strict = await api.journal.atRisk({ classId: 'c5a', periodId: 'y2026-q1' });
    expect(strict[0]).toMatchObject({ studentName: 'Ёлкин Пётр Ильич', subjectId: 'math' });
    expect(strict.slice(1).every((r) => r.forecast.risks.includes('few_marks') && r.forecast.marks < r.forecast.expected)).toBe(true);
    expect(strict.length).toBeGreaterThan(1);
    // without a class: every class the user sees, each in its current period
    const school = await api.journal.atRisk({});
    expect(school.every((r) => r.periodName === 'II четверть')).toBe(true);
  });

  it('per-student report: missed lessons and unsatisfactory marks with their topics, on screen and in PDF', async () => {
    const api = await t.as('office');
    const r = await api.journal.studentReport({ classId: 'c5a', studentId: 's1', from: '2026-09-01', to: '2026-11-30' });
    expect(r.missed).toEqual([{ date: '2026-10-05', lessonNo: 1, subjectId: 'math', subjectName: 'Математика', topic: 'Деление с остатком', kind: 'н' }]);
    expect(r.unsatisfactory.map((m) => [m.date, m.subjectName, m.topic, m.value])).toEqual([
      ['2026-09-07', 'Математика', 'Натуральные числа', 2],
      ['2026-09-14', 'Математика', 'Сложение натуральных чисел', 2],
      ['2026-11-10', 'Математика', 'Обыкновенные дроби', 2],
    ]);
    const narrow = await api.journal.studentReport({ classId: 'c5a', studentId: 's1', from: '2026-11-01', to: '2026-11-30' });
    expect(narrow.missed).toEqual([]);
    expect(narrow.unsatisfactory).toHaveLength(1);

    const file = await api.journal.studentReportPdf({ classId: 'c5a', studentId: 's1', from: '2026-09-01', to: '2026-11-30' });
    expect(file.mime).toBe('application/pdf');
    const text = pdfText(Buffer.from(file.base64, 'base64'));
    for (const s of ['Ёлкин Пётр Ильич', 'Пропущенные уроки (1)', 'Деление с остатком', 'Неудовлетворительные отметки (3)', 'Обыкновенные дроби', 'Классный руководитель']) {
      expect(text).toContain(s);
    }
    expect((await t.app.core.audit.all()).some((e) => e.action === 'journal.studentReportPdf' && e.recordIds.includes('s1'))).toBe(true);
  });

  it('a report with the end before the start is refused', async () => {
    const api = await t.as('office');
    await expect(api.journal.studentReport({ classId: 'c5a', studentId: 's1', from: '2026-11-30', to: '2026-09-01' })).rejects.toMatchObject({ code: 'validation' });
  });
});
