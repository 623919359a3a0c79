import { DOCUMENT_KIND_LABELS, type RegistryDocument } from '../../contract/entities/documents.js';
import { ruDate } from '../../contract/text/format.js';

/** 1 год, 2 года, 5 лет. */
export function plural(n: number, one: string, few: string, many: string): string {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
}

export const yearsText = (n: number) => `${n} ${plural(n, 'год', 'года', 'лет')}`;

/** «Согласие на обработку персональных данных» от 01.09.2026 */
export function docLabel(d: Pick<RegistryDocument, 'kind' | 'signedOn'>): string {
  return `«${DOCUMENT_KIND_LABELS[d.kind]}» от ${ruDate(d.signedOn)}`;
}
