import type { RegistryDocument } from '../../contract/entities/documents.js';

/** The document identity that decides order: date on paper, registration clock, id. */
export type Ordered = Pick<RegistryDocument, 'signedOn' | 'hlc' | 'id'>;

/**
 * The one order of a student's documents: date written on the paper, then the hybrid logical
 * clock of the registering workstation, then the id. Every workstation computes the same order
 * whatever order the documents arrived in.
 */
export function compareDocuments(a: Ordered, b: Ordered): number {
  if (a.signedOn !== b.signedOn) return a.signedOn < b.signedOn ? -1 : 1;
  if (a.hlc !== b.hlc) return a.hlc < b.hlc ? -1 : 1;
  if (a.id !== b.id) return a.id < b.id ? -1 : 1;
  return 0;
}

/**
 * Sorted copy. The same id twice (a document pulled again) is kept once; if the copies differ, the
 * one chosen does not depend on arrival order.
 */
export function sortDocuments<T extends RegistryDocument>(docs: readonly T[]): T[] {
  const byId = new Map<string, { doc: T; json: string }>();
  for (const d of docs) {
    const json = JSON.stringify(d);
    const seen = byId.get(d.id);
    if (!seen || json < seen.json) byId.set(d.id, { doc: d, json });
  }
  return [...byId.values()].map((x) => x.doc).sort(compareDocuments);
}

/** Age in full years; re-exported so that the registry has one notion of it. */
export { ageOn } from '../people/names.js';

/**
 * The day a person born on `birthDate` turns `years`: a 29 February birthday falls on 1 March in
 * common years (as `ageOn` counts it).
 */
export function anniversary(birthDate: string, years: number): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  if (m === 2 && d === 29 && !leap) return `${year}-03-01`;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
