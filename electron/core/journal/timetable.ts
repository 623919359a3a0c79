import type { HolidayView, TimetableLessonView, WeekTimetable } from '../../contract/groups/journal.js';
import type { Holiday, TimetableChange, TimetableSlot } from '../../contract/entities/school.js';
import { addDays, daysBetween, mondayOf } from './calendarDays.js';
import { declineShortName } from '../people/names.js';
import { subjectName, teacherName, type ClassContext } from './classContext.js';

/**
 * The timetable of a class for a week with its changes: substitutions (another teacher), moved
 * lessons (shown where they left and where they went) and cancelled lessons; holidays.
 */

/**
 * Whether a holiday applies to a grade. The Holiday entity has no scope of its own; the extra
 * February week of first graders is recognised by its name («… для 1-х классов») or id suffix.
 */
export function holidayAppliesTo(h: Holiday, grade: number): boolean {
  const firstGradeOnly = /1-х\s+класс/i.test(h.name) || /\.grade1$/.test(h.id);
  return !firstGradeOnly || grade === 1;
}

export function holidayOn(holidays: readonly Holiday[], date: string, grade: number): Holiday | undefined {
  return holidays.find((h) => h.start <= date && date <= h.end && holidayAppliesTo(h, grade));
}

export function holidayViews(holidays: readonly Holiday[], grade: number): HolidayView[] {
  return holidays
    .filter((h) => holidayAppliesTo(h, grade))
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0))
    .map((h) => ({ id: h.id, name: h.name, start: h.start, end: h.end, days: daysBetween(h.start, h.end) + 1 }));
}

export interface WeekArgs {
  ctx: ClassContext;
  weekOf: string;
  slots: readonly TimetableSlot[];
  changes: readonly TimetableChange[];
  holidays: readonly Holiday[];
}

export function weekTimetable(a: WeekArgs): WeekTimetable {
  const classId = a.ctx.cls.id;
  const monday = mondayOf(a.weekOf);
  const slots = a.slots.filter((s) => s.classId === classId);
  const lastWeekday = Math.max(5, ...slots.map((s) => s.weekday));
  const sunday = addDays(monday, 6);
  const changes = a.changes.filter(
    (c) => c.classId === classId && ((c.date >= monday && c.date <= sunday) || (c.toDate !== undefined && c.toDate >= monday && c.toDate <= sunday)),
  );
  const roomOf = (weekday: number, lessonNo: number) => slots.find((s) => s.weekday === weekday && s.lessonNo === lessonNo)?.room ?? '';

  const days: WeekTimetable['days'] = [];
  for (let wd = 1; wd <= lastWeekday; wd++) {
    const date = addDays(monday, wd - 1);
    const holiday = holidayOn(a.holidays, date, a.ctx.cls.grade);
    if (holiday) {
      days.push({ date, weekday: wd, holiday: holiday.name, lessons: [] });
      continue;
    }
    const lessons: TimetableLessonView[] = [];
    const here = changes.filter((c) => c.date === date);
    for (const slot of slots.filter((s) => s.weekday === wd)) {
      const ch = here.find((c) => c.lessonNo === slot.lessonNo);
      const base: TimetableLessonView = {
        lessonNo: slot.lessonNo,
        subjectName: subjectName(a.ctx, slot.subjectId),
        teacherName: teacherName(a.ctx, slot.teacherId),
        room: slot.room,
      };
      if (!ch) lessons.push(base);
      else lessons.push(changed(a.ctx, base, ch));
    }
    // Changes at a lesson number the timetable does not have (e.g. an extra lesson).
    for (const ch of here) {
      if (slots.some((s) => s.weekday === wd && s.lessonNo === ch.lessonNo)) continue;
      lessons.push(changed(a.ctx, { lessonNo: ch.lessonNo, subjectName: subjectName(a.ctx, ch.subjectId), teacherName: teacherName(a.ctx, ch.teacherId), room: '' }, ch));
    }
    for (const ch of changes.filter((c) => c.kind === 'moved' && c.toDate === date && c.toLessonNo !== undefined)) {
      lessons.push({
        lessonNo: ch.toLessonNo!,
        subjectName: subjectName(a.ctx, ch.subjectId),
        teacherName: teacherName(a.ctx, ch.teacherId),
        room: roomOf(wdOf(ch.date, monday), ch.lessonNo),
        change: 'moved_in',
        movedDate: ch.date,
        movedLessonNo: ch.lessonNo,
        ...(ch.note ? { note: ch.note } : {}),
      });
    }
    lessons.sort((x, y) => x.lessonNo - y.lessonNo);
    days.push({ date, weekday: wd, lessons });
  }
  return { classId, monday, days };
}

function wdOf(date: string, monday: string): number {
  const d = daysBetween(monday, date);
  return ((d % 7) + 7) % 7 + 1;
}

function changed(ctx: ClassContext, base: TimetableLessonView, ch: TimetableChange): TimetableLessonView {
  const note = ch.note ? { note: ch.note } : {};
  switch (ch.kind) {
    case 'substitution':
      return {
        ...base,
        subjectName: subjectName(ctx, ch.subjectId),
        teacherName: teacherName(ctx, ch.teacherId),
        change: 'substitution',
        plannedTeacherName: base.teacherName,
        plannedTeacherNameGenitive: declineShortName(base.teacherName, 'genitive'),
        ...note,
      };
    case 'cancelled':
      return { ...base, change: 'cancelled', ...note };
    case 'moved':
      return {
        ...base,
        change: 'moved_out',
        ...(ch.toDate ? { movedDate: ch.toDate } : {}),
        ...(ch.toLessonNo ? { movedLessonNo: ch.toLessonNo } : {}),
        ...note,
      };
  }
}
