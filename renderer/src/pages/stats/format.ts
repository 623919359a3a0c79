import type { ResultFigures } from '../../../../electron/contract/groups/stats';

const nf = (digits: number) => new Intl.NumberFormat('ru-RU', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const one = nf(1);
const two = nf(2);

/** 0.875 → «87,5 %»; null → «—». */
export function pct(x: number | null | undefined): string {
  return x === null || x === undefined ? '—' : `${one.format(x * 100)} %`;
}

/** A change of a share in percentage points: «+2,5», «−1,0», «±0,0». */
export function deltaPct(now: number | null | undefined, before: number | null | undefined): string {
  if (now === null || now === undefined || before === null || before === undefined) return '';
  const d = (now - before) * 100;
  return `${d > 0.05 ? '+' : d < -0.05 ? '−' : '±'}${one.format(Math.abs(d))}`;
}

export function deltaDec(now: number | null | undefined, before: number | null | undefined): string {
  if (now === null || now === undefined || before === null || before === undefined) return '';
  const d = now - before;
  return `${d > 0.005 ? '+' : d < -0.005 ? '−' : '±'}${two.format(Math.abs(d))}`;
}

export function trendClass(now: number | null | undefined, before: number | null | undefined): string {
  if (now === null || now === undefined || before === null || before === undefined) return '';
  return now - before > 0.0005 ? 'up' : now - before < -0.0005 ? 'down' : '';
}

/** Sorting value for shares: nulls last. */
export function sortable(x: number | null | undefined): number {
  return x === null || x === undefined ? -1 : x;
}

export type FigureKey = keyof ResultFigures;
