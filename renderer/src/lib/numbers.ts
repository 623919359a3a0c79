/** Numbers as the school writes them: a comma for the decimal point, a dash for none. */

const twoDecimals = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** «4,75» — an average mark (the journal's, the statistics'); null → «—». */
export function formatAverage(avg: number | null | undefined): string {
  return avg === null || avg === undefined ? '—' : twoDecimals.format(avg);
}

/** «35%» — a share (0…1) in whole per cent. */
export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}
