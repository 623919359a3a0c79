import { useState } from 'react';
import type { ExtractRow } from '../../../../electron/contract/groups/extracts';
import { api } from '../../api/client';
import { ClassSelect } from '../../components/ClassSelect';
import { parseRuDate, ruDate } from '../../../../electron/contract/text/format';
import { ErrorBanner, Field, Notice } from '../../components/ui';
import { useAction } from '../../lib/useAction';
import { useQuery } from '../../lib/useQuery';
import { Toolbar } from '../journal/common';
import { ExtractPanel, canPrepare, useRole } from './ExtractPanel';

/** On request: any student's extract for any period, for a guardian who asks at the desk. */
export function RequestTab({ classes, today }: { classes: { id: string; name: string; grade: number; letter: string }[]; today: string }) {
  const role = useRole();
  const [classId, setClassId] = useState(classes[0]?.id ?? '');
  const [studentId, setStudentId] = useState('');
  const [fromText, setFromText] = useState(() => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 30);
    return ruDate(d.toISOString().slice(0, 10));
  });
  const [toText, setToText] = useState(ruDate(today));
  // Typed as ДД.ММ.ГГГГ; the period itself is checked by the app (extracts/period.ts) with its reasons.
  const from = parseRuDate(fromText);
  const to = parseRuDate(toText);
  const fromError = from ? undefined : 'Дата в формате ДД.ММ.ГГГГ, например 01.10.2026';
  const toError = to ? (from && from > to ? 'Раньше даты начала' : undefined) : 'Дата в формате ДД.ММ.ГГГГ, например 31.10.2026';
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
        <Field label="С" error={fromError ?? prepare.problemAt('from')}>
          <input aria-label="С" inputMode="numeric" placeholder="ДД.ММ.ГГГГ" size={11} value={fromText} onChange={(e) => setFromText(e.target.value)} />
        </Field>
        <Field label="По" error={toError ?? prepare.problemAt('to')}>
          <input aria-label="По" inputMode="numeric" placeholder="ДД.ММ.ГГГГ" size={11} value={toText} onChange={(e) => setToText(e.target.value)} />
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
