import { useEffect, useState, type ReactNode } from 'react';
import { RISK_LABELS, type ForecastView, type RiskSign } from '../../../../electron/contract/groups/journal';
import { api } from '../../api/client';
import { useQuery } from '../../lib/useQuery';

/** The class chosen last, shared by the journal and final-marks pages for the session. */
let lastClassId: string | undefined;

export function useClassChoice() {
  const classes = useQuery(() => api.school.classes({}), []);
  const [classId, setClassIdState] = useState<string | undefined>(lastClassId);
  const list = classes.data ?? [];
  const selected = classId && list.some((c) => c.id === classId) ? classId : list[0]?.id;
  useEffect(() => {
    lastClassId = selected;
  }, [selected]);
  const setClassId = (id: string) => {
    lastClassId = id;
    setClassIdState(id);
  };
  return { classes, classId: selected, setClassId };
}


export function Tabs<T extends string>(props: { tabs: readonly (readonly [T, string])[]; value: T; onChange: (t: T) => void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={props.label}>
      {props.tabs.map(([id, label]) => (
        <button key={id} type="button" role="tab" aria-selected={props.value === id} className={props.value === id ? 'active' : undefined} onClick={() => props.onChange(id)}>
          {label}
        </button>
      ))}
    </div>
  );
}

export function Toolbar({ children }: { children: ReactNode }) {
  return <div className="journal-toolbar">{children}</div>;
}

/** «4,75» — the journal's way of writing an average. */
export function formatAverage(avg: number | null | undefined): string {
  return avg === null || avg === undefined ? '—' : avg.toFixed(2).replace('.', ',');
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function markClass(value: number | string | null | undefined): string {
  const v = typeof value === 'string' ? Number(value) : value;
  if (v === 5) return 'm5';
  if (v === 4) return 'm4';
  if (v === 3) return 'm3';
  if (v === 2 || v === 1) return 'm2';
  return '';
}

export function RiskTags({ risks }: { risks: readonly RiskSign[] }) {
  return (
    <>
      {risks.map((r) => (
        <span key={r} className={`tag ${r === 'fail' ? 'bad' : 'warn'}`}>
          {RISK_LABELS[r]}
        </span>
      ))}
    </>
  );
}

export function ForecastBadge({ f }: { f: ForecastView }) {
  const title = `Средний взвешенный балл ${formatAverage(f.average)}; отметок ${f.marks}; пропущено ${f.absences} из ${f.lessons} уроков`;
  return (
    <span className={`forecast ${markClass(f.forecast)}${f.risks.includes('fail') || f.risks.includes('absences') ? ' risky' : f.risks.length ? ' few' : ''}`} title={title}>
      {f.forecast ?? '—'}
    </span>
  );
}

/** A period selector: the class's periods, and optionally the whole year. */
export function PeriodSelect(props: {
  periods: readonly { id: string; name: string }[];
  value: string;
  onChange: (id: string) => void;
  withYear?: boolean;
  label?: string;
}) {
  return (
    <label className="inline-field">
      <span>{props.label ?? 'Период'}</span>
      <select aria-label={props.label ?? 'Период'} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.withYear && <option value="year">Весь год</option>}
        {props.periods.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Decodes a file the core made and hands it to the host (save or print). */
export function fileOf(f: { name: string; mime: 'application/pdf' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'; base64: string }) {
  return { name: f.name, mime: f.mime, base64: f.base64 };
}
