import { useState } from 'react';
import type { ClassJournalInfo, TimetableLessonView } from '../../../../electron/contract/groups/journal';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { Toolbar } from '../../components/Toolbar';
import { addDays } from '../../lib/days';

const WEEKDAYS = ['', 'Понедельник', 'Вторник', 'Среда', 'Четверг', 'Пятница', 'Суббота', 'Воскресенье'];

function changeText(l: TimetableLessonView): string {
  switch (l.change) {
    case 'substitution':
      return `Замена: вместо ${l.plannedTeacherNameGenitive ?? l.plannedTeacherName ?? '—'}`;
    case 'moved_out':
      return `Перенесён на ${ruDate(l.movedDate)}, ${l.movedLessonNo}-й урок`;
    case 'moved_in':
      return `Перенесён с ${ruDate(l.movedDate)}, ${l.movedLessonNo}-й урок`;
    case 'cancelled':
      return 'Урок отменён';
    default:
      return '';
  }
}

/** The class's timetable for a week; substitutions, moved and cancelled lessons stand out. */
export function TimetableTab({ info }: { info: ClassJournalInfo }) {
  const [weekOf, setWeekOf] = useState(info.today);
  const week = useQuery(() => api.journal.timetable({ classId: info.classId, weekOf }), [info.classId, weekOf]);
  const w = week.data;
  return (
    <>
      <Toolbar>
        <button type="button" onClick={() => setWeekOf(addDays(weekOf, -7))}>
          ← Предыдущая неделя
        </button>
        <button type="button" onClick={() => setWeekOf(info.today)}>
          Текущая неделя
        </button>
        <button type="button" onClick={() => setWeekOf(addDays(weekOf, 7))}>
          Следующая неделя →
        </button>
        {w && (
          <b>
            Неделя с {ruDate(w.monday)} по {ruDate(addDays(w.monday, (w.days.length || 5) - 1))}
          </b>
        )}
      </Toolbar>
      <ErrorBanner message={week.error} />
      {w && (
        <div className="week" data-testid="week-timetable">
          {w.days.map((d) => (
            <section key={d.date} className={`day${d.date === info.today ? ' today' : ''}`}>
              <h3>
                {WEEKDAYS[d.weekday]} <span className="muted">{ruDate(d.date)}</span>
              </h3>
              {d.holiday ? (
                <p className="holiday">{d.holiday}</p>
              ) : d.lessons.length === 0 ? (
                <p className="muted">Уроков нет</p>
              ) : (
                <ol className="day-lessons">
                  {d.lessons.map((l, i) => (
                    <li key={i} className={l.change ? `chg chg-${l.change}` : undefined} title={[changeText(l), l.note].filter(Boolean).join('. ')}>
                      <span className="no">{l.lessonNo}</span>
                      <span className="what">
                        <span className="subj">{l.subjectName}</span>
                        <span className="small muted">
                          {l.teacherName}
                          {l.room ? `, каб. ${l.room}` : ''}
                        </span>
                        {l.change && <span className="small chg-text">{changeText(l)}</span>}
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </section>
          ))}
        </div>
      )}
      <p className="small muted legend">
        <span className="swatch chg-substitution" /> замена учителя <span className="swatch chg-moved_out" /> урок перенесён <span className="swatch chg-moved_in" /> перенесённый
        урок <span className="swatch chg-cancelled" /> отменён
      </p>
    </>
  );
}
