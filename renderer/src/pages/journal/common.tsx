/** The journal's own marks and signs, shared by its tabs and the final-marks pages. */
import { RISK_LABELS, type ForecastView, type RiskSign } from '../../../../electron/contract/groups/journal';
import { formatAverage } from '../../lib/numbers';

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

/** Decodes a file the core made and hands it to the host (save or print). */
export function fileOf(f: { name: string; mime: 'application/pdf' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'; base64: string }) {
  return { name: f.name, mime: f.mime, base64: f.base64 };
}
