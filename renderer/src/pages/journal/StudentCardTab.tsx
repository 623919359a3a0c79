import { useState } from 'react';
import { ATTENDANCE_LABELS, LESSON_TYPE_SHORT, type ClassJournalInfo } from '../../../../electron/contract/groups/journal';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { useQuery } from '../../lib/useQuery';
import { ForecastBadge, RiskTags, markClass } from '../../components/marks';
import { PeriodSelect } from '../../components/PeriodSelect';
import { Toolbar } from '../../components/Toolbar';
import { formatAverage } from '../../lib/numbers';

/** A student's card: all marks by subject with the forecast, absences, homework, recommendations. */
export function StudentCardTab({ info, studentId, onStudent }: { info: ClassJournalInfo; studentId: string | undefined; onStudent: (id: string) => void }) {
  const [periodId, setPeriodId] = useState(info.currentPeriodId ?? 'year');
  const student = studentId && info.students.some((s) => s.id === studentId) ? studentId : info.students[0]?.id;
  const card = useQuery(
    () => (student ? api.journal.studentCard({ classId: info.classId, studentId: student, periodId }) : Promise.resolve(null)),
    [info.classId, student, periodId],
  );
  const c = card.data;
  return (
    <>
      <Toolbar>
        <label className="inline-field">
          <span>Ученик</span>
          <select aria-label="Ученик" value={student ?? ''} onChange={(e) => onStudent(e.target.value)}>
            {info.students.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.leftOn ? ` (выбыл ${ruDate(s.leftOn)})` : ''}
              </option>
            ))}
          </select>
        </label>
        <PeriodSelect periods={info.periods} value={periodId} onChange={setPeriodId} withYear />
      </Toolbar>
      <ErrorBanner message={card.error} />
      {c && (
        <div className="student-card" data-testid="student-card">
          <h2>
            {c.name} <span className="muted">— {c.className} класс, {c.rangeName} ({ruDate(c.range.start)} – {ruDate(c.range.end)})</span>
          </h2>
          <table className="plain">
            <thead>
              <tr>
                <th>Предмет</th>
                <th>Отметки</th>
                <th className="num">Ср. балл</th>
                <th className="num">Прогноз</th>
                <th>Риски</th>
              </tr>
            </thead>
            <tbody>
              {c.subjects.map((s) => (
                <tr key={s.subjectId}>
                  <td>
                    {s.name}
                    <div className="small muted">{s.teacherName}</div>
                  </td>
                  <td className="marks-line">
                    {s.marks.length === 0 && <span className="muted">нет отметок</span>}
                    {s.marks.map((m, i) => (
                      <span key={i} className={`mk ${markClass(m.value)}`} title={`${ruDate(m.date)} — ${m.topic} (${m.type}, вес ${String(m.weight).replace('.', ',')})`}>
                        {m.value}
                        {m.type !== 'урок' && <sub>{LESSON_TYPE_SHORT[m.type]}</sub>}
                      </span>
                    ))}
                  </td>
                  <td className="num">{formatAverage(s.forecast.average)}</td>
                  <td className="num">
                    <ForecastBadge f={s.forecast} />
                  </td>
                  <td>
                    <RiskTags risks={s.forecast.risks} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          <div className="card-sections">
            <section>
              <h3>Пропуски ({c.absences.length})</h3>
              {c.absences.length === 0 ? (
                <p className="muted">Пропусков нет.</p>
              ) : (
                <table className="plain">
                  <tbody>
                    {c.absences.map((a, i) => (
                      <tr key={i}>
                        <td className="nowrap">{ruDate(a.date)}</td>
                        <td>{a.subjectName}</td>
                        <td>{a.topic}</td>
                        <td title={ATTENDANCE_LABELS[a.kind]}>«{a.kind}»</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section>
              <h3>Домашние задания ({c.homework.length})</h3>
              {c.homework.length === 0 ? (
                <p className="muted">Заданий нет.</p>
              ) : (
                <table className="plain">
                  <tbody>
                    {c.homework.map((h, i) => (
                      <tr key={i}>
                        <td className="nowrap">{ruDate(h.date)}</td>
                        <td>{h.subjectName}</td>
                        <td>
                          {h.text}
                          {h.due && <span className="muted small"> (к {ruDate(h.due)})</span>}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            <section>
              <h3>Рекомендации учителей ({c.recommendations.length})</h3>
              {c.recommendations.length === 0 ? (
                <p className="muted">Рекомендаций нет.</p>
              ) : (
                c.recommendations.map((r, i) => (
                  <p key={i}>
                    <b>{ruDate(r.date)}</b>, {r.subjectName} ({r.teacherName}): {r.text}
                  </p>
                ))
              )}
            </section>
          </div>
        </div>
      )}
    </>
  );
}
