import { useId, type KeyboardEvent } from 'react';
import { pct } from './format';

/**
 * Plain SVG charts for the statistics: columns (classes), horizontal bars (subjects) and a trend
 * line (periods). Each is an image with a title and a description for screen readers; each
 * column or bar has its own title (a tooltip) and, when it leads somewhere, is a button.
 */

export const SERIES_COLORS = { quality: '#1f4e79', success: '#7fb069', sou: '#c27c0e' } as const;

function activate(onSelect: (() => void) | undefined) {
  return onSelect
    ? {
        role: 'button',
        tabIndex: 0,
        style: { cursor: 'pointer' },
        onClick: onSelect,
        onKeyDown: (e: KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            onSelect();
          }
        },
      }
    : {};
}

export interface ColumnItem {
  id: string;
  label: string;
  /** Shares 0…1. */
  value: number | null;
  second?: number | null;
}

/** Vertical columns (0…100 %), two per item: the main value and a second one beside it. */
export function ColumnChart(props: {
  title: string;
  description: string;
  items: ColumnItem[];
  valueLabel: string;
  secondLabel?: string;
  onSelect?: (id: string) => void;
  testId?: string;
}) {
  const titleId = useId();
  const descId = useId();
  const slot = 28;
  const left = 38;
  const top = 14;
  const plotH = 170;
  const width = Math.max(480, left + props.items.length * slot + 10);
  const height = top + plotH + 34;
  const y = (v: number) => top + plotH - Math.max(0, Math.min(1, v)) * plotH;
  const barW = props.secondLabel ? 10 : 16;
  return (
    <figure className="chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet" style={{ maxWidth: width * 1.15 }}>
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.description}</desc>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 4} y1={y(t)} y2={y(t)} stroke={t === 0 ? '#8a96a3' : '#e3e8ee'} />
            <text x={left - 5} y={y(t) + 4} textAnchor="end" fontSize="10" fill="#5d6b7a">
              {Math.round(t * 100)} %
            </text>
          </g>
        ))}
        {props.items.map((it, i) => {
          const x = left + i * slot + (slot - (props.secondLabel ? 2 * barW + 2 : barW)) / 2;
          const tip = `${it.label}: ${props.valueLabel.toLowerCase()} ${pct(it.value)}${props.secondLabel ? `, ${props.secondLabel.toLowerCase()} ${pct(it.second)}` : ''}`;
          return (
            <g key={it.id} aria-label={tip} {...activate(props.onSelect ? () => props.onSelect!(it.id) : undefined)} className="chart-item">
              <title>{tip}</title>
              <rect x={left + i * slot} y={top} width={slot} height={plotH} fill="transparent" />
              {it.value !== null && <rect x={x} y={y(it.value)} width={barW} height={y(0) - y(it.value)} fill={SERIES_COLORS.quality} rx="1.5" />}
              {it.value !== null && (
                <text x={x + barW / 2} y={y(it.value) - 3} textAnchor="middle" fontSize="8.5" fill={SERIES_COLORS.quality}>
                  {Math.round(it.value * 100)}
                </text>
              )}
              {props.secondLabel && it.second !== null && it.second !== undefined && (
                <rect x={x + barW + 2} y={y(it.second)} width={barW} height={y(0) - y(it.second)} fill={SERIES_COLORS.success} rx="1.5" />
              )}
              <text x={left + i * slot + slot / 2} y={top + plotH + 14} textAnchor="middle" fontSize="10.5" fill="#1d2530">
                {it.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span>
          <i className="swatch" style={{ background: SERIES_COLORS.quality }} /> {props.valueLabel}
        </span>
        {props.secondLabel && (
          <span>
            <i className="swatch" style={{ background: SERIES_COLORS.success }} /> {props.secondLabel}
          </span>
        )}
        {props.onSelect && <span className="muted">Щёлкните столбец, чтобы открыть класс.</span>}
      </figcaption>
    </figure>
  );
}

export interface BarItem {
  id: string;
  label: string;
  value: number | null;
  /** Shown after the value, e.g. «312 из 330». */
  note?: string;
  warn?: boolean;
}

/** Horizontal bars of shares with a 100 % mark (fulfilment by subject). */
export function BarChart(props: { title: string; description: string; items: BarItem[]; testId?: string }) {
  const titleId = useId();
  const descId = useId();
  const labelW = 215;
  const plotW = 300;
  const row = 22;
  const width = labelW + plotW + 135;
  const height = props.items.length * row + 24;
  const max = Math.max(1.1, ...props.items.map((i) => i.value ?? 0));
  const x = (v: number) => labelW + (Math.max(0, v) / max) * plotW;
  return (
    <figure className="chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet" style={{ maxWidth: width * 1.2 }}>
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.description}</desc>
        {props.items.map((it, i) => {
          const tip = `${it.label}: ${pct(it.value)}${it.note ? ` (${it.note})` : ''}`;
          return (
            <g key={it.id} aria-label={tip}>
              <title>{tip}</title>
              <text x={labelW - 6} y={i * row + 15} textAnchor="end" fontSize="12" fill="#1d2530">
                {it.label.length > 27 ? `${it.label.slice(0, 26)}…` : it.label}
              </text>
              <rect x={labelW} y={i * row + 4} width={plotW} height={row - 8} fill="#eef1f4" />
              {it.value !== null && <rect x={labelW} y={i * row + 4} width={x(it.value) - labelW} height={row - 8} fill={it.warn ? '#c0504d' : SERIES_COLORS.quality} />}
              <text x={labelW + plotW + 6} y={i * row + 15} fontSize="11.5" fill={it.warn ? '#a4262c' : '#1d2530'}>
                {pct(it.value)}
                {it.note ? ` · ${it.note}` : ''}
              </text>
            </g>
          );
        })}
        <line x1={x(1)} x2={x(1)} y1={0} y2={height - 18} stroke="#1d2530" strokeDasharray="3 2" />
        <text x={x(1)} y={height - 5} textAnchor="middle" fontSize="10" fill="#5d6b7a">
          100 % плана
        </text>
      </svg>
    </figure>
  );
}

export interface TrendSeries {
  name: string;
  color: string;
  values: (number | null)[];
}

/** Lines over periods (shares 0…1), with the values written at the points. */
export function TrendChart(props: { title: string; description: string; labels: string[]; series: TrendSeries[]; testId?: string }) {
  const titleId = useId();
  const descId = useId();
  const left = 40;
  const top = 12;
  const plotH = 170;
  const step = 120;
  const width = left + Math.max(1, props.labels.length) * step + 10;
  const height = top + plotH + 30;
  const values = props.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const lo = Math.max(0, Math.floor((Math.min(1, ...values) - 0.05) * 10) / 10);
  const y = (v: number) => top + plotH - ((v - lo) / (1 - lo)) * plotH;
  const x = (i: number) => left + step / 2 + i * step;
  const ticks = [lo, lo + (1 - lo) / 2, 1];
  return (
    <figure className="chart" data-testid={props.testId}>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${titleId} ${descId}`} preserveAspectRatio="xMinYMin meet" style={{ maxWidth: width * 1.4 }}>
        <title id={titleId}>{props.title}</title>
        <desc id={descId}>{props.description}</desc>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width - 4} y1={y(t)} y2={y(t)} stroke="#e3e8ee" />
            <text x={left - 5} y={y(t) + 4} textAnchor="end" fontSize="10" fill="#5d6b7a">
              {Math.round(t * 100)} %
            </text>
          </g>
        ))}
        {props.labels.map((l, i) => (
          <text key={l} x={x(i)} y={top + plotH + 18} textAnchor="middle" fontSize="11" fill="#1d2530">
            {l}
          </text>
        ))}
        {props.series.map((s) => {
          const pts = s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const)));
          const path = pts
            .filter((p): p is readonly [number, number] => p !== null)
            .map((p, i) => `${i === 0 ? 'M' : 'L'}${p[0]},${p[1]}`)
            .join(' ');
          return (
            <g key={s.name} aria-label={`${s.name}: ${s.values.map((v, i) => `${props.labels[i]} ${pct(v)}`).join(', ')}`}>
              <path d={path} fill="none" stroke={s.color} strokeWidth="2" />
              {pts.map((p, i) =>
                p ? (
                  <g key={i}>
                    <title>{`${s.name}, ${props.labels[i]}: ${pct(s.values[i])}`}</title>
                    <circle cx={p[0]} cy={p[1]} r="3.5" fill={s.color} />
                    <text x={p[0]} y={p[1] - 7} textAnchor="middle" fontSize="10" fill={s.color}>
                      {pct(s.values[i])}
                    </text>
                  </g>
                ) : null,
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        {props.series.map((s) => (
          <span key={s.name}>
            <i className="swatch" style={{ background: s.color }} /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
