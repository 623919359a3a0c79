import { ruDate } from '../../contract/text/format.js';

/**
 * The period of an extract, checked before anything is assembled or numbered (issue 14, point 3).
 *
 * On request (a guardian asks at the desk): from ≤ to; the period lies inside the school year of
 * the student's class (the replica holds that year's journal and nothing else for the class); it
 * does not end after today (an extract states what the journal holds, never a future «по отметкам
 * на …»). Weekly: Monday to Sunday of a week that has begun and meets the school year.
 */

export interface PeriodInput {
  reason: 'weekly' | 'request';
  from: string;
  to: string;
  /** The workstation's today (YYYY-MM-DD). */
  today: string;
  /** The school year of the student's class; undefined when the replica does not know it. */
  year: { name: string; start: string; end: string } | undefined;
}

export interface PeriodProblem {
  /** The input field the message belongs to. */
  path: 'from' | 'to';
  /** One Russian sentence that says what to do. */
  message: string;
  /** A few words under the field. */
  short: string;
}

const weekday = (iso: string) => {
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

const plusDays = (iso: string, n: number) => {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

/** Null when the period is fine; otherwise the first problem, for the field to fix. */
export function periodProblem(p: PeriodInput): PeriodProblem | null {
  const { from, to, today, year } = p;
  if (from > to) return { path: 'to', short: 'Раньше даты начала', message: `Дата окончания периода (${ruDate(to)}) раньше даты начала (${ruDate(from)}): исправьте даты.` };
  if (!year) return { path: 'from', short: 'Учебный год не известен', message: 'Учебный год класса не известен программе: обновите данные из центральной системы.' };
  const yearText = `учебного года класса (${ruDate(year.start)}–${ruDate(year.end)})`;
  if (p.reason === 'weekly') {
    if (weekday(from) !== 1 || to !== plusDays(from, 6)) return { path: 'from', short: 'Не понедельник', message: 'Еженедельная выписка составляется за неделю: с понедельника по воскресенье.' };
    if (from > today) return { path: 'from', short: 'Неделя не началась', message: `Неделя с ${ruDate(from)} ещё не началась: выписку за неё составить нельзя.` };
    if (to < year.start || from > year.end) return { path: 'from', short: 'Вне учебного года', message: `Неделя с ${ruDate(from)} по ${ruDate(to)} не входит в период ${yearText}.` };
    return null;
  }
  if (from > today) return { path: 'from', short: 'Позже сегодняшнего дня', message: `Период начинается позже сегодняшнего дня (${ruDate(today)}): выписка сообщает только то, что уже есть в журнале.` };
  if (to > today) return { path: 'to', short: 'Позже сегодняшнего дня', message: `Дата окончания (${ruDate(to)}) позже сегодняшнего дня: укажите дату не позже ${ruDate(today)}.` };
  if (from < year.start || from > year.end) {
    return { path: 'from', short: 'Вне учебного года', message: `Дата начала (${ruDate(from)}) вне ${yearText}: в программе есть журнал класса только за этот год. Укажите даты внутри него.` };
  }
  if (to > year.end) return { path: 'to', short: 'Вне учебного года', message: `Дата окончания (${ruDate(to)}) вне ${yearText}: укажите дату не позже ${ruDate(year.end)}.` };
  return null;
}
