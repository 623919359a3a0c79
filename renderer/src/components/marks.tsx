/** Marks, forecasts and risk signs as the journal's tabs and the final-marks pages show them. */
import { RISK_LABELS, type ForecastView, type RiskSign } from '../../../electron/contract/groups/journal';
import { formatAverage } from '../lib/numbers';

/** The colour class of a mark: 5, 4, 3, or 2 and 1 alike; none for anything else. */
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
