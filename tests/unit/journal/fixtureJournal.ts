import type { Attendance, Lesson, Mark } from '../../../electron/contract/entities/journal.js';
import type { LessonType } from '../../../electron/contract/entities/common.js';
import type { TestApp } from '../helpers/testApp.js';

/**
 * A small journal for class 5А of the fixture school (periods: I четверть 01.09–24.10,
 * II четверть 03.11–28.12), small enough to compute by hand:
 *
 * Математика (t1):            s3 Абрамов   s2 Евдокимова   s1 Ёлкин
 *   m1 07.09 урок              5            3               2
 *   m2 14.09 урок              4            н               2
 *   m3 21.09 контрольная (×2)  5            3               3
 *   m4 05.10 урок              —            б               н
 *   m5 10.11 урок              4            4               2
 * Русский язык (t2):
 *   r1 08.09 урок              4            5               3
 *   r2 15.09 практическая      —            5               —
 *   r3 11.11 урок              н            —               3
 */
export const LESSONS: Lesson[] = [
  lesson('m1', 'math', 't1', '2026-09-07', 1, 'Натуральные числа', 'урок', { homework: '№ 1–5', homeworkDue: '2026-09-14' }),
  lesson('m2', 'math', 't1', '2026-09-14', 1, 'Сложение натуральных чисел', 'урок'),
  lesson('m3', 'math', 't1', '2026-09-21', 1, 'Контрольная работа № 1', 'контрольная'),
  lesson('m4', 'math', 't1', '2026-10-05', 1, 'Деление с остатком', 'урок'),
  lesson('m5', 'math', 't1', '2026-11-10', 1, 'Обыкновенные дроби', 'урок'),
  lesson('r1', 'rus', 't2', '2026-09-08', 2, 'Звуки и буквы', 'урок'),
  lesson('r2', 'rus', 't2', '2026-09-15', 2, 'Орфограммы корня', 'практическая'),
  lesson('r3', 'rus', 't2', '2026-11-11', 2, 'Имя существительное', 'урок'),
];

export const MARKS: Mark[] = [
  mark('m1', 's3', 5), mark('m1', 's2', 3), mark('m1', 's1', 2),
  mark('m2', 's3', 4), mark('m2', 's1', 2),
  mark('m3', 's3', 5, 2), mark('m3', 's2', 3, 2), mark('m3', 's1', 3, 2),
  mark('m5', 's3', 4), mark('m5', 's2', 4), mark('m5', 's1', 2),
  mark('r1', 's3', 4), mark('r1', 's2', 5), mark('r1', 's1', 3),
  mark('r2', 's2', 5, 1.5),
  mark('r3', 's1', 3),
];

export const ATTENDANCE: Attendance[] = [
  { id: 'a1', lessonId: 'm2', studentId: 's2', kind: 'н' },
  { id: 'a2', lessonId: 'm4', studentId: 's2', kind: 'б' },
  { id: 'a3', lessonId: 'm4', studentId: 's1', kind: 'н' },
  { id: 'a4', lessonId: 'r3', studentId: 's3', kind: 'н' },
];

function lesson(id: string, subjectId: string, teacherId: string, date: string, lessonNo: number, topic: string, type: LessonType, extra: Partial<Lesson> = {}): Lesson {
  return { id, subjectId, teacherId, date, lessonNo, topic, type, ...extra };
}

function mark(lessonId: string, studentId: string, value: number, weight = 1): Mark {
  return { id: `${lessonId}-${studentId}`, lessonId, studentId, value, weight };
}

/** Puts the curriculum, timetable, tests, holidays and the journal of 5А into the test app. */
export async function withFixtureJournal(t: TestApp): Promise<void> {
  await t.app.core.store.updateSchool((d) => {
    d.curriculum = [
      { classId: 'c5a', subjectId: 'math', teacherId: 't1', hoursPerYear: 170, typesPlan: { контрольная: 8 } },
      { classId: 'c5a', subjectId: 'rus', teacherId: 't2', hoursPerYear: 204 },
      { classId: 'c9b', subjectId: 'math', teacherId: 't1', hoursPerYear: 170 },
    ];
    d.timetable = [
      { id: 'tt1', classId: 'c5a', weekday: 1, lessonNo: 1, subjectId: 'math', teacherId: 't1', room: '21' },
      { id: 'tt2', classId: 'c5a', weekday: 2, lessonNo: 2, subjectId: 'rus', teacherId: 't2', room: '14' },
      { id: 'tt3', classId: 'c5a', weekday: 3, lessonNo: 1, subjectId: 'math', teacherId: 't1', room: '21' },
      { id: 'tt4', classId: 'c5a', weekday: 4, lessonNo: 3, subjectId: 'rus', teacherId: 't2', room: '14' },
    ];
    d.timetableChanges = [
      { id: 'ch1', classId: 'c5a', date: '2026-11-16', lessonNo: 1, kind: 'substitution', subjectId: 'math', teacherId: 't2', note: 'Замена: болезнь учителя' },
      { id: 'ch2', classId: 'c5a', date: '2026-11-17', lessonNo: 2, kind: 'moved', subjectId: 'rus', teacherId: 't2', toDate: '2026-11-20', toLessonNo: 5, note: 'Перенос урока' },
      { id: 'ch3', classId: 'c5a', date: '2026-11-18', lessonNo: 1, kind: 'cancelled', subjectId: 'math', teacherId: 't1', note: 'Экскурсия' },
    ];
    d.tests = [
      { id: 'pt1', classId: 'c5a', subjectId: 'math', date: '2026-09-21', kind: 'контрольная', topic: 'Контрольная работа № 1' },
      { id: 'pt2', classId: 'c5a', subjectId: 'math', date: '2026-12-10', kind: 'контрольная', topic: 'Контрольная работа № 2' },
      { id: 'pt3', classId: 'c9b', subjectId: 'math', date: '2026-12-11', kind: 'контрольная', topic: 'Чужая контрольная' },
    ];
    d.holidays = [
      { id: 'h1', name: 'Осенние каникулы', start: '2026-10-25', end: '2026-11-02' },
      { id: 'h2', name: 'Дополнительные каникулы для 1-х классов', start: '2027-02-13', end: '2027-02-21' },
    ];
  });
  await t.app.core.store.updateJournal('y2026', 'c5a', (d) => {
    d.lessons = structuredClone(LESSONS);
    d.marks = structuredClone(MARKS);
    d.attendance = structuredClone(ATTENDANCE);
  });
  await t.app.core.store.updateClass('c5a', (d) => {
    d.recommendations = [{ id: 'rec1', studentId: 's1', subjectId: 'math', teacherId: 't1', date: '2026-10-06', text: 'Повторить таблицу умножения' }];
  });
}
