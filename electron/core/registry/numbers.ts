import { createHash } from 'node:crypto';
import type { RegNumber, RegistryDocument } from '../../contract/entities/documents.js';

/**
 * Registration numbers of the registry's documents: «К7М2-17/2026-27».
 *
 *   К7М2     the series of the workstation that registered the document: four characters derived
 *            from its id (SHA-256 of the id, base 31 over digits 2–9 and Cyrillic capitals that look
 *            like no digit). Every workstation numbers only in its own series, so two workstations
 *            registering offline never give the same number, and no counter has to be shared
 *            (two series coincide with a chance of about one in a million per pair of workstations);
 *   17       the workstation's running number in that school year, from 1;
 *   2026-27  the school year of the registration day (from 1 September to 31 August).
 *
 * The number is assigned when the document is registered, in the same class write as the
 * document (`RegistryDocument.regNo`), and travels with it to the central system and every other
 * workstation: it never changes and the registration journal never renumbers. The next number is
 * one more than the largest of the workstation's series in that year among all the documents of
 * the school (the registry service takes it under a lock, so two registrations on one workstation
 * never take the same one; a registration that fails takes none).
 *
 * Documents registered before numbers existed (the demo, older data) have no `regNo`: they are
 * numbered at read, in their own workstation's series and school year, in the order that
 * workstation registered them (its clock, then the id). A workstation's clock only goes forward, so
 * a document it registers later comes after all its earlier ones: adding a document never changes
 * an older one's number, and every workstation derives the same numbers from the same documents.
 * New numbers of a series continue after its derived ones.
 */

const ALPHABET = '23456789АВГДЕЖИКЛМНПРСТУФХЦШЭЮЯ';
export const SERIES_LENGTH = 4;

/** The workstation's series: four characters of its id's hash. */
export function seriesOf(workstationId: string): string {
  const digest = createHash('sha256').update(workstationId, 'utf8').digest();
  let v = digest.readUInt32BE(0);
  let out = '';
  for (let i = 0; i < SERIES_LENGTH; i++) {
    out += ALPHABET[v % ALPHABET.length];
    v = Math.floor(v / ALPHABET.length);
  }
  return out;
}

/** The school year a day (YYYY-MM-DD) belongs to, by its first calendar year: 2026-09-01 … 2027-08-31 → 2026. */
export function schoolYearOf(day: string): number {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m >= 9 ? y : y - 1;
}

export { formatRegNumber } from '../../contract/entities/documents.js';

export type NumberedDoc = Pick<RegistryDocument, 'id' | 'workstationId' | 'hlc' | 'registeredAt' | 'regNo'>;

/**
 * Every document's number: its own, or (registered before numbers existed) derived as described
 * above. `dayOf` gives the registration day of a moment (the workstation's calendar).
 */
export function numberDocuments(docs: Iterable<NumberedDoc>, dayOf: (registeredAt: string) => string): Map<string, RegNumber> {
  const out = new Map<string, RegNumber>();
  const legacy = new Map<string, NumberedDoc[]>();
  const seen = new Set<string>();
  for (const d of docs) {
    if (seen.has(d.id)) continue;
    seen.add(d.id);
    if (d.regNo) {
      out.set(d.id, d.regNo);
      continue;
    }
    const key = `${seriesOf(d.workstationId)}|${schoolYearOf(dayOf(d.registeredAt))}`;
    const list = legacy.get(key);
    if (list) list.push(d);
    else legacy.set(key, [d]);
  }
  for (const [key, list] of legacy) {
    const [series, year] = key.split('|') as [string, string];
    list.sort((a, b) => (a.hlc !== b.hlc ? (a.hlc < b.hlc ? -1 : 1) : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    list.forEach((d, i) => out.set(d.id, { series, seq: i + 1, year: Number(year) }));
  }
  return out;
}

/** The number the next document of a series takes in a year: one more than the largest given. */
export function nextRegNumber(given: Iterable<RegNumber>, series: string, year: number): RegNumber {
  let max = 0;
  for (const n of given) if (n.series === series && n.year === year && n.seq > max) max = n.seq;
  return { series, seq: max + 1, year };
}
