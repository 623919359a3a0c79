import type { Lesson, Mark } from '../../../electron/contract/entities/journal.js';
import { testApp, type TestApp } from '../helpers/testApp.js';
import { withFixtureJournal } from '../journal/fixtureJournal.js';

/**
 * The fixture school (today Friday 20.11.2026, week 16.11–22.11) with the journal fixture of 5А and
 * a week of lessons on top of it, small enough to check by hand:
 *
 *   Mon 16.11 math (substituted, t2) «Сложение дробей» (урок): s1 → 2, s3 → 5; s2 absent «б»;
 *             homework «№ 201–205», due 18.11
 *   Tue 17.11 rus «Падежи» (урок): s1 → 4; homework «Упр. 80», due 24.11
 *   Wed 18.11 math «Контрольная работа № 2» (контрольная, ×2): s1 → 3, s3 → 4
 *   Thu 19.11 rus «Склонение» (урок): s1 absent «н»
 *
 * Next week (23.11–29.11) has a substitution, a moved lesson and a cancelled one.
 */
export const WEEK = { monday: '2026-11-16', sunday: '2026-11-22' };

const L = (id: string, subjectId: string, teacherId: string, date: string, lessonNo: number, topic: string, type: Lesson['type'], extra: Partial<Lesson> = {}): Lesson => ({
  id,
  subjectId,
  teacherId,
  date,
  lessonNo,
  topic,
  type,
  ...extra,
});
const M = (lessonId: string, studentId: string, value: number): Mark => ({ id: `${lessonId}-${studentId}`, lessonId, studentId, value, weight: 1 });

export async function world(): Promise<TestApp> {
  const t = await testApp({ now: '2026-11-20T09:00:00.000Z' });
  await withFixtureJournal(t);
  await t.app.core.store.updateJournal('y2026', 'c5a', (d) => {
    d.lessons.push(
      L('w1', 'math', 't2', '2026-11-16', 1, 'Сложение дробей', 'урок', { homework: '№ 201–205', homeworkDue: '2026-11-18' }),
      L('w2', 'rus', 't2', '2026-11-17', 2, 'Падежи', 'урок', { homework: 'Упр. 80', homeworkDue: '2026-11-24' }),
      L('w3', 'math', 't1', '2026-11-18', 1, 'Контрольная работа № 2', 'контрольная'),
      L('w4', 'rus', 't2', '2026-11-19', 3, 'Склонение', 'урок'),
    );
    d.marks.push(M('w1', 's1', 2), M('w1', 's3', 5), M('w2', 's1', 4), M('w3', 's1', 3), M('w3', 's3', 4));
    d.attendance.push({ id: 'wa1', lessonId: 'w1', studentId: 's2', kind: 'б' }, { id: 'wa2', lessonId: 'w4', studentId: 's1', kind: 'н' });
  });
  await t.app.core.store.updateSchool((d) => {
    d.timetableChanges.push(
      { id: 'nx1', classId: 'c5a', date: '2026-11-23', lessonNo: 1, kind: 'substitution', subjectId: 'math', teacherId: 't2', note: 'болезнь учителя' },
      { id: 'nx2', classId: 'c5a', date: '2026-11-24', lessonNo: 2, kind: 'moved', subjectId: 'rus', teacherId: 't2', toDate: '2026-11-27', toLessonNo: 4 },
      { id: 'nx3', classId: 'c5a', date: '2026-11-25', lessonNo: 1, kind: 'cancelled', subjectId: 'math', teacherId: 't1', note: 'экскурсия' },
    );
  });
  await t.app.core.store.updateClass('c5a', (d) => {
    d.recommendations.push({ id: 'rec2', studentId: 's1', subjectId: 'math', teacherId: 't1', date: '2026-11-18', text: 'Повторить сложение дробей с разными знаменателями' });
  });
  return t;
}
