import { DOCUMENT_KIND_LABELS, type RegistryDocument } from '../../contract/entities/documents.js';
import { plural, ruDate } from '../../contract/text/format.js';

export { plural };

export const yearsText = (n: number) => `${n} ${plural(n, 'год', 'года', 'лет')}`;

/** «Согласие на обработку персональных данных» от 01.09.2026 */
export function docLabel(d: Pick<RegistryDocument, 'kind' | 'signedOn'>): string {
  return `«${DOCUMENT_KIND_LABELS[d.kind]}» от ${ruDate(d.signedOn)}`;
}
