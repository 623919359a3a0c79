import { useState } from 'react';
import { ATTENDANCE_LABELS, type ClassJournalInfo } from '../../../../electron/contract/groups/journal';
import { ruDate } from '../../../../electron/contract/text/format';
import { api } from '../../api/client';
import { ErrorBanner, Field } from '../../components/ui';
import { printPdf } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { markClass } from '../../components/marks';
import { Toolbar } from '../../components/Toolbar';
import { DateField } from '../../components/DateField';

/** Missed lessons with their topics and unsatisfactory marks with their topics, for any dates. */
export function StudentReportTab({ info, studentId, onStudent }: { info: ClassJournalInfo; studentId: string | undefined; onStudent: (id: string) => void }) {
  const current = info.periods.find((p) => p.id === info.currentPeriodId);
  const [from, setFrom] = useState(current?.start ?? info.periods[0]?.start ?? info.today);
  const [to, setTo] = useState(info.today);
  const student = studentId && info.students.some((s) => s.id === studentId) ? studentId : info.students[0]?.id;
  const valid = Boolean(student && from && to && from <= to);
  const report = useQuery(
    () => (valid && student ? api.journal.studentReport({ classId: info.classId, studentId: student, from, to }) : Promise.resolve(null)),
    [info.classId, student, from, to],
  );
  const print = useAction(async () => {
    if (!student) return;
    await printPdf(await api.journal.studentReportPdf({ classId: info.classId, studentId: student, from, to }));
  });
  const r = report.data;
  return (
    <>
      <Toolbar>
        <label className="inline-field">
          <span>Ученик</span>
          <select aria-label="Ученик" value={student ?? ''} onChange={(e) => onStudent(e.target.value)}>
            {info.students.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <Field label="С">
          <DateField value={from} onChange={setFrom} aria-label="С" max={to || undefined} required />
        </Field>
        <Field label="По">
          <DateField value={to} onChange={setTo} aria-label="По" min={from || undefined} required error={from && to && from > to ? 'Раньше даты начала' : undefined} />
        </Field>
        {info.periods.map((p) => (
          <button key={p.id} type="button" className="link" onClick={() => (setFrom(p.start), setTo(p.end < info.today ? p.end : info.today))}>
            {p.name}
          </button>
        ))}
        <button type="button" className="primary" disabled={!valid || print.busy} onClick={() => void print.run()}>
          Печать (PDF)
        </button>
      </Toolbar>
      <ErrorBanner message={report.error ?? print.error} />
      {r && (
        <div className="card-sections two" data-testid="student-report">
          <section>
            <h3>Пропущенные уроки ({r.missed.length})</h3>
            {r.missed.length === 0 ? (
              <p className="muted">Пропусков за период нет.</p>
            ) : (
              <table className="plain">
                <thead>
                  <tr>
                    <th>Дата</th>
                    <th>Урок</th>
                    <th>Предмет</th>
                    <th>Тема</th>
                    <th>Причина</th>
                  </tr>
                </thead>
                <tbody>
                  {r.missed.map((m, i) => (
                    <tr key={i}>
                      <td className="nowrap">{ruDate(m.date)}</td>
                      <td className="num">{m.lessonNo}</td>
                      <td>{m.subjectName}</td>
                      <td>{m.topic}</td>
                      <td title={ATTENDANCE_LABELS[m.kind]}>«{m.kind}»</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section>
            <h3>Неудовлетворительные отметки ({r.unsatisfactory.length})</h3>
            {r.unsatisfactory.length === 0 ? (
              <p className="muted">Неудовлетворительных отметок за период нет.</p>
            ) : (
              <table className="plain">
                <thead>
                  <tr>
                    <th>Дата</th>
                    <th>Предмет</th>
                    <th>Тема</th>
                    <th>Вид работы</th>
                    <th>Отметка</th>
                  </tr>
                </thead>
                <tbody>
                  {r.unsatisfactory.map((m, i) => (
                    <tr key={i}>
                      <td className="nowrap">{ruDate(m.date)}</td>
                      <td>{m.subjectName}</td>
                      <td>{m.topic}</td>
                      <td>{m.type}</td>
                      <td className="num">
                        <span className={`mk ${markClass(m.value)}`}>{m.value}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      )}
    </>
  );
}
