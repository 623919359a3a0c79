import { useState } from 'react';
import type { ExtractRow } from '../../../../electron/contract/groups/extracts';
import { api } from '../../api/client';
import { ClassSelect } from '../../components/ClassSelect';
import { DateField } from '../../components/DateField';
import { ErrorBanner, Field, Notice } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { Toolbar } from '../../components/Toolbar';
import { ExtractPanel, canPrepare, useRole } from './ExtractPanel';
import { addDays } from '../../lib/days';

/** On request: any student's extract for any period, for a guardian who asks at the desk. */
export function RequestTab({ classes, today }: { classes: { id: string; name: string; grade: number; letter: string }[]; today: string }) {
  const role = useRole();
  const [classId, setClassId] = useState(classes[0]?.id ?? '');
  const [studentId, setStudentId] = useState('');
  const [from, setFrom] = useState(() => addDays(today, -30));
  const [to, setTo] = useState(today);
  // The date fields give whole dates only; the period itself is checked by the app (extracts/period.ts) with its reasons.
  const fromError = from ? undefined : 'Укажите дату начала';
  const toError = to ? (from && from > to ? 'Раньше даты начала' : undefined) : 'Укажите дату окончания';
  const [row, setRow] = useState<ExtractRow | null>(null);
  const students = useQuery(() => (classId ? api.school.students({ classId }) : Promise.resolve([])), [classId]);
  const list = (students.data ?? []).filter((s) => !s.leftOn || !from || s.leftOn > from);
  const student = studentId && list.some((s) => s.id === studentId) ? studentId : list[0]?.id;
  const prepare = useAction(async () => {
    if (!student || !from || !to) return;
    setRow(await api.extracts.prepare({ studentId: student, from, to, reason: 'request' }));
  });
  if (!canPrepare(role)) return <Notice>Выписки по запросу готовят классный руководитель и канцелярия. Утвердить готовую выписку можно в реестре.</Notice>;
  return (
    <>
      <Toolbar>
        <ClassSelect classes={classes} value={classId} onChange={setClassId} />
        <label className="inline-field">
          <span>Ученик</span>
          <select aria-label="Ученик" value={student ?? ''} onChange={(e) => setStudentId(e.target.value)}>
            {list.map((s) => (
              <option key={s.id} value={s.id}>
                {[s.lastName, s.firstName, s.middleName].filter(Boolean).join(' ')}
              </option>
            ))}
          </select>
        </label>
        <Field label="С">
          <DateField aria-label="С" value={from} onChange={setFrom} required error={fromError ?? prepare.problemAt('from')} />
        </Field>
        <Field label="По">
          <DateField aria-label="По" value={to} onChange={setTo} required error={toError ?? prepare.problemAt('to')} />
        </Field>
        <button type="button" className="primary" disabled={!student || Boolean(fromError ?? toError) || prepare.busy} onClick={() => void prepare.run()}>
          Подготовить выписку
        </button>
      </Toolbar>
      <ErrorBanner message={students.error ?? prepare.error} />
      {row && <ExtractPanel row={row} onChanged={(r) => r && setRow(r)} />}
    </>
  );
}
