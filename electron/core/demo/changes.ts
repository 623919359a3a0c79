import type { TimetableChange } from '../../contract/entities/school.js';
import type { ClassSpec } from './classes.js';
import { isoOf, weekdayOf, type Day } from './dates.js';
import type { Rng } from './rng.js';
import type { Staff } from './staff.js';
import { busyKey, type Timetable } from './timetable.js';

/**
 * Changes to the timetable over the year: teachers fall ill for a few days and their lessons are
 * given by a colleague of the same specialty who is free (substitution), by anyone free, or not at
 * all (cancelled); some lessons are moved to another day, after the last lesson; a few are
 * cancelled for school events. Only changes up to a week after `asOf` are known.
 */
export function buildTimetableChanges(
  classes: readonly ClassSpec[],
  daysOfClass: Map<string, Day[]>,
  staff: Staff,
  timetable: Timetable,
  knownUntil: Day,
  rng: Rng,
): TimetableChange[] {
  // Sick spells per teacher, on five-day-week school days.
  const commonDays = daysOfClass.get(classes.find((c) => c.daysPerWeek === 5 && c.grade > 1)?.id ?? classes[0]?.id ?? '') ?? [];
  const sick = new Map<string, Set<Day>>();
  for (const t of staff.teachers) {
    const spells = rng.poisson(0.8);
    const days = new Set<Day>();
    for (let k = 0; k < spells && commonDays.length > 0; k++) {
      const from = rng.int(0, commonDays.length - 1);
      const len = rng.weighted([[2, 2], [3, 3], [4, 2], [5, 2], [7, 1]] as const);
      for (let i = from; i < Math.min(commonDays.length, from + len); i++) days.add(commonDays[i] as Day);
    }
    if (days.size > 0) sick.set(t.id, days);
  }
  const isSick = (teacherId: string, day: Day) => sick.get(teacherId)?.has(day) ?? false;
  /** Lessons a teacher gives on a particular day beyond his timetable: substitutions and moved lessons. */
  const extraBusy = new Set<string>(); // `${teacherId}:${day}:${lessonNo}`

  const out: (TimetableChange & { _day: Day })[] = [];
  const taken = new Set<string>(); // `${classId}:${day}:${lessonNo}`

  for (const c of classes) {
    const perDay = timetable.byClassDay.get(c.id) ?? [];
    const days = daysOfClass.get(c.id) ?? [];
    for (const day of days) {
      const wd = weekdayOf(day);
      for (const slot of perDay[wd] ?? []) {
        if (!isSick(slot.teacherId, day)) continue;
        const original = staff.byId.get(slot.teacherId);
        const isFree = (id: string) =>
          id !== slot.teacherId && !timetable.busy.has(busyKey(id, wd, slot.lessonNo)) && !isSick(id, day) && !extraBusy.has(`${id}:${day}:${slot.lessonNo}`);
        const colleagues = staff.teachers.filter((t) => t.specialty === original?.specialty && isFree(t.id));
        let sub = colleagues.length > 0 ? rng.pick(colleagues).id : undefined;
        if (!sub && rng.chance(0.85)) {
          const anyone = staff.teachers.filter((t) => isFree(t.id));
          if (anyone.length > 0) sub = rng.pick(anyone).id;
        }
        taken.add(`${c.id}:${day}:${slot.lessonNo}`);
        if (sub) {
          extraBusy.add(`${sub}:${day}:${slot.lessonNo}`);
          out.push({ _day: day, id: '', classId: c.id, date: isoOf(day), lessonNo: slot.lessonNo, kind: 'substitution', subjectId: slot.subjectId, teacherId: sub, note: 'Замена: болезнь учителя' });
        } else {
          out.push({ _day: day, id: '', classId: c.id, date: isoOf(day), lessonNo: slot.lessonNo, kind: 'cancelled', subjectId: slot.subjectId, teacherId: slot.teacherId, note: 'Отмена урока: болезнь учителя, замена не найдена' });
        }
      }
    }

    // Moved lessons: to a day within the next week, after that day's last lesson.
    const moves = rng.poisson(2.5);
    for (let k = 0; k < moves && days.length > 8; k++) {
      const i = rng.int(0, days.length - 7);
      const day = days[i] as Day;
      const wd = weekdayOf(day);
      const daySlots = perDay[wd] ?? [];
      if (daySlots.length === 0) continue;
      const slot = rng.pick(daySlots);
      const toDay = days[i + rng.int(1, 5)] as Day;
      const toWd = weekdayOf(toDay);
      const toNo = (perDay[toWd]?.length ?? 0) + 1;
      if (toNo > 8) continue;
      if (taken.has(`${c.id}:${day}:${slot.lessonNo}`) || taken.has(`${c.id}:${toDay}:${toNo}`)) continue;
      if (timetable.busy.has(busyKey(slot.teacherId, toWd, toNo)) || extraBusy.has(`${slot.teacherId}:${toDay}:${toNo}`)) continue;
      if (isSick(slot.teacherId, toDay) || isSick(slot.teacherId, day)) continue;
      extraBusy.add(`${slot.teacherId}:${toDay}:${toNo}`);
      taken.add(`${c.id}:${day}:${slot.lessonNo}`);
      taken.add(`${c.id}:${toDay}:${toNo}`);
      out.push({
        _day: day,
        id: '',
        classId: c.id,
        date: isoOf(day),
        lessonNo: slot.lessonNo,
        kind: 'moved',
        subjectId: slot.subjectId,
        teacherId: slot.teacherId,
        toDate: isoOf(toDay),
        toLessonNo: toNo,
        note: rng.pick(['Перенос урока: курсы повышения квалификации учителя', 'Перенос урока по заявлению учителя', 'Перенос урока: общешкольное мероприятие']),
      });
    }

    // A few lessons cancelled for school events.
    const cancels = rng.poisson(0.7);
    for (let k = 0; k < cancels && days.length > 0; k++) {
      const day = rng.pick(days);
      const slot = perDay[weekdayOf(day)]?.at(-1);
      if (!slot || taken.has(`${c.id}:${day}:${slot.lessonNo}`)) continue;
      taken.add(`${c.id}:${day}:${slot.lessonNo}`);
      out.push({
        _day: day,
        id: '',
        classId: c.id,
        date: isoOf(day),
        lessonNo: slot.lessonNo,
        kind: 'cancelled',
        subjectId: slot.subjectId,
        teacherId: slot.teacherId,
        note: rng.pick(['Отмена урока: экскурсия класса', 'Отмена урока: участие класса в общешкольном мероприятии', 'Отмена урока: медицинский осмотр']),
      });
    }
  }

  const known = out.filter((ch) => ch._day <= knownUntil);
  known.sort((a, b) => (a.classId < b.classId ? -1 : a.classId > b.classId ? 1 : a._day - b._day || a.lessonNo - b.lessonNo));
  const counters = new Map<string, number>();
  return known.map(({ _day, ...ch }) => {
    const n = (counters.get(ch.classId) ?? 0) + 1;
    counters.set(ch.classId, n);
    return { ...ch, id: `ttc.${ch.classId}.${String(n).padStart(4, '0')}` };
  });
}
