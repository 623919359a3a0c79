import { ruDate } from '../../../../electron/contract/text/format';
import { FINAL_STATE_LABELS } from '../../../../electron/contract/groups/finals';
import { api } from '../../api/client';
import { ErrorBanner } from '../../components/ui';
import { printPdf, saveFile } from '../../host/files';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { markClass } from '../../components/marks';
import { Toolbar } from '../../components/Toolbar';

/** The summary sheet (сводная ведомость) of a class on screen, and as PDF or Excel. */
export function SummarySheetTab({ classId }: { classId: string }) {
  const sheet = useQuery(() => api.finals.sheet({ classId }), [classId]);
  const pdf = useAction(async () => printPdf(await api.finals.sheetPdf({ classId })));
  const xlsx = useAction(async () => saveFile(await api.finals.sheetXlsx({ classId })));
  const s = sheet.data && sheet.data.classId === classId ? sheet.data : null;
  return (
    <>
      <Toolbar>
        <button type="button" className="primary" disabled={!s || pdf.busy} onClick={() => void pdf.run()}>
          Печать (PDF)
        </button>
        <button type="button" disabled={!s || xlsx.busy} onClick={() => void xlsx.run()}>
          Сохранить в Excel
        </button>
        {s && (
          <span className="muted">
            {s.className} класс, {s.yearName} · классный руководитель {s.classTeacherName || '—'} · на {ruDate(s.date)}
          </span>
        )}
      </Toolbar>
      <ErrorBanner message={sheet.error ?? pdf.error ?? xlsx.error} />
      {s && (
        <div className="matrix-wrap sheet">
          <table className="matrix summary" data-testid="summary-sheet">
            <thead>
              <tr>
                <th rowSpan={2}>№</th>
                <th rowSpan={2} className="name">
                  Ученик
                </th>
                {s.subjects.map((subj) => (
                  <th key={subj.id} colSpan={s.columns.length} className="subject" title={subj.name}>
                    {subj.name}
                  </th>
                ))}
              </tr>
              <tr>
                {s.subjects.map((subj) =>
                  s.columns.map((c, ci) => (
                    <th key={`${subj.id}:${c.key}`} className={`col${ci === 0 ? ' first' : ''}`} title={c.title}>
                      {c.short}
                    </th>
                  )),
                )}
              </tr>
            </thead>
            <tbody>
              {s.rows.map((r) => (
                <tr key={r.studentId}>
                  <td className="num">{r.no}</td>
                  <th className="name">
                    {r.name}
                    {r.note && <span className="muted small"> ({r.note})</span>}
                  </th>
                  {r.cells.map((cells, si) =>
                    cells.map((c, ci) => (
                      <td
                        key={`${si}:${ci}`}
                        className={`sc st-${c.state} ${markClass(c.text)}${ci === 0 ? ' first' : ''}${c.daysLate ? ' late' : ''}`}
                        title={`${s.subjects[si]!.name}, ${s.columns[ci]!.title}: ${c.text || FINAL_STATE_LABELS[c.state]}${c.daysLate ? `; доведена с опозданием ${c.daysLate} дн.` : ''}`}
                      >
                        {c.text}
                      </td>
                    )),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {s && s.deferrals.length > 0 && (
        <div className="panel">
          <h3>Отсрочки ({s.deferrals.length})</h3>
          <table className="plain">
            <tbody>
              {s.deferrals.map((d, i) => (
                <tr key={i} className={d.state === 'deferral_due' ? 'warn' : undefined}>
                  <td>{d.studentName}</td>
                  <td>{d.subjectName}</td>
                  <td>{d.columnTitle}</td>
                  <td>{d.reason}</td>
                  <td className="nowrap">до {ruDate(d.dueOn)}</td>
                  <td>{FINAL_STATE_LABELS[d.state]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted legend">«н/а» — не аттестован; «осв.» — освобождён; «отср.» — отсрочка. Пустая клетка с красным фоном — период окончен, отметки нет; красная рамка — отметка доведена до семьи позже срока (или ещё не доведена).</p>
    </>
  );
}
